"""The lake: dlt's filesystem destination writing Delta tables to a local folder.

The same fake data is synced into DuckDB and into the lake, twice with a day between so
that records change lists; every mart DuckDB builds over the Delta tables must equal the
DuckDB warehouse's, and so must the marts published back to the lake as Delta tables.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.export import export
from pipelines.sync import SyncOptions, sync
from pipelines.transform import transform
from tests.conftest import API_KEY, START_DATE
from tests.destinations.compare import MARTS, rows_of

deltalake = pytest.importorskip("deltalake", reason="the lake needs `pip install deltalake`")


@pytest.fixture
def lake(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "lake"
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", folder.as_uri())
    return folder


def delta_ids(folder, table: str, key: str) -> list[int]:
    """Ids in a raw Delta table, tombstones (records gone from the list) left out."""
    data = deltalake.DeltaTable(str(folder / "toolyt" / table)).to_pyarrow_table()
    rows = data.to_pylist()
    return sorted(row[key] for row in rows if not row.get("_toolyt_deleted"))


def test_lake_sync_and_marts_equal_duckdb(fake, tmp_path, lake):
    overrides = {"api_key": API_KEY, "start_date": START_DATE}
    duck = tmp_path / "warehouse.duckdb"
    for _ in range(2):
        for destination in ("duckdb", "filesystem"):
            sync(SyncOptions(duckdb=duck, destination=destination, base_url=fake.url,
                             now=fake.now, overrides=overrides))
        fake.advance(days=1)
    as_of = dt.date(2026, 6, 2)
    built = transform(duck, as_of)
    built_lake = transform(duck, as_of, destination="filesystem")
    assert [m.name for m in built_lake.models] == [m.name for m in built.models]

    published = duckdb.connect()
    for mart in MARTS:
        dataset = deltalake.DeltaTable(str(lake / "marts" / mart)).to_pyarrow_dataset()
        published.register(mart, dataset)

    with duckdb.connect(str(duck), read_only=True) as con:
        def fetch_duck(sql):
            return con.execute(sql).fetchall()

        def fetch_lake(sql):
            return published.execute(sql.replace("marts.", "")).fetchall()

        for mart in MARTS:
            assert rows_of(fetch_lake, mart) == rows_of(fetch_duck, mart), mart
        for table, key in (("leads", "lead_id"), ("customers", "customer_id")):
            expected = sorted(r[0] for r in fetch_duck(f"select {key} from toolyt.{table}"))
            assert delta_ids(lake, table, key) == expected
    # The ledger is a Delta table of its own, one entry per window read.
    ledger = deltalake.DeltaTable(str(lake / "toolyt" / "sync_ledger")).to_pyarrow_table()
    assert ledger.num_rows > 0
    assert set(ledger.column("outcome").to_pylist()) == {"loaded"}


def test_export_from_the_lake(fake, tmp_path, lake):
    overrides = {"api_key": API_KEY, "start_date": START_DATE}
    sync(SyncOptions(destination="filesystem", base_url=fake.url, now=fake.now,
                     overrides=overrides))

    manifest = export("unused.duckdb", tmp_path / "out", dt.date(2026, 6, 1), "filesystem")
    tables = {(t.schema, t.table): t.rows for t in manifest.tables}
    assert tables[("toolyt", "leads")] == len(fake.truth()["leads"])
    assert pq.read_table(tmp_path / "out" / "marts" / "invoice_balances.parquet").num_rows == (
        len(fake.truth()["order_invoices"])
    )
