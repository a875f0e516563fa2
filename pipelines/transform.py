"""`toolyt-sync transform` and `toolyt-sync run`: the marts, and the nightly job."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from sources.toolyt.errors import ConfigError
from sources.toolyt.windows import parse_ist
from transforms import BuildResult, build
from transforms.executor import SqlClientExecutor

from .lake import is_lake, lake_connection, publish
from .sync import SyncOptions, SyncResult, sync
from .warehouse import make_pipeline


def parse_as_of(value: str | None) -> date | None:
    """`--as-of YYYY-MM-DD` as an IST date; None means today in IST."""
    return parse_ist(value, "--as-of").date() if value else None


def transform(
    duckdb_path: str | Path, as_of: date | None = None, destination: str = "duckdb"
) -> BuildResult:
    """Build the staging models and marts in the warehouse, then run the data tests.

    Each model is transpiled to the destination's SQL dialect and run through the
    destination's own SQL client, with the credentials dlt resolves for the sync. On the
    lake (the filesystem destination) DuckDB builds them over the Delta tables and the
    results are written back as Delta tables (see `pipelines.lake`).

    Raises:
        ConfigError: the warehouse file does not exist.
        DataError: a model is invalid or a data test failed; the marts are unchanged.
    """
    if destination == "duckdb":
        path = Path(duckdb_path)
        if not path.exists():
            raise ConfigError(f"no warehouse at `{path}`: run `toolyt-sync sync` first")
        with duckdb.connect(str(path)) as connection:
            return build(connection, as_of)

    pipeline = make_pipeline(duckdb_path, destination)
    if is_lake(pipeline):
        # The marts are built by DuckDB over the Delta tables, then written back.
        with lake_connection(pipeline) as connection:
            result = build(connection, as_of)
            publish(pipeline, connection)
        return result
    dialect = pipeline.destination.capabilities().sqlglot_dialect or destination
    with pipeline.sql_client() as client:
        return build(SqlClientExecutor(client, dialect), as_of, dialect)


def run_nightly(options: SyncOptions, as_of: date | None = None) -> tuple[SyncResult, BuildResult]:
    """The nightly job: sync, then build the marts for `as_of` (today in IST)."""
    result = sync(options)
    return result, transform(options.duckdb, as_of, options.destination)
