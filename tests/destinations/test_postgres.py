"""Sync, transform and data tests against a real PostgreSQL server, marts equal to DuckDB's."""

from __future__ import annotations

import datetime as dt

import duckdb
import psycopg2
import pyarrow.parquet as pq

from pipelines.export import export
from pipelines.sync import SyncOptions, sync
from pipelines.transform import transform
from tests.conftest import API_KEY, START_DATE
from tests.destinations.compare import MARTS, rows_of


def test_postgres_sync_and_marts_equal_duckdb(fake, tmp_path, monkeypatch, postgres_url):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", postgres_url)
    overrides = {"api_key": API_KEY, "start_date": START_DATE}
    duck = tmp_path / "warehouse.duckdb"
    for _ in range(2):
        for destination in ("duckdb", "postgres"):
            sync(SyncOptions(duckdb=duck, destination=destination, base_url=fake.url,
                             now=fake.now, overrides=overrides))
        fake.advance(days=1)
    as_of = dt.date(2026, 6, 2)
    built = transform(duck, as_of)
    built_pg = transform(duck, as_of, destination="postgres")
    assert built_pg.dialect == "postgres"
    assert [m.name for m in built_pg.models] == [m.name for m in built.models]

    with duckdb.connect(str(duck), read_only=True) as con, psycopg2.connect(postgres_url) as pg:
        def fetch_pg(sql):
            with pg.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()

        def fetch_duck(sql):
            return con.execute(sql).fetchall()

        for mart in MARTS:
            assert rows_of(fetch_pg, mart) == rows_of(fetch_duck, mart), mart
        leads_pg = sorted(r[0] for r in fetch_pg("select lead_id from toolyt.leads"))
        leads_duck = sorted(r[0] for r in fetch_duck("select lead_id from toolyt.leads"))
        assert leads_pg == leads_duck


def test_export_from_postgres_writes_every_table(fake, tmp_path, monkeypatch, postgres_url):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", postgres_url)
    overrides = {"api_key": API_KEY, "start_date": START_DATE}
    sync(SyncOptions(destination="postgres", base_url=fake.url, now=fake.now,
                     overrides=overrides))

    manifest = export("unused.duckdb", tmp_path / "out", dt.date(2026, 6, 1), "postgres")
    tables = {(t.schema, t.table): t.rows for t in manifest.tables}
    assert tables[("toolyt", "leads")] == len(fake.truth()["leads"])
    assert tables[("marts", "prospects")] == sum(
        len(fake.truth()[name]) for name in ("leads", "customers", "lost_leads")
    )
    assert pq.read_table(tmp_path / "out" / "marts" / "invoice_balances.parquet").num_rows == (
        len(fake.truth()["order_invoices"])
    )
