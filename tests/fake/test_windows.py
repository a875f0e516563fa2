"""Windows are naive IST and include both ends; malformed dates are refused with a 400."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.fake.helpers import Client

PROSPECT_LISTS = [
    ("/get-leads", "leads", "leads", "assigned_date", "lead_id"),
    ("/get-customers", "customers", "customers", "created_date", "customer_id"),
    ("/get-lost-leads", "lost_leads", "leads", "created_date", "lead_id"),
]


def shifted(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def day_window(day: str) -> dict[str, str]:
    return {"from_date": f"{day} 00:00:00", "to_date": f"{day} 23:59:59"}


def record_at(truth: dict, clock: str) -> tuple[str, str, str, int]:
    """A prospect created at `clock` o'clock: its list path, list key, date and id."""
    for path, name, key, created, id_key in PROSPECT_LISTS:
        for detail in truth[name]:
            if detail[created].endswith(clock):
                return path, key, detail[created][:10], detail[id_key]
    raise AssertionError(f"no prospect created at {clock}")


def ids_in(client: Client, path: str, key: str, window: dict[str, str]) -> set[int]:
    rows = client.all_rows(path, key, size=100, **window)
    return {row.get("lead_id") or row.get("customer_id") for row in rows}


def test_prospect_at_235959_is_in_its_day_not_the_next(client: Client, truth: dict) -> None:
    path, key, day, record_id = record_at(truth, "23:59:59")

    assert record_id in ids_in(client, path, key, day_window(day))
    assert record_id not in ids_in(client, path, key, day_window(shifted(day, 1)))


def test_prospect_at_midnight_is_in_its_day_not_the_last(client: Client, truth: dict) -> None:
    path, key, day, record_id = record_at(truth, "00:00:00")

    assert record_id in ids_in(client, path, key, day_window(day))
    assert record_id not in ids_in(client, path, key, day_window(shifted(day, -1)))


def test_window_of_one_second_includes_both_ends(client: Client, truth: dict) -> None:
    lead = truth["leads"][5]
    moment = lead["assigned_date"]

    body = client.get("/get-leads/1/10", params={"from_date": moment, "to_date": moment}).json()

    assert lead["lead_id"] in [row["lead_id"] for row in body["leads"]]
    assert body["total_leads"] == sum(d["assigned_date"] == moment for d in truth["leads"])


@pytest.mark.parametrize(("path", "name", "key", "created", "id_key"), PROSPECT_LISTS)
def test_prospect_window_holds_exactly_the_records_created_in_it(
    client: Client, truth: dict, path: str, name: str, key: str, created: str, id_key: str
) -> None:
    window = {"from_date": "2026-04-01 00:00:00", "to_date": "2026-04-30 23:59:59"}

    got = [row[id_key] for row in client.all_rows(path, key, size=25, **window)]

    expected = [
        d[id_key] for d in truth[name] if window["from_date"] <= d[created] <= window["to_date"]
    ]
    assert got == expected and expected


def test_window_with_only_a_start_runs_to_the_end(client: Client, truth: dict) -> None:
    since = "2026-05-15 00:00:00"

    body = client.get("/get-customers/1/1", params={"from_date": since, "to_date": ""}).json()

    assert body["total_customers"] == sum(c["created_date"] >= since for c in truth["customers"])


def test_visits_window_filters_on_creation(client: Client, truth: dict) -> None:
    window = {"from_date": "2026-03-10 12:00:00", "to_date": "2026-03-20 12:00:00"}

    rows = client.post("/view-visits", data={"limit": 1000, **window}).json()["Visits"][0]

    assert rows == [
        v for v in truth["visits"] if window["from_date"] <= v["created_at"] <= window["to_date"]
    ]


def test_orders_filter_on_the_ist_date_both_ends_included(client: Client, truth: dict) -> None:
    late = next(o for o in truth["orders"] if o["order_date"].endswith("23:59:59"))
    day = late["order_date"][:10]

    same_day = client.post("/get-orders", json={"limit": 100, "startDate": day, "endDate": day})
    next_day = client.post(
        "/get-orders", json={"limit": 100, "startDate": shifted(day, 1), "endDate": shifted(day, 1)}
    )

    orders = same_day.json()["order"]["orders"]
    assert late in orders and all(o["order_date"][:10] == day for o in orders)
    assert late not in next_day.json()["order"]["orders"]


def test_attendance_filters_on_its_date_both_ends_included(client: Client, truth: dict) -> None:
    first, last = "2026-04-10", "2026-04-12"

    body = client.post(
        "/get-attendence", params={"limit": 500, "from_date": first, "to_date": last}
    ).json()

    expected = [a for a in truth["attendance"] if first <= a["date"] <= last]
    assert body["attendenceList"] == expected and expected
    assert body["attendenceListCount"] == len(expected)


def test_invoices_since_a_date_include_that_date(client: Client, truth: dict) -> None:
    since = truth["lists"]["order_invoices"][60]["invoice_date"]

    body = client.get(f"/get-order-invoices/1/500/{since}", params={"_token": client.token()})

    expected = [i for i in truth["lists"]["order_invoices"] if i["invoice_date"] >= since]
    assert body.json()["data"] == expected
    assert body.json()["total"] == len(expected)


def test_opportunities_filter_on_window_and_user(client: Client, truth: dict) -> None:
    user_id = truth["lists"]["opportunities"][0]["created_by"]
    window = {"from_date": "2026-02-01 00:00:00", "to_date": "2026-05-31 23:59:59"}

    rows = client.all_rows("/get-opportunities", "leads", user_id=str(user_id), **window)

    expected = [
        o
        for o in truth["lists"]["opportunities"]
        if o["created_by"] == user_id
        and window["from_date"] <= o["created_at"] <= window["to_date"]
    ]
    assert rows == expected and expected


MALFORMED = [
    ("GET", "/get-leads/1/10", {"from_date": "2026-05-01"}, "from_date", "yyyy-mm-dd hh:mm:ss"),
    ("GET", "/get-customers/1/10", {"to_date": "2026-13-01 00:00:00"}, "to_date", "hh:mm:ss"),
    ("GET", "/get-lost-leads/1/10", {"from_date": "2026-05-01T00:00:00"}, "from_date", "yyyy"),
    ("GET", "/get-opportunities/1/10", {"to_date": "01/05/2026 10:00:00"}, "to_date", "yyyy"),
    (
        "POST",
        "/view-visits",
        {"from_date": "2026-05-01", "to_date": "2026-05-02"},
        "from_date",
        "yyyy-mm-dd hh:mm:ss",
    ),
    ("POST", "/view-visits", {"to_date": "2026-05-02 00:00:00"}, "from_date", "required"),
    (
        "POST",
        "/get-attendence",
        {"from_date": "01/05/2026", "to_date": "2026-05-02"},
        "from_date",
        "yyyy-mm-dd",
    ),
    ("POST", "/get-attendence", {"from_date": "2026-05-01"}, "to_date", "required"),
    ("POST", "/get-orders", {"startDate": "2026/05/01"}, "startDate", "yyyy-mm-dd"),
]


@pytest.mark.parametrize(("method", "path", "params", "name", "hint"), MALFORMED)
def test_malformed_date_is_a_400_naming_parameter_and_format(
    client: Client, method: str, path: str, params: dict, name: str, hint: str
) -> None:
    response = client.session.request(method, client.fake.url + path, params=params, timeout=10)

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["error"] is True
    assert f"`{name}`" in body["message"] and hint in body["message"]


def test_malformed_invoice_date_is_a_400(client: Client) -> None:
    response = client.get("/get-order-invoices/1/10/2026-5-1", params={"_token": client.token()})

    assert response.status_code == 400
    assert "`date`" in response.json()["message"]
