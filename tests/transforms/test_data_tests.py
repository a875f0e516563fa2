"""Data tests run after every build; a failure names the test, its tables and rows."""

from __future__ import annotations

from datetime import date

import pytest

from sources.toolyt.errors import DataError
from tests.transforms.raw import insert, ist, select
from transforms import DataTestError, build

AS_OF = date(2026, 6, 1)


def test_empty_warehouse_builds_and_passes_every_test(db):
    result = build(db, as_of=AS_OF)

    assert len(result.models) == 14
    assert "lead_funnel_counts_add_up on marts.lead_funnel" in result.tests
    assert select(db, "select as_of_date, time_zone from marts.run_parameters") == [
        {"as_of_date": AS_OF, "time_zone": "Asia/Kolkata"}
    ]


def test_duplicate_key_fails_naming_model_and_rows(db):
    insert(db, "toolyt.leads", [
        {"lead_id": 7, "assigned_date": ist("2026-05-01 10:00")},
        {"lead_id": 7, "assigned_date": ist("2026-05-02 10:00")},
    ])

    with pytest.raises(DataTestError) as raised:
        build(db, as_of=AS_OF)

    message = str(raised.value)
    assert message.splitlines()[0] == (
        "data test `key_is_unique` on `staging.stg_toolyt__leads` failed with 1 row:"
    )
    assert "    lead_id=7, duplicate_rows=2" in message.splitlines()
    assert isinstance(raised.value, DataError)


def test_negative_balance_fails_showing_five_rows(db):
    insert(db, "toolyt.order_invoices", [
        {"invoice_id": n, "invoice_date": date(2026, 5, 1), "total_amount": 10,
         "balance_amount": -n}
        for n in range(1, 8)
    ])

    with pytest.raises(DataTestError) as raised:
        build(db, as_of=AS_OF)

    lines = str(raised.value).splitlines()
    assert lines[0] == (
        "data test `invoice_balances_are_not_negative` on `marts.invoice_balances`"
        " failed with 7 rows, the first 5:"
    )
    assert len(lines) == 7
    assert all(line.startswith("    invoice_id=") for line in lines[1:6])
    assert lines[6].startswith("The build was rolled back")
    assert raised.value.failures[0].count == 7


def test_failed_build_leaves_previous_marts_in_place(db):
    insert(db, "toolyt.order_invoices", [
        {"invoice_id": 1, "invoice_date": date(2026, 5, 1), "total_amount": 10,
         "balance_amount": 10},
    ])
    build(db, as_of=AS_OF)
    insert(db, "toolyt.order_invoices", [
        {"invoice_id": 2, "invoice_date": date(2026, 5, 1), "total_amount": 10,
         "balance_amount": -5},
    ])

    with pytest.raises(DataTestError):
        build(db, as_of=date(2026, 7, 1))

    assert select(db, "select invoice_id from marts.invoice_balances") == [{"invoice_id": 1}]
    assert select(db, "select as_of_date from marts.run_parameters") == [{"as_of_date": AS_OF}]


def test_prospect_in_two_lists_fails_the_key_test(db):
    insert(db, "toolyt.leads", [{"lead_id": 5, "assigned_date": ist("2026-05-01 10:00")}])
    insert(db, "toolyt.customers", [{"customer_id": 5, "created_date": ist("2026-05-01 10:00")}])

    with pytest.raises(DataTestError, match="data test `key_is_unique` on `marts.prospects`"):
        build(db, as_of=AS_OF)
