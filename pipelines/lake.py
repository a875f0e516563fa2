"""The data lake: dlt's filesystem destination writing Delta tables, read with DuckDB.

With `--destination filesystem` the sync loads every table as a Delta table under
`<bucket_url>/toolyt/<table>` (a local folder, or S3, GCS or Azure with the usual dlt
credentials). Delta tables merge only as upserts in dlt, and cannot hard-delete rows
that have nested tables, so a record that left its Toolyt list stays in the lake as a
tombstone flagged `_toolyt_deleted`. Everything here reads the lake without them:

- `lake_connection` opens an in-memory DuckDB whose `toolyt` schema holds one view per
  Delta table, so the marts' SQL runs unchanged;
- `publish` writes the built staging models and marts back as Delta tables beside the
  raw ones (`<bucket_url>/marts/<table>`), for any engine that reads Delta;
- `append_ledger` keeps the completeness ledger as a Delta table of its own.

DuckDB reads the tables through the `deltalake` package (as Arrow datasets) rather than
its own `delta` extension, which it would have to download at run time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dlt
import duckdb
import pyarrow as pa

from sources.toolyt.errors import ConfigError
from sources.toolyt.settings import DELETED_COLUMN

LAKE_DESTINATION = "filesystem"
TABLE_FORMAT = "delta"

# The schemas a build writes, published to the lake after it.
PUBLISHED_SCHEMAS = ("staging", "marts")

ARROW_TYPES = {
    "text": pa.string(),
    "bigint": pa.int64(),
    "timestamptz": pa.timestamp("us", tz="UTC"),
}


def is_lake(pipeline: dlt.Pipeline) -> bool:
    destination = pipeline.destination
    return destination is not None and destination.destination_name == LAKE_DESTINATION


@contextmanager
def lake_connection(*pipelines: dlt.Pipeline) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with a view `<dataset>.<table>` over each Delta table.

    One schema per pipeline (per account, where there are several). Tombstoned records
    are left out of their table's view, and so are the rows of their nested tables.
    """
    connection = duckdb.connect()
    try:
        for pipeline in pipelines:
            add_views(connection, pipeline)
        yield connection
    finally:
        connection.close()


def add_views(connection: duckdb.DuckDBPyConnection, pipeline: dlt.Pipeline) -> None:
    """Register the pipeline's Delta tables and a view over each in its dataset's schema."""
    tables = delta_tables(pipeline)
    dataset = pipeline.dataset_name
    connection.execute(f"create schema {quote(dataset)}")

    def registered(name: str) -> str:
        return quote(f"lake__{dataset}__{name}")

    for name, table in tables.items():
        connection.register(f"lake__{dataset}__{name}", table.to_pyarrow_dataset())
    for name in tables:
        query = f"select * from {registered(name)}"
        root = name.split("__")[0]
        if root in tables and has_column(tables[root], DELETED_COLUMN):
            deleted = f"{DELETED_COLUMN} is not true"
            if root == name:
                query += f" where {deleted}"
            else:
                query += (
                    f" where _dlt_root_id in (select _dlt_id from {registered(root)}"
                    f" where {deleted})"
                )
        connection.execute(f"create view {quote(dataset)}.{quote(name)} as {query}")


def require_deltalake() -> None:
    """Fail early, in one line, where the lake's writer is not installed."""
    try:
        import deltalake  # noqa: F401
    except ImportError:
        raise ConfigError(
            "the filesystem destination writes Delta tables, which needs the `deltalake` "
            "package: pip install 'toolyt-sync[lake]'"
        ) from None


def delta_tables(pipeline: dlt.Pipeline) -> dict[str, Any]:
    """The pipeline's Delta tables by name; none before the first load."""
    if not pipeline.default_schema_name:
        return {}
    require_deltalake()
    from dlt.common.libs.deltalake import get_delta_tables

    return get_delta_tables(pipeline)


def publish(pipeline: dlt.Pipeline, connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Write each table of the built schemas to `<bucket_url>/<schema>/<table>` as Delta.

    Each table is overwritten in one Delta commit, so a reader sees the previous build
    or this one, never a mix within a table.
    """
    from deltalake import write_deltalake

    written = []
    rows = connection.execute(
        "select table_schema, table_name from information_schema.tables"
        " where list_contains(?, table_schema) order by 1, 2",
        [list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    for schema, table in rows:
        data = connection.sql(f"select * from {quote(schema)}.{quote(table)}").to_arrow_table()
        location, options = location_of(pipeline, f"{schema}/{table}")
        write_deltalake(
            location, data, mode="overwrite", schema_mode="overwrite", storage_options=options
        )
        written.append(f"{schema}.{table}")
    return written


def append_ledger(
    pipeline: dlt.Pipeline, table: str, rows: list[dict[str, Any]], columns: dict[str, str]
) -> None:
    """Append completeness-ledger rows to the Delta table `<dataset>/<table>`.

    `columns` maps each column to its SQL type (text, bigint or timestamptz), so that
    the table's schema never depends on which values a run happened to have.
    """
    from deltalake import write_deltalake

    schema = pa.schema([(name, ARROW_TYPES[kind]) for name, kind in columns.items()])
    data = pa.Table.from_pylist(rows, schema=schema)
    location, options = location_of(pipeline, f"{pipeline.dataset_name}/{table}")
    write_deltalake(location, data, mode="append", storage_options=options)


def location_of(pipeline: dlt.Pipeline, path: str) -> tuple[str, dict[str, str]]:
    """The URL of `path` under the bucket, and the storage options to reach it."""
    from dlt.common.libs.deltalake import deltalake_storage_options

    with pipeline.destination_client() as client:
        config: Any = client.config  # the filesystem client's configuration
        bucket = config.bucket_url.rstrip("/")
        options = deltalake_storage_options(config.credentials, config.deltalake_storage_options)
    return f"{bucket}/{path}", options


def has_column(table: Any, name: str) -> bool:
    return any(field.name == name for field in table.schema().fields)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
