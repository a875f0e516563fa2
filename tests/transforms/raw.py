"""Hand-made raw `toolyt` tables for transform tests: create them empty, add rows, read marts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

RAW_TABLES_SQL = Path(__file__).with_name("raw_tables.sql")
IST = ZoneInfo("Asia/Kolkata")

# Far from IST on purpose: a model that leans on the session zone gets IST days wrong.
SESSION_TIME_ZONE = "America/Los_Angeles"


def create_raw_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create every raw table the sync loads, empty, with the types the sync gives them."""
    connection.execute(f"set TimeZone = '{SESSION_TIME_ZONE}'")
    connection.execute(RAW_TABLES_SQL.read_text(encoding="utf-8"))


def insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` into `table`; columns a row leaves out stay null."""
    for row in rows:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        connection.execute(f"insert into {table} ({columns}) values ({marks})", list(row.values()))


def select(connection: duckdb.DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    """The rows of `query` as dicts."""
    cursor = connection.execute(query)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def ist(text: str) -> datetime:
    """An instant written as Toolyt writes it, `YYYY-MM-DD hh:mm` in IST."""
    return datetime.fromisoformat(text).replace(tzinfo=IST)
