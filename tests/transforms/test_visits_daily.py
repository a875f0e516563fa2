"""`visits_daily`: each user's planned IST day, its outcomes, time on site and sign-in."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tests.transforms.raw import insert, ist, select
from transforms import build

AS_OF = date(2026, 6, 1)


def visit(
    visit_id: int, user_id: int, planned: str | None, status: int | None, **fields
) -> dict:
    return {
        "id": visit_id,
        "user_id": user_id,
        "user_name": f"user {user_id}",
        "schedule_date": date.fromisoformat(planned) if planned else None,
        "status": status,
        "created_at": ist("2026-05-20 09:00"),
        **fields,
    }


@pytest.fixture
def visits_db(db: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    insert(db, "toolyt.visits", [
        # 30 May: done, checked in but not yet out, cancelled, never done.
        visit(1, 10, "2026-05-30", 1, customer_id=100,
              check_in_time=ist("2026-05-30 10:00"), check_out_time=ist("2026-05-30 10:45")),
        visit(2, 10, "2026-05-30", 0, customer_id=101,
              check_in_time=ist("2026-05-30 12:00")),
        visit(3, 10, "2026-05-30", 2, customer_id=100,
              cancelled_datetime=ist("2026-05-30 08:00")),
        visit(4, 10, "2026-05-30", 0, customer_id=102),
        # Logged on the spot ten minutes past midnight IST: no planned day.
        visit(5, 10, None, 1, customer_id=103, created_at=ist("2026-05-31 00:30"),
              check_in_time=ist("2026-05-31 00:40"), check_out_time=ist("2026-05-31 01:10")),
        # Planned for the as-of day itself: not missed yet.
        visit(6, 10, "2026-06-01", 0, customer_id=100),
        visit(7, 11, "2026-05-31", 0, customer_id=104),
    ])
    insert(db, "toolyt.attendance", [
        {"user_id": 10, "date": date(2026, 5, 30), "created_at": ist("2026-05-30 09:00")},
        # No date sent: its IST day comes from created_at.
        {"user_id": 10, "date": None, "created_at": ist("2026-05-31 00:20")},
        {"user_id": 11, "date": date(2026, 5, 30), "created_at": ist("2026-05-30 09:30")},
    ])
    return db


def test_visits_daily_counts_outcomes_per_user_day(visits_db):
    build(visits_db, as_of=AS_OF)

    rows = select(visits_db, "select * from marts.visits_daily order by user_id, planned_date")

    columns = (
        "user_id", "planned_date", "user_name", "planned", "completed", "cancelled",
        "missed", "upcoming", "unique_customers", "first_check_in_at",
        "last_check_out_at", "minutes_on_site", "has_signed_in",
    )
    expected = [
        (
            10, date(2026, 5, 30), "user 10", 4, 2, 1, 1, 0, 3,
            ist("2026-05-30 10:00"), ist("2026-05-30 10:45"), 45.0, True,
        ),
        (
            10, date(2026, 5, 31), "user 10", 1, 1, 0, 0, 0, 1,
            ist("2026-05-31 00:40"), ist("2026-05-31 01:10"), 30.0, True,
        ),
        (10, date(2026, 6, 1), "user 10", 1, 0, 0, 0, 1, 1, None, None, 0.0, False),
        (11, date(2026, 5, 31), "user 11", 1, 0, 0, 1, 0, 1, None, None, 0.0, False),
    ]
    assert rows == [dict(zip(columns, row)) for row in expected]


def test_earlier_as_of_turns_missed_visits_upcoming(visits_db):
    build(visits_db, as_of=date(2026, 5, 30))

    rows = select(
        visits_db,
        "select user_id, planned_date, missed, upcoming from marts.visits_daily"
        " order by user_id, planned_date",
    )

    assert rows == [
        {"user_id": 10, "planned_date": date(2026, 5, 30), "missed": 0, "upcoming": 1},
        {"user_id": 10, "planned_date": date(2026, 5, 31), "missed": 0, "upcoming": 0},
        {"user_id": 10, "planned_date": date(2026, 6, 1), "missed": 0, "upcoming": 1},
        {"user_id": 11, "planned_date": date(2026, 5, 31), "missed": 0, "upcoming": 1},
    ]


def test_visit_without_a_status_counts_as_missed_not_unknown(db):
    insert(db, "toolyt.visits", [visit(1, 10, "2026-05-30", None, customer_id=100)])

    build(db, as_of=AS_OF)

    rows = select(db, "select planned, completed, cancelled, missed from marts.visits_daily")
    assert rows == [{"planned": 1, "completed": 0, "cancelled": 0, "missed": 1}]
