"""Lists page from 1 in a stable order; past the end they are empty with the right total."""

from __future__ import annotations

import pytest

from tests.fake.helpers import WHOLE_HISTORY, Client
from toolyt_fake import FakeToolyt, World

# Path, list key, total key and the id key of each GET list paged in its path.
PATH_LISTS = [
    ("/get-users", "users", "total_users", "user_id"),
    ("/get-leads", "leads", "total_leads", "lead_id"),
    ("/get-customers", "customers", "total_customers", "customer_id"),
    ("/get-lost-leads", "leads", "total_leads", "lead_id"),
    ("/get-products", "products", "total_products", "product_id"),
    ("/get-jobs", "jobs", "total_jobs", "job_id"),
    ("/get-opportunities", "leads", "total_leads", "toolyt_oppurtunity_id"),
]
TRUTH_NAMES = {
    "/get-users": "users",
    "/get-leads": "leads",
    "/get-customers": "customers",
    "/get-lost-leads": "lost_leads",
    "/get-products": "products",
    "/get-jobs": "jobs",
    "/get-opportunities": "opportunities",
}


@pytest.mark.parametrize(("path", "key", "total_key", "id_key"), PATH_LISTS)
def test_pages_that_do_not_divide_cover_the_list_once(
    client: Client, truth: dict, path: str, key: str, total_key: str, id_key: str
) -> None:
    rows = client.all_rows(path, key, size=7)

    expected = [row[id_key] for row in truth["lists"][TRUTH_NAMES[path]]]
    assert [row[id_key] for row in rows] == expected
    assert client.get(f"{path}/1/7").json()[total_key] == len(expected)


@pytest.mark.parametrize(("path", "key", "total_key", "id_key"), PATH_LISTS)
def test_page_past_the_end_is_empty_with_the_total(
    client: Client, truth: dict, path: str, key: str, total_key: str, id_key: str
) -> None:
    body = client.get(f"{path}/999/50").json()

    assert body["status"] == 200 and body[key] == []
    assert body[total_key] == len(truth["lists"][TRUTH_NAMES[path]])


ORDER_KEYS = {
    "leads": ("assigned_date", "lead_id"),
    "customers": ("created_date", "customer_id"),
    "lost_leads": ("created_date", "lead_id"),
    "jobs": ("created_date", "job_id"),
    "opportunities": ("created_at", "toolyt_oppurtunities_id"),
}


@pytest.mark.parametrize("name", ORDER_KEYS)
def test_lists_are_ordered_by_creation_then_id(truth: dict, name: str) -> None:
    created, id_key = ORDER_KEYS[name]

    keys = [(detail[created], detail[id_key]) for detail in truth[name]]

    assert keys == sorted(keys)


def test_visits_orders_and_attendance_are_ordered_by_creation(truth: dict) -> None:
    visits = [(v["created_at"], v["id"]) for v in truth["visits"]]
    orders = [(o["order_date"], o["order_id"]) for o in truth["orders"]]
    attendance = [a["created_at"] for a in truth["attendance"]]

    assert visits == sorted(visits)
    assert orders == sorted(orders)
    assert attendance == sorted(attendance)


@pytest.mark.parametrize("page", ["0", "-1", "x"])
def test_page_number_below_one_is_a_400(client: Client, page: str) -> None:
    response = client.get(f"/get-leads/{page}/10")

    assert response.status_code == 400
    assert "pageNumber" in response.json()["message"]


def test_page_size_below_one_is_a_400_everywhere(client: Client) -> None:
    window = {"from_date": "2026-01-01", "to_date": "2026-01-31"}

    assert client.get("/get-products/1/0").status_code == 400
    assert client.post("/view-visits", params={"limit": 0, **WHOLE_HISTORY}).status_code == 400
    assert client.post("/get-orders", json={"pageNumber": 0}).status_code == 400
    assert client.post("/get-attendence", params={"page_number": 0, **window}).status_code == 400


def test_visits_page_past_the_end_is_a_list_holding_an_empty_list(client: Client) -> None:
    body = client.post(
        "/view-visits", params={"page_number": 999, "limit": 50, **WHOLE_HISTORY}
    ).json()

    assert body == {"status": 200, "error": False, "Visits": [[]]}


def test_visits_pages_cover_the_window_once(client: Client, truth: dict) -> None:
    seen, page = [], 1
    while batch := client.post(
        "/view-visits", data={"page_number": page, "limit": 45, **WHOLE_HISTORY}
    ).json()["Visits"][0]:
        seen += [row["id"] for row in batch]
        page += 1

    assert seen == [row["id"] for row in truth["visits"]]


def test_post_lists_page_through_body_parameters(client: Client, truth: dict) -> None:
    orders = client.post("/get-orders", json={"pageNumber": 3, "limit": 20}).json()["order"]
    attendance = client.post(
        "/get-attendence",
        json={"page_number": 2, "limit": 30, "from_date": "2025-01-01", "to_date": "2026-12-31"},
    ).json()

    assert [o["order_id"] for o in orders["orders"]] == [
        o["order_id"] for o in truth["orders"][40:60]
    ]
    assert orders["totalOrders"] == len(truth["orders"])
    assert attendance["attendenceList"] == truth["attendance"][30:60]
    assert attendance["attendenceListCount"] == len(truth["attendance"])


def test_invoice_pages_cover_the_list(client: Client, truth: dict) -> None:
    token, rows, page = client.token(), [], 1
    while batch := client.get(f"/get-order-invoices/{page}/33", params={"_token": token}).json()[
        "data"
    ]:
        rows += batch
        page += 1

    assert rows == truth["lists"]["order_invoices"]


def test_page_size_above_the_cap_is_cut_to_1000() -> None:
    with FakeToolyt(seed=3, scale=2) as fake:
        client = Client(fake, api_key=fake.api_key)
        body = client.post(
            "/view-visits", params={"page_number": 1, "limit": 5000, **WHOLE_HISTORY}
        ).json()
        second = client.post(
            "/view-visits", params={"page_number": 2, "limit": 5000, **WHOLE_HISTORY}
        ).json()

    assert len(body["Visits"][0]) == 1000
    assert 0 < len(second["Visits"][0]) < 1000


def test_search_finds_a_customer_by_email_or_phone(client: Client, truth: dict) -> None:
    customer = next(c for c in truth["lists"]["customers"] if c["email"] and c["phone"])

    by_email = client.post(
        "/search-customer-or-lead", data={"status": 1, "email": customer["email"].upper()}
    ).json()
    by_phone = client.post(
        "/search-customer-or-lead", params={"status": "1", "phone": customer["phone"]}
    ).json()
    as_lead = client.post(
        "/search-customer-or-lead", json={"status": 0, "email": customer["email"]}
    ).json()

    assert by_email["customer"]["customer"] == [customer]
    assert customer in by_phone["customer"]["customer"]
    assert by_phone["customer"]["totalLeads"] == len(by_phone["customer"]["customer"])
    assert as_lead["customer"] == {"totalLeads": 0, "customer": []}


def test_search_without_email_or_phone_is_a_400(client: Client) -> None:
    response = client.post("/search-customer-or-lead", data={"status": 1})

    assert response.status_code == 400
    assert "email" in response.json()["message"]


def test_world_pages_without_http() -> None:
    world = World(seed=5, scale=0.2)

    total, ids = world.page("leads", 1, 5)

    assert total == len(world.ids_in("leads")) and ids == world.ids_in("leads")[:5]
