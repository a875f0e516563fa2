"""`toolyt-sync demo`: the whole sync against a fake Toolyt on loopback, twice.

It starts the project's fake Toolyt API on a free port, syncs the account into a fresh
DuckDB file, moves the fake's clock one day (leads convert, invoices are paid, visits
are checked in), syncs again, prints what the second run changed, then builds the
marts and prints a line about each.
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from toolyt_fake import FakeToolyt

from .accounts import UNNAMED
from .report import demo_report, format_inr
from .sync import SyncOptions, SyncResult, sync
from .transform import transform
from .warehouse import DATASET

# The fake's data starts about four months before its clock.
DEMO_START_DATE = "2026-01-01"


def demo(duckdb_path: str | Path, *, scale: float = 1.0, seed: int = 1) -> None:
    """Run the demo into `duckdb_path`, replacing what an earlier demo left there."""
    path = Path(duckdb_path)
    reset(path)
    with FakeToolyt(seed=seed, scale=scale) as fake:
        print(f"fake Toolyt API at {fake.url} (clock {fake.now} IST)")
        first = run(fake, path, "first sync: the whole account")

        before = snapshot(path)
        fake.advance(days=1)
        print(f"\nclock moved one day to {fake.now} IST")
        second = run(fake, path, "second sync: only what changed")
        after = snapshot(path)

    print("\nwhat the second sync changed:")
    for line in changes(path, before, after, second.now):
        print(f"  {line}")

    built = transform(path, date.fromisoformat(second.now[:10]), accounts=[UNNAMED])
    print(f"\nmarts built as of {built.as_of} (IST), {len(built.tests)} data tests passed:")
    for line in mart_summaries(path):
        print(f"  {line}")
    print(
        f"\n{first.requests} requests the first time, {second.requests} the second. "
        f"The warehouse is {path}; try:\n"
        f"  duckdb {path} \"select lead_status, count(*) from {DATASET}.leads group by 1\""
    )
    demo_report(path, built.as_of)


def mart_summaries(path: Path) -> list[str]:
    """One line per mart: what an analyst would look at first."""
    queries = {
        "lead_funnel": "select count(*), sum(leads_created), sum(converted), "
        "round(sum(converted) / sum(leads_created), 3) from marts.lead_funnel",
        "visits_daily": "select count(*), sum(planned), sum(completed), sum(missed) "
        "from marts.visits_daily",
        "invoice_balances": "select count(*), sum(balance_amount), "
        "count(*) filter (where days_overdue > 0) from marts.invoice_balances",
        "customer_balances": "select count(*), sum(balance), sum(overdue_balance) "
        "from marts.customer_balances",
        "prospects": "select count(*), count(*) filter (where stage = 'lead'), "
        "count(*) filter (where stage = 'customer') from marts.prospects",
        "prospect_stage_history": "select count(*), count(*) filter (where not is_current) "
        "from marts.prospect_stage_history",
        "lead_funnel_by_owner": "select count(*), count(distinct assigned_user_id), "
        "count(distinct lead_source) from marts.lead_funnel_by_owner",
    }
    labels = {
        "lead_funnel": "{} cohorts, {} prospects created, {} converted (rate {})",
        "visits_daily": "{} user-days, {} visits planned, {} completed, {} missed",
        "invoice_balances": "{} invoices, {} outstanding, {} overdue",
        "customer_balances": "{} customers with invoices, {} balance, {} overdue",
        "prospects": "{} prospects: {} open leads, {} customers",
        "prospect_stage_history": "{} stage intervals, {} of them ended by a move",
        "lead_funnel_by_owner": "{} cohort rows over {} owners and {} lead sources",
    }

    def shown(value: object) -> object:
        return format_inr(value) if isinstance(value, Decimal) else value

    with duckdb.connect(str(path), read_only=True) as con:
        return [
            f"marts.{name}: "
            + labels[name].format(*(shown(v) for v in con.execute(sql).fetchone()))
            for name, sql in queries.items()
        ]


def run(fake: FakeToolyt, path: Path, title: str) -> SyncResult:
    print(f"\n{title}")
    result = sync(
        SyncOptions(
            duckdb=path,
            base_url=fake.url,
            now=fake.now,
            overrides={"api_key": fake.api_key, "start_date": DEMO_START_DATE},
        )
    )
    for line in result.lines():
        print(f"  {line}")
    return result


def reset(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)
    shutil.rmtree(path.parent / ".toolyt-sync" / path.name, ignore_errors=True)


def snapshot(path: Path) -> dict[str, int]:
    """Row counts of the main tables."""
    tables = ("leads", "customers", "lost_leads", "visits", "order_invoices", "jobs")
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            table: con.execute(f"select count(*) from {DATASET}.{table}").fetchone()[0]
            for table in tables
        }


def changes(path: Path, before: dict[str, int], after: dict[str, int], now: str) -> list[str]:
    lines = [
        f"{table}: {before[table]} -> {after[table]} rows"
        for table in before
        if before[table] != after[table]
    ]
    with duckdb.connect(str(path), read_only=True) as con:
        moves = con.execute(
            f"""
            select previous_stage, stage, count(*)
            from {DATASET}.prospect_history
            where not is_first_seen
              and seen_at = (select max(seen_at) from {DATASET}.prospect_history)
            group by all
            order by all
            """
        ).fetchall()
    for previous, stage, count in moves:
        if previous == stage:
            lines.append(f"{count} {stage}(s) changed lead status")
        else:
            lines.append(f"{count} prospect(s) moved from {previous} to {stage}")
    return lines
