"""Comparing marts built on two destinations from the same fake data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

MARTS = (
    "prospects", "prospect_stage_history", "lead_funnel", "lead_funnel_by_owner",
    "visits_daily", "invoice_balances", "customer_balances",
)


def comparable(value):
    """One value as both warehouses can agree on it."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (Decimal, float)):
        return round(float(value), 6)
    return value


def rows_of(fetch, table: str) -> list[tuple]:
    return sorted(
        (tuple(comparable(v) for v in row) for row in fetch(f"select * from marts.{table}")),
        key=repr,
    )
