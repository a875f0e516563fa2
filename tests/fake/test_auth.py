"""Every call needs the API key; order invoices also need a token from get-token."""

from __future__ import annotations

import pytest

from tests.fake.helpers import Client
from toolyt_fake import FakeToolyt

READS = [
    ("GET", "/get-token"),
    ("GET", "/get-company-details"),
    ("GET", "/get-customer-form"),
    ("GET", "/get-users/1/10"),
    ("GET", "/get-user-details/15"),
    ("GET", "/get-leads/1/10"),
    ("GET", "/get-lead-details/1001"),
    ("GET", "/get-customers/1/10"),
    ("GET", "/get-customer-details/1001"),
    ("GET", "/get-lost-leads/1/10"),
    ("GET", "/get-lost-lead-details/1001"),
    ("POST", "/search-customer-or-lead?email=a@b.in"),
    ("GET", "/get-products/1/10"),
    ("GET", "/get-product-details/201"),
    ("GET", "/get-jobs/1/10"),
    ("GET", "/get-job-details/2"),
    ("POST", "/view-visits?from_date=2026-01-01 00:00:00&to_date=2026-02-01 00:00:00"),
    ("POST", "/get-orders"),
    ("GET", "/get-order-invoices/1/10"),
    ("GET", "/get-order-invoice-details/181001"),
    ("POST", "/get-attendence?from_date=2026-01-01&to_date=2026-01-02"),
    ("GET", "/get-opportunities/1/10"),
    ("GET", "/get-opportunity-details/38"),
]


@pytest.mark.parametrize(("method", "path"), READS)
@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_call_without_the_right_key_is_refused(
    shared_fake: FakeToolyt, method: str, path: str, key: str | None
) -> None:
    client = Client(shared_fake, api_key=key)

    response = client.session.request(method, shared_fake.url + path, timeout=10)

    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401 and body["error"] is True and body["message"]


def test_token_is_forty_characters(client: Client) -> None:
    body = client.get("/get-token").json()

    assert body["status"] == 200 and body["error"] is False
    assert len(body["token"]) == 40 and body["token"].isalnum()


@pytest.mark.parametrize("path", ["/get-order-invoices/1/10", "/get-order-invoice-details/181001"])
@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_invoices_without_a_valid_token_are_refused(
    client: Client, path: str, token: str | None
) -> None:
    params = {"_token": token} if token else {}

    response = client.get(path, params=params)

    assert response.status_code == 401
    assert response.json() == {"status": 401, "error": True, "message": "Invalid token"}


def test_invoice_token_is_read_from_query_form_or_json(client: Client) -> None:
    token = client.token()

    assert client.get("/get-order-invoices/1/5", params={"_token": token}).status_code == 200
    assert client.post("/get-order-invoices/1/5", data={"_token": token}).status_code == 200
    assert client.post("/get-order-invoices/1/5", json={"_token": token}).status_code == 200
    assert client.post("/get-order-invoice-details/181001", json={"_token": token}).ok


def test_token_of_another_fake_is_refused(client: Client, fresh_client: Client) -> None:
    token = fresh_client.token() + "x"

    assert client.get("/get-order-invoices/1/5", params={"_token": token}).status_code == 401


def test_wrong_method_is_refused_with_405(client: Client) -> None:
    response = client.post("/get-leads/1/10")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert response.json()["error"] is True
    assert client.get("/view-visits").status_code == 405


def test_unknown_path_is_a_404_in_toolyts_envelope(client: Client) -> None:
    for path in ("/no-such-endpoint", "/get-leads/1", "/get-leads/1/2/3", "/create-lead"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["status"] == 404


def test_admin_api_needs_no_key(shared_fake: FakeToolyt) -> None:
    client = Client(shared_fake, api_key=None)

    assert client.get("/__admin/clock").json() == {"now": shared_fake.now}
