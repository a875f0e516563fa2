"""`toolyt-sync transform` and `toolyt-sync run`: the marts, and the nightly job."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from sources.toolyt.errors import ConfigError
from sources.toolyt.windows import parse_ist
from transforms import BuildResult, build

from .sync import SyncOptions, SyncResult, sync


def parse_as_of(value: str | None) -> date | None:
    """`--as-of YYYY-MM-DD` as an IST date; None means today in IST."""
    return parse_ist(value, "--as-of").date() if value else None


def transform(duckdb_path: str | Path, as_of: date | None = None) -> BuildResult:
    """Build the staging models and marts in the warehouse, then run the data tests.

    Raises:
        ConfigError: the warehouse file does not exist.
        DataError: a model is invalid or a data test failed; the marts are unchanged.
    """
    path = Path(duckdb_path)
    if not path.exists():
        raise ConfigError(f"no warehouse at `{path}`: run `toolyt-sync sync` first")
    with duckdb.connect(str(path)) as connection:
        return build(connection, as_of)


def run_nightly(options: SyncOptions, as_of: date | None = None) -> tuple[SyncResult, BuildResult]:
    """The nightly job: sync, then build the marts for `as_of` (today in IST)."""
    result = sync(options)
    return result, transform(options.duckdb, as_of)
