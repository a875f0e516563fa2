"""`prospects` and `prospect_stage_history`, built from hand-made lists and history."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tests.transforms.raw import insert, ist, select
from transforms import build

AS_OF = date(2026, 6, 1)


def lead(prospect_id: int, created: str, **fields) -> dict:
    return {"lead_id": prospect_id, "assigned_date": ist(created), **fields}


def customer(prospect_id: int, created: str, **fields) -> dict:
    return {"customer_id": prospect_id, "created_date": ist(created), **fields}


def lost_lead(prospect_id: int, created: str, **fields) -> dict:
    return {"lead_id": prospect_id, "created_date": ist(created), **fields}


def seen(prospect_id: int, stage: str, at: str, created: str, previous: str | None) -> dict:
    return {
        "prospect_id": prospect_id,
        "stage": stage,
        "lead_status": f"{stage} status",
        "seen_at": ist(at),
        "created_at": ist(created),
        "is_first_seen": previous is None,
        "previous_stage": previous,
    }


@pytest.fixture
def prospects_db(db: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    # 1: a lead created ten minutes into April in IST, still in March in UTC.
    # 2: a lead that converted; 3: first seen already a customer; 4: lost;
    # 5: lost, then reopened as a lead at 02:00 IST; 6: a lead with no history.
    insert(db, "toolyt.leads", [
        lead(1, "2026-04-01 00:10", lead_status="New", assigned_user_id=10),
        lead(5, "2026-05-01 09:00", lead_status="Reopened"),
        lead(6, "2026-05-15 12:00", lead_status="New"),
    ])
    insert(db, "toolyt.customers", [
        customer(2, "2026-03-31 23:50", lead_status="Won", expected_value=3900),
        customer(3, "2026-02-15 12:00", lead_status="Won"),
    ])
    insert(db, "toolyt.lost_leads", [lost_lead(4, "2026-04-20 15:00", lead_status="Budget")])
    insert(db, "toolyt.prospect_history", [
        seen(1, "lead", "2026-04-02 10:00", "2026-04-01 00:10", None),
        seen(1, "lead", "2026-04-05 10:00", "2026-04-01 00:10", "lead"),
        seen(2, "lead", "2026-04-02 10:00", "2026-03-31 23:50", None),
        seen(2, "customer", "2026-04-10 09:00", "2026-03-31 23:50", "lead"),
        seen(3, "customer", "2026-04-02 10:00", "2026-02-15 12:00", None),
        seen(4, "lead", "2026-04-21 10:00", "2026-04-20 15:00", None),
        seen(4, "lost", "2026-05-05 10:00", "2026-04-20 15:00", "lead"),
        seen(5, "lead", "2026-05-01 10:00", "2026-05-01 09:00", None),
        seen(5, "lost", "2026-05-10 10:00", "2026-05-01 09:00", "lead"),
        seen(5, "lead", "2026-05-20 02:00", "2026-05-01 09:00", "lost"),
    ])
    return db


def test_stage_history_collapses_rows_into_stage_intervals(prospects_db):
    build(prospects_db, as_of=AS_OF)

    rows = select(
        prospects_db,
        """
        select prospect_id, stage_number, stage, previous_stage, entered_at, exited_at,
            is_current, is_entered_at_known, days_in_stage
        from marts.prospect_stage_history
        order by prospect_id, stage_number
        """,
    )

    columns = (
        "prospect_id", "stage_number", "stage", "previous_stage", "entered_at",
        "exited_at", "is_current", "is_entered_at_known", "days_in_stage",
    )
    expected = [
        (1, 1, "lead", None, ist("2026-04-01 00:10"), None, True, True, 61),
        (2, 1, "lead", None, ist("2026-03-31 23:50"), ist("2026-04-10 09:00"), False, True, 10),
        (2, 2, "customer", "lead", ist("2026-04-10 09:00"), None, True, True, 52),
        (3, 1, "customer", None, ist("2026-02-15 12:00"), None, True, False, 106),
        (4, 1, "lead", None, ist("2026-04-20 15:00"), ist("2026-05-05 10:00"), False, True, 15),
        (4, 2, "lost", "lead", ist("2026-05-05 10:00"), None, True, True, 27),
        (5, 1, "lead", None, ist("2026-05-01 09:00"), ist("2026-05-10 10:00"), False, True, 9),
        (5, 2, "lost", "lead", ist("2026-05-10 10:00"), ist("2026-05-20 02:00"), False, True, 10),
        (5, 3, "lead", "lost", ist("2026-05-20 02:00"), None, True, True, 12),
    ]
    assert rows == [dict(zip(columns, row)) for row in expected]


def test_prospects_join_lists_with_their_current_stage(prospects_db):
    build(prospects_db, as_of=AS_OF)

    rows = select(
        prospects_db,
        """
        select prospect_id, stage, lead_status, cohort_month, cohort_fiscal_year,
            cohort_fiscal_quarter, stage_changed_at, days_in_stage, converted_at,
            days_to_convert
        from marts.prospects
        order by prospect_id
        """,
    )

    columns = (
        "prospect_id", "stage", "lead_status", "cohort_month", "cohort_fiscal_year",
        "cohort_fiscal_quarter", "stage_changed_at", "days_in_stage", "converted_at",
        "days_to_convert",
    )
    april, march = date(2026, 4, 1), date(2026, 3, 1)
    expected = [
        (1, "lead", "New", april, "FY2026-27", "Q1", ist("2026-04-01 00:10"), 61, None, None),
        (
            2, "customer", "Won", march, "FY2025-26", "Q4", ist("2026-04-10 09:00"), 52,
            ist("2026-04-10 09:00"), 10,
        ),
        (3, "customer", "Won", date(2026, 2, 1), "FY2025-26", "Q4", None, None, None, None),
        (4, "lost", "Budget", april, "FY2026-27", "Q1", ist("2026-05-05 10:00"), 27, None, None),
        (
            5, "lead", "Reopened", date(2026, 5, 1), "FY2026-27", "Q1",
            ist("2026-05-20 02:00"), 12, None, None,
        ),
        (6, "lead", "New", date(2026, 5, 1), "FY2026-27", "Q1", None, None, None, None),
    ]
    assert rows == [dict(zip(columns, row)) for row in expected]


def test_prospects_keep_list_fields(prospects_db):
    build(prospects_db, as_of=AS_OF)

    rows = select(
        prospects_db,
        "select prospect_id, assigned_user_id, expected_value, created_at"
        " from marts.prospects where prospect_id in (1, 2) order by prospect_id",
    )

    assert rows == [
        {
            "prospect_id": 1, "assigned_user_id": 10, "expected_value": None,
            "created_at": ist("2026-04-01 00:10"),
        },
        {
            "prospect_id": 2, "assigned_user_id": None, "expected_value": 3900,
            "created_at": ist("2026-03-31 23:50"),
        },
    ]


def test_stage_entered_after_as_of_has_no_days(prospects_db):
    build(prospects_db, as_of=date(2026, 5, 15))

    rows = select(
        prospects_db,
        "select prospect_id, days_in_stage from marts.prospects"
        " where prospect_id in (4, 5) order by prospect_id",
    )

    assert rows == [
        {"prospect_id": 4, "days_in_stage": 10},
        {"prospect_id": 5, "days_in_stage": None},
    ]
