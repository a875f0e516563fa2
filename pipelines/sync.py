"""`toolyt-sync sync`: copy a Toolyt account into the warehouse, completely, every run.

One sync may take several loads. A long backfill commits every `windows_per_load`
windows, so a run that dies resumes from the last committed window; each load reads
the warehouse first, so it fetches details only for what is new or changed. A package
left pending by a run that died after extraction is loaded before anything else.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import dlt
import pendulum
import sqlglot
from dlt.common.configuration.exceptions import ConfigFieldMissingException
from dlt.extract import DltSource
from dlt.pipeline.exceptions import PipelineStepFailed
from sqlglot import exp

from sources.toolyt import RESOURCES, RunReport, toolyt
from sources.toolyt.errors import ConfigError, ToolytError
from sources.toolyt.report import LEDGER_TABLE
from sources.toolyt.settings import DELETED_COLUMN, ENDPOINTS, HISTORY_TABLE
from sources.toolyt.settings import PROSPECT_RESOURCES as PROSPECTS
from sources.toolyt.windows import parse_ist, run_clock

from .accounts import SOURCE_SECTION, UNNAMED, Account, check_own_keys
from .lake import append_ledger, is_lake, require_deltalake
from .warehouse import (
    DEFAULT_DUCKDB,
    is_duckdb,
    loader_file_format,
    make_pipeline,
    read_known,
    run_settings,
    table_format,
)

logger = logging.getLogger("toolyt_sync")

# A sync that needs more loads than this is not converging: stop and say so.
MAX_LOADS = 200

# The completeness ledger's columns, as SQL types.
LEDGER_COLUMNS: dict[str, str] = {
    "resource": "text",
    "window_start": "text",
    "window_end": "text",
    "rows_read": "bigint",
    "api_total": "bigint",
    "requests": "bigint",
    "retries": "bigint",
    "passes": "bigint",
    "outcome": "text",
    "run_id": "text",
    "recorded_at": "timestamptz",
}


@dataclass
class SyncOptions:
    """What one `toolyt-sync sync` was asked to do; None leaves a setting to dlt config."""

    duckdb: str | Path = DEFAULT_DUCKDB
    destination: str = "duckdb"
    account: Account = UNNAMED
    base_url: str | None = None
    resources: list[str] | None = None
    full_refresh: bool = False
    since: str | None = None
    now: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    on_progress: Callable[[str], None] | None = None


@dataclass
class ResourceSummary:
    resource: str
    rows: int
    requests: int
    window: tuple[str | None, str | None]
    seconds: float


@dataclass
class SyncResult:
    """What a sync did, per resource, and over all."""

    resources: list[ResourceSummary]
    loads: int
    seconds: float
    requests: int
    now: str

    def lines(self) -> list[str]:
        """One line per resource: rows loaded, requests made, window covered, seconds."""
        out = []
        for item in self.resources:
            start, end = item.window
            window = f"{start} .. {end}" if start else "whole list"
            out.append(
                f"{item.resource:<15} {item.rows:>7} rows {item.requests:>6} requests"
                f" {item.seconds:>6.1f} s  {window}"
            )
        out.append(
            f"{'total':<15} {sum(r.rows for r in self.resources):>7} rows "
            f"{self.requests:>6} requests  {self.loads} load(s) in {self.seconds:.1f} s"
        )
        return out


def sync(options: SyncOptions) -> SyncResult:
    """Run the sync until every selected resource is complete up to the run's now.

    Raises:
        ToolytError: a configuration, authentication, API or data problem; nothing
            past the last committed load is kept.
    """
    started = time.perf_counter()
    selected = select(options.resources)
    clock = run_clock(options.now or configured_now(options.account))
    if options.since:
        parse_ist(options.since, "--since")
    pipeline = make_pipeline(options.duckdb, options.destination, options.account)
    if is_lake(pipeline):
        require_deltalake()
    report = RunReport(on_progress=options.on_progress)

    # State and schema come from the warehouse when the local folder is missing or older,
    # so that what the run reads as known matches what is loaded.
    with dlt_errors():
        pipeline.sync_destination()
    with kept_open(pipeline):
        loads, rows = load_until_caught_up(pipeline, options, selected, clock, report)
    for client in report.clients:
        client.close()
    return summarize(report, rows, selected, loads, time.perf_counter() - started, clock)


def load_until_caught_up(
    pipeline: dlt.Pipeline,
    options: SyncOptions,
    selected: list[str],
    clock: pendulum.DateTime,
    report: RunReport,
) -> tuple[int, Counter[str]]:
    """Load until every selected list is read up to `clock`; return loads and rows.

    Every window read goes to the completeness ledger, also when a load fails.
    """
    rows: Counter[str] = Counter()
    loads = finish_pending(pipeline)
    run_id = f"{clock.format('YYYYMMDD[T]HHmmss')}-{uuid.uuid4().hex[:8]}"
    try:
        resources, follow_ups = selected, 0
        while True:
            if loads >= MAX_LOADS:
                raise ToolytError(f"the sync did not finish within {MAX_LOADS} loads")
            moved = sum(report.moved.values())
            source = make_source(
                options,
                now=clock.to_datetime_string(),
                full_refresh=options.full_refresh,
                since=options.since,
                known=read_known(pipeline),
                report=report,
            ).with_resources(*resources)
            run(pipeline, for_lake(source) if table_format(pipeline) else source)
            loads += 1
            rows.update(normalized_rows(pipeline))
            report.mark_loaded()
            if not is_caught_up(pipeline, source.name, resources, clock.to_datetime_string()):
                continue
            # Prospects that moved to another list while this load read them are found
            # by reading the three lists once more (without details, unless new there).
            prospects = [name for name in selected if name.split("_history")[0] in PROSPECTS]
            if sum(report.moved.values()) == moved or not prospects or follow_ups == 2:
                break
            resources, follow_ups = prospects, follow_ups + 1
    except Exception:
        try:
            write_ledger(pipeline, report.ledger_rows(run_id, pendulum.now("UTC")))
        except Exception as error:  # the sync's own error is the one to report
            logger.warning("could not record the failed windows in the ledger: %s", error)
        raise
    write_ledger(pipeline, report.ledger_rows(run_id, pendulum.now("UTC")))
    return loads, rows


@contextmanager
def kept_open(pipeline: dlt.Pipeline) -> Iterator[None]:
    """Keep a DuckDB warehouse open from the first read of it to the last write.

    dlt opens and closes the database file around each step and each load job when
    nothing else holds it: some thirty times in a nightly run, a third of its load time.
    """
    if not is_duckdb(pipeline):
        yield
        return
    # Opened with the run's settings (DuckDB's memory limit), as dlt's own would be.
    with dlt_errors(), run_settings(pipeline), pipeline.sql_client():
        yield


def sync_accounts(
    options: SyncOptions, accounts: list[Account]
) -> list[tuple[Account, SyncResult]]:
    """Sync each account in turn into the same warehouse, each with its own state.

    Raises:
        ToolytError: as `sync`, its message naming the account; the accounts synced
            before it stay loaded, the ones after it are not started.
    """
    if "api_key" not in options.overrides:
        check_own_keys(accounts)
    if options.base_url and len(accounts) > 1:
        raise ConfigError(
            "--base-url names one account's API; set `base_url` under "
            f"[{SOURCE_SECTION}.<account>] for each, or pick one with --accounts"
        )
    results = []
    for account in accounts:
        try:
            results.append((account, sync(replace(options, account=account))))
        except ToolytError as error:
            error.args = (account.describe(str(error)),)
            raise
    return results


def configured_now(account: Account) -> str | None:
    """The `now` setting: the account's own, else the shared one; None for the clock."""
    own = dlt.config.get(f"{account.section}.now", str)
    return own or dlt.config.get(f"{SOURCE_SECTION}.now", str)


def select(names: list[str] | None) -> list[str]:
    """dlt resource names for the user's `--resources`, history included with prospects.

    Raises:
        ConfigError: a name is not one of the resources.
    """
    names = names or list(RESOURCES)
    unknown = [name for name in names if name not in RESOURCES]
    if unknown:
        raise ConfigError(
            f"unknown resource `{unknown[0]}`; choose from: {', '.join(RESOURCES)}"
        )
    selected = []
    for name in names:
        selected.append(name)
        if name in ENDPOINTS and ENDPOINTS[name].stage:
            selected.append(f"{name}_history")
    return selected


def make_source(options: SyncOptions, **arguments: Any) -> DltSource:
    """The toolyt source with dlt's configuration plus the run's own arguments.

    Raises:
        ConfigError: a required setting (the API key) is missing.
    """
    arguments = {**options.overrides, **arguments}
    if options.base_url:
        arguments["base_url"] = options.base_url
    account = options.account
    # A source named after the account reads its settings from [sources.toolyt.<name>]
    # first, then from the shared [sources.toolyt].
    factory = toolyt if account.name is None else toolyt.clone(name=account.source_name)
    try:
        return factory(**arguments)
    except ConfigFieldMissingException as missing:
        if "api_key" in missing.fields:
            raise ConfigError(
                account.describe(
                    f"no API key: set `api_key` under [{account.section}] in "
                    f".dlt/secrets.toml or the environment variable {account.env_prefix}__API_KEY"
                )
            ) from None
        raise ConfigError(
            f"missing setting(s) {', '.join(missing.fields)} in [{account.section}]"
        ) from None


def for_lake(source: DltSource) -> DltSource:
    """Adapt merges to Delta tables, which dlt merges only as upserts.

    dlt cannot hard-delete from a Delta table that has nested tables, so a record that
    left its list stays as a tombstone row flagged `_toolyt_deleted`; whatever reads the
    lake (`read_known`, the transforms) skips those rows.
    """
    for resource in source.resources.values():
        if resource.write_disposition != "merge":
            continue
        columns = resource.columns if isinstance(resource.columns, dict) else {}
        resource.apply_hints(
            write_disposition={"disposition": "merge", "strategy": "upsert"},
            columns=(
                {DELETED_COLUMN: {"data_type": "bool", "hard_delete": False}}
                if DELETED_COLUMN in columns
                else None
            ),
        )
    return source


def write_ledger(pipeline: dlt.Pipeline, rows: list[dict[str, Any]]) -> None:
    """Append window entries to the completeness ledger table.

    The rows go straight through the destination's SQL client: a whole extra load for
    a few dozen rows would cost the nightly run more than its own changes do.
    """
    if not rows:
        return
    if is_lake(pipeline):
        append_ledger(pipeline, LEDGER_TABLE, rows, LEDGER_COLUMNS)
        return
    dialect = pipeline.destination.capabilities().sqlglot_dialect or "duckdb"
    columns = list(LEDGER_COLUMNS)
    with dlt_errors(), pipeline.sql_client() as client:
        if not client.has_dataset():
            client.create_dataset()
        table = sqlglot.to_table(client.make_qualified_table_name(LEDGER_TABLE), dialect=dialect)
        schema = exp.Schema(
            this=table,
            expressions=[
                exp.ColumnDef(this=exp.to_identifier(name), kind=exp.DataType.build(kind))
                for name, kind in LEDGER_COLUMNS.items()
            ],
        )
        client.execute_sql(exp.Create(this=schema, kind="TABLE", exists=True).sql(dialect))
        values = exp.values(
            [tuple(ledger_value(row[name]) for name in columns) for row in rows]
        )
        insert = exp.insert(values, table, columns=columns)
        client.execute_sql(insert.sql(dialect))


def ledger_value(value: Any) -> Any:
    """A ledger value as a SQL literal: timestamps as UTC text the warehouse casts."""
    if isinstance(value, datetime):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("timestamptz"))
    return value


def finish_pending(pipeline: dlt.Pipeline) -> int:
    """Load what a run that died after extraction left behind; return the loads made."""
    loads = 0
    while pipeline.has_pending_data:
        logger.info("loading the package a previous run left pending")
        run(pipeline, None)
        loads += 1
    return loads


def run(pipeline: dlt.Pipeline, source: Any) -> None:
    """One extract-normalize-load, with dlt's wrapped errors unwrapped to ours."""
    with dlt_errors(), run_settings(pipeline):
        if source is None:
            pipeline.run()
        else:
            pipeline.run(
                source,
                loader_file_format=loader_file_format(pipeline),
                table_format=table_format(pipeline),
            )


@contextmanager
def dlt_errors() -> Iterator[None]:
    """Turn dlt's wrapped step failures into the error that caused them.

    Our own errors raised inside a step come out as themselves; a destination setting
    dlt could not resolve (credentials) becomes a one-line ConfigError.
    """
    try:
        yield
    except (PipelineStepFailed, ConfigFieldMissingException) as failed:
        cause = toolyt_cause(failed)
        if cause is None:
            raise
        raise cause from failed


def toolyt_cause(error: BaseException) -> ToolytError | None:
    """Our error behind a dlt failure, or a missing dlt setting as a ConfigError."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ToolytError):
            return cause
        if isinstance(cause, ConfigFieldMissingException):
            return ConfigError(
                f"missing setting(s) {', '.join(cause.fields)} for "
                f"`{type(cause.config).__name__}`: set them in .dlt/secrets.toml or "
                "the environment (see README, Scaling up)"
            )
        cause = getattr(cause, "exception", None) or cause.__cause__ or cause.__context__
    return None


def normalized_rows(pipeline: dlt.Pipeline) -> Counter[str]:
    """Rows per table of the last load, dlt's own tables left out."""
    info = pipeline.last_trace.last_normalize_info if pipeline.last_trace else None
    counts: Counter[str] = Counter()
    if info is None:
        return counts
    for table, count in info.row_counts.items():
        if "__" not in table and not table.startswith("_dlt"):
            counts[table] += count
    return counts


def is_caught_up(pipeline: dlt.Pipeline, source_name: str, selected: list[str], now: str) -> bool:
    """Whether every selected windowed list has read up to `now` with no re-read open."""
    resources = pipeline.state.get("sources", {}).get(source_name, {}).get("resources", {})
    for name in selected:
        endpoint = ENDPOINTS.get(name)
        if endpoint is None or endpoint.window in ("none", "since"):
            continue
        state = resources.get(f"{name}_pages", resources.get(name, {}))
        if (state.get("cursor") or "") < now or state.get("replay"):
            return False
    return True


def summarize(
    report: RunReport,
    rows: Counter[str],
    selected: list[str],
    loads: int,
    seconds: float,
    clock: Any,
) -> SyncResult:
    requests = report.requests()
    per_resource = [
        ResourceSummary(
            resource=name,
            rows=rows.get(name, 0),
            requests=requests.get(name, 0),
            window=report.covered(name),
            seconds=report.seconds(name),
        )
        for name in selected
        if not name.endswith("_history")
    ]
    if HISTORY_TABLE in rows:
        per_resource.append(
            ResourceSummary(HISTORY_TABLE, rows[HISTORY_TABLE], 0, (None, None), 0.0)
        )
    return SyncResult(
        resources=per_resource,
        loads=loads,
        seconds=seconds,
        requests=sum(requests.values()),
        now=clock.to_datetime_string(),
    )
