"""Everything the source knows about Toolyt's endpoints, in one place.

Logic modules import these tables and never repeat a path, a key or a field list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DEFAULT_BASE_URL = "https://api.toolyt.com"
IST = "Asia/Kolkata"

# Toolyt's own formats: naive IST date-times and dates on the wire.
API_DATETIME = "%Y-%m-%d %H:%M:%S"
API_DATE = "%Y-%m-%d"

# How a list endpoint takes its window, if it takes one at all.
#   datetime: from_date/to_date as `yyyy-mm-dd hh:mm:ss` IST, both ends inclusive
#   date:     from/to as `YYYY-MM-DD`, both ends inclusive (attendance, orders)
#   since:    one optional start date in the path (order invoices)
#   none:     the whole list every time
WindowKind = Literal["datetime", "date", "since", "none"]

# How a list endpoint is paged and where its parameters go.
#   path:  GET .../{page}/{size}?query
#   query: POST ...?page_number=&limit=&from_date=&to_date=
#   body:  POST with pageNumber, limit, startDate, endDate in a JSON body
PagingKind = Literal["path", "query", "body"]


@dataclass(frozen=True)
class Endpoint:
    """One Toolyt list endpoint and, where it has one, its detail endpoint.

    Attributes:
        resource: dlt resource and table name (Toolyt's noun, snake_case).
        list_path: path of the list endpoint, without page segments.
        method: HTTP method of the list endpoint.
        paging: where page number and page size go.
        window: how the endpoint filters on creation time.
        items: keys leading from the JSON body to the list of rows.
        total: keys leading to the item total, or None where the API gives none.
        id_key: the row's id in the list answer, also the table's primary key.
        detail_path: path of the detail endpoint, `{id}` filled in, or None.
        detail_key: key of the record in the detail answer.
        needs_token: the endpoint wants the `_token` from get-token.
        membership: the list says which records are in it right now, so ids that
            leave it are deleted from the table (leads, customers, lost leads).
        relist: rows change after creation, so every run re-reads the whole list
            (without details) to find the changed ones.
    """

    resource: str
    list_path: str
    method: Literal["GET", "POST"]
    paging: PagingKind
    window: WindowKind
    items: tuple[str, ...]
    total: tuple[str, ...] | None
    id_key: str | tuple[str, ...]
    detail_path: str | None = None
    detail_key: str | None = None
    needs_token: bool = False
    membership: bool = False
    relist: bool = False
    stage: str | None = None
    nested: tuple[str, ...] = field(default=())


ENDPOINTS: dict[str, Endpoint] = {
    e.resource: e
    for e in (
        Endpoint(
            "users", "/get-users", "GET", "path", "none", ("users",), ("total_users",),
            "user_id", "/get-user-details/{id}", "user",
        ),
        Endpoint(
            "leads", "/get-leads", "GET", "path", "datetime", ("leads",), ("total_leads",),
            "lead_id", "/get-lead-details/{id}", "lead",
            membership=True, relist=True, stage="lead",
        ),
        Endpoint(
            "customers", "/get-customers", "GET", "path", "datetime", ("customers",),
            ("total_customers",), "customer_id", "/get-customer-details/{id}", "customer",
            membership=True, relist=True, stage="customer",
        ),
        Endpoint(
            "lost_leads", "/get-lost-leads", "GET", "path", "datetime", ("leads",),
            ("total_leads",), "lead_id", "/get-lost-lead-details/{id}", "lead",
            membership=True, relist=True, stage="lost",
        ),
        Endpoint(
            "products", "/get-products", "GET", "path", "none", ("products",),
            ("total_products",), "product_id", "/get-product-details/{id}", "product",
        ),
        Endpoint(
            "jobs", "/get-jobs", "GET", "path", "none", ("jobs",), ("total_jobs",),
            "job_id", "/get-job-details/{id}", "job", nested=("status_history", "photos"),
        ),
        # Visits come as a list inside a list and without a total; they change after
        # creation (check-in, check-out, cancellation) and have no detail endpoint.
        Endpoint(
            "visits", "/view-visits", "POST", "query", "datetime", ("Visits", 0), None,
            "id", relist=True,
        ),
        Endpoint(
            "orders", "/get-orders", "POST", "body", "date", ("order", "orders"),
            ("order", "totalOrders"), "order_id", nested=("product_details",),
        ),
        # The invoice endpoints want `_token`, which goes in a form body: they are
        # documented as GET but shown as POST, and a POST keeps the token out of URLs.
        Endpoint(
            "order_invoices", "/get-order-invoices", "POST", "path", "since", ("data",),
            ("total",), "invoice_id", "/get-order-invoice-details/{id}", "invoice",
            needs_token=True, nested=("products",),
        ),
        Endpoint(
            "attendance", "/get-attendence", "POST", "query", "date", ("attendenceList",),
            ("attendenceListCount",), ("user_id", "created_at"),
        ),
        # An opportunity's stage and won/lost status change after creation and show
        # in its list row, so the list is re-read whole and changed rows re-fetched.
        Endpoint(
            "opportunities", "/get-opportunities", "GET", "path", "datetime", ("leads",),
            ("total_leads",), "toolyt_oppurtunity_id", "/get-opportunity-details/{id}",
            "opportunity", relist=True, nested=("products",),
        ),
    )
}

TOKEN_PATH = "/get-token"
COMPANY_PATH = "/get-company-details"
CUSTOMER_FORM_PATH = "/get-customer-form"

# The three lists one prospect moves between; they share one id space.
PROSPECT_RESOURCES = ("leads", "customers", "lost_leads")
HISTORY_TABLE = "prospect_history"

# Every resource a user can name with --resources, in load order.
RESOURCES = ("company", "customer_form", *ENDPOINTS)

# Hidden columns the source adds to entity tables.
HASH_COLUMN = "_toolyt_list_hash"
DELETED_COLUMN = "_toolyt_deleted"

# Field types the API does not state. Anything not named here keeps its JSON type.
# Naive IST date-times, stored timezone-aware.
TIMESTAMP_FIELDS = frozenset({
    "assigned_date", "created_date", "created_at", "updated_at", "finish_job_by_date",
    "finished_at", "updated_date", "order_date", "cancelled_datetime", "check_in_time",
    "check_out_time", "lost_won_date_time",
})
DATE_FIELDS = frozenset({
    "purchase_date", "warranty_date", "invoice_date", "invoice_due_date", "date",
    "next_action_date", "estimated_order_date", "lost_won_date", "schedule_date",
})
TIME_FIELDS = frozenset({
    "time", "next_action_time", "schedule_time", "signin_time", "signout_time",
})
MONEY_FIELDS = frozenset({
    "expected_value", "price", "mrp", "default_price", "amount", "tax", "total_amount",
    "balance_amount", "price_per_quantity", "tax_amount", "estimated_order_value", "dtp_sum",
})
# Phone numbers keep their leading zeros, so they are text even when sent as numbers.
TEXT_FIELDS = frozenset({
    "phone", "alternate_phone", "land_line", "mobile", "pin_code", "reference_id",
    "product_sku", "order_no", "invoice_number", "employee_number", "external_id",
    "customer_external_id",
})
# Objects keyed "0", "1", ... (or by product id) that are really lists.
KEYED_LIST_FIELDS = frozenset({"photos", "documents", "products"})
INTEGER_FIELDS = frozenset({
    "position",
    "id", "status", "category_id", "user_assigned", "company_id", "created_by", "customer_id",
    "visit_mode_id", "cancelled_user", "reschedule_status", "customer_contact_id",
    "customer_opportunity_id", "customer_opportunity_stage_id", "customer_status_type",
    "customer_progress_id", "reason_id", "sub_reason_id", "along_with_user", "order_added",
    "recurrence_added", "recurrence_id", "job_type", "job_assign_to_user_id", "product_id",
    "satisfaction", "customer_code", "quantity", "free_quantity", "stock", "invoice_id",
    "user_id", "lead_id", "job_id", "order_id", "assigned_user_id", "distributor_status",
    "status_type", "lost_won_status", "cancelled_status", "opportunity_notes_count",
    "toolyt_oppurtunity_id", "toolyt_oppurtunities_id", "last_stage_id",
    "forecast_category_id", "selling_model", "opportunity_category",
    "opportunity_created_person_id", "created_distributor_status", "customer_push_status",
    "currency_id", "user_limit", "order_id_number", "job_reference_number", "updated_by",
    "field_id", "is_mandatory",
})

_PROSPECT_FIELDS = (
    "full_name", "company_name", "designation", "phone", "alternate_phone", "land_line",
    "email", "address", "website", "profile_pic", "location", "country_name", "state_name",
    "district_name", "area_name", "expected_value", "lead_status", "lead_source",
    "assigned_user_id", "assigned_user", "industry", "industry_category",
    "industry_sub_category", "description", "pin_code",
)

# Every field the documentation shows for a resource's list and detail answers. They are
# declared up front, typed, so that a column exists even while all its values are null
# (dlt creates no column for a field it has only seen null), and SQL over them never
# breaks on a young account.
DOCUMENTED_FIELDS: dict[str, tuple[str, ...]] = {
    "users": (
        "user_id", "first_name", "middle_name", "last_name", "phone", "email", "profile_pic",
        "address", "designation", "employee_number", "department",
    ),
    "leads": ("lead_id", "assigned_date", *_PROSPECT_FIELDS),
    "customers": ("customer_id", "created_date", *_PROSPECT_FIELDS),
    "lost_leads": ("lead_id", "created_date", *_PROSPECT_FIELDS),
    "products": (
        "product_id", "product_name", "product_sku", "price", "description", "product_icon",
        "attachments", "product_category", "country_name", "dimension", "packaging", "mrp",
    ),
    "jobs": (
        "job_id", "reference_id", "customer_id", "customer_name", "job_assign_to_user_id",
        "assign_to_user", "job_type", "job_type_name", "product_id", "product_name",
        "purchase_date", "warranty_date", "finish_job_by_date", "image", "job_status",
        "job_details", "extra_task", "alternate_phone", "priority", "satisfaction",
        "completion_image", "signature", "created_date", "job_completion_status",
        "reopen_status", "latitude", "longitude", "location_name", "finished_at", "reason",
        "remarks",
    ),
    "visits": (
        "id", "user_id", "first_name", "last_name", "address", "phone", "category_id",
        "user_assigned", "created_at", "updated_at", "company_id", "created_by", "customer_id",
        "latitude", "longitude", "location_name", "accuracy", "visit_mode_id", "remarks",
        "schedule_content", "date", "time", "schedule_date", "schedule_time", "comments",
        "next_action_date", "next_action_time", "status", "cancel_reason", "cancelled_user",
        "cancelled_datetime", "reschedule_status", "image", "image_url", "check_in_time",
        "check_out_time", "customer_contact_id", "customer_opportunity_id",
        "customer_opportunity_stage_id", "customer_status_type", "customer_progress_id",
        "reason_id", "sub_reason_id", "along_with_user", "order_added", "recurrence_added",
        "recurrence_id", "user_name", "full_name", "customer_name", "customer_company",
        "website", "email", "company_name",
    ),
    "orders": (
        "order_no", "order_id", "customer_code", "customer_type", "order_date", "default_price",
    ),
    "order_invoices": (
        "invoice_id", "invoice_number", "invoice_date", "invoice_due_date", "credit_level",
        "credit_priod", "customer_id", "customer_name", "customer_address", "country", "state",
        "city", "area", "amount", "tax", "total_amount", "balance_amount", "status",
    ),
    "attendance": (
        "user_id", "full_name", "date", "latitude", "longitude", "location_name",
        "signin_time", "signout_time", "logout_location_name", "created_at",
    ),
    "opportunities": (
        "toolyt_oppurtunity_id", "oppurtunity_name", "reference_id", "company_name",
        "full_name", "prospect_type", "user_name", "distributor_status", "created_by",
        "customer_id", "status_type", "created_at", "lost_won_status", "currency_id",
        "opportunity_notes_count", "external_id", "cancelled_status", "estimated_order_date",
        "currency_symbol", "estimated_order_value", "oppurtunity_stage",
        "toolyt_oppurtunities_id", "oppurtunity_type", "lost_won_date", "lost_won_reason",
        "last_stage_id", "company_id", "forecast_category_id", "forecast_category",
        "currency_short_name", "oppurtunity_step", "dtp_sum", "selling_model",
        "opportunity_category", "opportunity_created_person_id", "created_distributor_status",
        "created_user_name", "customer_push_status", "customer_external_id",
    ),
}


# Where one name means different things in different answers.
RESOURCE_FIELD_TYPES = {("order_invoices", "status"): "text"}


_FILES = ("position", "file_name")

# The documented fields of nested lists, which become child tables `<table>__<field>`.
NESTED_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": {"photos": _FILES, "documents": _FILES},
    "customers": {"photos": _FILES, "documents": _FILES},
    "lost_leads": {"photos": _FILES, "documents": _FILES},
    "jobs": {
        "photos": _FILES,
        "status_history": (
            "job_status", "notes", "comments", "updated_by", "updated_user_name",
            "updated_date",
        ),
    },
    "orders": {
        "product_details": (
            "product_name", "product_sku", "description", "price", "quantity", "stock",
            "product_codes",
        ),
    },
    "order_invoices": {
        "products": (
            "id", "product_name", "product_sku", "quantity", "free_quantity",
            "price_per_quantity", "tax_amount",
        ),
    },
    "opportunities": {"products": ("product_id", "quantity", "price")},
}
COMPANY_FIELDS = (
    "id", "company_name", "full_name", "phone", "email", "user_limit", "company_address",
    "order_id_prefix", "order_id_number", "job_reference_prefix", "job_reference_number",
)


def columns_for(resource: str, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Typed, nullable dlt column hints for documented `fields` of `resource`."""
    return {
        name: {"name": name, "data_type": data_type(name, resource), "nullable": True}
        for name in fields
    }


def data_type(field_name: str, resource: str = "") -> str:
    """The dlt data type of a documented field of `resource`."""
    if (resource, field_name) in RESOURCE_FIELD_TYPES:
        return RESOURCE_FIELD_TYPES[(resource, field_name)]
    if field_name in TIMESTAMP_FIELDS:
        return "timestamp"
    if field_name in DATE_FIELDS:
        return "date"
    if field_name in TIME_FIELDS:
        return "time"
    if field_name in MONEY_FIELDS:
        return "decimal"
    if field_name in INTEGER_FIELDS:
        return "bigint"
    return "text"
