"""The JSON shapes of Toolyt's answers: list rows and detail objects built from records.

Keys, nesting and value formats follow Toolyt's documented examples, quirks included: objects
keyed "0", "1" for photos, custom keys such as `no._of_beds` and `volume_(ml)`, blanks and
nulls side by side, zero dates, amounts sometimes sent as text. The descriptive fields
(names, phones, addresses) are drawn from a random stream seeded by the record's id.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from toolyt_fake.clock import (
    ZERO_DATE,
    ZERO_TIME,
    format_date,
    format_datetime,
    format_optional,
    format_schedule_date,
    format_schedule_time,
    format_stamp,
    format_time,
)
from toolyt_fake.records import (
    Attendance,
    FormField,
    Job,
    Opportunity,
    Order,
    OrderInvoice,
    Product,
    Prospect,
    User,
    Visit,
)
from toolyt_fake.settings import COMPANY, DAY, SPARE_SEATS
from toolyt_fake.vocab import (
    ADDRESSES,
    COMPANIES,
    DEPARTMENTS,
    DESCRIPTIONS,
    DESIGNATIONS,
    DIMENSIONS,
    EDUCATION,
    FIRST_NAMES,
    FORECAST_CATEGORIES,
    INDUSTRIES,
    JOB_DETAILS,
    JOB_TYPES,
    LAST_NAMES,
    LEAD_SOURCES,
    LOCATIONS,
    LOST_WON_REASONS,
    OPPORTUNITY_NAMES,
    OPPORTUNITY_STEPS,
    OPPORTUNITY_TYPES,
    PACKAGING,
    PIN_CODES,
    PRIORITIES,
    PRODUCT_VARIANTS,
    PRODUCTS,
    STATES,
    USER_DESIGNATIONS,
    VISIT_CONTENTS,
    VISIT_REMARKS,
    VOLUMES,
    WEBSITES,
)

if TYPE_CHECKING:
    from toolyt_fake.world import World

Shape = dict[str, Any]


# --- small draws -------------------------------------------------------------------------------


def _blank(rng: random.Random, value: Any, blank: float = 0.0, null: float = 0.0) -> Any:
    """`value`, or sometimes "" or None, as Toolyt mixes both for an empty field."""
    draw = rng.random()
    if draw < null:
        return None
    return "" if draw < null + blank else value


def _mobile(rng: random.Random) -> str:
    return rng.choice("6789") + "".join(rng.choices("0123456789", k=9))


def _land_line(rng: random.Random) -> str:
    # STD codes keep their leading zero ("09588888885"): these must stay text.
    return "0" + "".join(rng.choices("0123456789", k=10))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _files(rng: random.Random, created: int, suffix: str) -> dict[str, str]:
    """Toolyt's photos and documents: an object keyed "0", "1"..., often {} or {"0": ""}."""
    draw = rng.random()
    if draw < 0.3:
        return {}
    if draw < 0.5:
        return {"0": ""}
    stamp = format_stamp(created)
    return {str(n): f"{stamp}{n}{suffix}" for n in range(rng.randint(1, 3))}


def _money(value: int, as_text: bool) -> int | str:
    return f"{value:.2f}" if as_text else value


def _memo(world: World, kind: str, record_id: int, build: Callable[[World, int], Shape]) -> Shape:
    key = (kind, record_id)
    value = world.memo.get(key)
    if value is None:
        value = world.memo[key] = build(world, record_id)
    return value


# --- users -------------------------------------------------------------------------------------


def _user_fields(world: World, user_id: int) -> Shape:
    rng = world.rng("users", user_id)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    created = world.records["users"][user_id].created
    return {
        "user_id": user_id,
        "first_name": first,
        "last_name": last,
        "phone": rng.choice(("0000000000", _mobile(rng))),
        # Toolyt does not validate emails: "user1.toolyt.com" is in its own example.
        "email": rng.choice(("", f"user{user_id}@sahyadri-medicals.in", f"user{user_id}.toolyt")),
        "profile_pic": rng.choice(("", f"{format_stamp(created)}.jpg")),
        "address": rng.choice(ADDRESSES),
        "designation": rng.choice(USER_DESIGNATIONS),
        "middle_name": rng.choice(("", "", "Kumar", "S")),
        "employee_number": f"EMP{user_id:03d}",
        "department": rng.choice(DEPARTMENTS),
    }


def user_fields(world: World, user_id: int) -> Shape:
    return _memo(world, "users", user_id, _user_fields)


def user_name(world: World, user_id: int) -> str:
    """A user as Toolyt names them elsewhere; a blank last name leaves a trailing space."""
    fields = user_fields(world, user_id)
    return f"{fields['first_name']} {fields['last_name']}"


def user_row(world: World, user: User) -> Shape:
    fields = user_fields(world, user.id)
    return {key: fields[key] for key in list(fields)[:8]}


def user_detail(world: World, user: User) -> Shape:
    return dict(user_fields(world, user.id))


# --- leads, customers and lost leads -----------------------------------------------------------


def _prospect_fields(world: World, prospect_id: int) -> Shape:
    """The fields a prospect's list row shows; other records quote them."""
    rng = world.rng("prospects", prospect_id)
    created = world.records["prospects"][prospect_id].created
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    company = rng.choice(COMPANIES)
    domain = (_ascii(company) or "gmail") + ".in"
    return {
        "full_name": f"{first} {last}".rstrip(),
        "company_name": company,
        "designation": _blank(rng, rng.choice(DESIGNATIONS), null=0.1),
        "phone": _blank(rng, _mobile(rng), blank=0.15, null=0.1),
        "alternate_phone": _blank(rng, _mobile(rng), blank=0.4, null=0.3),
        "land_line": _blank(rng, _land_line(rng), blank=0.4, null=0.3),
        "email": _blank(rng, f"{_ascii(first) or 'contact'}.{prospect_id}@{domain}", 0.1, 0.1),
        "address": _blank(rng, rng.choice(ADDRESSES), null=0.1),
        "website": _blank(rng, rng.choice(WEBSITES), null=0.2),
        "profile_pic": rng.choice(("", f"{format_stamp(created)}.png", f"{created}.jpg")),
    }


def prospect_fields(world: World, prospect_id: int) -> Shape:
    return _memo(world, "prospects", prospect_id, _prospect_fields)


def prospect_contacts(world: World, prospect: Prospect) -> list[str]:
    """What search-customer-or-lead matches a prospect on: its email and its phones."""
    fields = prospect_fields(world, prospect.id)
    contacts = [fields["email"].lower()] if fields["email"] else []
    for key in ("phone", "alternate_phone", "land_line"):
        if fields[key]:
            contacts.append(fields[key])
    return contacts


def _id_key(name: str) -> str:
    return "customer_id" if name == "customers" else "lead_id"


def prospect_row(name: str) -> Callable[[World, Prospect], Shape]:
    def row(world: World, prospect: Prospect) -> Shape:
        return {_id_key(name): prospect.id, **prospect_fields(world, prospect.id)}

    return row


def prospect_detail(name: str) -> Callable[[World, Prospect], Shape]:
    def detail(world: World, prospect: Prospect) -> Shape:
        rng = world.rng("prospects", prospect.id, "detail")
        created = prospect.created
        location = rng.choice(LOCATIONS)
        shape = {
            _id_key(name): prospect.id,
            **prospect_fields(world, prospect.id),
            "location": rng.choice(("", f"{location[0]},{location[1]}")),
            "country_name": _blank(rng, "India", null=0.05),
            "state_name": rng.choice(STATES),
            "district_name": None,
            "area_name": None,
            "expected_value": rng.choice((0, rng.randint(1, 500) * 100)),
            # A lead's detail calls its creation time `assigned_date`, the others `created_date`.
            ("assigned_date" if name == "leads" else "created_date"): format_datetime(created),
            "lead_status": prospect.lead_status,
            "lead_source": rng.choice(LEAD_SOURCES),
            "photos": _files(rng, created, ".png"),
            "documents": _files(rng, created, ".pdf"),
            "assigned_user_id": prospect.user_id,
            "assigned_user": user_name(world, prospect.user_id),
            "industry": rng.choice(INDUSTRIES),
            "industry_category": None,
            "industry_sub_category": None,
        }
        for form_field in world.visible_form(name):
            shape[form_field.key] = custom_value(world, prospect, form_field)
        shape["description"] = rng.choice(DESCRIPTIONS)
        shape["pin_code"] = rng.choice(PIN_CODES)
        shape.update(world.extra_fields.get(name, {}))
        return shape

    return detail


def custom_value(world: World, prospect: Prospect, form_field: FormField) -> str:
    """A custom field's value, always text; blank on prospects older than the field."""
    if form_field.introduced is not None and prospect.created < form_field.introduced:
        return ""
    rng = world.rng("field", form_field.key, prospect.id)
    if rng.random() < 0.3:
        return ""
    options = form_field.options.split(",")
    if form_field.field_type == "number":
        return str(rng.randint(1, 250))
    if form_field.field_type == "checkbox":
        # Checkbox values come back comma separated, with a space: "Sunday, Monday".
        return ", ".join(o for o in options if rng.random() < 0.35) or options[0]
    if form_field.field_type in ("radio", "select"):
        return rng.choice(options if form_field.key != "education" else EDUCATION)
    if form_field.key == "distributor":
        return rng.choice(COMPANIES)
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}".rstrip()


# --- products ----------------------------------------------------------------------------------


def _product_fields(world: World, product_id: int) -> Shape:
    rng = world.rng("products", product_id)
    created = world.records["products"][product_id].created
    name, category = rng.choice(PRODUCTS)
    name += rng.choice(PRODUCT_VARIANTS)
    packaging = rng.choice(PACKAGING)
    return {
        # Toolyt keeps names as typed, stray spaces included.
        "product_name": " " + name if rng.random() < 0.1 else name,
        "product_sku": f"KV-{product_id}-{_ascii(name)[:4].upper()}",
        "description": f"{packaging}, {category.title()}",
        "product_icon": rng.choice(("", f"{format_stamp(created)}.jpg")),
        "attachments": rng.choice(("", "", f"{format_stamp(created)}.pdf")),
        "product_category": category,
        "country_name": "India",
        "dimension": rng.choice(DIMENSIONS),
        "packaging": packaging,
        "volume_(ml)": rng.choice(VOLUMES),
        "mrp": str(rng.choice((50, 400, 1500, 2500, 99000))),
    }


def product_fields(world: World, product_id: int) -> Shape:
    return _memo(world, "products", product_id, _product_fields)


def product_row(world: World, product: Product) -> Shape:
    fields = product_fields(world, product.id)
    return {
        "product_id": product.id,
        "product_name": fields["product_name"],
        "product_sku": fields["product_sku"],
        "price": product.price,
        "description": fields["description"],
        "product_icon": fields["product_icon"],
        "attachments": fields["attachments"],
        "product_category": fields["product_category"],
        "country_name": fields["country_name"],
    }


def product_detail(world: World, product: Product) -> Shape:
    fields = product_fields(world, product.id)
    extra = {key: fields[key] for key in ("dimension", "packaging", "volume_(ml)", "mrp")}
    return {**product_row(world, product), **extra, **world.extra_fields.get("products", {})}


# --- jobs --------------------------------------------------------------------------------------


def _job_reference(job: Job) -> str:
    return f"{COMPANY['job_reference_prefix']}_{99 + job.id}"


def job_row(world: World, job: Job) -> Shape:
    rng = world.rng("jobs", job.id)
    purchase = job.created - rng.randint(30, 700) * DAY
    product = product_fields(world, job.product_id) if job.product_id else None
    return {
        "job_id": job.id,
        "reference_id": _job_reference(job),
        "customer_id": job.customer_id,
        "customer_name": prospect_fields(world, job.customer_id)["full_name"],
        "job_assign_to_user_id": job.user_id,
        "assign_to_user": user_name(world, job.user_id),
        "job_type": job.job_type,
        "job_type_name": dict(JOB_TYPES)[job.job_type],
        "product_id": job.product_id,
        "product_name": product["product_name"] if product else None,
        "purchase_date": rng.choice((format_date(purchase), ZERO_DATE)),
        "warranty_date": rng.choice((format_date(purchase + 365 * DAY), ZERO_DATE)),
        "finish_job_by_date": format_datetime(job.created + rng.randint(1, 14) * DAY),
        "image": rng.choice(("", f"{format_stamp(job.created)}.png")),
        "job_status": job.status,
    }


def job_detail(world: World, job: Job) -> Shape:
    row = job_row(world, job)
    rng = world.rng("jobs", job.id, "detail")
    finished = job.finished_at
    location = rng.choice(LOCATIONS)
    history = [
        {
            "job_status": event.status,
            "notes": event.notes,
            "comments": "",
            "updated_by": event.user_id,
            "updated_user_name": user_name(world, event.user_id) if event.user_id else "Admin",
            "updated_date": format_datetime(event.at),
        }
        for event in reversed(job.history)
    ]
    return {
        **{key: value for key, value in row.items() if key not in ("image", "job_status")},
        "job_details": rng.choice(JOB_DETAILS),
        "extra_task": rng.choice(("", "no extra task", "Replace filter")),
        "alternate_phone": _blank(rng, _mobile(rng), blank=0.6),
        "priority": rng.choice(PRIORITIES),
        "satisfaction": rng.randint(1, 5) if finished else 0,
        "completion_image": f"{format_stamp(finished)}.png" if finished else "",
        "signature": f"{format_stamp(finished)}.png" if finished else "",
        "created_date": format_datetime(job.created),
        "job_completion_status": "Completed" if finished else "Not Completed",
        "reopen_status": "",
        "latitude": location[0] if finished else "",
        "longitude": location[1] if finished else "",
        "location_name": location[2] if finished else "",
        "image": row["image"],
        "photos": _files(rng, job.created, ".png"),
        "job_status": job.status,
        "finished_at": format_optional(finished),
        "status_history": history,
        "reason": "",
        "remarks": rng.choice(("", "Customer happy")) if finished else "",
    }


# --- visits ------------------------------------------------------------------------------------


def visit_row(world: World, visit: Visit) -> Shape:
    rng = world.rng("visits", visit.id)
    user = user_fields(world, visit.user_id)
    prospect = prospect_fields(world, visit.customer_id)
    latitude, longitude, place = rng.choice(LOCATIONS)
    checked_in = visit.check_in is not None
    done = visit.status == 1
    return {
        "id": visit.id,
        "user_id": visit.user_id,
        "first_name": user["first_name"],
        "last_name": user["last_name"],
        "address": prospect["address"] or "NA",
        "phone": prospect["phone"] or "",
        "category_id": rng.choice((11, 12, 14)),
        "user_assigned": 1,
        "created_at": format_datetime(visit.created),
        "updated_at": format_datetime(visit.updated),
        "company_id": COMPANY["id"],
        "created_by": visit.user_id,
        "customer_id": visit.customer_id,
        "latitude": latitude if checked_in else "",
        "longitude": longitude if checked_in else "",
        "location_name": place if checked_in else "",
        "accuracy": str(rng.randint(5, 40)) if checked_in else "",
        "visit_mode_id": rng.choice((None, 12, 13)),
        "remarks": rng.choice(VISIT_REMARKS) if done else "",
        "schedule_content": rng.choice(VISIT_CONTENTS),
        # Toolyt fills the visit's own date and time only once it took place.
        "date": format_date(visit.check_in) if checked_in else ZERO_DATE,
        "time": format_time(visit.check_in) if checked_in else ZERO_TIME,
        "schedule_date": format_schedule_date(visit.schedule),
        "schedule_time": format_schedule_time(visit.schedule),
        "comments": rng.choice(("", "Good meeting")) if done else "",
        "next_action_date": format_date(visit.next_action) if visit.next_action else ZERO_DATE,
        "next_action_time": format_time(visit.next_action) if visit.next_action else ZERO_TIME,
        "status": visit.status,
        "cancel_reason": visit.cancel_reason,
        "cancelled_user": visit.user_id if visit.cancelled_at else None,
        "cancelled_datetime": format_optional(visit.cancelled_at),
        "reschedule_status": 0,
        "image": "",
        "image_url": "",
        "check_in_time": format_optional(visit.check_in),
        "check_out_time": format_optional(visit.check_out),
        "customer_contact_id": 0,
        "customer_opportunity_id": 0,
        "customer_opportunity_stage_id": 0,
        "customer_status_type": visit.customer_status_type,
        "customer_progress_id": 0,
        "reason_id": None,
        "sub_reason_id": None,
        "along_with_user": 0,
        "order_added": 0,
        "recurrence_added": 0,
        "recurrence_id": None,
        "user_name": user_name(world, visit.user_id),
        "full_name": prospect["full_name"],
        "customer_name": prospect["full_name"],
        "customer_company": prospect["company_name"],
        "website": prospect["website"] or "",
        "email": prospect["email"] or "",
        "company_name": COMPANY["company_name"],
    }


# --- orders and invoices -----------------------------------------------------------------------


def order_row(world: World, order: Order) -> Shape:
    details = []
    for line in order.lines:
        product = product_fields(world, line.product_id)
        details.append(
            {
                "product_name": product["product_name"],
                "product_sku": product["product_sku"],
                "description": product["description"],
                "price": line.price,
                "quantity": line.quantity,
                "stock": 0,
                "product_codes": None,
            }
        )
    return {
        "order_no": f"{order.number}_{order.user_id}{order.number % 100:02d}",
        "order_id": order.id,
        "customer_code": order.customer_id,
        "customer_type": order.customer_type,
        "order_date": format_datetime(order.created),
        "default_price": sum(line.price * line.quantity for line in order.lines),
        "product_details": details,
    }


def order_invoice_row(world: World, invoice: OrderInvoice) -> Shape:
    prospect = prospect_fields(world, invoice.customer_id)
    as_text = invoice.amounts_as_text
    return {
        "invoice_id": invoice.id,
        "invoice_number": f"INVOICE#{invoice.number}_{invoice.customer_id % 10_000}",
        "invoice_date": format_date(invoice.created),
        "invoice_due_date": format_date(invoice.created + 10 * DAY),
        "credit_level": None,
        "credit_priod": None,
        "customer_id": invoice.customer_id,
        "customer_name": f"{prospect['full_name']}({prospect['company_name']})",
        "amount": _money(invoice.amount, as_text),
        "tax": _money(invoice.tax, as_text),
        "total_amount": _money(invoice.total, as_text),
        "balance_amount": _money(invoice.balance, as_text),
        "status": invoice.status,
    }


def order_invoice_detail(world: World, invoice: OrderInvoice) -> Shape:
    row = order_invoice_row(world, invoice)
    prospect = prospect_fields(world, invoice.customer_id)
    products = []
    for n, line in enumerate(invoice.lines):
        product = product_fields(world, line.product_id)
        products.append(
            {
                "id": invoice.id * 10 + n,
                "product_name": product["product_name"],
                "product_sku": product["product_sku"],
                "quantity": line.quantity,
                "free_quantity": line.free_quantity,
                "price_per_quantity": _money(line.price, invoice.amounts_as_text),
                "tax_amount": _money(line.tax, invoice.amounts_as_text),
            }
        )
    head = {key: row[key] for key in list(row)[:8]}
    tail = {key: row[key] for key in list(row)[8:]}
    place = {"country": None, "state": None, "city": None, "area": None}
    return {
        **head,
        "customer_address": prospect["address"] or "",
        **place,
        **tail,
        "products": products,
    }


# --- attendance --------------------------------------------------------------------------------


def attendance_row(world: World, row: Attendance) -> Shape:
    rng = world.rng("attendance", row.id)
    user = user_fields(world, row.user_id)
    latitude, longitude, place = rng.choice(LOCATIONS)
    signed_out = row.signout <= world.clock
    return {
        "user_id": row.user_id,
        "full_name": f"{user['first_name']} {user['last_name']}",
        "date": format_date(row.created),
        "latitude": latitude + str(rng.randint(0, 99)),
        "longitude": longitude + str(rng.randint(0, 99)),
        "location_name": place,
        "signin_time": format_time(row.created),
        "signout_time": format_time(row.signout) if signed_out else None,
        "logout_location_name": rng.choice(("", place)) if signed_out else "",
        "created_at": format_datetime(row.created),
    }


# --- opportunities -----------------------------------------------------------------------------


def _opportunity_value(world: World, opportunity: Opportunity) -> str:
    total = sum(line.price * line.quantity for line in opportunity.lines)
    if not total:
        total = world.rng("opportunities", opportunity.id, "value").choice((0, 50_000, 500_000))
    return f"{total:.2f}"


def opportunity_row(world: World, opportunity: Opportunity) -> Shape:
    rng = world.rng("opportunities", opportunity.id)
    prospect = prospect_fields(world, opportunity.customer_id)
    return {
        "toolyt_oppurtunity_id": opportunity.id,
        "oppurtunity_name": f"{prospect['company_name'] or prospect['full_name']} "
        f"{rng.choice(OPPORTUNITY_NAMES)}",
        "reference_id": str(76 + opportunity.id),
        "company_name": prospect["company_name"],
        "full_name": prospect["full_name"],
        "prospect_type": str(opportunity.status_type),
        "user_name": user_name(world, opportunity.user_id).rstrip(),
        "distributor_status": 0,
        "created_by": opportunity.user_id,
        "customer_id": opportunity.customer_id,
        "status_type": opportunity.status_type,
        "created_at": format_datetime(opportunity.created),
        "lost_won_status": opportunity.lost_won_status,
        "currency_id": None,
        "opportunity_notes_count": opportunity.notes_count,
        "external_id": None,
        "cancelled_status": 0,
        "estimated_order_date": format_date(opportunity.created + rng.randint(20, 60) * DAY),
        # The list leaves the currency out; the detail says "₹".
        "currency_symbol": None,
        "estimated_order_value": _opportunity_value(world, opportunity),
        "oppurtunity_stage": f"Stage {opportunity.step + 1}",
    }


def opportunity_detail(world: World, opportunity: Opportunity) -> Shape:
    row = opportunity_row(world, opportunity)
    rng = world.rng("opportunities", opportunity.id, "detail")
    forecast_id, forecast = rng.choice(FORECAST_CATEGORIES)
    closed = opportunity.lost_won_at
    return {
        "toolyt_oppurtunities_id": opportunity.id,
        "oppurtunity_type": rng.choice(OPPORTUNITY_TYPES),
        "estimated_order_date": row["estimated_order_date"],
        "lost_won_status": opportunity.lost_won_status,
        "cancelled_status": 0,
        "reference_id": f"SAHYADRI{row['created_at'][:4]}{opportunity.id}",
        "lost_won_date": format_date(closed) if closed else None,
        "lost_won_reason": rng.choice(LOST_WON_REASONS) if closed else "",
        "customer_id": opportunity.customer_id,
        "last_stage_id": opportunity.step + 1,
        "oppurtunity_name": row["oppurtunity_name"],
        "company_id": COMPANY["id"],
        "created_by": opportunity.user_id,
        "created_at": row["created_at"],
        "forecast_category_id": forecast_id,
        "forecast_category": forecast,
        "company_name": row["company_name"],
        "full_name": row["full_name"],
        "prospect_type": rng.choice((None, row["prospect_type"])),
        "user_name": user_name(world, opportunity.user_id),
        "estimated_order_value": row["estimated_order_value"],
        "currency_symbol": "₹",
        "currency_short_name": "INR",
        "oppurtunity_step": OPPORTUNITY_STEPS[opportunity.step],
        "distributor_status": 0,
        "status_type": opportunity.status_type,
        "dtp_sum": f"{rng.choice((0, 25, 50, 75)):.2f}",
        "selling_model": 1,
        "opportunity_category": 1,
        "opportunity_created_person_id": opportunity.user_id,
        "created_distributor_status": 0,
        "created_user_name": user_name(world, opportunity.user_id),
        "customer_push_status": 0,
        "customer_external_id": rng.choice((None, f"{opportunity.customer_id:x}a56789bc0DeFGH")),
        # Keyed by product id as text, as create-opportunity takes them; {} when none.
        "products": {
            str(line.product_id): {
                "product_id": str(line.product_id),
                "quantity": line.quantity,
                "price": str(line.price * line.quantity),
            }
            for line in opportunity.lines
        },
    }


# --- the account -------------------------------------------------------------------------------


def company(world: World) -> Shape:
    return {
        "id": COMPANY["id"],
        "company_name": COMPANY["company_name"],
        "full_name": COMPANY["full_name"],
        "phone": COMPANY["phone"],
        "email": COMPANY["email"],
        "user_limit": len(world.records["users"]) + SPARE_SEATS,
        "company_address": COMPANY["company_address"],
        "order_id_prefix": COMPANY["order_id_prefix"],
        "order_id_number": 100 + len(world.records["orders"]),
        "job_reference_prefix": COMPANY["job_reference_prefix"],
        "job_reference_number": len(world.records["jobs"]),
    }


def customer_form(world: World) -> list[Shape]:
    return [
        {
            "field_id": f.field_id,
            "field_name": f.key,
            "field_label": f.label,
            "field_type": f.field_type,
            "options": f.options,
            "is_mandatory": f.is_mandatory,
            "applies_to": f.applies_to,
        }
        for f in world.form
    ]


ROWS: dict[str, Callable[[World, Any], Shape]] = {
    "users": user_row,
    "leads": prospect_row("leads"),
    "customers": prospect_row("customers"),
    "lost_leads": prospect_row("lost_leads"),
    "products": product_row,
    "jobs": job_row,
    "visits": visit_row,
    "orders": order_row,
    "order_invoices": order_invoice_row,
    "attendance": attendance_row,
    "opportunities": opportunity_row,
}
DETAILS: dict[str, Callable[[World, Any], Shape]] = {
    "users": user_detail,
    "leads": prospect_detail("leads"),
    "customers": prospect_detail("customers"),
    "lost_leads": prospect_detail("lost_leads"),
    "products": product_detail,
    "jobs": job_detail,
    "order_invoices": order_invoice_detail,
    "opportunities": opportunity_detail,
}
