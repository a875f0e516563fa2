"""A DuckDB warehouse holding empty raw `toolyt` tables, for transforms tested as data."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from tests.transforms.raw import create_raw_tables


@pytest.fixture
def db() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    create_raw_tables(connection)
    yield connection
    connection.close()
