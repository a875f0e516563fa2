"""Every model and data test transpiles to each warehouse we target and parses back there."""

from __future__ import annotations

import pytest
import sqlglot

from transforms import transpile_all
from transforms.project import load_models, load_tests
from transforms.settings import MODELS_DIR, TESTS_DIR

# MotherDuck speaks DuckDB's dialect, which the models are written in.
TARGETS = ("postgres", "snowflake", "bigquery", "databricks", "clickhouse")


@pytest.mark.parametrize("dialect", TARGETS)
def test_every_model_parses_back_in_target_dialect(dialect):
    models = transpile_all(dialect)

    assert set(models) == set(load_models(MODELS_DIR))
    for name, sql in models.items():
        parsed = sqlglot.parse_one(sql, read=dialect)
        assert parsed.find(sqlglot.exp.Select), name


@pytest.mark.parametrize("dialect", TARGETS)
def test_every_data_test_parses_back_in_target_dialect(dialect):
    for name, test in load_tests(TESTS_DIR).items():
        parsed = sqlglot.parse_one(test.transpile(dialect), read=dialect)
        assert parsed.find(sqlglot.exp.Select), name


def test_models_come_in_build_order():
    order = list(transpile_all("duckdb"))

    assert order.index("marts.prospect_stage_history") < order.index("marts.prospects")
    assert order.index("marts.prospects") < order.index("marts.lead_funnel")
    assert order.index("marts.invoice_balances") < order.index("marts.customer_balances")
    assert all(name.startswith("staging.") for name in order[:7])


def test_ist_periods_survive_transpiling():
    prospects = transpile_all("snowflake")["marts.prospects"]

    assert "CONVERT_TIMEZONE('Asia/Kolkata'" in prospects
    assert "CURRENT_DATE" not in prospects.upper()


def test_bigquery_gets_only_functions_it_has():
    # sqlglot parses back what it wrote, so the parse-back test cannot see a function
    # the warehouse lacks; these are the ones the models once needed there.
    for name, sql in transpile_all("bigquery").items():
        parsed = sqlglot.parse_one(sql, read="bigquery")
        assert not list(parsed.find_all(sqlglot.exp.Median)), f"{name}: no MEDIAN in BigQuery"
        for diff in parsed.find_all(sqlglot.exp.DateDiff):
            unit = diff.text("unit").upper()
            assert unit in ("DAY", "WEEK", "MONTH", "QUARTER", "YEAR"), (
                f"{name}: DATE_DIFF in {unit} needs timestamps, use TIMESTAMP_DIFF"
            )
    assert "TIMESTAMP_DIFF(" in transpile_all("bigquery")["marts.visits_daily"]
