"""`export`: every mart and raw table to Parquet and back unchanged, listed in a manifest."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.export import export
from sources.toolyt.errors import ConfigError
from tests.transforms.raw import create_raw_tables, insert, ist
from transforms import build

AS_OF = date(2026, 6, 1)
MARTS = (
    "customer_balances", "invoice_balances", "lead_funnel", "lead_funnel_by_owner",
    "prospect_stage_history", "prospects", "run_parameters", "visits_daily",
)
RAW = (
    "attendance", "customers", "leads", "lost_leads", "order_invoices",
    "order_invoices__products", "prospect_history", "users", "visits",
)


@pytest.fixture
def warehouse_file(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as connection:
        create_raw_tables(connection)
        insert(connection, "toolyt.leads", [
            {"lead_id": 1, "full_name": "Rahman", "expected_value": "3900.50",
             "assigned_date": ist("2026-04-01 00:10")},
        ])
        insert(connection, "toolyt.prospect_history", [
            {"prospect_id": 1, "stage": "lead", "seen_at": ist("2026-04-02 10:00"),
             "created_at": ist("2026-04-01 00:10"), "is_first_seen": True},
        ])
        insert(connection, "toolyt.order_invoices", [
            {"invoice_id": 181318, "invoice_number": "INVOICE#15_6616",
             "invoice_date": date(2026, 5, 9), "invoice_due_date": date(2026, 5, 19),
             "customer_id": 418892, "total_amount": 5000, "balance_amount": 4000,
             "status": "Partially Paid", "_dlt_id": "parent-1"},
        ])
        insert(connection, "toolyt.order_invoices__products", [
            {"id": 209698, "product_name": "ICP", "quantity": 2, "price_per_quantity": 1500,
             "_dlt_parent_id": "parent-1", "_dlt_id": "child-1"},
        ])
        insert(connection, "toolyt.visits", [
            {"id": 2351, "user_id": 27, "schedule_date": date(2026, 5, 30), "status": 0,
             "created_at": ist("2026-05-29 10:18")},
        ])
        insert(connection, "toolyt._dlt_loads", [{"load_id": "1", "status": 0}])
    return path


def read_back(connection: duckdb.DuckDBPyConnection, table: str, file: Path) -> tuple:
    """Rows of the table and of its Parquet file, both in one order."""
    literal = str(file).replace("'", "''")
    stored = connection.execute(f"select * from {table} order by all").fetchall()
    written = connection.execute(f"select * from read_parquet('{literal}') order by all")
    return stored, written.fetchall()


def test_every_mart_and_raw_table_is_written(warehouse_file, tmp_path):
    manifest = export(warehouse_file, tmp_path / "out", as_of=AS_OF)

    written = {(table.schema, table.table) for table in manifest.tables}
    expected = {("marts", name) for name in MARTS} | {("toolyt", name) for name in RAW}
    assert written == expected
    for table in manifest.tables:
        assert (tmp_path / "out" / table.file).is_file()
    assert not (tmp_path / "out" / "toolyt" / "_dlt_loads.parquet").exists()
    assert not (tmp_path / "out" / "staging").exists()


def test_parquet_files_read_back_equal_their_tables(warehouse_file, tmp_path):
    manifest = export(warehouse_file, tmp_path / "out", as_of=AS_OF)

    with duckdb.connect(str(warehouse_file), read_only=True) as connection:
        for table in manifest.tables:
            file = tmp_path / "out" / table.file
            stored, written = read_back(connection, f"{table.schema}.{table.table}", file)
            assert written == stored, table.file

            schema = connection.execute(
                f"describe select * from read_parquet('{file}')"
            ).fetchall()
            assert [(column[0], column[1]) for column in schema] == [
                (column.name, column.type) for column in table.columns
            ], table.file
            assert pq.read_table(file).num_rows == table.rows


def test_manifest_lists_tables_rows_and_columns(warehouse_file, tmp_path):
    manifest = export(warehouse_file, tmp_path / "out", as_of=AS_OF)

    written = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert written == manifest.to_dict()
    assert written["as_of"] == "2026-06-01"
    tables = {(t["schema"], t["table"]): t for t in written["tables"]}
    leads = tables[("toolyt", "leads")]
    assert leads["file"] == "toolyt/leads.parquet"
    assert leads["rows"] == 1
    assert {"name": "expected_value", "type": "DECIMAL(38,9)"} in leads["columns"]
    assert {"name": "assigned_date", "type": "TIMESTAMP WITH TIME ZONE"} in leads["columns"]
    assert tables[("marts", "invoice_balances")]["rows"] == 1
    assert tables[("toolyt", "order_invoices__products")]["rows"] == 1
    assert written["tables"][0]["schema"] == "marts"


def test_as_of_rebuilds_the_marts_it_exports(warehouse_file, tmp_path):
    export(warehouse_file, tmp_path / "out", as_of=date(2026, 6, 20))

    file = tmp_path / "out" / "marts" / "invoice_balances.parquet"
    days = pq.read_table(file).column("days_overdue").to_pylist()
    assert days == [32]


def test_without_as_of_marts_are_exported_as_last_built(warehouse_file, tmp_path):
    with duckdb.connect(str(warehouse_file)) as connection:
        build(connection, as_of=date(2026, 5, 25))

    manifest = export(warehouse_file, tmp_path / "out")

    assert manifest.as_of == date(2026, 5, 25)
    file = tmp_path / "out" / "marts" / "invoice_balances.parquet"
    assert pq.read_table(file).column("days_overdue").to_pylist() == [6]


def test_missing_warehouse_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        export(tmp_path / "nowhere.duckdb", tmp_path / "out")
    assert not (tmp_path / "nowhere.duckdb").exists()
