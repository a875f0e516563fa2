"""Sync and transform against the fake over several days; marts agree with the ground truth."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

from pipelines.transform import transform
from tests.truth import money, query


def cohort(timestamp: str) -> date:
    return date(int(timestamp[:4]), int(timestamp[5:7]), 1)


def expected_funnel(truth: dict) -> dict[date, tuple[int, int, int, int]]:
    counts: dict[date, Counter] = defaultdict(Counter)
    for stage, table, created in (
        ("open", "leads", "assigned_date"),
        ("converted", "customers", "created_date"),
        ("lost", "lost_leads", "created_date"),
    ):
        for prospect in truth[table]:
            counts[cohort(prospect[created])][stage] += 1
    return {
        month: (sum(c.values()), c["open"], c["converted"], c["lost"])
        for month, c in counts.items()
    }


def expected_balances(truth: dict) -> dict[int, object]:
    balances: Counter = Counter()
    for invoice in truth["order_invoices"]:
        balances[invoice["customer_id"]] += money(invoice["balance_amount"])
    return dict(balances)


def expected_planned_visits(truth: dict) -> dict[tuple[int, date], tuple[int, int, int]]:
    counts: dict[tuple[int, date], Counter] = defaultdict(Counter)
    for visit in truth["visits"]:
        day = datetime.strptime(visit["schedule_date"], "%d %b %Y").date()
        key = (visit["user_id"], day)
        counts[key]["planned"] += 1
        if visit["check_in_time"]:
            counts[key]["completed"] += 1
        elif visit["status"] == 2:
            counts[key]["cancelled"] += 1
    return {k: (c["planned"], c["completed"], c["cancelled"]) for k, c in counts.items()}


def test_marts_agree_with_the_api_as_the_clock_moves(fake, run_sync, warehouse):
    for days in (0, 2, 3):
        fake.advance(days=days)
        run_sync()
        as_of = date.fromisoformat(fake.now[:10])
        transform(warehouse, as_of)
        truth = fake.truth()

        funnel = {
            row[0]: row[1:]
            for row in query(
                warehouse,
                "select cohort_month, leads_created, open_leads, converted, lost "
                "from marts.lead_funnel",
            )
        }
        assert funnel == expected_funnel(truth)

        balances = dict(
            query(warehouse, "select customer_id, balance from marts.customer_balances")
        )
        assert balances == expected_balances(truth)

        visits = {
            (row[0], row[1]): row[2:]
            for row in query(
                warehouse,
                "select user_id, planned_date, planned, completed, cancelled "
                "from marts.visits_daily",
            )
        }
        assert visits == expected_planned_visits(truth)


def test_days_overdue_follow_the_as_of_date(fake, run_sync, warehouse):
    run_sync()
    early = transform(warehouse, date(2026, 5, 1))
    assert early.as_of == date(2026, 5, 1)
    before = dict(query(warehouse, "select invoice_id, days_overdue from marts.invoice_balances"))

    transform(warehouse, date(2026, 6, 1))
    after = dict(query(warehouse, "select invoice_id, days_overdue from marts.invoice_balances"))
    open_ids = [
        invoice["invoice_id"]
        for invoice in fake.truth()["order_invoices"]
        if money(invoice["balance_amount"]) > 0 and invoice["invoice_due_date"] < "2026-05-01"
    ]
    assert open_ids
    for invoice_id in open_ids:
        assert after[invoice_id] == before[invoice_id] + 31
