"""What the warehouse already holds, read before each load so a run fetches only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Prospect:
    """The last state the warehouse holds for one lead, customer or lost lead."""

    stage: str
    lead_status: str | None
    # The dlt load that last wrote the row, and so last read its details.
    loaded_in: str | None = None

    def read_order(self) -> float:
        """Sorts the prospects read longest ago first (dlt load ids are Unix times)."""
        try:
            return float(self.loaded_in) if self.loaded_in else float("-inf")
        except ValueError:
            return float("-inf")


@dataclass
class Known:
    """A snapshot of the warehouse, keyed the way the source looks things up.

    Attributes:
        hashes: per table, each id's list-row digest as last loaded. A row whose
            digest is unchanged needs no detail call.
        prospects: each prospect id's stage, lead status and last load, across
            `leads`, `customers` and `lost_leads`.
        oldest_open_invoice: the earliest `invoice_date` of an invoice not yet paid;
            invoices from then on are re-listed to catch payments.
    """

    hashes: dict[str, dict[Any, str]] = field(default_factory=dict)
    prospects: dict[Any, Prospect] = field(default_factory=dict)
    oldest_open_invoice: date | None = None

    def ids(self, table: str) -> dict[Any, str]:
        return self.hashes.get(table, {})
