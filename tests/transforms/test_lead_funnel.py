"""`lead_funnel` and `lead_funnel_by_owner`: IST creation cohorts with fiscal periods."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tests.transforms.raw import insert, ist, select
from transforms import build

AS_OF = date(2026, 6, 1)


def history(prospect_id: int, created: str, *stages: tuple[str, str]) -> list[dict]:
    """History rows for one prospect: each (stage, seen at) in turn, the first one first seen."""
    rows, previous = [], None
    for stage, at in stages:
        rows.append({
            "prospect_id": prospect_id,
            "stage": stage,
            "seen_at": ist(at),
            "created_at": ist(created),
            "is_first_seen": previous is None,
            "previous_stage": previous,
        })
        previous = stage
    return rows


@pytest.fixture
def funnel_db(db: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    insert(db, "toolyt.leads", [
        {"lead_id": 1, "assigned_date": ist("2026-04-01 00:10"), "assigned_user_id": 10,
         "assigned_user": "Asha", "lead_source": "Cold Call"},
        {"lead_id": 11, "assigned_date": ist("2025-10-15 11:00"), "assigned_user_id": 10,
         "assigned_user": "Asha", "lead_source": "Cold Call"},
        # Toolyt's `0000-00-00`: no creation time, so no cohort.
        {"lead_id": 12, "assigned_date": None, "assigned_user_id": 10},
    ])
    insert(db, "toolyt.customers", [
        {"customer_id": 2, "created_date": ist("2026-03-31 23:50"), "assigned_user_id": 20,
         "assigned_user": "Ravi", "lead_source": "Web"},
        {"customer_id": 8, "created_date": ist("2026-04-02 10:00"), "assigned_user_id": 11,
         "assigned_user": "Meera", "lead_source": "Referral"},
        {"customer_id": 9, "created_date": ist("2026-04-03 10:00"), "assigned_user_id": 11,
         "assigned_user": "Meera", "lead_source": None},
        {"customer_id": 13, "created_date": ist("2026-04-04 10:00"), "assigned_user_id": None,
         "lead_source": "Referral"},
    ])
    insert(db, "toolyt.lost_leads", [
        {"lead_id": 4, "created_date": ist("2026-04-20 15:00"), "assigned_user_id": 10,
         "assigned_user": "Asha", "lead_source": "Cold Call"},
        {"lead_id": 7, "created_date": ist("2026-03-05 10:00"), "assigned_user_id": 20,
         "assigned_user": "Ravi", "lead_source": "Web"},
    ])
    insert(db, "toolyt.prospect_history", [
        *history(1, "2026-04-01 00:10", ("lead", "2026-04-02 09:00")),
        *history(2, "2026-03-31 23:50", ("lead", "2026-04-01 09:00"),
                 ("customer", "2026-04-10 09:00")),
        *history(8, "2026-04-02 10:00", ("lead", "2026-04-03 09:00"),
                 ("customer", "2026-04-06 09:00")),
        *history(9, "2026-04-03 10:00", ("lead", "2026-04-04 09:00"),
                 ("customer", "2026-04-10 09:00")),
        # First seen already converted: days to convert unknown.
        *history(13, "2026-04-04 10:00", ("customer", "2026-04-05 09:00")),
        *history(4, "2026-04-20 15:00", ("lead", "2026-04-21 09:00"),
                 ("lost", "2026-05-01 09:00")),
        *history(7, "2026-03-05 10:00", ("lost", "2026-04-01 09:00")),
    ])
    return db


def test_lead_funnel_counts_each_creation_cohort(funnel_db):
    build(funnel_db, as_of=AS_OF)

    rows = select(funnel_db, "select * from marts.lead_funnel order by cohort_month")

    columns = (
        "cohort_month", "cohort_quarter", "fiscal_year", "fiscal_quarter", "leads_created",
        "open_leads", "converted", "lost", "conversion_rate", "loss_rate",
        "median_days_to_convert",
    )
    october, january = date(2025, 10, 1), date(2026, 1, 1)
    expected = [
        (october, october, "FY2025-26", "Q3", 1, 1, 0, 0, 0.0, 0.0, None),
        (date(2026, 3, 1), january, "FY2025-26", "Q4", 2, 0, 1, 1, 0.5, 0.5, 10.0),
        (date(2026, 4, 1), date(2026, 4, 1), "FY2026-27", "Q1", 5, 1, 3, 1, 0.6, 0.2, 5.5),
    ]
    assert rows == [dict(zip(columns, row)) for row in expected]


def test_lead_funnel_by_owner_splits_cohorts(funnel_db):
    build(funnel_db, as_of=AS_OF)

    rows = select(
        funnel_db,
        """
        select cohort_month, fiscal_year, assigned_user_id, assigned_user, lead_source,
            leads_created, open_leads, converted, lost, conversion_rate,
            median_days_to_convert
        from marts.lead_funnel_by_owner
        order by cohort_month, assigned_user_id, lead_source
        """,
    )

    columns = (
        "cohort_month", "fiscal_year", "assigned_user_id", "assigned_user", "lead_source",
        "leads_created", "open_leads", "converted", "lost", "conversion_rate",
        "median_days_to_convert",
    )
    october, march, april = date(2025, 10, 1), date(2026, 3, 1), date(2026, 4, 1)
    expected = [
        (october, "FY2025-26", 10, "Asha", "Cold Call", 1, 1, 0, 0, 0.0, None),
        (march, "FY2025-26", 20, "Ravi", "Web", 2, 0, 1, 1, 0.5, 10.0),
        (april, "FY2026-27", 0, None, "Referral", 1, 0, 1, 0, 1.0, None),
        (april, "FY2026-27", 10, "Asha", "Cold Call", 2, 1, 0, 1, 0.0, None),
        (april, "FY2026-27", 11, "Meera", "(none)", 1, 0, 1, 0, 1.0, 7.0),
        (april, "FY2026-27", 11, "Meera", "Referral", 1, 0, 1, 0, 1.0, 4.0),
    ]
    assert rows == [dict(zip(columns, row)) for row in expected]
