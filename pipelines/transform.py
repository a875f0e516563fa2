"""`toolyt-sync transform` and `toolyt-sync run`: the marts, and the nightly job."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from sources.toolyt.errors import ConfigError
from sources.toolyt.windows import parse_ist
from transforms import BuildResult, build, build_accounts
from transforms.executor import SqlClientExecutor

from .accounts import Account, configured_accounts
from .lake import is_lake, lake_connection, publish
from .sync import SyncOptions, SyncResult, sync_accounts
from .warehouse import make_pipeline


def parse_as_of(value: str | None) -> date | None:
    """`--as-of YYYY-MM-DD` as an IST date; None means today in IST."""
    return parse_ist(value, "--as-of").date() if value else None


def transform(
    duckdb_path: str | Path,
    as_of: date | None = None,
    destination: str = "duckdb",
    accounts: list[Account] | None = None,
) -> BuildResult:
    """Build the staging models and marts in the warehouse, then run the data tests.

    Each model is transpiled to the destination's SQL dialect and run through the
    destination's own SQL client, with the credentials dlt resolves for the sync. On the
    lake (the filesystem destination) DuckDB builds them over the Delta tables and the
    results are written back as Delta tables (see `pipelines.lake`).

    Args:
        duckdb_path: the DuckDB warehouse, when the destination is DuckDB.
        as_of: the IST date of every date-relative figure; today in IST when None.
        destination: the dlt destination the sync loads.
        accounts: the accounts in the warehouse; None reads the configuration. Named
            accounts are built each in its own schemas, then together into `marts`
            with an `account` column (see `pipelines.accounts`).

    Raises:
        ConfigError: the warehouse file does not exist.
        DataError: a model is invalid or a data test failed; the marts are unchanged.
    """
    accounts = accounts or configured_accounts()
    if destination == "duckdb":
        path = Path(duckdb_path)
        if not path.exists():
            raise ConfigError(f"no warehouse at `{path}`: run `toolyt-sync sync` first")
        with duckdb.connect(str(path)) as connection:
            return build_marts(connection, accounts, as_of)

    pipelines = [make_pipeline(duckdb_path, destination, account) for account in accounts]
    if is_lake(pipelines[0]):
        # The marts are built by DuckDB over the Delta tables, then written back.
        with lake_connection(*pipelines) as connection:
            result = build_marts(connection, accounts, as_of)
            publish(pipelines[0], connection)
        return result
    dialect = pipelines[0].destination.capabilities().sqlglot_dialect or destination
    with pipelines[0].sql_client() as client:
        return build_marts(SqlClientExecutor(client, dialect), accounts, as_of, dialect)


def build_marts(
    connection: Any, accounts: list[Account], as_of: date | None, dialect: str = "duckdb"
) -> BuildResult:
    """Build the marts of the unnamed account, or of the named ones together."""
    names = [account.name for account in accounts if account.name is not None]
    if names:
        return build_accounts(connection, names, as_of, dialect)
    return build(connection, as_of, dialect)


def run_nightly(
    options: SyncOptions, as_of: date | None = None, accounts: list[Account] | None = None
) -> tuple[list[tuple[Account, SyncResult]], BuildResult]:
    """The nightly job: sync every account, then build the marts for `as_of` (today, IST).

    The marts are built from every configured account, also when `accounts` picks
    fewer to sync: `marts` always holds all of them.
    """
    synced = sync_accounts(options, accounts or configured_accounts())
    return synced, transform(options.duckdb, as_of, options.destination)
