"""The clock moves by whole days, and each day the CRM lives: records are made and change."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.fake.helpers import Client
from toolyt_fake import FakeToolyt, World

LISTS_WITH_IDS = {
    "leads": "lead_id",
    "customers": "customer_id",
    "lost_leads": "lead_id",
    "products": "product_id",
    "jobs": "job_id",
    "visits": "id",
    "orders": "order_id",
    "order_invoices": "invoice_id",
    "opportunities": "toolyt_oppurtunities_id",
}
CREATED = {
    "leads": "assigned_date",
    "customers": "created_date",
    "lost_leads": "created_date",
    "jobs": "created_date",
    "opportunities": "created_at",
}


def by_id(rows: list[dict], key: str) -> dict[int, dict]:
    return {row[key]: row for row in rows}


def plus_days(clock: str, days: int) -> str:
    moment = datetime.strptime(clock, "%Y-%m-%d %H:%M:%S") + timedelta(days=days)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def lived() -> tuple[dict, dict]:
    """The truth of one world before and after three days."""
    world = World(seed=11, scale=1)
    before = world.truth()
    world.advance(3)
    return before, world.truth()


def test_clock_starts_at_the_default_and_moves_whole_days() -> None:
    world = World()

    assert world.now == "2026-06-01 10:00:00"
    assert world.advance(2) == "2026-06-03 10:00:00"
    assert world.advance(0) == "2026-06-03 10:00:00"


def test_converted_lead_moves_to_customers_list(
    fresh_fake: FakeToolyt, fresh_client: Client
) -> None:
    leads = by_id(fresh_fake.truth()["leads"], "lead_id")

    fresh_fake.advance(days=1)

    customers = by_id(fresh_client.all_rows("/get-customers", "customers"), "customer_id")
    converted = sorted(set(leads) & set(customers))
    assert converted
    lead_id = converted[0]
    assert fresh_client.get(f"/get-lead-details/{lead_id}").status_code == 404
    assert lead_id not in by_id(fresh_client.all_rows("/get-leads", "leads"), "lead_id")
    detail = fresh_client.get(f"/get-customer-details/{lead_id}").json()["customer"]
    assert detail["created_date"] == leads[lead_id]["assigned_date"]
    assert detail["full_name"] == leads[lead_id]["full_name"]


def test_lost_lead_moves_to_lost_leads_list(lived: tuple[dict, dict]) -> None:
    before, after = lived
    leads = by_id(before["leads"], "lead_id")

    lost = by_id(after["lost_leads"], "lead_id")

    moved = set(leads) & set(lost)
    assert moved
    assert all(lost[i]["created_date"] == leads[i]["assigned_date"] for i in moved)
    assert not moved & set(by_id(after["leads"], "lead_id"))


def test_lead_status_changes_on_leads_months_old(lived: tuple[dict, dict]) -> None:
    before, after = lived
    old = by_id(before["leads"], "lead_id")

    changed = [
        lead
        for lead in after["leads"]
        if lead["lead_id"] in old and lead["lead_status"] != old[lead["lead_id"]]["lead_status"]
    ]

    assert any(lead["assigned_date"] < "2026-04-01" for lead in changed)


def test_invoice_payment_lowers_the_balance(lived: tuple[dict, dict]) -> None:
    before, after = lived
    old = by_id(before["order_invoices"], "invoice_id")

    paid = [
        i
        for i in after["order_invoices"]
        if i["invoice_id"] in old
        and float(i["balance_amount"]) < float(old[i["invoice_id"]]["balance_amount"])
    ]

    assert paid
    for invoice in paid:
        balance = float(invoice["balance_amount"])
        assert invoice["status"] == ("Paid" if balance == 0 else "Partially Paid")
        assert type(invoice["balance_amount"]) is type(old[invoice["invoice_id"]]["amount"])


def test_visit_is_checked_in_once_its_schedule_comes(lived: tuple[dict, dict]) -> None:
    before, after = lived
    old = by_id(before["visits"], "id")

    checked_in = [
        v
        for v in after["visits"]
        if v["check_in_time"] and not old.get(v["id"], {}).get("check_in_time")
    ]

    assert checked_in
    for visit in checked_in:
        assert before["now"] < visit["check_in_time"] <= after["now"]
        assert visit["updated_at"] >= visit["check_in_time"]
        assert visit["date"] == visit["check_in_time"][:10]
        scheduled = datetime.strptime(
            f"{visit['schedule_date']} {visit['schedule_time']}", "%d %b %Y %I:%M %p"
        )
        assert visit["check_in_time"] >= scheduled.strftime("%Y-%m-%d %H:%M:%S")


def test_visits_change_only_once_their_schedule_has_come(lived: tuple[dict, dict]) -> None:
    _, after = lived
    clock = datetime.strptime(after["now"], "%Y-%m-%d %H:%M:%S")

    for visit in after["visits"]:
        scheduled = datetime.strptime(
            f"{visit['schedule_date']} {visit['schedule_time']}", "%d %b %Y %I:%M %p"
        )
        if scheduled > clock:
            assert visit["status"] == 0 and visit["check_in_time"] is None
            assert visit["updated_at"] == visit["created_at"]


def test_job_status_history_grows_newest_first(lived: tuple[dict, dict]) -> None:
    before, after = lived
    old = by_id(before["jobs"], "job_id")

    grown = [
        j
        for j in after["jobs"]
        if j["job_id"] in old and len(j["status_history"]) > len(old[j["job_id"]]["status_history"])
    ]

    assert grown
    for job in grown:
        newest = job["status_history"][0]
        assert before["now"] < newest["updated_date"] <= after["now"]
        assert job["job_status"] == newest["job_status"]
        history = old[job["job_id"]]["status_history"]
        assert job["status_history"][-len(history) :] == history


def test_new_custom_field_appears_after_the_first_day(lived: tuple[dict, dict]) -> None:
    before, after = lived

    fields = [f["field_name"] for f in after["customer_form"]]

    assert "preferred_language" not in [f["field_name"] for f in before["customer_form"]]
    assert "preferred_language" in fields
    assert all("preferred_language" not in lead for lead in before["leads"])
    for name in ("leads", "customers"):
        values = [d["preferred_language"] for d in after[name]]
        assert "" in values
    new_leads = [lead for lead in after["leads"] if lead["assigned_date"] > before["now"]]
    assert any(lead["preferred_language"] for lead in new_leads) or len(new_leads) < 3


def test_new_records_are_created_between_the_old_and_new_clock(lived: tuple[dict, dict]) -> None:
    before, after = lived

    for name, created in CREATED.items():
        key = LISTS_WITH_IDS[name]
        old_ids = set(by_id(before[name], key)) | set(by_id(before["leads"], "lead_id"))
        new = [d for d in after[name] if d[key] not in old_ids]
        assert all(before["now"] < d[created] <= after["now"] for d in new), name
    for name in ("visits", "orders", "attendance"):
        assert len(after[name]) > len(before[name]), name


def test_creation_times_never_change(lived: tuple[dict, dict]) -> None:
    before, after = lived

    def created(truth: dict) -> dict[int, str]:
        times = {}
        for name in ("leads", "customers", "lost_leads"):
            for detail in truth[name]:
                times[detail.get("lead_id") or detail["customer_id"]] = detail[CREATED[name]]
        return times

    old, new = created(before), created(after)
    assert all(new[i] == t for i, t in old.items())


def test_attendance_signs_out_the_same_day(lived: tuple[dict, dict]) -> None:
    _, after = lived
    keys = [(a["user_id"], a["created_at"]) for a in after["attendance"]]

    assert len(keys) == len(set(keys))
    for row in after["attendance"]:
        assert row["created_at"] == f"{row['date']} {row['signin_time']}"
        if row["signout_time"] is not None:
            assert row["signout_time"] >= row["signin_time"]
            assert f"{row['date']} {row['signout_time']}" <= after["now"]


def test_sign_out_shows_once_the_clock_passes_it() -> None:
    world = World(seed=11, scale=3)
    world.advance(1)
    open_rows = [a for a in world.truth()["attendance"] if a["signout_time"] is None]

    world.advance(1)

    rows = {(a["user_id"], a["created_at"]): a for a in world.truth()["attendance"]}
    assert open_rows
    for row in open_rows:
        signed_out = rows[(row["user_id"], row["created_at"])]
        assert signed_out["signout_time"] is not None and signed_out["date"] == row["date"]


def test_same_seed_gives_the_same_world() -> None:
    assert World(seed=4, scale=0.3).truth() == World(seed=4, scale=0.3).truth()
    assert World(seed=4, scale=0.3).truth() != World(seed=5, scale=0.3).truth()


def test_two_single_days_equal_one_double_day() -> None:
    stepwise, at_once = World(seed=9, scale=0.5), World(seed=9, scale=0.5)

    stepwise.advance(1)
    stepwise.advance(1)
    at_once.advance(2)

    assert stepwise.truth() == at_once.truth()
    assert at_once.now == plus_days("2026-06-01 10:00:00", 2)


def test_scale_multiplies_the_records() -> None:
    small, large = World(seed=2, scale=1), World(seed=2, scale=4)

    assert len(large.ids_in("visits")) == 4 * len(small.ids_in("visits"))
    assert len(large.ids_in("users")) == 2 * len(small.ids_in("users"))
    prospects = sum(len(small.ids_in(name)) for name in ("leads", "customers", "lost_leads"))
    assert prospects == 300
    assert 0.35 < len(small.ids_in("leads")) / prospects < 0.55
