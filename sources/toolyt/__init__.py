"""The `toolyt` dlt source: a Toolyt CRM account as typed, merged tables.

It talks to the Toolyt REST API (`https://api.toolyt.com` unless `base_url` says
otherwise) with the `AuthorizationKey` header on every call, and the `_token` from
`/get-token` where the API wants one. The key is a dlt secret:
`sources.toolyt.api_key` in `.dlt/secrets.toml`, or `SOURCES__TOOLYT__API_KEY`.

One resource per list endpoint (users, leads, customers, lost_leads, products, jobs,
visits, orders, order_invoices, attendance, opportunities), plus `company` and
`customer_form`. Where Toolyt has a detail endpoint, the list resource only pages and
a transformer of the same table name fans out to the details, concurrently.

Toolyt filters lists on creation time only, and records change after creation: a lead
converts and moves to the customers list under the same id, an invoice is paid, a visit
is checked in. Each run therefore does two things per list:
  - reads new creation-time windows, from the cursor (the end of the last committed
    window, kept in resource state) minus a lookback, up to the run's now;
  - re-lists what may have changed without details (all of leads, customers, lost
    leads and visits; invoices from the oldest open one; users, products and jobs in
    full) and fetches details only for rows whose list entry is new or changed.
Ids that left a list are deleted from its table, and every change of a prospect's list
or lead status is appended to `prospect_history`.

Rows reach dlt as dicts, which its normalizer turns into typed columns and child tables,
except pages of flat rows (visits, attendance, users, products, the history), which go
as Arrow tables when that loads the same values (see `arrow.py`): the fastest way in.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import dlt
import pendulum
from dlt.sources import DltResource

from .arrow import known_types, not_null_columns, page_table
from .client import ToolytClient
from .errors import ApiError, ConfigError, NotFoundError
from .known import Known
from .pages import WindowRead, read_window, row_id
from .records import RecordShaper, list_hash
from .report import RunReport
from .settings import (
    COMPANY_FIELDS,
    COMPANY_PATH,
    CUSTOMER_FORM_PATH,
    DEFAULT_BASE_URL,
    DELETED_COLUMN,
    DOCUMENTED_FIELDS,
    ENDPOINTS,
    HASH_COLUMN,
    HISTORY_TABLE,
    NESTED_FIELDS,
    RESOURCES,
    Endpoint,
    columns_for,
)
from .streams import interleave
from .windows import Window, midnight, parse_ist, run_clock, split

__all__ = ["toolyt", "Known", "RunReport", "RESOURCES"]

logger = logging.getLogger("toolyt_sync")

# Parts (windows) of one list read side by side; their pages still queue for the
# client's shared limit on requests in flight.
LIST_READERS = 4

# Typed list rows go to dlt in batches of about this many: dlt's cost per Arrow table
# (checking the table's hints, matching and writing its columns) is some milliseconds
# whatever its length, while a batch of this size holds only a few megabytes.
TYPED_BATCH_ROWS = 5000


HISTORY_COLUMNS: dict[str, dict[str, Any]] = {
    "prospect_id": {"data_type": "bigint", "nullable": False},
    "stage": {"data_type": "text", "nullable": False},
    "lead_status": {"data_type": "text"},
    "seen_at": {"data_type": "timestamp", "nullable": False},
    "created_at": {"data_type": "timestamp"},
    "is_first_seen": {"data_type": "bool"},
    "previous_stage": {"data_type": "text"},
}
HISTORY_KEY = ["prospect_id", "stage", "seen_at"]


@dataclass(frozen=True)
class _Part:
    """One read of a list: a window (or the whole list) and whether it moves the cursor."""

    window: Window | None
    since: str | None = None
    advances_cursor: bool = False
    replays: bool = False


@dlt.source(name="toolyt", max_table_nesting=1)
def toolyt(
    api_key: str = dlt.secrets.value,
    base_url: str = DEFAULT_BASE_URL,
    start_date: str = "2025-01-01",
    window_days: int = 30,
    lookback_days: int = 1,
    page_size: int = 500,
    detail_concurrency: int = 16,
    requests_per_second: float = 0.0,
    lead_refresh_days: float = 7,
    now: str | None = None,
    timeout_s: float = 30.0,
    max_attempts: int = 6,
    max_retry_wait_s: float = 120.0,
    retry_backoff_s: float = 0.5,
    windows_per_load: int = 0,
    full_refresh: bool = False,
    since: str | None = None,
    known: Known | None = None,
    report: RunReport | None = None,
) -> Sequence[DltResource]:
    """A Toolyt account as dlt resources.

    Args:
        api_key: the key from Toolyt's API module (a secret).
        base_url: the API's root URL.
        start_date: where the first backfill starts, `YYYY-MM-DD` IST.
        window_days: the size of one creation-time window.
        lookback_days: how far before the cursor each run starts again, for records
            that arrive late.
        page_size: rows per list page.
        detail_concurrency: requests in flight at once, over all resources.
        requests_per_second: a request budget for rate-limited accounts; 0 for none.
        lead_refresh_days: every lead's details are re-read at least once in this many
            days, a share of them each run, because a lead's status changes without
            showing in the list; 0 re-reads only leads whose list entry changed.
        now: the run's notion of now (`YYYY-MM-DD hh:mm:ss` IST); the clock if unset.
        timeout_s: seconds to wait for one answer.
        max_attempts: attempts per request.
        max_retry_wait_s: seconds one request may wait between attempts in all.
        retry_backoff_s: the first wait before a retry; it doubles each time, with jitter.
        windows_per_load: at most this many new windows per resource in one load, so a
            long backfill commits as it goes (0: no limit).
        full_refresh: re-read every window from `start_date` and every detail.
        since: re-read windows from this date (`YYYY-MM-DD`) instead of the cursor.
        known: what the warehouse holds already; None re-reads every detail.
        report: collects requests, rows and windows of the run.

    Returns:
        The resources, with transformers that fan out to the detail endpoints.

    Raises:
        ConfigError: a setting is missing or malformed.
    """
    if not api_key:
        raise ConfigError(
            "no API key: set `api_key` under [sources.toolyt] in .dlt/secrets.toml "
            "or the environment variable SOURCES__TOOLYT__API_KEY"
        )
    if page_size < 1 or detail_concurrency < 1:
        raise ConfigError("`page_size` and `detail_concurrency` must be at least 1")

    clock = run_clock(now)
    start = parse_ist(start_date, "start_date")
    rerun_from = parse_ist(since, "since") if since else None
    if start >= clock:
        raise ConfigError(f"`start_date` {start_date} is not before the run's now {clock}")

    client = ToolytClient(
        base_url,
        api_key,
        max_in_flight=detail_concurrency,
        requests_per_second=requests_per_second,
        timeout_s=timeout_s,
        max_attempts=max_attempts,
        max_retry_wait_s=max_retry_wait_s,
        backoff_s=retry_backoff_s,
    )
    report = report if report is not None else RunReport()
    report.clients.append(client)
    run = _Run(
        client=client,
        clock=clock,
        start=start,
        rerun_from=rerun_from,
        window_days=window_days,
        lookback_days=lookback_days,
        page_size=page_size,
        lead_refresh_days=lead_refresh_days,
        windows_per_load=windows_per_load,
        full_refresh=full_refresh,
        known=known or Known(),
        report=report,
    )
    return run.resources()


@dataclass
class _Run:
    """The settings of one run, shared by the resource functions it builds."""

    client: ToolytClient
    clock: pendulum.DateTime
    start: pendulum.DateTime
    rerun_from: pendulum.DateTime | None
    window_days: int
    lookback_days: int
    page_size: int
    lead_refresh_days: float
    windows_per_load: int
    full_refresh: bool
    known: Known
    report: RunReport
    _shapers: dict[str, RecordShaper] = field(default_factory=dict)
    _shapers_lock: threading.Lock = field(default_factory=threading.Lock)

    def resources(self) -> list[DltResource]:
        resources = [self.company(), self.customer_form()]
        for endpoint in ENDPOINTS.values():
            resources.extend(self.endpoint_resources(endpoint))
        return resources

    def company(self) -> DltResource:
        def company() -> Iterator[dict[str, Any]]:
            body = self.client.call(COMPANY_PATH, label="company")
            yield self.shaper("company").shape(body.get("company") or {})

        # Not parallelized: the company is read first, alone, so that a rejected key
        # fails the run after one request instead of one per resource in flight.
        return dlt.resource(
            company,
            name="company",
            write_disposition="replace",
            columns=columns_for("company", COMPANY_FIELDS),
        )

    def customer_form(self) -> DltResource:
        def customer_form() -> Iterator[list[dict[str, Any]]]:
            body = self.client.call(CUSTOMER_FORM_PATH, label="customer_form")
            shaper = self.shaper("customer_form")
            yield [shaper.shape(field) for field in body.get("customer_form") or []]

        return dlt.resource(customer_form, name="customer_form", write_disposition="replace")

    def endpoint_resources(self, endpoint: Endpoint) -> list[DltResource]:
        columns = columns_for(endpoint.resource, DOCUMENTED_FIELDS.get(endpoint.resource, ()))
        nested = {
            (field,): {"columns": columns_for(endpoint.resource, fields)}
            for field, fields in NESTED_FIELDS.get(endpoint.resource, {}).items()
        }
        columns[DELETED_COLUMN] = {"data_type": "bool", "hard_delete": True}
        columns[HASH_COLUMN] = {"data_type": "text"}
        primary_key = list(endpoint.id_key) if isinstance(endpoint.id_key, tuple) else (
            endpoint.id_key
        )
        if endpoint.detail_path is None:
            return [
                dlt.resource(
                    self.list_function(endpoint, columns=columns),
                    name=endpoint.resource,
                    parallelized=True,
                    primary_key=primary_key,
                    write_disposition="merge",
                    columns=columns,
                    nested_hints=nested,
                )
            ]

        pages = dlt.resource(
            self.list_function(endpoint),
            name=f"{endpoint.resource}_pages",
            selected=False,
            parallelized=True,
        )
        details = dlt.transformer(
            self.detail_function(endpoint),
            data_from=pages,
            parallelized=True,
            name=endpoint.resource,
            primary_key=primary_key,
            write_disposition="merge",
            columns=columns,
            nested_hints=nested,
        )
        resources = [pages, details]
        if endpoint.stage:
            resources.append(
                dlt.transformer(
                    self.history_function(endpoint),
                    data_from=details,
                    name=f"{endpoint.resource}_history",
                    table_name=HISTORY_TABLE,
                    primary_key=HISTORY_KEY,
                    write_disposition="merge",
                    columns=HISTORY_COLUMNS,
                )
            )
        return resources

    # -- list resources ------------------------------------------------------------------

    def list_function(self, endpoint: Endpoint, columns: dict[str, Any] | None = None):
        """A generator function that pages `endpoint` and hands on new or changed rows.

        With `columns` (the table's declared hints), rows are typed here, for endpoints
        without details, and go to dlt as Arrow tables where they can; otherwise they go
        raw to the detail transformer, tagged with their list digest.
        """

        def read_list() -> Iterator[list[dict[str, Any]]]:
            state = dlt.current.resource_state()
            known_rows = self.known.ids(endpoint.resource)
            shaper = self.shaper(endpoint.resource)
            parts, complete = self.plan(endpoint, state)
            members: set[Any] = set()
            refresh = self.leads_to_refresh(state) if endpoint.resource == "leads" else ()
            as_page = None
            if columns is not None:
                keys = endpoint.id_key if isinstance(endpoint.id_key, tuple) else [endpoint.id_key]
                as_page = self.page_maker(endpoint.resource, columns, keys)

            typed: list[dict[str, Any]] = []
            for page in interleave([self.part_reader(endpoint, p) for p in parts], LIST_READERS):
                rows = []
                for row in page:
                    key = row_id(endpoint, row)
                    members.add(key)
                    digest = list_hash(row)
                    if self.full_refresh or known_rows.get(key) != digest or key in refresh:
                        rows.append({**row, HASH_COLUMN: digest})
                if not rows:
                    continue
                self.report.changed_rows[endpoint.resource] += len(rows)
                if as_page is None:
                    yield rows
                    continue
                typed += (shaper.shape(row) for row in rows)
                if len(typed) >= TYPED_BATCH_ROWS:
                    yield as_page(typed)
                    typed = []
            if typed:
                yield as_page(typed)

            # Every part was read to its end (an error ends the load uncommitted).
            for part in parts:
                if part.advances_cursor and part.window is not None:
                    end = part.window.end.to_datetime_string()
                    state["cursor"] = max(state.get("cursor") or "", end)
                    if part.replays:
                        state["replay"] = max(state.get("replay") or "", end)
            if complete:
                state.pop("replay", None)

            if endpoint.membership and complete:
                gone = [key for key in known_rows if key not in members]
                if gone:
                    logger.debug("%s: %d ids left the list", endpoint.resource, len(gone))
                    yield [{endpoint.id_key: key, DELETED_COLUMN: True} for key in gone]
            if endpoint.window in ("none", "since"):
                state["cursor"] = self.clock.to_datetime_string()

        read_list.__name__ = f"read_{endpoint.resource}"
        return read_list

    def part_reader(self, endpoint: Endpoint, part: _Part) -> Callable[[], Iterator[list]]:
        """A function that reads one part's pages and notes the read in the report."""

        def read_part() -> Iterator[list[dict[str, Any]]]:
            read = WindowRead()
            entry = self.report.open(endpoint.resource, part.window)
            yield from read_window(
                self.client, endpoint, part.window, self.page_size,
                since=part.since, report=read,
            )
            self.report.close(entry, read)

        return read_part

    def plan(self, endpoint: Endpoint, state: dict[str, Any]) -> tuple[list[_Part], bool]:
        """The reads of one list this run, and whether they cover its whole range.

        Windowed lists get new windows from the cursor minus the lookback (or from the
        start date, or from `since`), and lists whose rows change get one extra read of
        everything before that, in `LIST_READERS` slices read side by side. Lists
        without windows are read whole.

        A re-read asked for by `full_refresh` or `since` keeps its progress in the
        `replay` key, so that a re-read spread over several loads goes on where the
        last load stopped instead of starting over; the cursor never moves back.
        """
        if endpoint.window == "none":
            return [_Part(None)], True
        if endpoint.window == "since":
            return [_Part(None, since=self.invoices_since(state.get("cursor")))], True

        cursor, replay = state.get("cursor"), state.get("replay")
        if cursor and parse_ist(cursor, "cursor") > self.clock:
            # A cursor ahead of now cannot come from a load of this clock (a restored or
            # edited state, a clock set back): trust nothing and read from the start.
            logger.warning(
                "%s: saved cursor %s is after the run's now %s; reading from start_date",
                endpoint.resource, cursor, self.clock.to_datetime_string(),
            )
            state.pop("cursor")
            cursor, replay = None, None
        if replay:
            begin = parse_ist(replay, "replay")
        elif self.full_refresh or cursor is None:
            begin = self.start
        else:
            begin = parse_ist(cursor, "cursor").subtract(days=self.lookback_days)
            if self.rerun_from is not None:
                # `since` adds windows to re-read; it never skips the unread ones.
                begin = min(begin, self.rerun_from)
        begin = max(begin, self.start)
        if endpoint.window == "date":
            begin = max(midnight(begin), midnight(self.start))

        rereading = bool(replay) or self.full_refresh or self.rerun_from is not None
        windows = split(begin, self.clock, self.window_days)
        budget = self.windows_per_load
        complete = not budget or len(windows) <= budget
        parts = [
            _Part(window, advances_cursor=True, replays=rereading)
            for window in windows[: budget or None]
        ]
        if endpoint.relist and begin > self.start:
            # The re-read of what came before, in as many slices as are read at once.
            days = math.ceil((begin - self.start).total_seconds() / 86400 / LIST_READERS)
            parts[:0] = [_Part(window) for window in split(self.start, begin, days)]
        return parts, complete

    def invoices_since(self, cursor: str | None) -> str | None:
        """Invoices change until paid: re-list from the oldest open one, or the lookback."""
        if self.full_refresh or cursor is None:
            return self.rerun_from.to_date_string() if self.rerun_from else None
        since = parse_ist(cursor, "cursor").subtract(days=self.lookback_days).date()
        if self.known.oldest_open_invoice is not None:
            since = min(since, self.known.oldest_open_invoice)
        if self.rerun_from is not None:
            since = min(since, self.rerun_from.date())
        return since.isoformat()

    def leads_to_refresh(self, state: dict[str, Any]) -> frozenset[Any]:
        """Leads whose details this run re-reads although their list entry is unchanged.

        A lead's status lives only in its details. Each run takes the share of the known
        leads that the time since the last refresh calls for, at all of them per
        `lead_refresh_days`, read longest ago first: every lead is re-read at least once
        in that many days, in even slices whether runs come nightly or hourly.
        """
        last = state.get("refreshed_at")
        state["refreshed_at"] = self.clock.to_datetime_string()
        if self.lead_refresh_days <= 0 or self.full_refresh:
            return frozenset()
        # Without a record of the last refresh (a warehouse from before it was kept),
        # take one day's share.
        since = self.clock - parse_ist(last, "refreshed_at") if last else pendulum.duration(days=1)
        share = min(1.0, max(0.0, since.total_seconds() / 86400 / self.lead_refresh_days))
        leads = [
            (prospect.read_order(), key)
            for key, prospect in self.known.prospects.items()
            if prospect.stage == ENDPOINTS["leads"].stage
        ]
        due = sorted(leads)[: math.ceil(len(leads) * share)]
        return frozenset(key for _, key in due)

    # -- transformers ------------------------------------------------------------------

    def detail_function(self, endpoint: Endpoint):
        """A transformer function: list rows in, full records (list + details) out."""

        def fetch(row: dict[str, Any]) -> dict[str, Any]:
            if row.get(DELETED_COLUMN):
                return row
            key = row[endpoint.id_key]
            try:
                body = self.client.call(
                    endpoint.detail_path.format(id=key),
                    method=endpoint.method if endpoint.needs_token else "GET",
                    with_token=endpoint.needs_token,
                    label=endpoint.resource,
                )
            except NotFoundError as error:
                if not endpoint.membership:
                    # Nothing re-reads these lists in full, so a row deleted here on a
                    # passing "not found" would stay lost: fail the run instead.
                    raise ApiError(
                        f"{endpoint.resource}: the list has id {key} but its details "
                        "answer not found; run again, and report it if it persists",
                        error.endpoint,
                    ) from None
                # Gone between the list and the detail call: it moved to another list
                # (or was deleted). The sync reads the lists once more to find it.
                self.report.moved[endpoint.resource] += 1
                return {endpoint.id_key: key, DELETED_COLUMN: True}
            return {**row, **(body.get(endpoint.detail_key) or {})}

        def add_details(page: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
            shaper = self.shaper(endpoint.resource)
            records = []
            for record in self.client.map(fetch, page):
                records.append(record if record.get(DELETED_COLUMN) else shaper.shape(record))
            self.report.touch(endpoint.resource)
            yield records

        add_details.__name__ = f"add_{endpoint.resource}_details"
        return add_details

    def history_function(self, endpoint: Endpoint):
        """A transformer function: full prospect records in, stage and status changes out."""
        stage = endpoint.stage

        def record_changes(records: list[dict[str, Any]]) -> Iterator[Any]:
            as_page = self.page_maker(HISTORY_TABLE, HISTORY_COLUMNS, HISTORY_KEY)
            changes = []
            for record in records:
                if record.get(DELETED_COLUMN):
                    continue
                key = record[endpoint.id_key]
                status = record.get("lead_status")
                before = self.known.prospects.get(key)
                if before is not None and (before.stage, before.lead_status) == (stage, status):
                    continue
                changes.append({
                    "prospect_id": key,
                    "stage": stage,
                    "lead_status": status,
                    "seen_at": self.clock,
                    "created_at": record.get("assigned_date") or record.get("created_date"),
                    "is_first_seen": before is None,
                    "previous_stage": before.stage if before else None,
                })
            if changes:
                yield as_page(changes)

        record_changes.__name__ = f"record_{endpoint.resource}_changes"
        return record_changes

    def page_maker(
        self, table: str, columns: dict[str, Any], keys: Sequence[str]
    ) -> Callable[[list[dict[str, Any]]], Any]:
        """A function that makes a page of `table`'s typed rows an Arrow table when they
        are flat and fit their columns' types, and leaves them as dicts otherwise.

        Call it where the rows are made, before they are yielded: it reads the live
        schema's columns of `table` then, when nothing else is changing them.
        """
        schema = dlt.current.source_schema()
        load_id = dlt.current.load_package_state()["load_id"]
        types = known_types(schema, table, columns)
        not_null = not_null_columns(columns, keys)
        detections = schema.settings.get("detections") or ()

        def as_page(rows: list[dict[str, Any]]) -> Any:
            arrow = page_table(rows, load_id, types, not_null, schema.naming, detections)
            return rows if arrow is None else arrow

        return as_page

    def shaper(self, table: str) -> RecordShaper:
        """The table's shaper, its column-name register kept in the source state.

        First asked for by the list resource on the extracting thread, where the state
        is at hand; detail transformers on worker threads then find it made.
        """
        with self._shapers_lock:
            if table not in self._shapers:
                names = dlt.current.source_state().setdefault("column_names", {})
                self._shapers[table] = RecordShaper(names.setdefault(table, {}))
            return self._shapers[table]
