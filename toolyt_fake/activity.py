"""What happens in the fake CRM: records are made, and each day changes them.

`populate` writes the history before the clock; `live_day` lives one day after it. Both make
records through `create`, which also lets a record made in the past catch up with the clock
(a job gets its status history, an invoice its payments, a visit its outcome). Every draw comes
from a stream seeded by the kind and the day, so a day lived is the same whenever it is lived.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any

from toolyt_fake.clock import day_start
from toolyt_fake.records import (
    Attendance,
    Job,
    JobEvent,
    Line,
    Opportunity,
    Order,
    OrderInvoice,
    Product,
    Prospect,
    User,
    Visit,
    language_field,
)
from toolyt_fake.settings import BASE_COUNTS, BASE_USERS, DAY, HISTORY_DAYS, HOUR, STAGE_SHARES
from toolyt_fake.vocab import (
    CANCEL_REASONS,
    JOB_NOTES,
    JOB_STATUSES,
    LEAD_STATUSES,
    OPPORTUNITY_STEPS,
)

if TYPE_CHECKING:
    from toolyt_fake.world import World

# A visit's fate is drawn once this long after its schedule time: the visit happens in it.
VISIT_SPAN = 4 * HOUR
# A new colleague joins about once in 40 days (at scale 1).
NEW_USERS_PER_DAY = 1 / 40
# The order kinds are made in, within the history and within each day.
KINDS = (
    "users",
    "prospects",
    "products",
    "jobs",
    "visits",
    "orders",
    "order_invoices",
    "attendance",
    "opportunities",
)


def between(rng: random.Random, lo: int, hi: int) -> int:
    """A whole number in [lo, hi]: `randint` without its cost, which the history pays 10^6 times
    at scale 100."""
    return lo + int(rng.random() * (hi - lo + 1))


def populate(world: World) -> None:
    """Make the history: about HISTORY_DAYS days of records before the clock."""
    end = world.clock - 1
    start = world.clock - HISTORY_DAYS * DAY
    users = max(1, round(BASE_USERS * math.sqrt(world.scale)))
    for n in range(users):
        add_user(world, world.rng("history", "users", n), start - 400 * DAY + n * HOUR)

    for kind in KINDS[1:]:
        rng = world.rng("history", kind)
        count = max(1, round(BASE_COUNTS[kind] * world.scale))
        # The catalogue predates the sales; everything else starts once prospects exist.
        first = start - 60 * DAY if kind == "products" else start
        if kind not in ("products", "prospects"):
            first += 2 * DAY
        stages = _stages(rng, count) if kind == "prospects" else None
        # Strictly before the clock: the clock is the moment a sync looks, and a record
        # stamped with that very second would belong to the next sync's window.
        for n, created in enumerate(creation_times(rng, count, first, end - 1)):
            if stages:
                add_prospect(world, rng, created, stages[n])
            else:
                create(world, kind, rng, created)


def _stages(rng: random.Random, count: int) -> list[str]:
    names = [name for name, _ in STAGE_SHARES]
    return rng.choices(names, weights=[share for _, share in STAGE_SHARES], k=count)


def creation_times(rng: random.Random, count: int, lo: int, hi: int) -> list[int]:
    """`count` sorted times in [lo, hi], mostly in office hours, a few exactly at 23:59:59 or
    00:00:00 so that windows can be tested at the IST midnight."""
    times = []
    for _ in range(count):
        t = between(rng, lo, hi)
        midnight = day_start(t)
        draw = rng.random()
        if draw < 0.02:
            t = midnight + DAY - 1
        elif draw < 0.04:
            t = midnight
        elif draw < 0.75:
            t = midnight + between(rng, 9 * HOUR, 19 * HOUR)
        times.append(min(hi, max(lo, t)))
    return sorted(times)


def create(world: World, name: str, rng: random.Random, created: int) -> Any:
    """Make one record for list `name`, created at `created`, and add it to the world."""
    if name in LEAD_STATUSES:
        return add_prospect(world, rng, created, name)
    return MAKERS[name](world, rng, created)


# --- making records ----------------------------------------------------------------------------


def add_user(world: World, rng: random.Random, created: int) -> User:
    user = User(world.new_id("users", rng), created)
    world.add("users", user)
    return user


def add_prospect(world: World, rng: random.Random, created: int, stage: str) -> Prospect:
    prospect_id = world.new_id("prospects", rng)
    user_id = world.pick_user(rng, created)
    prospect = Prospect(prospect_id, created, stage, rng.choice(LEAD_STATUSES[stage]), user_id)
    world.add("prospects", prospect)
    return prospect


def add_product(world: World, rng: random.Random, created: int) -> Product:
    price = rng.choice((11, 55, 120, 250, 400, 1200, 1500, 2000, 4999, 75000))
    product = Product(world.new_id("products", rng), created, price)
    world.add("products", product)
    return product


def add_job(world: World, rng: random.Random, created: int) -> Job:
    job_id = world.new_id("jobs", rng)
    customer_id = world.pick_prospect(rng, created, "customers")
    user_id = world.pick_user(rng, created)
    product_id = world.pick_products(rng, created, 1)[0] if rng.random() < 0.6 else None
    job_type = between(rng, 1, 4)
    job = Job(job_id, created, customer_id, user_id, product_id, job_type)
    job.history.append(JobEvent(JOB_STATUSES[0], created, 0, ""))

    # A job made in the past has moved on since, the older the further.
    if created < world.clock:
        age_days = (world.clock - created) / DAY
        steps = min(len(JOB_STATUSES) - 1, int(rng.random() * (age_days / 7 + 1)))
        for at in sorted(between(rng, created + 1, world.clock) for _ in range(steps)):
            _progress_job(rng, job, at)
    world.add("jobs", job)
    return job


def add_visit(world: World, rng: random.Random, created: int) -> Visit:
    visit_id = world.new_id("visits", rng)
    user_id = world.pick_user(rng, created)
    customer_id = world.pick_prospect(rng, created)
    status_type = 1 if world.records["prospects"][customer_id].stage == "customers" else 0
    # Visits are booked two to ten days ahead, in office hours, on five-minute marks.
    schedule = day_start(created) + between(rng, 2, 10) * DAY + between(rng, 108, 227) * 300
    visit = Visit(visit_id, created, user_id, customer_id, status_type, schedule, created)

    if schedule + VISIT_SPAN <= world.clock:
        later = schedule + VISIT_SPAN + DAY > world.clock
        _settle_visit(world, rng, visit, schedule + 1, schedule + VISIT_SPAN, later)
    else:
        world.pending_visits.append(visit_id)
    world.add("visits", visit)
    return visit


def add_order(world: World, rng: random.Random, created: int) -> Order:
    order_id = world.new_id("orders", rng)
    customer_id = world.pick_prospect(rng, created, "customers")
    stage = world.records["prospects"][customer_id].stage
    customer_type = "Customer" if stage == "customers" else "Lead"
    number = len(world.records["orders"]) + 1
    user_id = world.pick_user(rng, created)
    lines = _lines(world, rng, created, between(rng, 1, 3))
    order = Order(order_id, created, number, customer_id, customer_type, user_id, lines)
    world.add("orders", order)
    return order


def add_order_invoice(world: World, rng: random.Random, created: int) -> OrderInvoice:
    invoice_id = world.new_id("order_invoices", rng)
    customer_id = world.pick_prospect(rng, created, "customers")
    number = len(world.records["order_invoices"]) + 1
    lines = _lines(world, rng, created, between(rng, 1, 3))
    for line in lines:
        line.free_quantity = rng.choice((0, 0, 0, 1, 2))
        line.tax = round(line.price * line.quantity * rng.choice((0, 0, 0.05, 0.12, 0.18)))
    invoice = OrderInvoice(invoice_id, created, number, customer_id, lines, rng.random() < 0.35, 0)
    invoice.balance = invoice.total

    # Older invoices are more often paid.
    age_days = (world.clock - created) / DAY
    paid_share, partial_share = (0.6, 0.2) if age_days > 30 else (0.25, 0.3)
    draw = rng.random()
    if draw < paid_share:
        invoice.balance = 0
    elif draw < paid_share + partial_share:
        invoice.balance = invoice.total - round(invoice.total * rng.uniform(0.2, 0.8))
    world.add("order_invoices", invoice)
    return invoice


def add_attendance(world: World, rng: random.Random, created: int) -> Attendance:
    """A sign-in; each (user_id, created_at) is unique, so a taken second moves on by one."""
    user_id = world.pick_user(rng, created)
    while (user_id, created) in world.attendance_keys:
        created += 1
    world.attendance_keys.add((user_id, created))
    last_second = day_start(created) + DAY - 1
    signout = min(last_second, created + between(rng, 600, 9 * HOUR))
    row = Attendance(world.new_id("attendance", rng), created, user_id, signout)
    if signout > world.clock:
        world.pending_signouts.append(row.id)
    world.add("attendance", row)
    return row


def add_opportunity(world: World, rng: random.Random, created: int) -> Opportunity:
    opportunity_id = world.new_id("opportunities", rng)
    customer_id = world.pick_prospect(rng, created)
    status_type = 1 if world.records["prospects"][customer_id].stage == "customers" else 0
    user_id = world.pick_user(rng, created)
    lines = _lines(world, rng, created, between(rng, 1, 2)) if rng.random() < 0.6 else ()
    opportunity = Opportunity(opportunity_id, created, customer_id, user_id, status_type, lines)
    opportunity.notes_count = between(rng, 0, 3)

    if created < world.clock:
        age_days = (world.clock - created) / DAY
        opportunity.step = min(len(OPPORTUNITY_STEPS) - 1, int(rng.random() * age_days / 15))
        if rng.random() < min(0.6, age_days / 100):
            opportunity.lost_won_status = rng.choice((1, 2))
            opportunity.lost_won_at = between(rng, created, world.clock)
    world.add("opportunities", opportunity)
    return opportunity


def _lines(world: World, rng: random.Random, at: int, count: int) -> tuple[Line, ...]:
    products = world.records["products"]
    chosen = world.pick_products(rng, at, count)
    return tuple(Line(i, products[i].price, between(rng, 1, 20)) for i in chosen)


MAKERS = {
    "users": add_user,
    "products": add_product,
    "jobs": add_job,
    "visits": add_visit,
    "orders": add_order,
    "order_invoices": add_order_invoice,
    "attendance": add_attendance,
    "opportunities": add_opportunity,
}


# --- changing records --------------------------------------------------------------------------


def restage(world: World, rng: random.Random, prospect: Prospect, stage: str) -> None:
    """A lead converts, is lost, or a lost lead is reopened: the id and creation stay."""
    status = "Won" if stage == "customers" else rng.choice(LEAD_STATUSES[stage])
    world.move(prospect, stage, status)


def _progress_job(rng: random.Random, job: Job, at: int) -> None:
    step = JOB_STATUSES.index(job.status) + 1
    if step < len(JOB_STATUSES):
        user_id = job.user_id if rng.random() < 0.7 else 0
        job.history.append(JobEvent(JOB_STATUSES[step], at, user_id, rng.choice(JOB_NOTES)))


def _settle_visit(
    world: World, rng: random.Random, visit: Visit, lo: int, hi: int, later: bool
) -> None:
    """Draw the fate of a visit whose schedule has come, with its events in [lo, hi]: done,
    checked in and out only later, cancelled, or missed for good."""
    draw = rng.random()
    if draw < 0.7:
        visit.check_in = between(rng, lo, max(lo, hi - 600))
        if draw < 0.6 or not later:
            visit.check_out = between(rng, min(visit.check_in + 60, hi), hi)
            visit.status = 1
            if rng.random() < 0.3:
                visit.next_action = day_start(hi) + between(rng, 7, 14) * DAY + 10 * HOUR
        else:
            world.pending_checkouts.append(visit.id)
        visit.updated = visit.check_out or visit.check_in
    elif draw < 0.85:
        visit.status = 2
        visit.cancelled_at = between(rng, lo, hi)
        visit.cancel_reason = rng.choice(CANCEL_REASONS)
        visit.updated = visit.cancelled_at


def live_day(world: World, day: int) -> None:
    """Live the `day`-th day after the start: changes to old records, then new records, then
    the clock moves 24 hours. Every change happens after the old clock and by the new one."""
    start, end = world.clock, world.clock + DAY
    if day == 1:
        introduced = world.rng("day", day, "form").randint(start + 1, start + HOUR)
        world.form.append(language_field(introduced))
        world.forget_details(("leads", "customers", "lost_leads"))

    _change_prospects(world, world.rng("day", day, "prospects"))
    _change_products(world, world.rng("day", day, "products"))
    _change_jobs(world, world.rng("day", day, "jobs"), start, end)
    _change_visits(world, world.rng("day", day, "visits"), start, end)
    _change_invoices(world, world.rng("day", day, "order_invoices"))
    _change_opportunities(world, world.rng("day", day, "opportunities"), start, end)

    for kind in KINDS:
        rng = world.rng("day", day, "new", kind)
        if kind == "users":
            rate = NEW_USERS_PER_DAY * math.sqrt(world.scale)
        else:
            rate = BASE_COUNTS[kind] * world.scale / HISTORY_DAYS * rng.uniform(0.5, 1.5)
        count = int(rate) + (rng.random() < rate % 1)
        for created in creation_times(rng, count, start + 1, end - 1):
            if kind == "prospects":
                add_prospect(world, rng, created, "leads" if rng.random() < 0.8 else "customers")
            else:
                create(world, kind, rng, created)

    world.clock = end
    _show_signouts(world)


def _sample(rng: random.Random, items: list[Any], share: float) -> list[Any]:
    """At least one, and about `share` of the items, drawn without repeats."""
    return rng.sample(items, min(len(items), max(1, round(len(items) * share))))


def _change_prospects(world: World, rng: random.Random) -> None:
    # Statuses change on leads of every age, so a sync that only rereads recent windows
    # misses them: that is the point.
    prospects = world.records["prospects"]
    for lead_id in _sample(rng, world.ids_in("leads"), 0.02):
        lead = prospects[lead_id]
        lead.lead_status = rng.choice([s for s in LEAD_STATUSES["leads"] if s != lead.lead_status])
        world.touch("prospects", lead_id)
    for lead_id in _sample(rng, world.ids_in("leads"), 0.01):
        restage(world, rng, prospects[lead_id], "customers")
    for lead_id in _sample(rng, world.ids_in("leads"), 0.004):
        restage(world, rng, prospects[lead_id], "lost_leads")


def _change_products(world: World, rng: random.Random) -> None:
    if rng.random() < 0.3 and world.records["products"]:
        product = world.records["products"][rng.choice(world.ids_in("products"))]
        product.price = max(1, round(product.price * rng.uniform(0.9, 1.2)))
        world.touch("products", product.id)


def _change_jobs(world: World, rng: random.Random, start: int, end: int) -> None:
    open_jobs = [job for job in world.records["jobs"].values() if job.finished_at is None]
    for job in _sample(rng, open_jobs, 0.08):
        _progress_job(rng, job, between(rng, max(job.history[-1].at, start) + 1, end))
        world.touch("jobs", job.id)


def _change_visits(world: World, rng: random.Random, start: int, end: int) -> None:
    visits = world.records["visits"]
    for visit_id in world.pending_checkouts:
        visit = visits[visit_id]
        visit.check_out = between(rng, start + 1, min(end, start + 3 * HOUR))
        visit.status = 1
        visit.updated = visit.check_out
        world.touch("visits", visit_id)
    world.pending_checkouts = []

    waiting = []
    for visit_id in world.pending_visits:
        visit = visits[visit_id]
        if visit.schedule + VISIT_SPAN > end:
            waiting.append(visit_id)
            continue
        lo = max(visit.schedule, start) + 1
        _settle_visit(world, rng, visit, lo, visit.schedule + VISIT_SPAN, later=True)
        world.touch("visits", visit_id)
    world.pending_visits = waiting


def _change_invoices(world: World, rng: random.Random) -> None:
    unpaid = [i for i in world.records["order_invoices"].values() if i.balance > 0]
    for invoice in _sample(rng, unpaid, 0.05):
        if rng.random() < 0.5:
            invoice.balance = 0
        else:
            invoice.balance -= max(1, round(invoice.balance * rng.uniform(0.3, 0.7)))
        world.touch("order_invoices", invoice.id)


def _change_opportunities(world: World, rng: random.Random, start: int, end: int) -> None:
    open_ones = [o for o in world.records["opportunities"].values() if o.lost_won_status == 0]
    for opportunity in _sample(rng, open_ones, 0.05):
        if rng.random() < 0.7 and opportunity.step < len(OPPORTUNITY_STEPS) - 1:
            opportunity.step += 1
            opportunity.notes_count += 1
        else:
            opportunity.lost_won_status = rng.choice((1, 2))
            opportunity.lost_won_at = between(rng, start + 1, end)
        world.touch("opportunities", opportunity.id)


def _show_signouts(world: World) -> None:
    """Sign-outs the clock has now passed appear on their attendance rows."""
    rows = world.records["attendance"]
    still = []
    for row_id in world.pending_signouts:
        if rows[row_id].signout <= world.clock:
            world.touch("attendance", row_id)
        else:
            still.append(row_id)
    world.pending_signouts = still
