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
