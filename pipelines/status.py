"""`toolyt-sync status`: is every resource in the warehouse fresh and complete?

It reads the warehouse alone, never the API. Per resource:
  - the last successful sync: the latest `loaded` row of the completeness ledger
    (`toolyt.sync_ledger`), or, for a resource the ledger does not track (`company`,
    `customer_form`), the load that last wrote its table (`toolyt._dlt_loads`);
  - the rows in its table, and the creation-time range it covers: from the first
    window loaded to its cursor in dlt's resource state;
  - the outcome of the last run that read it: `loaded`, or the worst outcome of its
    windows in that run (`failed`, `not_loaded`, `inconsistent`);
  - gaps: ledger windows not loaded, or loaded with fewer rows than the API reported,
    that no window loaded by a later run covers.

The exit code is for monitors: 0 when every resource is fresh and has no gap, 6 (stale)
when one is older than `max_age_hours`, its last run did not load, or it has a gap.

Known limitations: `company` and `customer_form` have no ledger rows, so a failed read
of them shows only as their age growing. DuckDB lets no reader open the file while a
sync writes to it; status then fails with DuckDB's lock error, which a monitor sees as
a non-zero exit like any other alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
from dlt.common.versioned_state import decompress_state

from sources.toolyt.errors import ConfigError
from sources.toolyt.report import LEDGER_TABLE
from sources.toolyt.settings import IST, RESOURCES

from .accounts import UNNAMED, Account

STALE_EXIT_CODE = 6
DEFAULT_MAX_AGE_HOURS = 36.0

LOADED = "loaded"
# A run's outcome for a resource is its worst window's, in this order.
OUTCOMES_WORST_FIRST = ("failed", "not_loaded", "inconsistent", LOADED)

LOADS_TABLE = "_dlt_loads"
STATE_TABLE = "_dlt_pipeline_state"
# A list resource with a detail transformer keeps its cursor under this suffix.
PAGES_SUFFIX = "_pages"

# The table `toolyt-sync status` prints: headings and widths; the last column runs free.
HEADINGS = ("resource", "state", "rows", "last loaded IST", "age", "last run", "covers (IST)")
WIDTHS = (15, 6, 8, 18, 10, 13)
ROWS_COLUMN = 2

ONE_SECOND = timedelta(seconds=1)
IST_ZONE = ZoneInfo(IST)


@dataclass(frozen=True)
class LedgerEntry:
    """One row of `toolyt.sync_ledger`: a window of one resource as one run read it."""

    run_id: str
    resource: str
    window_start: str | None
    window_end: str | None
    rows_read: int | None
    api_total: int | None
    outcome: str
    recorded_at: datetime

    @property
    def is_complete(self) -> bool:
        """Loaded, with every row the API said the window held."""
        short = self.api_total is not None and (self.rows_read or 0) < self.api_total
        return self.outcome == LOADED and not short


@dataclass(frozen=True)
class Gap:
    """A window whose rows may be missing from the warehouse."""

    window_start: str | None
    window_end: str | None
    outcome: str
    rows_read: int | None
    api_total: int | None

    def __str__(self) -> str:
        where = f"{self.window_start} .. {self.window_end}" if self.window_start else "whole list"
        if self.outcome == LOADED:
            return f"{where} loaded {self.rows_read} of {self.api_total} rows"
        return f"{where} {self.outcome}"


@dataclass(frozen=True)
class ResourceStatus:
    """Freshness and completeness of one resource.

    Attributes:
        resource: the resource and its table in `toolyt`.
        rows: rows in its table; None when the table does not exist yet.
        last_loaded_at: the last successful sync of it, in IST; None if there never was one.
        age_hours: hours from `last_loaded_at` to the status check.
        covered: the first window start loaded and the cursor (both IST, naive), None
            where there is none; a start of None with a cursor means the whole list.
        last_run: the outcome of the last run that read it; None where the ledger does
            not track it.
        gaps: windows that may be missing rows, oldest first.
        is_stale: never loaded, or loaded longer ago than the allowed age.
    """

    resource: str
    rows: int | None
    last_loaded_at: datetime | None
    age_hours: float | None
    covered: tuple[str | None, str | None]
    last_run: str | None
    gaps: tuple[Gap, ...]
    is_stale: bool

    @property
    def problems(self) -> list[str]:
        """What a monitor should hear about, empty when the resource is fine."""
        problems = []
        if self.last_loaded_at is None:
            problems.append("never loaded")
        elif self.is_stale:
            problems.append("stale")
        if self.last_run not in (None, LOADED):
            problems.append(f"last run {self.last_run}")
        if self.gaps:
            more = f" (+{len(self.gaps) - 1} more)" if len(self.gaps) > 1 else ""
            problems.append(f"gap {self.gaps[0]}{more}")
        return problems

    def line(self) -> str:
        """The resource's row in `toolyt-sync status`, under `HEADINGS`."""
        loaded = f"{to_ist(self.last_loaded_at):%Y-%m-%d %H:%M}" if self.last_loaded_at else "never"
        text = row(
            self.resource,
            "ALERT" if self.problems else "ok",
            "-" if self.rows is None else str(self.rows),
            loaded,
            format_age(self.age_hours),
            self.last_run or "-",
            describe(self.covered),
        )
        if self.problems:
            text += "  !! " + "; ".join(self.problems)
        return text


@dataclass(frozen=True)
class StatusResult:
    """Every resource's status, as of `checked_at`.

    Attributes:
        resources: one status per resource, in load order.
        checked_at: the moment ages are measured to, in IST.
        max_age_hours: the age past which a resource is stale.
    """

    resources: list[ResourceStatus]
    checked_at: datetime
    max_age_hours: float

    @property
    def attention(self) -> list[str]:
        """The resources that are stale, failed in their last run or have a gap."""
        return [status.resource for status in self.resources if status.problems]

    @property
    def exit_code(self) -> int:
        """0 when every resource is fresh and complete, else `STALE_EXIT_CODE`."""
        return STALE_EXIT_CODE if self.attention else 0

    def lines(self) -> list[str]:
        """A header, one line per resource, then one saying whether any needs attention."""
        out = [row(*HEADINGS), *(status.line() for status in self.resources)]
        checked = f"checked {format_ist(self.checked_at)}, max age {self.max_age_hours:g} h"
        if self.attention:
            out.append(
                f"{len(self.attention)} of {len(self.resources)} resources need attention:"
                f" {', '.join(self.attention)} ({checked})"
            )
        else:
            out.append(f"all {len(self.resources)} resources fresh, no gaps ({checked})")
        return out


def status(
    duckdb_path: str | Path,
    max_age_hours: float = DEFAULT_MAX_AGE_HOURS,
    now: datetime | None = None,
    account: Account = UNNAMED,
) -> StatusResult:
    """Report, per resource, when it was last synced, what it covers and what is missing.

    Args:
        duckdb_path: the DuckDB warehouse the sync loads; opened read-only.
        max_age_hours: a resource last synced longer ago than this is stale.
        now: the moment ages are measured to; a naive value is read as IST. The real
            clock when None.
        account: the account to report on, when the warehouse holds several.

    Returns:
        The status of every resource; `exit_code` is 0 when all are fresh and complete.

    Raises:
        ConfigError: there is no warehouse at `duckdb_path`, or `max_age_hours` is not
            positive.
    """
    path = Path(duckdb_path)
    if not path.is_file():
        raise ConfigError(f"no warehouse at `{path}`: run `toolyt-sync sync` first")
    if max_age_hours <= 0:
        raise ConfigError(f"`max_age_hours` must be above 0; got `{max_age_hours}`")
    checked_at = to_ist(now or datetime.now(UTC))

    with duckdb.connect(str(path), read_only=True) as connection:
        return read_status(connection, max_age_hours, checked_at, account)


def read_status(
    connection: duckdb.DuckDBPyConnection,
    max_age_hours: float,
    checked_at: datetime,
    account: Account = UNNAMED,
) -> StatusResult:
    """The status of every resource of `account` from an open connection to the warehouse."""
    tables = Tables(connection, account.dataset)
    ledger = read_ledger(tables)
    cursors = read_cursors(tables, account)

    statuses = []
    for resource in RESOURCES:
        entries = [entry for entry in ledger if entry.resource == resource]
        rows, table_loaded_at = read_table(tables, resource)
        loaded = [entry.recorded_at for entry in entries if entry.outcome == LOADED]
        last_loaded_at = max(loaded) if loaded else table_loaded_at

        age_hours = None
        if last_loaded_at is not None:
            age_hours = max((checked_at - last_loaded_at).total_seconds() / 3600, 0.0)
        starts = [e.window_start for e in entries if e.outcome == LOADED and e.window_start]
        statuses.append(
            ResourceStatus(
                resource=resource,
                rows=rows,
                last_loaded_at=last_loaded_at,
                age_hours=age_hours,
                covered=(min(starts, default=None), cursors.get(resource)),
                last_run=last_run_outcome(entries),
                gaps=tuple(find_gaps(entries)),
                is_stale=age_hours is None or age_hours > max_age_hours,
            )
        )
    return StatusResult(statuses, checked_at, max_age_hours)


class Tables:
    """The raw schema's tables, named so that a file called like a schema still works."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, dataset: str) -> None:
        self.connection = connection
        self.dataset = dataset
        # DuckDB names the catalog after the file: three-part names are never ambiguous.
        self.catalog = connection.execute("select current_database()").fetchone()[0]
        rows = connection.execute(
            "select table_name from information_schema.tables"
            " where table_catalog = ? and table_schema = ?",
            [self.catalog, dataset],
        ).fetchall()
        self.names = {name for (name,) in rows}

    def __contains__(self, table: str) -> bool:
        return table in self.names

    def qualified(self, table: str) -> str:
        return ".".join(quote(part) for part in (self.catalog, self.dataset, table))

    def query(self, sql: str, parameters: list[Any] | None = None) -> list[tuple]:
        return self.connection.execute(sql, parameters or []).fetchall()


def read_ledger(tables: Tables) -> list[LedgerEntry]:
    """Every ledger row, oldest run first; none when no sync has written the ledger yet."""
    if LEDGER_TABLE not in tables:
        return []
    rows = tables.query(
        "select run_id, resource, window_start, window_end, rows_read, api_total, outcome,"
        f" recorded_at from {tables.qualified(LEDGER_TABLE)} order by recorded_at, run_id"
    )
    return [LedgerEntry(*row[:7], recorded_at=from_warehouse(row[7])) for row in rows]


def read_cursors(tables: Tables, account: Account) -> dict[str, str]:
    """Each resource's cursor from the pipeline's newest state committed to the warehouse."""
    if STATE_TABLE not in tables:
        return {}
    rows = tables.query(
        f"select state from {tables.qualified(STATE_TABLE)}"
        " where pipeline_name = ? order by version desc limit 1",
        [account.pipeline_name],
    )
    if not rows:
        return {}
    state = decompress_state(rows[0][0])
    resources = state.get("sources", {}).get(account.source_name, {}).get("resources", {})
    cursors = {}
    for resource in RESOURCES:
        kept = resources.get(f"{resource}{PAGES_SUFFIX}", resources.get(resource, {}))
        if kept.get("cursor"):
            cursors[resource] = kept["cursor"]
    return cursors


def read_table(tables: Tables, resource: str) -> tuple[int | None, datetime | None]:
    """Rows in the resource's table and when the newest load that wrote to it finished."""
    if resource not in tables:
        return None, None
    rows, load_id = tables.query(
        f"select count(*), max(_dlt_load_id) from {tables.qualified(resource)}"
    )[0]
    if load_id is None or LOADS_TABLE not in tables:
        return rows, None
    # Status 0 is dlt's mark of a load that completed.
    finished = tables.query(
        f"select max(inserted_at) from {tables.qualified(LOADS_TABLE)}"
        " where load_id = ? and status = 0",
        [load_id],
    )[0][0]
    return rows, from_warehouse(finished) if finished else None


def last_run_outcome(entries: list[LedgerEntry]) -> str | None:
    """The worst outcome among the windows of the last run that read the resource."""
    if not entries:
        return None
    last = entries[-1].run_id
    outcomes = {entry.outcome for entry in entries if entry.run_id == last}
    # An outcome this module does not know is no proof of a load: it ranks worst.
    rank = {outcome: place for place, outcome in enumerate(OUTCOMES_WORST_FIRST)}
    return min(outcomes, key=lambda outcome: rank.get(outcome, -1))


def find_gaps(entries: list[LedgerEntry]) -> list[Gap]:
    """Windows not loaded completely that no complete window of a later run covers.

    A window read several times counts once, with its latest outcome. Entries come
    oldest run first.
    """
    gaps: dict[tuple[str | None, str | None], Gap] = {}
    for index, entry in enumerate(entries):
        if entry.is_complete:
            continue
        later = [
            other
            for other in entries[index + 1:]
            if other.recorded_at > entry.recorded_at and other.is_complete
        ]
        if is_covered(entry, later):
            continue
        gaps[(entry.window_start, entry.window_end)] = Gap(
            entry.window_start, entry.window_end, entry.outcome, entry.rows_read,
            entry.api_total,
        )
    return sorted(gaps.values(), key=lambda gap: gap.window_start or "")


def is_covered(entry: LedgerEntry, later: list[LedgerEntry]) -> bool:
    """Whether the windows in `later` together span `entry`'s window, to the second."""
    if entry.window_start is None or entry.window_end is None:
        return any(other.window_start is None for other in later)

    spans = sorted(
        (parse_naive(other.window_start), parse_naive(other.window_end))
        for other in later
        if other.window_start is not None and other.window_end is not None
    )
    # Window ends are their last second, so the next uncovered second is end + 1 s.
    reach, end = parse_naive(entry.window_start), parse_naive(entry.window_end)
    for start, stop in spans:
        if start > reach:
            break
        reach = max(reach, stop + ONE_SECOND)
    return reach > end


def row(*cells: str) -> str:
    """Cells padded to `WIDTHS`, the row count right-aligned; the last cell runs free."""
    padded = [cell.ljust(width) for cell, width in zip(cells, WIDTHS, strict=False)]
    padded[ROWS_COLUMN] = cells[ROWS_COLUMN].rjust(WIDTHS[ROWS_COLUMN] - 2) + "  "
    return "".join(padded) + cells[-1]


def describe(covered: tuple[str | None, str | None]) -> str:
    """A covered range as text: `start .. cursor`, or the whole list as of the cursor."""
    start, cursor = covered
    if start and cursor:
        return f"{start} .. {cursor}"
    if cursor:
        return f"whole list as of {cursor}"
    return "whole list"


def parse_naive(value: str) -> datetime:
    """A ledger window bound, `YYYY-MM-DD hh:mm:ss` or `YYYY-MM-DD` in IST, as naive."""
    return datetime.fromisoformat(value)


def to_ist(moment: datetime) -> datetime:
    """`moment` in IST; a naive value is taken to be IST already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=IST_ZONE)
    return moment.astimezone(IST_ZONE)


def from_warehouse(moment: datetime) -> datetime:
    """A timestamp read from the warehouse, in IST; dlt stores naive ones as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(IST_ZONE)


def format_ist(moment: datetime) -> str:
    return f"{to_ist(moment):%Y-%m-%d %H:%M} IST"


def format_age(hours: float | None) -> str:
    """An age in the unit a person reads fastest: minutes, hours or days."""
    if hours is None:
        return "never"
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 72:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
