"""The dlt pipeline and what it already holds in the destination."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import dlt
from dlt.common.destination.exceptions import DestinationUndefinedEntity
from dlt.destinations.exceptions import DatabaseUndefinedRelation

from sources.toolyt import Known
from sources.toolyt.known import Prospect
from sources.toolyt.settings import ENDPOINTS, HASH_COLUMN, PROSPECT_RESOURCES

logger = logging.getLogger("toolyt_sync")

PIPELINE_NAME = "toolyt"
DATASET = "toolyt"
DEFAULT_DUCKDB = "warehouse.duckdb"

# Where each prospect table keeps the creation time: leads call it `assigned_date`.
CREATED_COLUMN = {
    "leads": "assigned_date",
    "customers": "created_date",
    "lost_leads": "created_date",
}


def make_pipeline(duckdb_path: str | Path = DEFAULT_DUCKDB) -> dlt.Pipeline:
    """The toolyt pipeline loading into the DuckDB file at `duckdb_path`.

    Its working folder sits beside the file (`.toolyt-sync/<file name>`), so two
    warehouses never share local state: a cursor kept for one can never skip data in
    the other. If the folder is lost, dlt restores the state from the warehouse.
    """
    path = Path(duckdb_path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return dlt.pipeline(
        pipeline_name=PIPELINE_NAME,
        destination=dlt.destinations.duckdb(str(path)),
        dataset_name=DATASET,
        pipelines_dir=str(path.parent / ".toolyt-sync" / path.name),
    )


def read_known(pipeline: dlt.Pipeline) -> Known:
    """Read ids, list digests, prospect stages and open invoices from the destination."""
    known = Known()
    if not pipeline.default_schema_name:
        return known
    reader = _Reader(pipeline)
    with pipeline.sql_client() as client:
        reader.client = client
        for table, endpoint in ENDPOINTS.items():
            if not isinstance(endpoint.id_key, tuple):
                rows = reader.select(table, endpoint.id_key, HASH_COLUMN)
                known.hashes[table] = {key: digest for key, digest in rows}

        for table in PROSPECT_RESOURCES:
            endpoint = ENDPOINTS[table]
            rows = reader.select(table, endpoint.id_key, "lead_status", CREATED_COLUMN[table])
            for key, status, created in rows:
                known.prospects[key] = Prospect(endpoint.stage, status, created)

        open_dates = [
            day
            for day, balance, status in reader.select(
                "order_invoices", "invoice_date", "balance_amount", "status"
            )
            if day is not None and ((balance or 0) > 0 or str(status).lower() != "paid")
        ]
        known.oldest_open_invoice = min(open_dates, default=None)
    return known


class _Reader:
    """Selects columns of a loaded table; a column dlt has not created yet reads as NULL.

    dlt creates a column only once a value is not null, so a young table may lack one.
    """

    def __init__(self, pipeline: dlt.Pipeline) -> None:
        self.schema = pipeline.default_schema
        self.client: Any = None

    def select(self, table: str, *columns: str) -> list[tuple]:
        if table not in self.schema.tables:
            return []
        present = self.schema.tables[table].get("columns", {})
        if not present:
            return []
        exprs = ", ".join(column if column in present else "null" for column in columns)
        name = self.client.make_qualified_table_name(table)
        try:
            return list(self.client.execute_sql(f"select {exprs} from {name}") or [])
        except (DatabaseUndefinedRelation, DestinationUndefinedEntity):
            return []
