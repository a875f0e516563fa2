"""Reading the warehouse back and the fake's ground truth in comparable shapes."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pendulum

DATASET = "toolyt"


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def ids(path: Path, table: str, key: str) -> list[Any]:
    return [row[0] for row in query(path, f"select {key} from {DATASET}.{table}")]


def duplicates(values: list[Any]) -> list[Any]:
    return [value for value, count in Counter(values).items() if count > 1]


def column_names(path: Path, table: str) -> set[str]:
    rows = query(
        path,
        "select column_name from information_schema.columns "
        f"where table_schema = '{DATASET}' and table_name = '{table}'",
    )
    return {row[0] for row in rows}


def ist(value: str | None) -> datetime | None:
    """A Toolyt naive IST timestamp as an aware datetime, for comparing instants."""
    if not value or value.startswith("0000"):
        return None
    return pendulum.from_format(value, "YYYY-MM-DD HH:mm:ss", tz="Asia/Kolkata")


def money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))
