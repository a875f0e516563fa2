"""Every endpoint answers with the keys and nesting of Toolyt's documented example."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import requests

from tests.fake.helpers import WHOLE_HISTORY, Client, documented

# Objects keyed by position ("0", "1") or product id: their keys vary from record to record.
FREE_KEYS = {"photos", "documents", "products"}


def assert_same_shape(ours: Any, doc: Any, path: str = "") -> None:
    """Same keys at every level, lists of like rows, scalars where the documentation has them."""
    if isinstance(doc, dict):
        assert isinstance(ours, dict), f"{path}: expected an object, got {ours!r}"
        if path.rsplit(".", 1)[-1] in FREE_KEYS:
            return
        assert set(ours) == set(doc), (
            f"{path}: missing {sorted(set(doc) - set(ours))}, extra {sorted(set(ours) - set(doc))}"
        )
        for key, value in doc.items():
            assert_same_shape(ours[key], value, f"{path}.{key}")
    elif isinstance(doc, list):
        assert isinstance(ours, list), f"{path}: expected a list, got {ours!r}"
        assert ours or not doc, f"{path}: the fake's list is empty, nothing to compare"
        for n, item in enumerate(ours):
            assert_same_shape(item, doc[0], f"{path}[{n}]")
    else:
        assert not isinstance(ours, dict | list), f"{path}: expected a scalar, got {ours!r}"


def first_id(truth: dict, name: str, key: str) -> int:
    return truth["lists"][name][0][key]


def searched_email(truth: dict) -> str:
    return next(row["email"] for row in truth["lists"]["customers"] if row["email"])


Call = Callable[[Client, dict], requests.Response]

ENDPOINTS: dict[str, Call] = {
    "get-token": lambda c, t: c.get("/get-token"),
    "get-company-details": lambda c, t: c.get("/get-company-details"),
    "get-users": lambda c, t: c.get("/get-users/1/10"),
    "get-user-details": lambda c, t: c.get(f"/get-user-details/{first_id(t, 'users', 'user_id')}"),
    "get-leads": lambda c, t: c.get("/get-leads/1/10", params=WHOLE_HISTORY),
    "get-lead-details": lambda c, t: c.get(f"/get-lead-details/{first_id(t, 'leads', 'lead_id')}"),
    "get-customers": lambda c, t: c.get("/get-customers/1/10"),
    "get-customer-details": lambda c, t: c.get(
        f"/get-customer-details/{first_id(t, 'customers', 'customer_id')}"
    ),
    "get-lost-leads": lambda c, t: c.get("/get-lost-leads/1/10"),
    "get-lost-lead-details": lambda c, t: c.get(
        f"/get-lost-lead-details/{first_id(t, 'lost_leads', 'lead_id')}"
    ),
    "search-customer-or-lead": lambda c, t: c.post(
        "/search-customer-or-lead",
        params={"pageNumber": 1, "noOfRecords": 10, "status": 1, "email": searched_email(t)},
    ),
    "get-products": lambda c, t: c.get("/get-products/1/10"),
    "get-product-details": lambda c, t: c.get(
        f"/get-product-details/{first_id(t, 'products', 'product_id')}"
    ),
    "get-jobs": lambda c, t: c.get("/get-jobs/1/10"),
    "get-job-details": lambda c, t: c.get(f"/get-job-details/{first_id(t, 'jobs', 'job_id')}"),
    "view-visits": lambda c, t: c.post(
        "/view-visits", params={"page_number": 1, "limit": 10, **WHOLE_HISTORY}
    ),
    "get-orders": lambda c, t: c.post("/get-orders", json={"pageNumber": 1, "limit": 10}),
    "get-order-invoices": lambda c, t: c.get(
        "/get-order-invoices/1/10/2025-01-01", params={"_token": c.token()}
    ),
    "get-order-invoice-details": lambda c, t: c.get(
        f"/get-order-invoice-details/{first_id(t, 'order_invoices', 'invoice_id')}",
        params={"_token": c.token()},
    ),
    "get-attendence": lambda c, t: c.post(
        "/get-attendence",
        params={"page_number": 1, "limit": 10, "from_date": "2026-01-01", "to_date": "2026-12-31"},
    ),
    "get-opportunities": lambda c, t: c.get("/get-opportunities/1/10"),
    "get-opportunity-details": lambda c, t: c.get(
        f"/get-opportunity-details/{first_id(t, 'opportunities', 'toolyt_oppurtunity_id')}"
    ),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_answers_in_documented_shape(client: Client, truth: dict, endpoint: str) -> None:
    response = ENDPOINTS[endpoint](client, truth)

    assert response.status_code == 200, response.text
    expected = documented(endpoint)
    if endpoint == "get-opportunity-details":
        # Not in the documented example; the shape create-opportunity takes.
        expected["opportunity"]["products"] = {}
    assert_same_shape(response.json(), expected)


@pytest.mark.parametrize(
    ("name", "endpoint", "key"),
    [
        ("users", "get-user-details", "user"),
        ("leads", "get-lead-details", "lead"),
        ("customers", "get-customer-details", "customer"),
        ("lost_leads", "get-lost-lead-details", "lead"),
        ("products", "get-product-details", "product"),
        ("jobs", "get-job-details", "job"),
        ("order_invoices", "get-order-invoice-details", "invoice"),
        ("opportunities", "get-opportunity-details", "opportunity"),
    ],
)
def test_every_detail_has_the_documented_keys(truth: dict, name: str, endpoint: str, key: str):
    expected = documented(endpoint)[key]
    if name == "opportunities":
        expected["products"] = {}
    for detail in truth[name]:
        assert_same_shape(detail, expected, f"{name}[{detail.get('lead_id', '')}]")


@pytest.mark.parametrize(
    ("name", "endpoint", "key"),
    [
        ("users", "get-users", "users"),
        ("leads", "get-leads", "leads"),
        ("customers", "get-customers", "customers"),
        ("lost_leads", "get-lost-leads", "leads"),
        ("products", "get-products", "products"),
        ("jobs", "get-jobs", "jobs"),
        ("order_invoices", "get-order-invoices", "data"),
        ("attendance", "get-attendence", "attendenceList"),
        ("opportunities", "get-opportunities", "leads"),
    ],
)
def test_every_list_row_has_the_documented_keys(truth: dict, name: str, endpoint: str, key: str):
    assert_same_shape(truth["lists"][name], documented(endpoint)[key], name)


def test_every_visit_and_order_row_has_the_documented_keys(truth: dict) -> None:
    assert_same_shape(truth["visits"], documented("view-visits")["Visits"][0], "visits")
    assert_same_shape(truth["orders"], documented("get-orders")["order"]["orders"], "orders")


def test_customer_form_lists_the_custom_fields_of_details(client: Client, truth: dict) -> None:
    form = client.get("/get-customer-form").json()

    assert form["status"] == 200 and form["error"] is False
    fields = {field["field_name"]: field for field in form["customer_form"]}
    for field in fields.values():
        assert set(field) == {
            "field_id",
            "field_name",
            "field_label",
            "field_type",
            "options",
            "is_mandatory",
            "applies_to",
        }
        assert field["field_type"] in {"text", "number", "checkbox", "radio", "select", "date"}
        assert field["applies_to"] in {"lead", "customer", "both"}
    assert fields["no._of_beds"]["field_label"] == "No. of Beds"
    lead_fields = {k for k, f in fields.items() if f["applies_to"] in ("lead", "both")}
    assert lead_fields <= set(truth["leads"][0])


def test_details_keep_toolyts_value_quirks(truth: dict) -> None:
    leads = truth["leads"]
    photos = [lead["photos"] for lead in leads]
    assert {} in photos and {"0": ""} in photos
    assert any(len(p) > 1 and list(p) == [str(n) for n in range(len(p))] for p in photos)
    assert any(", " in lead["contact_days"] for lead in leads)
    phones = [lead["phone"] for lead in leads]
    assert None in phones and "" in phones
    land_lines = [c["land_line"] for c in truth["customers"] if c["land_line"]]
    assert land_lines and all(re.fullmatch(r"0\d{10}", number) for number in land_lines)
    assert all(isinstance(lead["expected_value"], int) for lead in leads)
    assert all("volume_(ml)" in product for product in truth["products"])


def test_names_carry_unicode_and_the_rupee_sign(truth: dict) -> None:
    names = " ".join(p["full_name"] for p in truth["lists"]["leads"] + truth["lists"]["customers"])

    assert re.search("[\u0900-\u097f]", names), "no Hindi name"
    assert re.search("[\u0b80-\u0bff]", names), "no Tamil name"
    assert re.search("[éëüç]", names), "no accented name"
    assert {o["currency_symbol"] for o in truth["opportunities"]} == {"₹"}
    assert any(o["products"] == {} for o in truth["opportunities"])
    assert any(o["products"] for o in truth["opportunities"])


def test_opportunity_products_are_keyed_by_product_id(truth: dict) -> None:
    products = next(o["products"] for o in truth["opportunities"] if o["products"])

    for key, line in products.items():
        assert set(line) == {"product_id", "quantity", "price"}
        assert line["product_id"] == key and isinstance(line["quantity"], int)
        assert isinstance(line["price"], str)


def test_invoice_amounts_come_as_numbers_and_as_text(truth: dict) -> None:
    invoices = truth["order_invoices"]
    amounts = [invoice["total_amount"] for invoice in invoices]

    assert any(isinstance(a, int) for a in amounts)
    assert any(isinstance(a, str) and re.fullmatch(r"\d+\.\d\d", a) for a in amounts)
    assert {i["status"] for i in invoices} == {"Open", "Partially Paid", "Paid"}
    assert all(i["credit_level"] is None and i["credit_priod"] is None for i in invoices)


def test_visits_use_toolyts_date_formats(truth: dict) -> None:
    visits = truth["visits"]

    for visit in visits:
        assert re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4}", visit["schedule_date"])
        assert re.fullmatch(r"\d\d:\d\d [AP]M", visit["schedule_time"])
        assert visit["status"] in (0, 1, 2)
    planned = [v for v in visits if v["check_in_time"] is None]
    assert planned and all((v["date"], v["time"]) == ("0000-00-00", "00:00:00") for v in planned)
    done = [v for v in visits if v["status"] == 1]
    assert done and all(v["check_out_time"] and v["date"] != "0000-00-00" for v in done)
    cancelled = [v for v in visits if v["status"] == 2]
    assert cancelled and all(v["cancel_reason"] and v["cancelled_datetime"] for v in cancelled)


def test_timestamps_are_naive_ist_strings(truth: dict) -> None:
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")

    assert all(stamp.fullmatch(lead["assigned_date"]) for lead in truth["leads"])
    assert all(stamp.fullmatch(c["created_date"]) for c in truth["customers"])
    assert all(stamp.fullmatch(o["order_date"]) for o in truth["orders"])
    assert all(stamp.fullmatch(a["created_at"]) for a in truth["attendance"])
    assert all(stamp.fullmatch(job["created_date"]) for job in truth["jobs"])


def test_job_status_history_is_newest_first(truth: dict) -> None:
    for job in truth["jobs"]:
        dates = [entry["updated_date"] for entry in job["status_history"]]
        assert dates == sorted(dates, reverse=True)
        assert job["job_status"] == job["status_history"][0]["job_status"]
        assert job["created_date"] == job["status_history"][-1]["updated_date"]
