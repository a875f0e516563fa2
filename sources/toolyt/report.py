"""Per-resource figures of one run: requests, rows, the window covered, each window's read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client import ToolytClient
    from .pages import WindowRead
    from .windows import Window


@dataclass
class WindowEntry:
    """One window of one resource as read: a row of the completeness ledger."""

    resource: str
    window_start: str | None
    window_end: str | None
    rows_read: int
    api_total: int | None
    requests: int
    passes: int
    outcome: str


@dataclass
class RunReport:
    """Collects what the source did; the CLI prints it, the ledger stores it."""

    windows: list[WindowEntry] = field(default_factory=list)
    changed_rows: Counter[str] = field(default_factory=Counter)
    clients: list[ToolytClient] = field(default_factory=list)

    def record(self, resource: str, window: Window | None, read: WindowRead) -> None:
        self.windows.append(
            WindowEntry(
                resource=resource,
                window_start=window.start.to_datetime_string() if window else None,
                window_end=window.last_second.to_datetime_string() if window else None,
                rows_read=read.rows,
                api_total=read.api_total,
                requests=read.requests,
                passes=read.passes,
                outcome="complete" if read.consistent else "inconsistent",
            )
        )

    def requests(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for client in self.clients:
            total.update(client.requests)
        return total

    def retries(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for client in self.clients:
            total.update(client.retries)
        return total

    def covered(self, resource: str) -> tuple[str | None, str | None]:
        """The earliest start and latest end of the windows read for `resource`."""
        entries = [e for e in self.windows if e.resource == resource and e.window_start]
        if not entries:
            return None, None
        return min(e.window_start for e in entries), max(e.window_end for e in entries)
