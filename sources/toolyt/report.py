"""Per-resource figures of one run and the completeness ledger's rows.

The ledger has one row per resource and window read: rows read, the API's total,
list requests and their retries, how often the window was read, and the outcome. A
window that failed, or whose load did not commit, shows as such, and the cursor has
not moved past it: the next run reads it again.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import ToolytClient
    from .pages import WindowRead
    from .windows import Window

LEDGER_TABLE = "sync_ledger"


@dataclass
class WindowEntry:
    """One window of one resource as read: a row of the completeness ledger."""

    resource: str
    window_start: str | None
    window_end: str | None
    rows_read: int = 0
    api_total: int | None = None
    requests: int = 0
    retries: int = 0
    passes: int = 0
    outcome: str = "reading"


@dataclass
class RunReport:
    """Collects what the source did; the CLI prints it, the ledger stores it."""

    windows: list[WindowEntry] = field(default_factory=list)
    changed_rows: Counter[str] = field(default_factory=Counter)
    moved: Counter[str] = field(default_factory=Counter)
    clients: list[ToolytClient] = field(default_factory=list)
    on_progress: Callable[[str], None] | None = None
    # Windows being read, by the entry's id: several are read at once, on several threads.
    _open: dict[int, WindowEntry] = field(default_factory=dict)
    _loaded: int = 0
    _busy: dict[str, list[float]] = field(default_factory=dict)

    def open(self, resource: str, window: Window | None) -> WindowEntry:
        """Note that `resource` starts reading `window`; `close` takes the entry back."""
        entry = WindowEntry(
            resource=resource,
            window_start=window.start.to_datetime_string() if window else None,
            window_end=window.last_second.to_datetime_string() if window else None,
        )
        self.windows.append(entry)
        self._open[id(entry)] = entry
        self.touch(resource)
        if self.on_progress is not None:
            what = f"{entry.window_start} .. {entry.window_end}" if window else "whole list"
            self.on_progress(f"{resource}: {what}, {sum(self.requests().values())} requests")
        return entry

    def close(self, entry: WindowEntry, read: WindowRead) -> None:
        """Note that the window of `entry` was read to its end, consistent or not."""
        self._open.pop(id(entry), None)
        entry.rows_read = read.rows
        entry.api_total = read.api_total
        entry.passes = read.passes
        entry.requests = read.requests
        entry.retries = read.retries
        entry.outcome = "read" if read.consistent else "inconsistent"
        self.touch(entry.resource)

    def touch(self, resource: str) -> None:
        """Note that `resource` is at work now; its seconds run from first to last touch."""
        now = time.monotonic()
        span = self._busy.setdefault(resource, [now, now])
        span[1] = max(span[1], now)

    def seconds(self, resource: str) -> float:
        """Seconds from the first page of `resource` to its last row, over all loads."""
        first, last = self._busy.get(resource, (0.0, 0.0))
        return last - first

    def mark_loaded(self) -> None:
        """Note that the windows read so far are committed with a load."""
        for entry in self.windows[self._loaded:]:
            if entry.outcome == "read":
                entry.outcome = "loaded"
        self._loaded = len(self.windows)

    def ledger_rows(self, run_id: str, recorded_at: Any) -> list[dict[str, Any]]:
        """Every entry as a ledger row.

        A window still open when the run ended `failed`; one read to its end but not
        committed by a load is `not_loaded`; both are read again by the next run.
        """
        for entry in self._open.values():
            entry.outcome = "failed"
        self._open.clear()
        for entry in self.windows[self._loaded:]:
            if entry.outcome == "read":
                entry.outcome = "not_loaded"
        return [
            {**asdict(entry), "run_id": run_id, "recorded_at": recorded_at}
            for entry in self.windows
        ]

    def requests(self) -> Counter[str]:
        return self._sum("requests")

    def retries(self) -> Counter[str]:
        return self._sum("retries")

    def covered(self, resource: str) -> tuple[str | None, str | None]:
        """The earliest start and latest end of the windows read for `resource`."""
        entries = [e for e in self.windows if e.resource == resource and e.window_start]
        if not entries:
            return None, None
        return min(e.window_start for e in entries), max(e.window_end for e in entries)

    def _sum(self, counter: str) -> Counter[str]:
        total: Counter[str] = Counter()
        for client in self.clients:
            total.update(getattr(client, counter))
        return total
