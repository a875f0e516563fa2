"""`toolyt-sync export`: the marts and the raw Toolyt tables as Parquet, with a manifest.

Reads a DuckDB warehouse and writes, under `out_dir`:
  - `<schema>/<table>.parquet` for every table in `marts` and in the raw schema
    `toolyt` (`toolyt_<account>` for each of several accounts), dlt's child tables
    included and its own `_dlt_*` tables left out;
  - `manifest.json`: the as-of date the marts were built for, and per table its file,
    row count and columns with their DuckDB types.

The marts in the files always belong to the manifest's as-of date: given `as_of`, export
builds the marts for that IST day first; without it, it exports them as last built, and
builds them for today (IST) only if they were never built.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import duckdb
import pendulum

from sources.toolyt.errors import ConfigError
from transforms.settings import IST, MARTS_SCHEMA, PARAMETERS_SCHEMA, PARAMETERS_TABLE

from .accounts import Account, configured_accounts
from .lake import is_lake, lake_connection
from .transform import build_marts, transform
from .warehouse import make_pipeline

logger = logging.getLogger("toolyt_sync")

MANIFEST_NAME = "manifest.json"
# dlt's bookkeeping (loads, versions, pipeline state) is no data of the account.
DLT_TABLE_PREFIX = "_dlt_"


@dataclass(frozen=True)
class Column:
    name: str
    type: str


@dataclass(frozen=True)
class ExportedTable:
    """One Parquet file: the table it holds, its path under `out_dir`, rows and columns."""

    schema: str
    table: str
    file: str
    rows: int
    columns: list[Column]


@dataclass(frozen=True)
class Manifest:
    """What an export wrote; `path` is the manifest file itself.

    Attributes:
        as_of: the IST date the exported marts were built for.
        exported_at: when the export ran, ISO 8601 in UTC.
        tables: every file written, marts first.
        path: where `manifest.json` was written.
    """

    as_of: date
    exported_at: str
    tables: list[ExportedTable]
    path: Path

    def to_dict(self) -> dict:
        """The manifest as written to `manifest.json`."""
        return {
            "as_of": self.as_of.isoformat(),
            "time_zone": IST,
            "exported_at": self.exported_at,
            "tables": [asdict(table) for table in self.tables],
        }

    def lines(self) -> list[str]:
        """One line per file with its rows, then where the manifest is."""
        out = [f"{table.file:<45} {table.rows:>8} rows" for table in self.tables]
        out.append(f"{len(self.tables)} tables as of {self.as_of} (IST); manifest at {self.path}")
        return out


def export(
    duckdb_path: str | Path,
    out_dir: str | Path,
    as_of: date | None = None,
    destination: str = "duckdb",
    accounts: list[Account] | None = None,
) -> Manifest:
    """Write the marts and raw tables of the warehouse at `duckdb_path` as Parquet.

    Args:
        duckdb_path: the DuckDB warehouse file the sync loads.
        out_dir: the folder to write into; created if missing. Files of the same name
            are replaced; files of tables that no longer exist are left alone, so read
            the manifest, not the folder.
        as_of: build the marts for this IST date before exporting; None exports them as
            last built (building them for today in IST if they never were).
        destination: the dlt destination the sync loads; for one other than DuckDB the
            tables are read through its SQL client (as Arrow) into a scratch DuckDB and
            written from there, so every destination exports the same way.
        accounts: the accounts in the warehouse; None reads the configuration. Each
            named account's raw tables are written under its own dataset's name.

    Returns:
        The manifest, as also written to `out_dir/manifest.json`.

    Raises:
        ConfigError: the warehouse file does not exist or holds no raw Toolyt tables.
        TransformError, DataTestError: building the marts failed; nothing was exported.
    """
    out = Path(out_dir)
    accounts = accounts or configured_accounts()
    if destination == "duckdb":
        path = Path(duckdb_path)
        if not path.is_file():
            raise ConfigError(
                f"warehouse `{path}` does not exist; run `toolyt-sync sync` first"
            )
        with duckdb.connect(str(path)) as connection:
            built_for, exported = export_tables(connection, path, as_of, out, accounts)
    else:
        pipelines = [make_pipeline(duckdb_path, destination, account) for account in accounts]
        if is_lake(pipelines[0]):
            # The lake's marts are built afresh by DuckDB over its Delta tables.
            with lake_connection(*pipelines) as connection:
                build_marts(connection, accounts, as_of)
                built_for, exported = export_tables(
                    connection, Path(destination), None, out, accounts
                )
        else:
            with copy_from_destination(duckdb_path, destination, as_of, accounts) as connection:
                built_for, exported = export_tables(
                    connection, Path(destination), None, out, accounts
                )

    manifest = Manifest(
        built_for, pendulum.now("UTC").to_iso8601_string(), exported, out / MANIFEST_NAME
    )
    write_atomically(manifest.path, json.dumps(manifest.to_dict(), indent=2) + "\n")
    logger.info(
        "exported %d tables as of %s (IST) to %s", len(exported), built_for, out
    )
    return manifest


def export_schemas(accounts: list[Account]) -> tuple[str, ...]:
    """The schemas an export writes: the marts first, then each account's raw tables."""
    return (MARTS_SCHEMA, *(account.dataset for account in accounts))


def export_tables(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    as_of: date | None,
    out: Path,
    accounts: list[Account],
) -> tuple[date, list[ExportedTable]]:
    """Build the marts if asked (or never built), then write every table to `out`."""
    schemas = export_schemas(accounts)
    tables = list_tables(connection, schemas)
    if not any(schema != MARTS_SCHEMA for schema, _ in tables):
        raise ConfigError(
            f"warehouse `{path}` holds no raw Toolyt tables; run `toolyt-sync sync` first"
        )
    if as_of is not None or (PARAMETERS_SCHEMA, PARAMETERS_TABLE) not in tables:
        build_marts(connection, accounts, as_of)
        tables = list_tables(connection, schemas)
    exported = [write_parquet(connection, schema, table, out) for schema, table in tables]
    return read_as_of(connection), exported


def copy_from_destination(
    duckdb_path: str | Path, destination: str, as_of: date | None, accounts: list[Account]
) -> duckdb.DuckDBPyConnection:
    """A scratch in-memory DuckDB holding the destination's raw tables and marts."""
    if as_of is not None:
        transform(duckdb_path, as_of, destination, accounts)
    schemas = export_schemas(accounts)
    pipeline = make_pipeline(duckdb_path, destination, accounts[0])
    scratch = duckdb.connect()
    with pipeline.sql_client() as client:
        with client.execute_query(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE'"
        ) as cursor:
            names = [(schema, table) for schema, table in cursor.fetchall()]
        for schema, table in names:
            if schema not in schemas or table.startswith(DLT_TABLE_PREFIX):
                continue
            with client.execute_query(f"select * from {quote(schema)}.{quote(table)}") as cur:
                rows = cur.arrow()  # noqa: F841 - read by DuckDB by name below
            scratch.execute(f"create schema if not exists {quote(schema)}")
            scratch.execute(f"create table {quote(schema)}.{quote(table)} as select * from rows")
    return scratch


def list_tables(
    connection: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]
) -> list[tuple[str, str]]:
    """(schema, table) of every table to export in `schemas`, in their order, by name."""
    rows = connection.execute(
        """
        select table_schema, table_name
        from information_schema.tables
        where table_catalog = current_database()
            and table_type in ('BASE TABLE', 'VIEW')
            and list_contains(?, table_schema)
            and not starts_with(table_name, ?)
        order by list_position(?, table_schema), table_name
        """,
        [list(schemas), DLT_TABLE_PREFIX, list(schemas)],
    ).fetchall()
    return [(schema, table) for schema, table in rows]


def read_as_of(connection: duckdb.DuckDBPyConnection) -> date:
    """The as-of date the marts in the warehouse were last built for."""
    table = f"{quote(PARAMETERS_SCHEMA)}.{quote(PARAMETERS_TABLE)}"
    return connection.execute(f"select as_of_date from {table}").fetchone()[0]


def write_parquet(
    connection: duckdb.DuckDBPyConnection, schema: str, table: str, out: Path
) -> ExportedTable:
    """Copy one table to `out/<schema>/<table>.parquet`, replacing the file only when done."""
    target = out / schema / f"{table}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.partial")

    # Three-part name: in a file called like one of its schemas, two parts are ambiguous.
    name = ".".join(quote(part) for part in (current_database(connection), schema, table))
    literal = str(partial).replace("'", "''")
    rows = connection.execute(
        f"copy (select * from {name}) to '{literal}' (format parquet)"
    ).fetchone()[0]
    os.replace(partial, target)

    described = connection.execute(f"describe select * from {name}").fetchall()
    columns = [Column(column[0], column[1]) for column in described]
    logger.debug("exported %s.%s: %d rows to %s", schema, table, rows, target)
    return ExportedTable(schema, table, f"{schema}/{table}.parquet", rows, columns)


def current_database(connection: duckdb.DuckDBPyConnection) -> str:
    return connection.execute("select current_database()").fetchone()[0]


def write_atomically(path: Path, text: str) -> None:
    """Write `text` so a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
