"""The dlt pipeline and what it already holds in the destination."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dlt
import duckdb
from dlt.common.destination.exceptions import (
    DestinationUndefinedEntity,
    UnknownDestinationModule,
)
from dlt.destinations.exceptions import DatabaseUndefinedRelation

from sources.toolyt import Known
from sources.toolyt.errors import ConfigError
from sources.toolyt.known import Prospect
from sources.toolyt.settings import ENDPOINTS, HASH_COLUMN, PROSPECT_RESOURCES

from .accounts import DATASET, PIPELINE_NAME, UNNAMED, Account
from .lake import TABLE_FORMAT, is_lake, lake_connection

logger = logging.getLogger("toolyt_sync")

__all__ = ["DATASET", "PIPELINE_NAME", "DEFAULT_DUCKDB", "make_pipeline", "read_known"]

DEFAULT_DUCKDB = "warehouse.duckdb"

# Destinations that load Parquet files natively; the others get their preferred format
# (PostgreSQL's Parquet path needs an ADBC driver that is not a dependency).
PARQUET_DESTINATIONS = frozenset({"duckdb", "motherduck", "filesystem", "databricks"})


def make_pipeline(
    duckdb_path: str | Path = DEFAULT_DUCKDB,
    destination: str = "duckdb",
    account: Account = UNNAMED,
) -> dlt.Pipeline:
    """The account's pipeline loading into `destination` (a dlt destination name).

    For DuckDB the warehouse is the file at `duckdb_path`, and the pipeline's working
    folder sits beside it (`.toolyt-sync/<file name>`), so two warehouses never share
    local state: a cursor kept for one can never skip data in the other. Any other
    destination takes its credentials from dlt's configuration (for PostgreSQL,
    `destination.postgres.credentials` or DESTINATION__POSTGRES__CREDENTIALS) and
    keeps its folder in `.toolyt-sync/<destination>` of the current directory. If the
    folder is lost, dlt restores the state from the warehouse. Each account is a
    pipeline of its own in that folder, with its own state and dataset.
    """
    if destination == "duckdb":
        path = Path(duckdb_path).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        target: Any = dlt.destinations.duckdb(str(path))
        folder = path.parent / ".toolyt-sync" / path.name
    else:
        target = destination
        folder = Path.cwd() / ".toolyt-sync" / destination
    try:
        return dlt.pipeline(
            pipeline_name=account.pipeline_name,
            destination=target,
            dataset_name=account.dataset,
            pipelines_dir=str(folder),
        )
    except UnknownDestinationModule:
        raise ConfigError(
            f"unknown destination `{destination}`: use a dlt destination name such as "
            "duckdb, postgres, motherduck, snowflake, bigquery or filesystem"
        ) from None


# dlt settings that keep a sync's memory flat as the account grows, each applied only
# where the user's own dlt configuration says nothing. dlt buffers 5,000 rows per table
# before writing a file, over some twenty tables at once; twenty load jobs at once, and
# DuckDB's default memory limit of most of the machine, made loading a large account
# peak at over a gigabyte. These cost a large first sync a few percent of its time; the
# DuckDB limit, which the sync holds for its whole run, cost nothing measurable at scale
# 100 between 256 and 128 MB and took 90 MB off the peak.
RUN_DEFAULTS: dict[str, Any] = {
    "data_writer.buffer_max_items": 1000,
    "load.workers": 2,
}
DUCKDB_RUN_DEFAULTS: dict[str, Any] = {
    # DuckDB spills what does not fit to a temporary folder beside the database.
    "destination.duckdb.credentials.global_config": {"memory_limit": "128MB"},
}


def is_duckdb(pipeline: dlt.Pipeline) -> bool:
    return pipeline.destination is not None and pipeline.destination.destination_name == "duckdb"


@contextmanager
def run_settings(pipeline: dlt.Pipeline) -> Iterator[None]:
    """Apply `RUN_DEFAULTS` (and DuckDB's) for one run, where dlt config sets nothing."""
    defaults = dict(RUN_DEFAULTS)
    if is_duckdb(pipeline):
        defaults.update(DUCKDB_RUN_DEFAULTS)
    unset = {key: value for key, value in defaults.items() if dlt.config.get(key) is None}
    with dlt.config.values(unset):
        if is_duckdb(pipeline):
            with resolved_once(pipeline.destination):
                yield
        else:
            yield


@contextmanager
def resolved_once(destination: Any) -> Iterator[None]:
    """Within the block, `destination` resolves each distinct configuration only once.

    dlt resolves the destination's configuration (every field, through every config
    provider) for each client it makes: three or four times per load job, some 160
    times in a first sync, and each resolution makes new credentials that open their
    own DuckDB connection. Nothing it reads can change within one run, so the block
    hands out copies of the first resolution; the copies share its credentials and so
    one connection pool. Settings changed between runs are read afresh by the next.
    """
    if "configuration" in vars(destination):  # an enclosing block already does it
        yield
        return
    resolve = destination.configuration
    resolved: dict[tuple[Any, ...], Any] = {}

    def configuration(initial_config: Any, accept_partial: bool = False) -> Any:
        fields = None if initial_config is None else repr(dict(initial_config))
        key = (type(initial_config), fields, accept_partial)
        if key not in resolved:
            resolved[key] = resolve(initial_config, accept_partial)
        return copy.copy(resolved[key])

    destination.configuration = configuration
    try:
        yield
    finally:
        del destination.configuration


def loader_file_format(pipeline: dlt.Pipeline) -> str | None:
    """Parquet where the destination loads it natively, else its own preference."""
    name = pipeline.destination.destination_name if pipeline.destination else "duckdb"
    return "parquet" if name in PARQUET_DESTINATIONS else None


def table_format(pipeline: dlt.Pipeline) -> str | None:
    """Delta for a data lake: plain files in a bucket cannot merge, so they would
    duplicate every re-read row; any other destination keeps its own tables."""
    return TABLE_FORMAT if is_lake(pipeline) else None


def read_known(pipeline: dlt.Pipeline) -> Known:
    """Read ids, list digests, prospect stages and open invoices from the destination."""
    known = Known()
    if not pipeline.default_schema_name:
        return known
    reader = _Reader(pipeline)
    with _reading(pipeline) as client:
        reader.client = client
        for table, endpoint in ENDPOINTS.items():
            if not isinstance(endpoint.id_key, tuple):
                rows = reader.select(table, endpoint.id_key, HASH_COLUMN)
                known.hashes[table] = {key: digest for key, digest in rows}

        for table in PROSPECT_RESOURCES:
            endpoint = ENDPOINTS[table]
            rows = reader.select(table, endpoint.id_key, "lead_status", "_dlt_load_id")
            for key, status, load_id in rows:
                known.prospects[key] = Prospect(endpoint.stage, status, load_id)

        open_dates = [
            day
            for day, balance, status in reader.select(
                "order_invoices", "invoice_date", "balance_amount", "status"
            )
            if day is not None and ((balance or 0) > 0 or str(status).lower() != "paid")
        ]
        known.oldest_open_invoice = min(open_dates, default=None)
    return known


@contextmanager
def _reading(pipeline: dlt.Pipeline) -> Iterator[Any]:
    """The destination's SQL client, or for the lake a DuckDB over its Delta tables."""
    if not is_lake(pipeline):
        with pipeline.sql_client() as client:
            yield client
        return
    with lake_connection(pipeline) as connection:
        yield _DuckDBClient(connection, pipeline.dataset_name)


class _DuckDBClient:
    """The two methods of a dlt SQL client that `_Reader` uses, over a DuckDB connection."""

    def __init__(self, connection: Any, dataset: str) -> None:
        self.connection = connection
        self.dataset = dataset

    def make_qualified_table_name(self, table: str) -> str:
        return f'"{self.dataset}"."{table}"'

    def execute_sql(self, sql: str) -> list[tuple]:
        try:
            return self.connection.execute(sql).fetchall()
        except duckdb.CatalogException:
            raise DatabaseUndefinedRelation(sql) from None


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
