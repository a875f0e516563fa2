"""The records of the fake CRM: what is fixed when a record is created, and what life changes.

A record holds its id, its creation time, the ids it refers to and its changing state. Names,
phones and the other descriptive fields are not stored: `shapes` draws them from a random
stream seeded by the record's id, so they cost memory only once rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolyt_fake.vocab import JOB_STATUSES


@dataclass(slots=True)
class User:
    id: int
    created: int


@dataclass(slots=True)
class Prospect:
    """A lead, customer or lost lead: one id space, the stage says which list shows it."""

    id: int
    created: int
    stage: str
    lead_status: str
    user_id: int


@dataclass(slots=True)
class Product:
    id: int
    created: int
    price: int


@dataclass(slots=True)
class JobEvent:
    status: str
    at: int
    user_id: int
    notes: str


@dataclass(slots=True)
class Job:
    id: int
    created: int
    customer_id: int
    user_id: int
    product_id: int | None
    job_type: int
    history: list[JobEvent] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.history[-1].status

    @property
    def finished_at(self) -> int | None:
        last = self.history[-1]
        return last.at if last.status == JOB_STATUSES[-1] else None


@dataclass(slots=True)
class Visit:
    """A scheduled visit: status 0 planned (or missed, once its schedule passed), 1 completed,
    2 cancelled. `updated` moves with every change."""

    id: int
    created: int
    user_id: int
    customer_id: int
    customer_status_type: int
    schedule: int
    updated: int
    status: int = 0
    check_in: int | None = None
    check_out: int | None = None
    cancelled_at: int | None = None
    cancel_reason: str = ""
    next_action: int | None = None


@dataclass(slots=True)
class Line:
    """One product on an order, invoice or opportunity, priced when the record was made."""

    product_id: int
    price: int
    quantity: int
    free_quantity: int = 0
    tax: int = 0


@dataclass(slots=True)
class Order:
    id: int
    created: int
    number: int
    customer_id: int
    customer_type: str
    user_id: int
    lines: tuple[Line, ...]


@dataclass(slots=True)
class OrderInvoice:
    """An invoice. `amounts_as_text` reproduces Toolyt sending some amounts as "4010.00"."""

    id: int
    created: int
    number: int
    customer_id: int
    lines: tuple[Line, ...]
    amounts_as_text: bool
    balance: int

    @property
    def amount(self) -> int:
        return sum(line.price * line.quantity for line in self.lines)

    @property
    def tax(self) -> int:
        return sum(line.tax for line in self.lines)

    @property
    def total(self) -> int:
        return self.amount + self.tax

    @property
    def status(self) -> str:
        if self.balance <= 0:
            return "Paid"
        return "Open" if self.balance >= self.total else "Partially Paid"


@dataclass(slots=True)
class Attendance:
    """A sign-in. The sign-out shows only once the clock has passed it."""

    id: int
    created: int
    user_id: int
    signout: int


@dataclass(slots=True)
class Opportunity:
    id: int
    created: int
    customer_id: int
    user_id: int
    status_type: int
    lines: tuple[Line, ...]
    step: int = 0
    lost_won_status: int = 0
    lost_won_at: int | None = None
    notes_count: int = 0


@dataclass(slots=True)
class FormField:
    """A custom field of the customer form. `applies_to` is lead, customer or both; the
    `introduced` time (None: always there) leaves older prospects' values blank."""

    field_id: int
    key: str
    label: str
    field_type: str
    options: str
    is_mandatory: int
    applies_to: str
    introduced: int | None = None


def initial_form() -> list[FormField]:
    """The custom fields the account has from the start, as in Toolyt's documented details."""
    days = "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday"
    return [
        FormField(1, "ceo_name", "CEO Name", "text", "", 0, "lead"),
        FormField(2, "contact_days", "Contact Days", "checkbox", days, 0, "lead"),
        FormField(3, "gender", "Gender", "radio", "Male,Female,Other", 0, "lead"),
        FormField(
            4, "lead_type", "Lead Type", "select", "Small Scale,Medium Scale,Large Scale", 1, "lead"
        ),
        FormField(5, "no._of_beds", "No. of Beds", "number", "", 0, "lead"),
        FormField(6, "no._of_fieldforce", "No. of Fieldforce", "number", "", 0, "customer"),
        FormField(7, "distributor", "Distributor", "text", "", 0, "customer"),
        FormField(8, "age", "Age", "number", "", 0, "customer"),
        FormField(9, "type", "Type", "select", "Retail,Wholesale,Institution", 0, "customer"),
        FormField(
            10, "education", "Education", "select", "Graduate,MBBS,MD,B.Pharm", 0, "customer"
        ),
    ]


def language_field(introduced: int) -> FormField:
    """The field the account adds on the first day the clock moves."""
    options = "English,Hindi,Tamil,Kannada,Malayalam"
    return FormField(
        11, "preferred_language", "Preferred Language", "select", options, 0, "both", introduced
    )
