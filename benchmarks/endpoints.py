"""Toolyt's read endpoints as the benchmark's peers see them, read off the API documentation.

The peers stand for a user who has the documentation and dlt, not this project's source, so
this table is written from the documentation and deliberately does not import
`sources.toolyt.settings`. Table names match the ones toolyt_sync loads, so one completeness
check reads every system's warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Every peer reads the same account slice with the same page size as toolyt_sync's default.
START_DATE = "2026-01-01"
PAGE_SIZE = 200
DATASET = "toolyt"
WAREHOUSE_FILE = "warehouse.duckdb"

# Where a list takes its page number and size:
#   path:  GET .../{page}/{size}    query: ?page_number=&limit=    body: JSON pageNumber, limit
Paging = Literal["path", "query", "body"]
# How a list filters on creation time:
#   datetime: from_date/to_date `yyyy-mm-dd hh:mm:ss` (IST)    date: the same as `yyyy-mm-dd`
#   since:    a start date as the last path segment            none: the whole list
Window = Literal["datetime", "date", "since", "none"]


@dataclass(frozen=True)
class ListEndpoint:
    """One list endpoint and, where Toolyt has one, the detail endpoint of its rows."""

    table: str
    path: str
    items: tuple[str | int, ...]
    total: tuple[str, ...] | None
    id_key: str | tuple[str, ...]
    method: Literal["GET", "POST"] = "GET"
    paging: Paging = "path"
    window: Window = "none"
    detail_path: str | None = None
    detail_key: str | None = None
    needs_token: bool = False

    @property
    def page_segment(self) -> int:
        """Position of the page number among the URL's path segments, from the end."""
        return -3 if self.window == "since" else -2


LISTS: tuple[ListEndpoint, ...] = (
    ListEndpoint(
        "users", "/get-users", ("users",), ("total_users",), "user_id",
        detail_path="/get-user-details/{id}", detail_key="user",
    ),
    ListEndpoint(
        "leads", "/get-leads", ("leads",), ("total_leads",), "lead_id", window="datetime",
        detail_path="/get-lead-details/{id}", detail_key="lead",
    ),
    ListEndpoint(
        "customers", "/get-customers", ("customers",), ("total_customers",), "customer_id",
        window="datetime", detail_path="/get-customer-details/{id}", detail_key="customer",
    ),
    # Lost leads come under the key "leads", in the list and in the detail ("lead").
    ListEndpoint(
        "lost_leads", "/get-lost-leads", ("leads",), ("total_leads",), "lead_id",
        window="datetime", detail_path="/get-lost-lead-details/{id}", detail_key="lead",
    ),
    ListEndpoint(
        "products", "/get-products", ("products",), ("total_products",), "product_id",
        detail_path="/get-product-details/{id}", detail_key="product",
    ),
    ListEndpoint(
        "jobs", "/get-jobs", ("jobs",), ("total_jobs",), "job_id",
        detail_path="/get-job-details/{id}", detail_key="job",
    ),
    # A list inside a list and no total: past the last page the answer is `[[]]`.
    ListEndpoint(
        "visits", "/view-visits", ("Visits", 0), None, "id",
        method="POST", paging="query", window="datetime",
    ),
    ListEndpoint(
        "orders", "/get-orders", ("order", "orders"), ("order", "totalOrders"), "order_id",
        method="POST", paging="body", window="date",
    ),
    # Documented as GET with `_token`, shown as POST: the token goes in a form body.
    ListEndpoint(
        "order_invoices", "/get-order-invoices", ("data",), ("total",), "invoice_id",
        method="POST", window="since", detail_path="/get-order-invoice-details/{id}",
        detail_key="invoice", needs_token=True,
    ),
    ListEndpoint(
        "attendance", "/get-attendence", ("attendenceList",), ("attendenceListCount",),
        ("user_id", "created_at"), method="POST", paging="query", window="date",
    ),
    # Opportunities come under "leads"; the detail names its id `toolyt_oppurtunities_id`
    # and lacks a few list fields, so list and detail rows are both needed.
    ListEndpoint(
        "opportunities", "/get-opportunities", ("leads",), ("total_leads",),
        "toolyt_oppurtunity_id", window="datetime",
        detail_path="/get-opportunity-details/{id}", detail_key="opportunity",
    ),
)

# Endpoints answering one object (or one short list) with no paging: path and key.
SINGLES: dict[str, tuple[str, str]] = {
    "company": ("/get-company-details", "company"),
    "customer_form": ("/get-customer-form", "customer_form"),
}

TOKEN_PATH = "/get-token"


def window_params(endpoint: ListEndpoint, now: str) -> dict[str, str]:
    """The creation-time filter covering START_DATE .. `now` as one window."""
    if endpoint.window == "datetime":
        return {"from_date": f"{START_DATE} 00:00:00", "to_date": now}
    if endpoint.window == "date" and endpoint.paging == "body":
        return {"startDate": START_DATE, "endDate": now[:10]}
    if endpoint.window == "date":
        return {"from_date": START_DATE, "to_date": now[:10]}
    return {}


def list_path(endpoint: ListEndpoint, page: int) -> str:
    """The list's path, with page number and size where Toolyt wants them in it."""
    if endpoint.paging != "path":
        return endpoint.path
    since = f"/{START_DATE}" if endpoint.window == "since" else ""
    return f"{endpoint.path}/{page}/{PAGE_SIZE}{since}"


def json_path(keys: tuple[str | int, ...]) -> str:
    """`("Visits", 0)` as the JSONPath `Visits[0]`, the form dlt's selectors take."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else f".{key}" if text else key
    return text
