"""The admin API moves the clock, tells the ground truth and adds custom fields."""

from __future__ import annotations

import pytest

from tests.fake.helpers import Client
from toolyt_fake import FakeToolyt

TRUTH_KEYS = {
    "now", "company", "customer_form", "users", "leads", "customers", "lost_leads", "products",
    "jobs", "order_invoices", "opportunities", "visits", "orders", "attendance", "lists",
}  # fmt: skip
LIST_NAMES = {
    "users", "leads", "customers", "lost_leads", "products", "jobs", "order_invoices",
    "opportunities", "visits", "orders", "attendance",
}  # fmt: skip


def test_advance_over_http_moves_the_clock(fresh_fake: FakeToolyt, fresh_client: Client):
    assert fresh_client.get("/__admin/clock").json() == {"now": "2026-06-01 10:00:00"}

    moved = fresh_client.post("/__admin/advance", json={"days": 2}).json()

    assert moved == {"now": "2026-06-03 10:00:00"}
    assert fresh_fake.now == "2026-06-03 10:00:00"
    assert fresh_client.post("/__admin/advance", json={"days": "two"}).status_code == 400


def test_truth_over_http_lists_every_endpoint(client: Client, truth: dict) -> None:
    served = client.get("/__admin/truth").json()

    assert served == truth
    assert set(served) == TRUTH_KEYS
    assert set(served["lists"]) == LIST_NAMES


def test_truth_matches_what_the_api_answers(client: Client, truth: dict) -> None:
    lead = truth["leads"][-1]
    customers = client.all_rows("/get-customers", "customers", size=100)

    assert client.get(f"/get-lead-details/{lead['lead_id']}").json()["lead"] == lead
    assert customers == truth["lists"]["customers"]
    assert client.get("/get-company-details").json()["company"] == truth["company"]
    assert client.get("/get-customer-form").json()["customer_form"] == truth["customer_form"]
    assert truth["company"]["order_id_number"] == 100 + len(truth["orders"])


def test_custom_field_reaches_every_detail_of_its_entity(
    fresh_fake: FakeToolyt, fresh_client: Client
) -> None:
    added = fresh_client.post(
        "/__admin/custom-field", json={"entity": "leads", "key": "no_of_beds", "value": "7"}
    )
    fresh_fake.add_custom_field("products", "shelf_life", "2 years")

    truth = fresh_fake.truth()
    assert added.status_code == 200
    assert all(lead["no_of_beds"] == "7" and "no._of_beds" in lead for lead in truth["leads"])
    assert all("no_of_beds" not in customer for customer in truth["customers"])
    assert all(product["shelf_life"] == "2 years" for product in truth["products"])
    lead_id = truth["leads"][0]["lead_id"]
    assert fresh_client.get(f"/get-lead-details/{lead_id}").json()["lead"]["no_of_beds"] == "7"


def test_custom_field_for_an_unknown_entity_is_refused(fresh_client: Client) -> None:
    response = fresh_client.post(
        "/__admin/custom-field", json={"entity": "visits", "key": "x", "value": "1"}
    )

    assert response.status_code == 400
    assert "entity" in response.json()["message"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/__admin/nothing", 404),
        ("POST", "/__admin/clock", 405),
        ("GET", "/__admin/advance", 405),
    ],
)
def test_admin_refuses_unknown_paths_and_methods(
    client: Client, method: str, path: str, status: int
) -> None:
    response = client.session.request(method, client.fake.url + path, timeout=5)

    assert response.status_code == status
    assert response.json()["error"] is True
