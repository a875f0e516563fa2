"""What the warehouse already holds, read before each load so a run fetches only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class Prospect:
    """The last state the warehouse holds for one lead, customer or lost lead."""

    stage: str
    lead_status: str | None
    created_at: datetime | None


@dataclass
class Known:
    """A snapshot of the warehouse, keyed the way the source looks things up.

    Attributes:
        hashes: per table, each id's list-row digest as last loaded. A row whose
            digest is unchanged needs no detail call.
        prospects: each prospect id's stage, lead status and creation time, across
            `leads`, `customers` and `lost_leads`.
        oldest_open_invoice: the earliest `invoice_date` of an invoice not yet paid;
            invoices from then on are re-listed to catch payments.
    """

    hashes: dict[str, dict[Any, str]] = field(default_factory=dict)
    prospects: dict[Any, Prospect] = field(default_factory=dict)
    oldest_open_invoice: date | None = None

    def ids(self, table: str) -> dict[Any, str]:
        return self.hashes.get(table, {})
