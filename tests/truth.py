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


def by_id(path: Path, sql: str) -> dict[Any, tuple]:
    """The rows of `sql` keyed by their first column, the rest as a tuple."""
    return {row[0]: row[1:] for row in query(path, sql)}


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


# table -> its key in the warehouse and in the fake's answers
ENTITIES = {
    "users": "user_id",
    "leads": "lead_id",
    "customers": "customer_id",
    "lost_leads": "lead_id",
    "products": "product_id",
    "jobs": "job_id",
    "order_invoices": "invoice_id",
    "opportunities": "toolyt_oppurtunity_id",
    "visits": "id",
    "orders": "order_id",
}


def truth_ids(truth: dict, table: str) -> set:
    key = ENTITIES[table]
    rows = truth[table] if table != "opportunities" else truth["lists"]["opportunities"]
    return {row[key] for row in rows}


def assert_ids_match_truth(warehouse, truth, tables=ENTITIES):
    for table in tables:
        loaded = ids(warehouse, table, ENTITIES[table])
        assert not duplicates(loaded), f"duplicate keys in {table}"
        assert set(loaded) == truth_ids(truth, table), f"{table} differs from the API"


def assert_converging_fields_match_truth(warehouse, truth):
    assert_ids_match_truth(warehouse, truth)

    invoices = by_id(
        warehouse, "select invoice_id, balance_amount, status from toolyt.order_invoices"
    )
    for invoice in truth["order_invoices"]:
        expected = (money(invoice["balance_amount"]), invoice["status"])
        assert invoices[invoice["invoice_id"]] == expected, invoice["invoice_id"]

    visits = by_id(
        warehouse,
        "select id, status, check_in_time, check_out_time, cancelled_datetime "
        "from toolyt.visits",
    )
    for visit in truth["visits"]:
        expected = (
            visit["status"],
            ist(visit["check_in_time"]),
            ist(visit["check_out_time"]),
            ist(visit["cancelled_datetime"]),
        )
        assert visits[visit["id"]] == expected, visit["id"]

    jobs = by_id(
        warehouse,
        "select j.job_id, j.job_status, count(h._dlt_id) from toolyt.jobs j "
        "left join toolyt.jobs__status_history h on h._dlt_parent_id = j._dlt_id "
        "group by all",
    )
    for job in truth["jobs"]:
        assert jobs[job["job_id"]] == (job["job_status"], len(job["status_history"]))

    opportunities = by_id(
        warehouse,
        "select toolyt_oppurtunity_id, oppurtunity_step, lost_won_status "
        "from toolyt.opportunities",
    )
    for opportunity in truth["opportunities"]:
        key = opportunity["toolyt_oppurtunities_id"]
        expected = (opportunity["oppurtunity_step"], opportunity["lost_won_status"])
        assert opportunities[key] == expected, key


