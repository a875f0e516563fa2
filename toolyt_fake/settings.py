"""Settings of the fake Toolyt server: sizes, id ranges, base URLs and page limits."""

from __future__ import annotations

DEFAULT_SEED = 1
DEFAULT_SCALE = 1.0
DEFAULT_NOW = "2026-06-01 10:00:00"
DEFAULT_API_KEY = "demo-key"
DEFAULT_HOST = "127.0.0.1"

DAY = 86_400
HOUR = 3_600

# Toolyt caps page sizes silently; the fake does the same at this size.
MAX_PAGE_SIZE = 1000
# Page number and size of the POST endpoints when the caller leaves them out.
DEFAULT_PAGE_NUMBER = 1
DEFAULT_PAGE_SIZE = 10

# The generated history covers this many days before the clock.
HISTORY_DAYS = 120

# Records at scale 1. The scale multiplies each count; users grow with its square root.
BASE_USERS = 10
BASE_COUNTS = {
    "prospects": 300,
    "products": 40,
    "jobs": 80,
    "visits": 600,
    "orders": 150,
    "order_invoices": 120,
    "attendance": 400,
    "opportunities": 60,
}
# How the prospects of the generated history split between the three stages.
STAGE_SHARES = (("leads", 0.45), ("customers", 0.40), ("lost_leads", 0.15))

# The first id of each kind; later ids climb from there with small gaps, as deleted rows leave.
FIRST_IDS = {
    "users": 15,
    "prospects": 1001,
    "products": 201,
    "jobs": 2,
    "visits": 2301,
    "orders": 224001,
    "order_invoices": 181001,
    "attendance": 1,
    "opportunities": 38,
}

# Every list the API serves, and the kind of record behind it. Leads, customers and lost leads
# are one kind, prospects, in three stages that share one id space.
LIST_KINDS = {
    "users": "users",
    "leads": "prospects",
    "customers": "prospects",
    "lost_leads": "prospects",
    "products": "products",
    "jobs": "jobs",
    "visits": "visits",
    "orders": "orders",
    "order_invoices": "order_invoices",
    "attendance": "attendance",
    "opportunities": "opportunities",
}
STAGES = ("leads", "customers", "lost_leads")
# Lists whose records have a detail endpoint.
DETAIL_LISTS = (
    "users",
    "leads",
    "customers",
    "lost_leads",
    "products",
    "jobs",
    "order_invoices",
    "opportunities",
)

TOKEN_LENGTH = 40
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

IMAGES = "https://toolyt.com/app/public/images/"
PROFILE_PIC_URL = IMAGES + "profile_pic/"
CUSTOMER_PIC_URL = IMAGES + "customer_pic/"
CUSTOMER_PHOTO_URL = IMAGES + "customer_photos/"
CUSTOMER_DOCUMENT_URL = IMAGES + "customer_documents/"
PRODUCT_ICON_URL = IMAGES + "product_icon/"
ATTACHMENT_URL = IMAGES + "attachments/"
JOB_IMAGE_URL = IMAGES + "job_pic/"
JOB_PHOTO_URL = IMAGES + "job_photos/"

COMPANY = {
    "id": 11,
    "company_name": "Sahyadri Medicals",
    "full_name": "Sahyadri Medicals Pvt. Ltd.",
    "phone": "0000000000",
    "email": "admin@sahyadri-medicals.in",
    "company_address": "",
    "order_id_prefix": "ORD_SAHYADRI",
    "job_reference_prefix": "JB_SAHYADRI",
}
# Seats bought beyond the users that exist.
SPARE_SEATS = 5

# The admin API lives under this prefix, answers without a key and is not counted in stats.
ADMIN_PREFIX = "/__admin/"
