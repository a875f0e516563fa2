"""`toolyt-sync report`: the marts as one self-contained HTML page for people to read.

The page is built from the marts (`marts.lead_funnel`, `prospect_stage_history`,
`visits_daily`, `invoice_balances`, `customer_balances`) and from the sync's own
records (`toolyt.sync_ledger`, dlt's loads and state, read through `status`). It has
five sections, each with a chart and the table behind it:

  funnel     prospects created per IST cohort month: open, converted, lost, with rates
  stages     days in stage per stage (median, quartiles, range)
  visits     visits per user per IST day as a heat map, with completed and missed
  aging      accounts receivable by aging bucket, and the largest overdue customers
  freshness  per resource: last successful sync (IST), rows, gaps

Everything is inline: CSS, SVG charts drawn here in Python, no script, font or image
from anywhere, so the file opens offline; printed, each section takes an A4 landscape
page. Amounts are in rupees with Indian digit grouping (`format_inr`), times in IST.

The figures are for the marts' as-of date: given one that differs from the date the
marts were built for, or with no marts at all, the report builds them first.

Known limitation: the heat map shows the last `HEATMAP_DAYS` IST days to the as-of date
and only users with visits planned in them; the funnel shows the latest `FUNNEL_MONTHS`
cohort months.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

from sources.toolyt.errors import ConfigError
from sources.toolyt.settings import ENDPOINTS, PROSPECT_RESOURCES
from transforms.settings import MARTS_SCHEMA, PARAMETERS_TABLE

from . import charts
from .accounts import DATASET, UNNAMED, Account
from .charts import Scale, element, esc, text, tooltip
from .export import write_atomically
from .status import (
    DEFAULT_MAX_AGE_HOURS,
    StatusResult,
    describe,
    format_age,
    read_status,
    to_ist,
)
from .transform import transform

logger = logging.getLogger("toolyt_sync")

DEFAULT_REPORT = "report.html"
SECTIONS = ("funnel", "stages", "visits", "aging", "freshness")

FUNNEL_MONTHS = 24
HEATMAP_DAYS = 28
TOP_OVERDUE = 10

# Stages in funnel order, named as the marts name them.
STAGES = tuple(ENDPOINTS[resource].stage for resource in PROSPECT_RESOURCES)
AGING_BUCKETS = {
    "not_due": "not yet due",
    "1-30": "1–30 days",
    "31-60": "31–60 days",
    "61-90": "61–90 days",
    "90+": "over 90 days",
}
MARTS = (
    PARAMETERS_TABLE, "lead_funnel", "prospect_stage_history", "visits_daily",
    "invoice_balances", "customer_balances",
)

# Okabe-Ito colours stay apart for the common kinds of colour blindness.
STAGE_COLOURS = {"lead": "#56B4E9", "customer": "#009E73", "lost": "#D55E00"}
FUNNEL_SERIES = (("converted", "customer"), ("open", "lead"), ("lost", "lost"))
AGING_COLOURS = ("#4C9F70", "#E6B33C", "#E08A2E", "#CC5A2B", "#9E2A22")
HEAT_LOW, HEAT_HIGH, HEAT_EMPTY = "#c6dbef", "#08519c", "#f3f4f6"
ALERT, OK, CANCELLED = "#D55E00", "#009E73", "#6e7781"

# Table columns of numbers and times, aligned right and never wrapped; the rest are text.
FUNNEL_NUMBERS = range(2, 9)
OVERDUE_NUMBERS = (0, *range(2, 10))
FRESHNESS_NUMBERS = (1, 2, 3)

RUPEE = "₹"
PAISE = Decimal("0.01")


@dataclass(frozen=True)
class FunnelMonth:
    """One IST cohort month of `marts.lead_funnel`."""

    cohort_month: date
    fiscal_year: str
    created: int
    open: int
    converted: int
    lost: int
    conversion_rate: float
    loss_rate: float
    median_days_to_convert: float | None


@dataclass(frozen=True)
class StageDurations:
    """Days in one stage over the stretches whose start the sync saw.

    Attributes:
        stage: lead, customer or lost.
        stretches: stretches counted; the quantiles are None when there are none.
        current: of those, the ones still going (their days are days so far).
        unknown_start: stretches left out: the sync first saw the prospect already in
            the stage, so when it entered is not known.
    """

    stage: str
    stretches: int
    current: int
    unknown_start: int
    minimum: float | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None
    maximum: float | None


@dataclass(frozen=True)
class VisitDay:
    """One user's visits planned for one IST day, as `marts.visits_daily` counts them."""

    user_id: int
    day: date
    planned: int
    completed: int
    missed: int
    cancelled: int
    upcoming: int


@dataclass(frozen=True)
class VisitGrid:
    """The heat map: users down, IST days across, a cell where visits were planned."""

    days: list[date]
    users: list[tuple[int, str]]
    cells: dict[tuple[int, date], VisitDay]

    def totals(self, user_id: int | None = None) -> dict[str, int]:
        """Planned, completed, missed, cancelled and upcoming visits of one user or all."""
        counts = dict.fromkeys(("planned", "completed", "missed", "cancelled", "upcoming"), 0)
        for (user, _), cell in self.cells.items():
            if user_id is None or user == user_id:
                for name in counts:
                    counts[name] += getattr(cell, name)
        return counts


@dataclass(frozen=True)
class AgingBucket:
    """Open invoices in one aging bucket of `marts.invoice_balances`."""

    bucket: str
    invoices: int
    balance: Decimal


@dataclass(frozen=True)
class OverdueCustomer:
    """One row of `marts.customer_balances`, among the largest overdue balances."""

    customer_id: int
    customer_name: str | None
    open_invoices: int
    oldest_due_date: date | None
    balance: Decimal
    overdue_balance: Decimal
    balance_1_30_days: Decimal
    balance_31_60_days: Decimal
    balance_61_90_days: Decimal
    balance_over_90_days: Decimal


@dataclass(frozen=True)
class ReportResult:
    """Where the report went and every figure it shows, for tests and the CLI.

    Attributes:
        path: the HTML file written.
        as_of: the IST date the marts, and so the figures, are for.
        generated_at: when the report was written, in IST; freshness is measured to it.
        company: the account's company name, when the warehouse has it.
        funnel: the cohort months shown, oldest first.
        funnel_months_left_out: older cohort months not shown.
        stages: one entry per stage, in funnel order.
        visits: the heat map's cells.
        aging: one entry per aging bucket, not yet due first; paid invoices left out.
        top_overdue: the customers with the largest overdue balance, largest first.
        freshness: the status of every resource.
    """

    path: Path
    as_of: date
    generated_at: datetime
    company: str | None
    funnel: list[FunnelMonth]
    funnel_months_left_out: int
    stages: list[StageDurations]
    visits: VisitGrid
    aging: list[AgingBucket]
    top_overdue: list[OverdueCustomer]
    freshness: StatusResult = field(repr=False)

    def lines(self) -> list[str]:
        """What `toolyt-sync report` prints: where the report is and what it covers."""
        created = sum(month.created for month in self.funnel)
        outstanding = sum((bucket.balance for bucket in self.aging), Decimal(0))
        planned = self.visits.totals()["planned"]
        return [
            f"report as of {self.as_of} (IST) written to {self.path}",
            f"{len(self.funnel)} cohort months, {created} prospects; {planned} visits planned in"
            f" the last {len(self.visits.days)} days; {format_inr(outstanding)} outstanding;"
            f" {len(self.freshness.attention)} resource(s) need attention",
        ]


def write_report(
    duckdb_path: str | Path,
    out_path: str | Path,
    as_of: date | None = None,
    account: Account = UNNAMED,
) -> ReportResult:
    """Write the HTML report of the warehouse at `duckdb_path` to `out_path`.

    Args:
        duckdb_path: the DuckDB warehouse the sync loads.
        out_path: the HTML file to write; its folder is created, an older file replaced
            only once the new one is complete.
        as_of: the IST date the figures are for; the marts are rebuilt for it when they
            were built for another date. None takes the marts as last built, building
            them for today (IST) if they never were.
        account: the account to report on, when the warehouse holds several; its own
            marts (`marts_<account>`) are read, and a rebuild builds every account.

    Returns:
        The path, the as-of date and every figure the report shows.

    Raises:
        ConfigError: there is no warehouse at `duckdb_path`.
        TransformError, DataTestError: building the marts failed; nothing was written.
    """
    path, out = Path(duckdb_path), Path(out_path)
    if not path.is_file():
        raise ConfigError(f"no warehouse at `{path}`: run `toolyt-sync sync` first")
    marts = account.marts_schema
    built_for = read_built_as_of(path, marts)
    if built_for is None or (as_of is not None and as_of != built_for):
        accounts = None if account.name else [account]
        built_for = transform(path, as_of, accounts=accounts).as_of
    generated_at = to_ist(datetime.now(UTC))

    with duckdb.connect(str(path), read_only=True) as connection:
        funnel, left_out = read_funnel(connection, marts)
        result = ReportResult(
            path=out,
            as_of=built_for,
            generated_at=generated_at,
            company=read_company(connection, account.dataset),
            funnel=funnel,
            funnel_months_left_out=left_out,
            stages=read_stages(connection, marts),
            visits=read_visits(connection, built_for, marts),
            aging=read_aging(connection, marts),
            top_overdue=read_top_overdue(connection, marts),
            freshness=read_status(
                connection, DEFAULT_MAX_AGE_HOURS, generated_at, account
            ),
        )

    write_atomically(out, render(result))
    logger.info("report as of %s (IST) written to %s", built_for, out)
    return result


def demo_report(duckdb_path: str | Path, as_of: date | None = None) -> Path:
    """Write the report beside the demo's warehouse and print where it is."""
    out = Path(duckdb_path).parent / DEFAULT_REPORT
    result = write_report(duckdb_path, out, as_of)
    print(f"\nreport as of {result.as_of} (IST): {out.resolve()}")
    return out


# -- reading the marts -----------------------------------------------------------------


def read_built_as_of(path: Path, marts: str = MARTS_SCHEMA) -> date | None:
    """The as-of date the marts were last built for; None when any mart is missing."""
    with duckdb.connect(str(path), read_only=True) as connection:
        present = {
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = ?",
                [marts],
            ).fetchall()
        }
        if not set(MARTS) <= present:
            return None
        return connection.execute(
            f"select as_of_date from {marts}.{PARAMETERS_TABLE}"
        ).fetchone()[0]


def read_company(connection: duckdb.DuckDBPyConnection, dataset: str = DATASET) -> str | None:
    rows = connection.execute(
        "select table_name from information_schema.tables"
        " where table_schema = ? and table_name = 'company'",
        [dataset],
    ).fetchall()
    if not rows:
        return None
    name = connection.execute(f"select max(company_name) from {dataset}.company").fetchone()
    return name[0] if name else None


def read_funnel(
    connection: duckdb.DuckDBPyConnection, marts: str = MARTS_SCHEMA
) -> tuple[list[FunnelMonth], int]:
    """The latest `FUNNEL_MONTHS` cohort months, oldest first, and how many are older."""
    rows = connection.execute(
        f"""
        select
            cohort_month, fiscal_year, leads_created, open_leads, converted, lost,
            conversion_rate, loss_rate, median_days_to_convert
        from {marts}.lead_funnel
        order by cohort_month
        """
    ).fetchall()
    shown = rows[-FUNNEL_MONTHS:]
    return [FunnelMonth(*row) for row in shown], len(rows) - len(shown)


def read_stages(
    connection: duckdb.DuckDBPyConnection, marts: str = MARTS_SCHEMA
) -> list[StageDurations]:
    """Days-in-stage quantiles per stage, from stretches whose start is known."""
    rows = connection.execute(
        f"""
        with stretches as (
            select
                stage,
                is_current,
                days_in_stage,
                is_entered_at_known and days_in_stage is not null as is_counted
            from {marts}.prospect_stage_history
        )
        select
            stage,
            count(*) filter (where is_counted),
            count(*) filter (where is_counted and is_current),
            count(*) filter (where not is_counted),
            min(days_in_stage) filter (where is_counted),
            quantile_cont(days_in_stage, 0.25) filter (where is_counted),
            quantile_cont(days_in_stage, 0.5) filter (where is_counted),
            quantile_cont(days_in_stage, 0.75) filter (where is_counted),
            max(days_in_stage) filter (where is_counted)
        from stretches
        group by stage
        """
    ).fetchall()
    found = {row[0]: row for row in rows}
    empty = (0, 0, 0, None, None, None, None, None)
    return [
        StageDurations(stage, *(found[stage][1:] if stage in found else empty))
        for stage in STAGES
    ]


def read_visits(
    connection: duckdb.DuckDBPyConnection, as_of: date, marts: str = MARTS_SCHEMA
) -> VisitGrid:
    """Visits per user and IST day over the `HEATMAP_DAYS` days that end on `as_of`."""
    days = [as_of - timedelta(days=back) for back in range(HEATMAP_DAYS - 1, -1, -1)]
    rows = connection.execute(
        f"""
        select
            user_id, user_name, planned_date, planned, completed, missed, cancelled,
            upcoming
        from {marts}.visits_daily
        where planned_date between ? and ?
        """,
        [days[0], days[-1]],
    ).fetchall()

    names: dict[int, str] = {}
    cells = {}
    for user_id, user_name, day, *counts in rows:
        names[user_id] = user_name or names.get(user_id) or f"user {user_id}"
        cells[(user_id, day)] = VisitDay(user_id, day, *counts)
    users = sorted(names.items(), key=lambda user: (user[1].casefold(), user[0]))
    return VisitGrid(days, users, cells)


def read_aging(
    connection: duckdb.DuckDBPyConnection, marts: str = MARTS_SCHEMA
) -> list[AgingBucket]:
    """Open invoices and their balance per aging bucket; every bucket, even if empty."""
    rows = connection.execute(
        f"""
        select aging_bucket, count(*), sum(balance_amount)
        from {marts}.invoice_balances
        where balance_amount > 0
        group by aging_bucket
        """
    ).fetchall()
    found = {bucket: (invoices, balance) for bucket, invoices, balance in rows}
    return [
        AgingBucket(bucket, *found.get(bucket, (0, Decimal(0)))) for bucket in AGING_BUCKETS
    ]


def read_top_overdue(
    connection: duckdb.DuckDBPyConnection, marts: str = MARTS_SCHEMA
) -> list[OverdueCustomer]:
    rows = connection.execute(
        f"""
        select
            customer_id, customer_name, open_invoices, oldest_due_date, balance,
            overdue_balance, balance_1_30_days, balance_31_60_days, balance_61_90_days,
            balance_over_90_days
        from {marts}.customer_balances
        where overdue_balance > 0
        order by overdue_balance desc, customer_id
        limit ?
        """,
        [TOP_OVERDUE],
    ).fetchall()
    return [OverdueCustomer(*row) for row in rows]


# -- formatting ------------------------------------------------------------------------


def format_inr(amount: Decimal | float | int) -> str:
    """Rupees with Indian digit grouping: `₹12,34,567`, `-₹1,23,45,678.50`.

    Paise are rounded half up and shown only when there are any.
    """
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    value = value.quantize(PAISE, rounding=ROUND_HALF_UP)
    rupees, paise = divmod(abs(value), 1)
    digits = group_indian(int(rupees)) + (f".{int(paise * 100):02d}" if paise else "")
    return f"{'-' if value < 0 else ''}{RUPEE}{digits}"


def group_indian(number: int) -> str:
    """A whole number grouped the Indian way: thousands, then lakhs and crores by two."""
    digits = str(abs(number))
    head, tail = digits[:-3], digits[-3:]
    pairs = []
    while head:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ("-" if number < 0 else "") + ",".join([*pairs, tail])


def format_rate(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def format_days(days: float | None) -> str:
    return "–" if days is None else f"{days:.0f}" if days == int(days) else f"{days:.1f}"


def format_month(month: date) -> str:
    return f"{month:%b %Y}"


def format_day(day: date | None) -> str:
    return "–" if day is None else f"{day.day} {day:%b %Y}"


def money_value(amount: Decimal) -> str:
    """An amount for a `data-value` attribute: plain digits to the paisa."""
    return str(Decimal(amount).quantize(PAISE, rounding=ROUND_HALF_UP))


# -- the page --------------------------------------------------------------------------


def render(result: ReportResult) -> str:
    """The whole HTML document."""
    title = "Toolyt account report" + (f": {result.company}" if result.company else "")
    nav = "".join(
        element("a", esc(name), href=f"#{section}")
        for section, name in zip(
            SECTIONS,
            ("Lead funnel", "Stage durations", "Visits", "Receivables", "Data freshness"),
            strict=True,
        )
    )
    body = [
        element("h1", esc(title)),
        element(
            "p",
            f"Figures as of <strong>{esc(format_day(result.as_of))}</strong> (IST)"
            f" · generated {esc(format_moment(result.generated_at))}",
            class_="meta",
        ),
        element("nav", nav),
        key_figures(result),
        funnel_section(result),
        stages_section(result),
        visits_section(result),
        aging_section(result),
        freshness_section(result),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} as of {result.as_of}</title>\n<style>{STYLE}</style>\n"
        f"</head>\n<body>\n<main>\n{''.join(body)}\n</main>\n</body>\n</html>\n"
    )


def key_figures(result: ReportResult) -> str:
    """The strip of headline numbers under the title."""
    created = sum(month.created for month in result.funnel)
    converted = sum(month.converted for month in result.funnel)
    outstanding = sum((bucket.balance for bucket in result.aging), Decimal(0))
    overdue = sum(
        (bucket.balance for bucket in result.aging if bucket.bucket != "not_due"), Decimal(0)
    )
    visits = result.visits.totals()
    attention = result.freshness.attention
    figures = [
        ("prospects created", group_indian(created), f"{len(result.funnel)} cohort months"),
        ("converted", format_rate(converted / created if created else None), "of created"),
        ("visits completed", f"{group_indian(visits['completed'])} of"
         f" {group_indian(visits['planned'])}", f"last {len(result.visits.days)} days"),
        ("outstanding", format_inr(outstanding), f"{format_inr(overdue)} overdue"),
        ("data", "fresh" if not attention else f"{len(attention)} alert(s)",
         ", ".join(attention) or "every resource synced, no gaps"),
    ]
    cards = "".join(
        element(
            "div",
            element("span", esc(name), class_="label")
            + element("strong", esc(value))
            + element("span", esc(note), class_="note"),
            class_="figure" + (" alert" if name == "data" and attention else ""),
        )
        for name, value, note in figures
    )
    return element("div", cards, class_="figures")


def section(anchor: str, heading: str, lead: str, *parts: str) -> str:
    return element(
        "section",
        element("h2", esc(heading)) + element("p", lead, class_="lead") + "".join(parts),
        id=anchor,
    )


def figure(chart: str, caption: str) -> str:
    return element("figure", chart + element("figcaption", caption))


def table(
    head: list[str], rows: list[str], foot: str = "", numeric: Collection[int] | None = None
) -> str:
    """A table whose `numeric` columns (all but the first by default) align right."""
    header = "".join(
        element("th", esc(name), class_="num" if is_numeric(index, numeric) else None,
                scope="col")
        for index, name in enumerate(head)
    )
    return element(
        "table",
        element("thead", element("tr", header))
        + element("tbody", "".join(rows))
        + (element("tfoot", foot) if foot else ""),
    )


def cells(values: list[str], numeric: Collection[int] | None = None) -> str:
    """Table cells of already-escaped values; `numeric` ones as in `table`."""
    return "".join(
        element("td", value, class_="num" if is_numeric(index, numeric) else None)
        for index, value in enumerate(values)
    )


def is_numeric(column: int, numeric: Collection[int] | None) -> bool:
    return column > 0 if numeric is None else column in numeric


def format_moment(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M} IST"


# -- funnel ----------------------------------------------------------------------------


def funnel_section(result: ReportResult) -> str:
    months = result.funnel
    if not months:
        return section("funnel", "Lead funnel by cohort month", "No prospects yet.")
    created = sum(month.created for month in months)
    converted = sum(month.converted for month in months)
    lost = sum(month.lost for month in months)
    lead = (
        f"Prospects by the IST month they were created in, and where they are now."
        f" Of {group_indian(created)} prospects, {group_indian(converted)}"
        f" ({format_rate(converted / created)}) converted and {group_indian(lost)}"
        f" ({format_rate(lost / created)}) were lost."
    )
    if result.funnel_months_left_out:
        lead += f" {result.funnel_months_left_out} older cohort months are not shown."

    rows = [
        element(
            "tr",
            cells([
                esc(format_month(month.cohort_month)), esc(month.fiscal_year),
                group_indian(month.created), group_indian(month.open),
                group_indian(month.converted), group_indian(month.lost),
                format_rate(month.conversion_rate), format_rate(month.loss_rate),
                format_days(month.median_days_to_convert),
            ], FUNNEL_NUMBERS),
            data_month=month.cohort_month.isoformat(),
        )
        for month in months
    ]
    head = [
        "cohort month", "fiscal year", "created", "open", "converted", "lost",
        "conversion rate", "loss rate", "median days to convert",
    ]
    return section(
        "funnel", "Lead funnel by cohort month", esc(lead),
        figure(
            funnel_chart(months),
            "Bar height: prospects created in the month. Segments: where they are now."
            " Labels in the segments, where they fit: conversion and loss rate (share of the"
            " month's prospects).",
        ),
        table(head, rows, numeric=FUNNEL_NUMBERS),
    )


def funnel_chart(months: list[FunnelMonth]) -> str:
    width, height = 960, 380
    left, right, top, bottom = 64, 16, 44, 62
    ticks = charts.nice_ticks(max(month.created for month in months), whole=True)
    scale = Scale(ticks[-1], height - bottom, top)
    slot = (width - left - right) / len(months)
    bar = min(slot * 0.62, 72)

    body = charts.value_axis(
        scale, ticks, across=(left, width - right), vertical=True,
        title="prospects created", label=lambda tick: group_indian(int(tick)),
    )
    body += charts.legend(
        [(STAGE_COLOURS[stage], name) for name, stage in FUNNEL_SERIES], left, 18
    )
    for index, month in enumerate(months):
        centre = left + slot * (index + 0.5)
        stacked = 0
        for name, stage in FUNNEL_SERIES:
            count = getattr(month, name)
            y_top, y_bottom = scale(stacked + count), scale(stacked)
            share = count / month.created if month.created else 0
            body.append(element(
                "rect",
                tooltip(f"{format_month(month.cohort_month)}: {count} {name} of"
                        f" {month.created} ({share:.0%})"),
                x=round(centre - bar / 2, 1), y=round(y_top, 1), width=round(bar, 1),
                height=round(y_bottom - y_top, 1), fill=STAGE_COLOURS[stage],
                data_month=month.cohort_month.isoformat(), data_series=name, data_value=count,
            ))
            if name != "open" and y_bottom - y_top >= 15 and bar >= 28:
                body.append(text(centre, (y_top + y_bottom) / 2 + 4, f"{share:.0%}",
                                 anchor="middle", fill="#fff", font_size=11, font_weight=600))
            stacked += count
        body.append(text(centre, scale(month.created) - 6, group_indian(month.created),
                         anchor="middle", font_weight=600, font_size=12 if slot >= 44 else 10))
        body.append(text(centre, height - bottom + 18, f"{month.cohort_month:%b}",
                         anchor="middle"))
        if index == 0 or month.cohort_month.month == 1:
            body.append(text(centre, height - bottom + 33, month.cohort_month.year,
                             anchor="middle", fill=charts.MUTED))
    body.append(charts.baseline(left, height - bottom, width - right, height - bottom))
    body.append(text((left + width - right) / 2, height - 8, "cohort month (IST, created)",
                     anchor="middle", fill=charts.MUTED))

    first, last = months[0].cohort_month, months[-1].cohort_month
    return charts.document(
        width, height, "Lead funnel by cohort month",
        f"Stacked bars of prospects created per month from {format_month(first)} to"
        f" {format_month(last)}, split into converted, open and lost",
        body,
    )


# -- stages ----------------------------------------------------------------------------


def stages_section(result: ReportResult) -> str:
    stages = result.stages
    left_out = sum(stage.unknown_start for stage in stages)
    lead = (
        "Whole IST days each prospect spent in a stage: finished stretches, and those"
        " still going counted to the as-of date."
    )
    if left_out:
        lead += (
            f" {group_indian(left_out)} stretches are left out: the sync first saw those"
            " prospects already in the stage, so when they entered it is not known."
        )
    rows = [
        element(
            "tr",
            cells([
                esc(stage.stage), group_indian(stage.stretches), group_indian(stage.current),
                format_days(stage.median), format_days(stage.lower_quartile),
                format_days(stage.upper_quartile), format_days(stage.minimum),
                format_days(stage.maximum), group_indian(stage.unknown_start),
            ]),
            data_stage=stage.stage,
        )
        for stage in stages
    ]
    head = [
        "stage", "stretches", "still in stage", "median days", "25th percentile",
        "75th percentile", "min", "max", "left out (start unknown)",
    ]
    return section(
        "stages", "Days in stage", esc(lead),
        figure(
            stages_chart(stages),
            "Box: middle half of the stretches (25th to 75th percentile); thick line: median;"
            " whiskers: shortest and longest.",
        ),
        table(head, rows),
    )


def stages_chart(stages: list[StageDurations]) -> str:
    width, row = 960, 64
    left, right, top, bottom = 130, 30, 16, 54
    height = top + row * len(stages) + bottom
    longest = max((stage.maximum or 0 for stage in stages), default=0)
    ticks = charts.nice_ticks(max(longest, 1))
    scale = Scale(ticks[-1], left, width - right)
    plot_bottom = top + row * len(stages)

    body = charts.value_axis(
        scale, ticks, across=(top, plot_bottom), vertical=False,
        title="days in stage (IST days)", label=lambda tick: f"{tick:g}",
    )
    for index, stage in enumerate(stages):
        middle = top + row * index + row / 2
        colour = STAGE_COLOURS[stage.stage]
        body.append(text(left - 14, middle - 2, stage.stage, anchor="end", font_weight=600))
        body.append(text(left - 14, middle + 14, f"n = {group_indian(stage.stretches)}",
                         anchor="end", fill=charts.MUTED, font_size=11))
        if stage.median is None:
            body.append(text(left + 8, middle + 4, "no stretch with a known start",
                             fill=charts.MUTED))
            continue

        low, q1, q2, q3, high = (
            scale(value) for value in (stage.minimum, stage.lower_quartile, stage.median,
                                      stage.upper_quartile, stage.maximum)
        )
        parts = [
            tooltip(
                f"{stage.stage}: median {format_days(stage.median)} days, middle half"
                f" {format_days(stage.lower_quartile)}–{format_days(stage.upper_quartile)},"
                f" range {format_days(stage.minimum)}–{format_days(stage.maximum)}"
                f" ({stage.stretches} stretches)"
            ),
            element("line", x1=round(low, 1), x2=round(high, 1), y1=middle, y2=middle,
                    stroke=colour, stroke_width=2),
            element("line", x1=round(low, 1), x2=round(low, 1), y1=middle - 8,
                    y2=middle + 8, stroke=colour, stroke_width=2),
            element("line", x1=round(high, 1), x2=round(high, 1), y1=middle - 8,
                    y2=middle + 8, stroke=colour, stroke_width=2),
            element("rect", x=round(q1, 1), y=middle - 12, width=round(max(q3 - q1, 2), 1),
                    height=24, fill=colour, fill_opacity=0.35, stroke=colour, stroke_width=1.5),
            element("line", x1=round(q2, 1), x2=round(q2, 1), y1=middle - 12,
                    y2=middle + 12, stroke=charts.INK, stroke_width=3),
            # Kept inside the plot: a median near 0 would put half its label on the names.
            text(max(q2, left + 36), middle - 17, f"median {format_days(stage.median)} d",
                 anchor="middle", font_size=11, font_weight=600),
        ]
        body.append(element(
            "g", "".join(parts), data_stage=stage.stage, data_count=stage.stretches,
            data_median=stage.median,
        ))
    body.append(charts.baseline(left, plot_bottom, width - right, plot_bottom))
    return charts.document(
        width, height, "Days in stage",
        "Box plots of days spent in each stage: " + ", ".join(
            f"{stage.stage} median {format_days(stage.median)} days" for stage in stages
        ),
        body,
    )


# -- visits ----------------------------------------------------------------------------


def visits_section(result: ReportResult) -> str:
    grid = result.visits
    first, last = grid.days[0], grid.days[-1]
    totals = grid.totals()
    lead = (
        f"Visits planned per user and IST day, {format_day(first)} to {format_day(last)}:"
        f" {group_indian(totals['planned'])} planned, {group_indian(totals['completed'])}"
        f" completed, {group_indian(totals['missed'])} missed,"
        f" {group_indian(totals['cancelled'])} cancelled"
    )
    lead += f", {group_indian(totals['upcoming'])} still to come." if totals["upcoming"] else "."
    if not grid.users:
        return section("visits", "Visits per user and day", esc(lead))

    rows = [
        user_row(name, grid.totals(user_id), data_user_id=user_id)
        for user_id, name in grid.users
    ]
    foot = user_row("all users", totals)
    head = ["user", "planned", "completed", "missed", "cancelled", "upcoming",
            "completed of planned"]
    return section(
        "visits", "Visits per user and day", esc(lead),
        figure(
            heat_map(grid),
            "Colour: visits planned for the day. Text: completed / planned. Red corner: at"
            " least one visit missed (neither completed nor cancelled before the day ended);"
            " grey corner: at least one cancelled. Hover a cell for its counts.",
        ),
        table(head, rows, foot),
    )


def user_row(name: str, counts: dict[str, int], **data: object) -> str:
    share = counts["completed"] / counts["planned"] if counts["planned"] else None
    values = [group_indian(counts[key]) for key in
              ("planned", "completed", "missed", "cancelled", "upcoming")]
    return element("tr", cells([esc(name), *values, format_rate(share)]), **data)


def heat_map(grid: VisitGrid) -> str:
    cell_width, cell_height, gap = 30, 24, 2
    left, top, right = 170, 50, 10
    width = left + len(grid.days) * (cell_width + gap) + right
    grid_bottom = top + len(grid.users) * (cell_height + gap)
    height = grid_bottom + 46
    busiest = max(cell.planned for cell in grid.cells.values())

    body = []
    for column, day in enumerate(grid.days):
        x = left + column * (cell_width + gap) + cell_width / 2
        if column == 0 or day.day == 1:
            body.append(text(x - cell_width / 2, 12, f"{day:%b %Y}", font_weight=600))
        # Sunday is the usual day off in Indian field sales: set apart, not hidden.
        colour = charts.MUTED if day.weekday() == 6 else charts.INK
        body.append(text(x, 28, f"{day:%a}"[:2], anchor="middle", fill=colour, font_size=10))
        body.append(text(x, 42, day.day, anchor="middle", fill=colour, font_size=11))

    for index, (user_id, name) in enumerate(grid.users):
        y = top + index * (cell_height + gap)
        body.append(element(
            "text", tooltip(name) + esc(charts.shorten(name, 22)),
            x=left - 8, y=y + cell_height / 2 + 4, text_anchor="end",
        ))
        for column, day in enumerate(grid.days):
            x = left + column * (cell_width + gap)
            body.append(heat_cell(grid.cells.get((user_id, day)), name, day, x, y,
                                  (cell_width, cell_height), busiest))

    body += heat_legend(left, grid_bottom + 30, busiest)
    return charts.document(
        width, height, "Visits per user and day",
        f"Heat map of visits planned per user per IST day from {format_day(grid.days[0])}"
        f" to {format_day(grid.days[-1])}, {len(grid.users)} users",
        body,
        # A row per user: a big team gets the height it needs to stay legible on paper.
        print_height_mm=min(max(75, 15 + 6 * len(grid.users)), 170),
    )


def heat_cell(
    cell: VisitDay | None,
    name: str,
    day: date,
    x: float,
    y: float,
    size: tuple[int, int],
    busiest: int,
) -> str:
    """One user-day: coloured by visits planned, with completed / planned written in."""
    width, height = size
    if cell is None:
        return element("rect", x=x, y=y, width=width, height=height, fill=HEAT_EMPTY, rx=2)
    share = (cell.planned - 1) / (busiest - 1) if busiest > 1 else 1.0
    parts = [
        tooltip(
            f"{name}, {day:%a} {format_day(day)}: {cell.planned} planned, {cell.completed}"
            f" completed, {cell.missed} missed, {cell.cancelled} cancelled"
        ),
        element("rect", x=x, y=y, width=width, height=height, rx=2,
                fill=charts.blend(HEAT_LOW, HEAT_HIGH, share)),
        text(x + width / 2, y + height / 2 + 4, f"{cell.completed}/{cell.planned}",
             anchor="middle", font_size=10, fill="#fff" if share > 0.5 else charts.INK),
    ]
    if cell.missed:
        corner = f"{x + width - 9},{y} {x + width},{y} {x + width},{y + 9}"
        parts.append(element("polygon", points=corner, fill=ALERT))
    if cell.cancelled:
        corner = f"{x},{y + height - 9} {x},{y + height} {x + 9},{y + height}"
        parts.append(element("polygon", points=corner, fill=CANCELLED))
    return element(
        "g", "".join(parts), class_="cell", data_user_id=cell.user_id,
        data_day=day.isoformat(), data_planned=cell.planned, data_completed=cell.completed,
        data_missed=cell.missed, data_cancelled=cell.cancelled,
    )


def heat_legend(x: float, y: float, busiest: int) -> list[str]:
    """Swatches for the planned counts, then the marks of missed and cancelled visits."""
    out = [text(x - 8, y, "visits planned", anchor="end", fill=charts.MUTED)]
    levels = sorted({1, busiest, *range(1, busiest + 1, max(1, busiest // 5))})
    for level in levels:
        share = (level - 1) / (busiest - 1) if busiest > 1 else 1.0
        out.append(element("rect", x=x, y=y - 12, width=24, height=16, rx=2,
                           fill=charts.blend(HEAT_LOW, HEAT_HIGH, share)))
        out.append(text(x + 12, y, level, anchor="middle", font_size=10,
                        fill="#fff" if share > 0.5 else charts.INK))
        x += 28
    x += 24
    corner = f"{x},{y - 12} {x + 12},{y - 12} {x + 12},{y}"
    missed = "at least one visit missed"
    out.append(element("polygon", points=corner, fill=ALERT))
    out.append(text(x + 18, y, missed, fill=charts.MUTED))
    x += 18 + 7 * len(missed) + 24
    corner = f"{x},{y - 12} {x},{y} {x + 12},{y}"
    out.append(element("polygon", points=corner, fill=CANCELLED))
    out.append(text(x + 18, y, "at least one cancelled", fill=charts.MUTED))
    return out


# -- aging -----------------------------------------------------------------------------


def aging_section(result: ReportResult) -> str:
    outstanding = sum((bucket.balance for bucket in result.aging), Decimal(0))
    open_invoices = sum(bucket.invoices for bucket in result.aging)
    lead = (
        f"Balance still open on order invoices, by days past the due date on the as-of"
        f" date: {format_inr(outstanding)} on {group_indian(open_invoices)} invoices."
    )
    rows = [
        element(
            "tr",
            cells([
                str(rank), esc(customer.customer_name or f"customer {customer.customer_id}"),
                group_indian(customer.open_invoices), esc(format_day(customer.oldest_due_date)),
                format_inr(customer.balance),
                element("strong", format_inr(customer.overdue_balance)),
                format_inr(customer.balance_1_30_days), format_inr(customer.balance_31_60_days),
                format_inr(customer.balance_61_90_days),
                format_inr(customer.balance_over_90_days),
            ], OVERDUE_NUMBERS),
            data_customer_id=customer.customer_id,
            data_value=money_value(customer.overdue_balance),
        )
        for rank, customer in enumerate(result.top_overdue, start=1)
    ]
    head = [
        "#", "customer", "open invoices", "oldest due", "balance", "overdue", "1–30 days",
        "31–60 days", "61–90 days", "over 90 days",
    ]
    overdue_table = (
        element("h3", f"The {len(rows)} customers with the largest overdue balance")
        + table(head, rows, numeric=OVERDUE_NUMBERS)
        if rows
        else element("p", "No customer has an overdue balance.")
    )
    return section(
        "aging", "Accounts receivable aging", esc(lead),
        figure(aging_chart(result.aging), "Bar height: open balance in the bucket, in rupees."),
        overdue_table,
    )


def aging_chart(buckets: list[AgingBucket]) -> str:
    width, height = 960, 340
    left, right, top, bottom = 116, 16, 36, 64
    ticks = charts.nice_ticks(float(max(bucket.balance for bucket in buckets)), whole=True)
    scale = Scale(ticks[-1], height - bottom, top)
    slot = (width - left - right) / len(buckets)
    bar = min(slot * 0.5, 110)

    body = charts.value_axis(
        scale, ticks, across=(left, width - right), vertical=True,
        title="open balance (₹)", label=lambda tick: format_inr(int(tick)),
    )
    for index, (bucket, colour) in enumerate(zip(buckets, AGING_COLOURS, strict=True)):
        centre = left + slot * (index + 0.5)
        y = scale(float(bucket.balance))
        label = AGING_BUCKETS[bucket.bucket]
        body.append(element(
            "rect",
            tooltip(f"{label}: {format_inr(bucket.balance)} on {bucket.invoices} invoices"),
            x=round(centre - bar / 2, 1), y=round(y, 1), width=round(bar, 1),
            height=round(height - bottom - y, 1), fill=colour,
            data_bucket=bucket.bucket, data_value=money_value(bucket.balance),
            data_invoices=bucket.invoices,
        ))
        body.append(text(centre, y - 6, format_inr(bucket.balance), anchor="middle",
                         font_weight=600))
        body.append(text(centre, height - bottom + 18, label, anchor="middle"))
        body.append(text(centre, height - bottom + 34, f"{bucket.invoices} invoices",
                         anchor="middle", fill=charts.MUTED, font_size=11))
    body.append(charts.baseline(left, height - bottom, width - right, height - bottom))
    body.append(text((left + width - right) / 2, height - 8, "days past due (as-of date)",
                     anchor="middle", fill=charts.MUTED))
    return charts.document(
        width, height, "Accounts receivable aging",
        "Bar chart of open invoice balance by aging bucket: " + ", ".join(
            f"{AGING_BUCKETS[b.bucket]} {format_inr(b.balance)}" for b in buckets
        ),
        body,
    )


# -- freshness -------------------------------------------------------------------------


def freshness_section(result: ReportResult) -> str:
    freshness = result.freshness
    limit = f"{freshness.max_age_hours:g} h"
    lead = (
        f"When each resource was last synced successfully, measured to"
        f" {format_moment(freshness.checked_at)}. A resource needs attention when its last"
        f" sync is older than {limit}, its last run did not load, or the completeness"
        " ledger shows a window with rows missing."
    )
    rows = [
        element(
            "tr",
            cells([
                esc(status.resource),
                "–" if status.rows is None else group_indian(status.rows),
                esc(format_moment(status.last_loaded_at) if status.last_loaded_at else "never"),
                esc(format_age(status.age_hours)),
                esc(status.last_run or "–"),
                esc(describe(status.covered)),
                esc("; ".join(status.problems) or "ok"),
            ], FRESHNESS_NUMBERS),
            class_="alert" if status.problems else None,
            data_resource=status.resource,
        )
        for status in freshness.resources
    ]
    head = ["resource", "rows", "last successful sync", "age", "last run",
            "covers (creation time, IST)", "state"]
    return section(
        "freshness", "Data freshness", esc(lead),
        figure(freshness_chart(freshness),
               f"Bar length: hours since the last successful sync; dashed line: the {limit}"
               " limit. Red: needs attention."),
        table(head, rows, numeric=FRESHNESS_NUMBERS),
    )


def freshness_chart(freshness: StatusResult) -> str:
    width, row = 960, 20
    left, right, top, bottom = 130, 120, 26, 50
    height = top + row * len(freshness.resources) + bottom
    plot_bottom = top + row * len(freshness.resources)
    oldest = max((status.age_hours or 0 for status in freshness.resources), default=0)
    ticks = charts.nice_ticks(max(oldest, freshness.max_age_hours * 1.2))
    scale = Scale(ticks[-1], left, width - right)

    body = charts.value_axis(
        scale, ticks, across=(top, plot_bottom), vertical=False,
        title="hours since the last successful sync", label=lambda tick: f"{tick:g} h",
    )
    limit = scale(freshness.max_age_hours)
    body.append(element("line", x1=round(limit, 1), x2=round(limit, 1), y1=top - 6,
                        y2=plot_bottom, stroke=ALERT, stroke_dasharray="5 4"))
    body.append(text(limit, top - 10, f"{freshness.max_age_hours:g} h limit", anchor="middle",
                     fill=ALERT, font_size=11))

    for index, status in enumerate(freshness.resources):
        y = top + row * index
        colour = ALERT if status.problems else OK
        body.append(text(left - 10, y + row / 2 + 4, status.resource, anchor="end"))
        if status.age_hours is None:
            body.append(text(left + 6, y + row / 2 + 4, "never loaded", fill=ALERT))
            continue
        end = scale(status.age_hours)
        body.append(element(
            "rect",
            tooltip(f"{status.resource}: last synced {format_age(status.age_hours)} ago"),
            x=left, y=y + 5, width=round(max(end - left, 2), 1), height=row - 10, fill=colour,
            data_resource=status.resource, data_value=round(status.age_hours, 3),
        ))
        note = " · ".join([format_age(status.age_hours), *status.problems])
        # A long bar leaves no room after it: its note goes inside, in white.
        room = int((width - end - 10) / 6.5)
        if room >= 12:
            body.append(text(end + 6, y + row / 2 + 4, charts.shorten(note, room), font_size=11,
                             fill=colour if status.problems else charts.INK))
        else:
            body.append(text(end - 6, y + row / 2 + 4, charts.shorten(note, 60), font_size=11,
                             anchor="end", fill="#fff"))
    body.append(charts.baseline(left, top - 6, left, plot_bottom))
    return charts.document(
        width, height, "Data freshness",
        "Bar chart of hours since each resource's last successful sync; "
        + (f"{len(freshness.attention)} need attention" if freshness.attention
           else "all fresh"),
        body,
        # Shorter on paper, so the table of every resource fits on the same page.
        print_height_mm=62,
    )


STYLE = """
:root { --ink: #1f2328; --muted: #59636e; --rule: #d0d7de; --alert: #b54708; }
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
main { max-width: 1140px; margin: 0 auto; padding: 24px 32px 56px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 4px; padding-top: 8px; border-top: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta, .lead, figcaption { color: var(--muted); }
.lead { margin: 0 0 8px; max-width: 80ch; }
nav { margin: 8px 0 16px; }
nav a { margin-right: 16px; color: #0969da; text-decoration: none; }
section { margin-top: 32px; }
figure { margin: 8px 0 12px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 12.5px; margin-top: 4px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font-family: inherit; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 8px; }
.figure {
  flex: 1 1 160px; border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px;
}
.figure .label, .figure .note { display: block; color: var(--muted); font-size: 12px; }
.figure strong { display: block; font-size: 20px; font-variant-numeric: tabular-nums; }
.figure.alert { border-color: var(--alert); }
.figure.alert strong { color: var(--alert); }
table {
  border-collapse: collapse; width: 100%; font-size: 13px;
  font-variant-numeric: tabular-nums; margin-bottom: 8px;
}
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; }
th { font-weight: 600; color: var(--muted); vertical-align: bottom; }
.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: 600; border-top: 2px solid var(--rule); }
tr.alert td { color: var(--alert); }
@media print {
  @page { size: A4 landscape; margin: 10mm 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h1 { font-size: 16pt; }
  .figure { padding: 4px 8px; }
  .figure strong { font-size: 13pt; }
  /* One section per page (A4 landscape); the funnel shares the first with the title. */
  section { margin-top: 12px; break-before: page; page-break-before: always; }
  section#funnel { break-before: auto; page-break-before: auto; }
  h2, h3, .lead { break-after: avoid; page-break-after: avoid; }
  svg.chart { max-height: var(--print-height, 80mm); }
  tr, .figures { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 6px; }
}
"""
