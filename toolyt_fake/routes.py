"""Toolyt's read endpoints as the fake answers them: parameters in, JSON bytes out.

Every call needs the `AuthorizationKey` header; the order invoice endpoints also need a
`_token` from get-token, in the query string or the body. Bodies may be JSON or form encoded,
and their fields join the query string's. Errors keep Toolyt's envelope,
`{"status": code, "error": true, "message": ...}`, sent with that HTTP status.

Lists page by (creation time, id) ascending; page numbers start at 1 and sizes above
MAX_PAGE_SIZE are cut to it without a word, as Toolyt does. Windows are naive IST and include
both ends. Past the last page a list is empty and its total still right; view-visits then
answers `"Visits": [[]]`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from toolyt_fake.clock import DATE_FORMAT, DATETIME_FORMAT, parse_date, parse_datetime
from toolyt_fake.settings import (
    ATTACHMENT_URL,
    CUSTOMER_DOCUMENT_URL,
    CUSTOMER_PHOTO_URL,
    CUSTOMER_PIC_URL,
    DAY,
    DEFAULT_PAGE_NUMBER,
    DEFAULT_PAGE_SIZE,
    JOB_IMAGE_URL,
    JOB_PHOTO_URL,
    MAX_PAGE_SIZE,
    PRODUCT_ICON_URL,
    PROFILE_PIC_URL,
    TOKEN_ALPHABET,
    TOKEN_LENGTH,
)
from toolyt_fake.world import World

OK = {"status": 200, "error": False}


class ApiError(Exception):
    """An answer in Toolyt's error envelope, with its HTTP status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class Listing:
    """Which page of which list window a call read: what a drift fault needs to act."""

    name: str
    page: int
    size: int
    lo: int | None = None
    hi: int | None = None


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    listing: Listing | None = None


@dataclass
class Call:
    method: str
    endpoint: str
    args: list[str]
    params: dict[str, str]
    api_key: str | None


Handler = Callable[["ToolytApi", Call], Reply]


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    arities: tuple[int, ...]
    handler: Handler


ROUTES: dict[str, Route] = {}


def route(endpoint: str, *methods: str, arities: tuple[int, ...] = (0,)):
    """Register a handler for `endpoint`, taking that many path segments after it."""

    def register(handler: Handler) -> Handler:
        ROUTES[endpoint] = Route(methods, arities, handler)
        return handler

    return register


class ToolytApi:
    """The endpoints over one World, for one API key."""

    def __init__(self, world: World, api_key: str) -> None:
        self.world = world
        self.api_key = api_key
        self.tokens: set[str] = set()

    def answer(
        self,
        method: str,
        path: str,
        query: str,
        body: bytes,
        content_type: str,
        api_key: str | None,
    ) -> Reply:
        """Answer one HTTP call; every failure comes back as an error Reply."""
        segments = [part for part in path.split("/") if part]
        endpoint = segments[0] if segments else ""
        try:
            found = ROUTES.get(endpoint)
            if found is None or len(segments) - 1 not in found.arities:
                raise ApiError(404, f"No endpoint at `{path}`; the fake serves Toolyt's reads")
            if method not in found.methods:
                allowed = ", ".join(found.methods)
                raise ApiError(
                    405, f"`{endpoint}` takes {allowed}, not {method}", {"Allow": allowed}
                )
            self._authorize(api_key)
            params = read_params(query, body, content_type)
            return found.handler(self, Call(method, endpoint, segments[1:], params, api_key))
        except ApiError as error:
            return Reply(error.status, error_body(error.status, error.message), error.headers)

    def _authorize(self, api_key: str | None) -> None:
        if not api_key:
            raise ApiError(401, "The `AuthorizationKey` header is missing")
        if api_key != self.api_key:
            raise ApiError(401, "Invalid `AuthorizationKey`")

    def issue_token(self) -> str:
        with self.world.lock:
            rng = self.world.rng("token", len(self.tokens))
            token = "".join(rng.choices(TOKEN_ALPHABET, k=TOKEN_LENGTH))
            self.tokens.add(token)
            return token

    def check_token(self, call: Call) -> None:
        if call.params.get("_token") not in self.tokens:
            raise ApiError(401, "Invalid token")


# --- parameters --------------------------------------------------------------------------------


def read_params(query: str, body: bytes, content_type: str) -> dict[str, str]:
    """The query string's fields, then the body's (JSON or form) over them, all as text."""
    params = dict(parse_qsl(query, keep_blank_values=True))
    if not body.strip():
        return params
    text = body.decode("utf-8", "replace")
    if "json" in content_type or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ApiError(400, f"The request body is not valid JSON: {error}") from None
        if not isinstance(data, dict):
            raise ApiError(400, "The request body must be a JSON object")
        params.update({key: _text(value) for key, value in data.items()})
    else:
        params.update(parse_qsl(text, keep_blank_values=True))
    return params


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def whole(text: str | None, name: str, default: int | None = None) -> int:
    """A page number or size: a whole number of at least 1."""
    if text in (None, "") and default is not None:
        return default
    try:
        value = int(text or "")
    except ValueError:
        value = 0
    if value < 1:
        raise ApiError(400, f"`{name}` must be a whole number of at least 1; got `{text}`")
    return value


def page_size(text: str | None, name: str, default: int | None = None) -> int:
    # Toolyt cuts oversized pages to its cap without saying so.
    return min(whole(text, name, default), MAX_PAGE_SIZE)


def moment(params: dict[str, str], name: str, required: bool = False) -> int | None:
    """A `yyyy-mm-dd hh:mm:ss` (IST) parameter as seconds; None when absent or blank."""
    text = params.get(name, "").strip()
    if not text:
        if required:
            raise ApiError(400, f"`{name}` is required, as `{DATETIME_FORMAT}` (IST)")
        return None
    try:
        return parse_datetime(text)
    except ValueError:
        message = f"`{name}` must look like `{DATETIME_FORMAT}` (IST); got `{text}`"
        raise ApiError(400, message) from None


def day(text: str | None, name: str, required: bool = False) -> int | None:
    """A `yyyy-mm-dd` parameter as the seconds of its first moment; None when absent."""
    text = (text or "").strip()
    if not text:
        if required:
            raise ApiError(400, f"`{name}` is required, as `{DATE_FORMAT}`")
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise ApiError(400, f"`{name}` must look like `{DATE_FORMAT}`; got `{text}`") from None


def end_of(midnight: int | None) -> int | None:
    return None if midnight is None else midnight + DAY - 1


def record_id(text: str, noun: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ApiError(404, f"{noun} `{text}` not found") from None


# --- rendering ---------------------------------------------------------------------------------


def error_body(status: int, message: str) -> bytes:
    body = {"status": status, "error": True, "message": message}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def render(head: dict[str, Any], **parts: bytes) -> bytes:
    """`head` as JSON, with each value `"__<part>__"` replaced by the ready JSON of that part.

    Rows and details are cached as JSON bytes, so an answer is spliced, not re-encoded.
    """
    body = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode()
    for name, value in parts.items():
        body = body.replace(f'"__{name}__"'.encode(), value, 1)
    return body


def rows_json(world: World, name: str, ids: list[int]) -> bytes:
    return b"[" + b",".join(world.row_json(name, i) for i in ids) + b"]"


def ok(body: bytes, listing: Listing | None = None) -> Reply:
    return Reply(200, body, listing=listing)


def paged_list(
    api: ToolytApi,
    call: Call,
    name: str,
    head: dict[str, Any],
    total_key: str,
    lo: int | None = None,
    hi: int | None = None,
) -> Reply:
    """A list whose page number and size are the two path segments."""
    page = whole(call.args[0], "pageNumber")
    size = page_size(call.args[1], "noOfRecords")
    world = api.world
    with world.lock:
        total, ids = world.page(name, page, size, lo, hi)
        rows = rows_json(world, name, ids)
    body = render({**OK, **head, total_key: total, name_key(name): "__rows__"}, rows=rows)
    return ok(body, Listing(name, page, size, lo, hi))


def name_key(name: str) -> str:
    # Toolyt's lost leads list calls its rows "leads".
    return "leads" if name == "lost_leads" else name


def detail(
    api: ToolytApi, call: Call, name: str, key: str, noun: str, head: dict[str, Any] | None = None
) -> Reply:
    world = api.world
    with world.lock:
        found = world.detail_json(name, record_id(call.args[0], noun))
    if found is None:
        raise ApiError(404, f"{noun} `{call.args[0]}` not found")
    return ok(render({**OK, **(head or {}), key: "__detail__"}, detail=found))


# --- endpoints ---------------------------------------------------------------------------------

PICTURES = {
    "profilePicUrl": CUSTOMER_PIC_URL,
    "photoUrl": CUSTOMER_PHOTO_URL,
    "documentUrl": CUSTOMER_DOCUMENT_URL,
}
PRODUCT_URLS = {"productIconUrl": PRODUCT_ICON_URL, "attachmentUrl": ATTACHMENT_URL}


@route("get-token", "GET")
def get_token(api: ToolytApi, call: Call) -> Reply:
    return ok(render({**OK, "token": api.issue_token()}))


@route("get-company-details", "GET")
def get_company_details(api: ToolytApi, call: Call) -> Reply:
    return ok(render({**OK, "company": api.world.company()}))


@route("get-customer-form", "GET")
def get_customer_form(api: ToolytApi, call: Call) -> Reply:
    return ok(render({**OK, "customer_form": api.world.customer_form()}))


@route("get-users", "GET", arities=(2,))
def get_users(api: ToolytApi, call: Call) -> Reply:
    return paged_list(api, call, "users", {"baseUrl": PROFILE_PIC_URL}, "total_users")


@route("get-user-details", "GET", arities=(1,))
def get_user_details(api: ToolytApi, call: Call) -> Reply:
    return detail(api, call, "users", "user", "User", {"baseUrl": PROFILE_PIC_URL})


def _prospect_list(name: str, total_key: str) -> Handler:
    def handler(api: ToolytApi, call: Call) -> Reply:
        lo = moment(call.params, "from_date")
        hi = moment(call.params, "to_date")
        head = {"baseUrl": CUSTOMER_PIC_URL}
        return paged_list(api, call, name, head, total_key, lo, hi)

    return handler


def _prospect_detail(name: str, key: str, noun: str) -> Handler:
    def handler(api: ToolytApi, call: Call) -> Reply:
        return detail(api, call, name, key, noun, PICTURES)

    return handler


route("get-leads", "GET", arities=(2,))(_prospect_list("leads", "total_leads"))
route("get-customers", "GET", arities=(2,))(_prospect_list("customers", "total_customers"))
route("get-lost-leads", "GET", arities=(2,))(_prospect_list("lost_leads", "total_leads"))
route("get-lead-details", "GET", arities=(1,))(_prospect_detail("leads", "lead", "Lead"))
route("get-customer-details", "GET", arities=(1,))(
    _prospect_detail("customers", "customer", "Customer")
)
route("get-lost-lead-details", "GET", arities=(1,))(
    _prospect_detail("lost_leads", "lead", "Lost lead")
)

SEARCH_STAGES = {"0": "leads", "1": "customers", "2": "lost_leads"}


@route("search-customer-or-lead", "POST")
def search_customer_or_lead(api: ToolytApi, call: Call) -> Reply:
    params = call.params
    page = whole(params.get("pageNumber"), "pageNumber", DEFAULT_PAGE_NUMBER)
    size_text = params.get("noOfRecords") or params.get("limit")
    size = page_size(size_text, "noOfRecords", DEFAULT_PAGE_SIZE)
    # The documentation never says what a missing `status` means; the fake searches leads.
    status = params.get("status", "0").strip() or "0"
    if status not in SEARCH_STAGES:
        raise ApiError(
            400, f"`status` must be 0 (leads), 1 (customers) or 2 (lost leads); got `{status}`"
        )
    email, phone = params.get("email", "").strip(), params.get("phone", "").strip()
    if not email and not phone:
        raise ApiError(400, "Pass `email` or `phone` to search")

    name = SEARCH_STAGES[status]
    with api.world.lock:
        ids = api.world.search(name, email, phone)
        rows = rows_json(api.world, name, ids[(page - 1) * size : page * size])
    head = {**OK, "customer": {"totalLeads": len(ids), "customer": "__rows__"}}
    return ok(render(head, rows=rows))


@route("get-products", "GET", arities=(2,))
def get_products(api: ToolytApi, call: Call) -> Reply:
    return paged_list(api, call, "products", PRODUCT_URLS, "total_products")


@route("get-product-details", "GET", arities=(1,))
def get_product_details(api: ToolytApi, call: Call) -> Reply:
    return detail(api, call, "products", "product", "Product", PRODUCT_URLS)


@route("get-jobs", "GET", arities=(2,))
def get_jobs(api: ToolytApi, call: Call) -> Reply:
    return paged_list(api, call, "jobs", {"jobImage": JOB_IMAGE_URL}, "total_jobs")


@route("get-job-details", "GET", arities=(1,))
def get_job_details(api: ToolytApi, call: Call) -> Reply:
    head = {"jobPhotos": JOB_PHOTO_URL, "jobImage": JOB_IMAGE_URL}
    return detail(api, call, "jobs", "job", "Job", head)


@route("view-visits", "POST")
def view_visits(api: ToolytApi, call: Call) -> Reply:
    params = call.params
    page = whole(params.get("page_number"), "page_number", DEFAULT_PAGE_NUMBER)
    size = page_size(params.get("limit"), "limit", DEFAULT_PAGE_SIZE)
    lo = moment(params, "from_date", required=True)
    hi = moment(params, "to_date", required=True)
    with api.world.lock:
        _, ids = api.world.page("visits", page, size, lo, hi)
        rows = rows_json(api.world, "visits", ids)
    # A list inside a list, and no total: the end shows only as `[[]]`.
    body = render({**OK, "Visits": "__rows__"}, rows=b"[" + rows + b"]")
    return ok(body, Listing("visits", page, size, lo, hi))


@route("get-orders", "POST")
def get_orders(api: ToolytApi, call: Call) -> Reply:
    params = call.params
    page = whole(params.get("pageNumber"), "pageNumber", DEFAULT_PAGE_NUMBER)
    size = page_size(params.get("limit"), "limit", DEFAULT_PAGE_SIZE)
    lo = day(params.get("startDate"), "startDate")
    hi = end_of(day(params.get("endDate"), "endDate"))
    with api.world.lock:
        total, ids = api.world.page("orders", page, size, lo, hi)
        rows = rows_json(api.world, "orders", ids)
    body = render({**OK, "order": {"totalOrders": total, "orders": "__rows__"}}, rows=rows)
    return ok(body, Listing("orders", page, size, lo, hi))


@route("get-order-invoices", "GET", "POST", arities=(2, 3))
def get_order_invoices(api: ToolytApi, call: Call) -> Reply:
    api.check_token(call)
    page = whole(call.args[0], "page number")
    size = page_size(call.args[1], "No of data in page")
    lo = day(call.args[2], "date") if len(call.args) > 2 else None
    with api.world.lock:
        total, ids = api.world.page("order_invoices", page, size, lo)
        rows = rows_json(api.world, "order_invoices", ids)
    body = render({**OK, "total": total, "data": "__rows__"}, rows=rows)
    return ok(body, Listing("order_invoices", page, size, lo))


@route("get-order-invoice-details", "GET", "POST", arities=(1,))
def get_order_invoice_details(api: ToolytApi, call: Call) -> Reply:
    api.check_token(call)
    return detail(api, call, "order_invoices", "invoice", "Order invoice")


@route("get-attendence", "POST")
def get_attendence(api: ToolytApi, call: Call) -> Reply:
    params = call.params
    page = whole(params.get("page_number"), "page_number", DEFAULT_PAGE_NUMBER)
    size = page_size(params.get("limit"), "limit", DEFAULT_PAGE_SIZE)
    lo = day(params.get("from_date"), "from_date", required=True)
    hi = end_of(day(params.get("to_date"), "to_date", required=True))
    with api.world.lock:
        total, ids = api.world.page("attendance", page, size, lo, hi)
        rows = rows_json(api.world, "attendance", ids)
    head = {**OK, "attendenceListCount": total, "attendenceList": "__rows__"}
    return ok(render(head, rows=rows), Listing("attendance", page, size, lo, hi))


@route("get-opportunities", "GET", "POST", arities=(2,))
def get_opportunities(api: ToolytApi, call: Call) -> Reply:
    params = call.params
    page = whole(call.args[0], "pageNumber")
    size = page_size(call.args[1], "limit")
    lo, hi = moment(params, "from_date"), moment(params, "to_date")
    user_text = params.get("user_id", "").strip()
    user_id = whole(user_text, "user_id") if user_text else None
    keep = None if user_id is None else (lambda record: record.user_id == user_id)
    with api.world.lock:
        total, ids = api.world.page("opportunities", page, size, lo, hi, keep)
        rows = rows_json(api.world, "opportunities", ids)
    head = {**OK, "baseUrl": CUSTOMER_PIC_URL, "total_leads": total, "leads": "__rows__"}
    return ok(render(head, rows=rows), Listing("opportunities", page, size, lo, hi))


@route("get-opportunity-details", "GET", arities=(1,))
def get_opportunity_details(api: ToolytApi, call: Call) -> Reply:
    return detail(api, call, "opportunities", "opportunity", "Opportunity")
