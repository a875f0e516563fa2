"""`invoice_balances` and `customer_balances`: what is owed, by whom, and how late."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pytest

from tests.transforms.raw import insert, select
from transforms import build

AS_OF = date(2026, 6, 1)


def invoice(
    invoice_id: int, customer_id: int | None, due: str | None, total: int, balance: int
) -> dict:
    status = "Paid" if balance == 0 else "Open" if balance == total else "Partially Paid"
    return {
        "invoice_id": invoice_id,
        "invoice_number": f"INVOICE#{invoice_id}",
        "customer_id": customer_id,
        "customer_name": f"customer {customer_id}" if customer_id else None,
        "invoice_date": date(2026, 2, 15),
        "invoice_due_date": date.fromisoformat(due) if due else None,
        "total_amount": total,
        "balance_amount": balance,
        "status": status,
    }


@pytest.fixture
def invoices_db(db: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    insert(db, "toolyt.order_invoices", [
        invoice(1, 500, "2026-06-10", 1000, 1000),
        invoice(2, 500, "2026-05-22", 500, 200),
        invoice(3, 500, "2026-04-01", 300, 300),
        invoice(4, 501, "2026-01-01", 800, 0),
        # No due date: due when issued, 15 February.
        invoice(5, 501, None, 100, 100),
        invoice(6, 502, "2026-05-02", 50, 50),
        invoice(7, 502, "2026-05-01", 70, 70),
        invoice(8, None, "2026-07-01", 40, 40),
    ])
    return db


def test_invoice_balances_age_each_invoice(invoices_db):
    build(invoices_db, as_of=AS_OF)

    rows = select(
        invoices_db,
        """
        select invoice_id, customer_id, due_date, total_amount, paid_amount,
            balance_amount, status, days_overdue, aging_bucket
        from marts.invoice_balances
        order by invoice_id
        """,
    )

    columns = (
        "invoice_id", "customer_id", "due_date", "total_amount", "paid_amount",
        "balance_amount", "status", "days_overdue", "aging_bucket",
    )
    expected = [
        (1, 500, date(2026, 6, 10), 1000, 0, 1000, "Open", 0, "not_due"),
        (2, 500, date(2026, 5, 22), 500, 300, 200, "Partially Paid", 10, "1-30"),
        (3, 500, date(2026, 4, 1), 300, 0, 300, "Open", 61, "61-90"),
        (4, 501, date(2026, 1, 1), 800, 800, 0, "Paid", 0, "paid"),
        (5, 501, date(2026, 2, 15), 100, 0, 100, "Open", 106, "90+"),
        (6, 502, date(2026, 5, 2), 50, 0, 50, "Open", 30, "1-30"),
        (7, 502, date(2026, 5, 1), 70, 0, 70, "Open", 31, "31-60"),
        (8, None, date(2026, 7, 1), 40, 0, 40, "Open", 0, "not_due"),
    ]
    assert rows == [dict(zip(columns, row)) for row in expected]


def test_paid_invoice_has_no_overdue_days(invoices_db):
    build(invoices_db, as_of=date(2027, 1, 1))

    rows = select(
        invoices_db,
        "select days_overdue, aging_bucket from marts.invoice_balances where invoice_id = 4",
    )

    assert rows == [{"days_overdue": 0, "aging_bucket": "paid"}]


def test_later_as_of_makes_invoices_overdue(invoices_db):
    build(invoices_db, as_of=date(2026, 6, 20))

    rows = select(
        invoices_db,
        "select invoice_id, days_overdue, aging_bucket from marts.invoice_balances"
        " where invoice_id in (1, 2) order by invoice_id",
    )

    assert rows == [
        {"invoice_id": 1, "days_overdue": 10, "aging_bucket": "1-30"},
        {"invoice_id": 2, "days_overdue": 29, "aging_bucket": "1-30"},
    ]


def test_customer_balances_roll_up_open_invoices(invoices_db):
    build(invoices_db, as_of=AS_OF)

    rows = select(invoices_db, "select * from marts.customer_balances order by customer_id")

    columns = (
        "customer_id", "customer_name", "invoices", "open_invoices", "total_invoiced",
        "total_paid", "balance", "overdue_balance", "oldest_due_date", "balance_not_due",
        "balance_1_30_days", "balance_31_60_days", "balance_61_90_days",
        "balance_over_90_days",
    )
    expected = [
        (500, "customer 500", 3, 3, 1800, 300, 1500, 500, date(2026, 4, 1), 1000, 200, 0, 300, 0),
        (501, "customer 501", 2, 1, 900, 800, 100, 100, date(2026, 2, 15), 0, 0, 0, 0, 100),
        (502, "customer 502", 2, 2, 120, 0, 120, 120, date(2026, 5, 1), 0, 50, 70, 0, 0),
    ]
    assert rows == [dict(zip(columns, row)) for row in expected]
    assert isinstance(rows[0]["balance"], Decimal)
