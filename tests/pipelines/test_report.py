"""The HTML report against a synced fake account: every figure it shows agrees with the marts."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipelines import charts
from pipelines.report import (
    HEATMAP_DAYS,
    SECTIONS,
    TOP_OVERDUE,
    ReportResult,
    format_inr,
    write_report,
)
from pipelines.sync import SyncOptions, sync
from sources.toolyt.errors import ConfigError
from sources.toolyt.settings import RESOURCES
from tests.conftest import API_KEY, FAKE_NOW, START_DATE
from tests.truth import query
from toolyt_fake import FakeToolyt

AS_OF = date.fromisoformat(FAKE_NOW[:10])
CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--hide-scrollbars",
    # The report must need no network: any lookup fails, so a stray URL would show.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


@dataclass
class Built:
    """The synced warehouse, the report written from it, and the report's tags."""

    warehouse: Path
    result: ReportResult = field(repr=False)
    html: str = field(repr=False)
    elements: list[tuple[str | None, str, dict[str, str]]] = field(repr=False)

    def find(self, section: str, tag: str, attribute: str) -> list[dict[str, str]]:
        """Attributes of every `tag` in `section` that carries `attribute`."""
        return [
            attributes
            for where, name, attributes in self.elements
            if where == section and name == tag and attribute in attributes
        ]


class Elements(HTMLParser):
    """Every start tag with its attributes and the id of the section it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str | None, str, dict[str, str]]] = []
        self.section: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "section":
            self.section = attributes.get("id")
        self.found.append((self.section, tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.section = None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One sync of the fake at scale 1, then the report: the marts do not exist yet."""
    folder = tmp_path_factory.mktemp("report")
    warehouse = folder / "warehouse.duckdb"
    with FakeToolyt(seed=7, scale=1, api_key=API_KEY, now=FAKE_NOW) as fake:
        sync(
            SyncOptions(
                duckdb=warehouse,
                base_url=fake.url,
                now=fake.now,
                overrides={"api_key": API_KEY, "start_date": START_DATE, "lookback_days": 1},
            )
        )
    result = write_report(warehouse, folder / "out" / "report.html", AS_OF)
    html = result.path.read_text(encoding="utf-8")
    parser = Elements()
    parser.feed(html)
    return Built(warehouse, result, html, parser.found)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "₹0"),
        (999, "₹999"),
        (1000, "₹1,000"),
        (123456, "₹1,23,456"),
        (1234567, "₹12,34,567"),
        (12345678.5, "₹1,23,45,678.50"),
        (Decimal("12345678.50"), "₹1,23,45,678.50"),
        (100000000, "₹10,00,00,000"),
        (-999, "-₹999"),
        (-1234567, "-₹12,34,567"),
        (-0.5, "-₹0.50"),
        (Decimal("99.995"), "₹100"),
        (Decimal("-0.004"), "₹0"),
        (0.1 + 0.2, "₹0.30"),
    ],
)
def test_format_inr_groups_digits_the_indian_way(amount, expected):
    assert format_inr(amount) == expected


def test_report_builds_missing_marts_for_the_as_of_date(built):
    assert built.result.as_of == AS_OF
    assert query(built.warehouse, "select as_of_date from marts.run_parameters") == [(AS_OF,)]
    assert built.result.path.is_file()


def test_funnel_bars_match_lead_funnel_mart(built):
    shown = {
        (rect["data-month"], rect["data-series"]): int(rect["data-value"])
        for rect in built.find("funnel", "rect", "data-series")
    }
    expected = {}
    for month, created, open_leads, converted, lost in query(
        built.warehouse,
        "select cohort_month, leads_created, open_leads, converted, lost"
        " from marts.lead_funnel",
    ):
        assert open_leads + converted + lost == created
        for series, count in (("open", open_leads), ("converted", converted), ("lost", lost)):
            expected[(month.isoformat(), series)] = count

    assert shown == expected
    assert sum(month.created for month in built.result.funnel) == sum(expected.values())


def test_stage_medians_match_prospect_stage_history(built):
    expected = dict(
        query(
            built.warehouse,
            "select stage, median(days_in_stage) from marts.prospect_stage_history"
            " where is_entered_at_known and days_in_stage is not null group by stage",
        )
    )
    drawn = {g["data-stage"]: float(g["data-median"]) for g in built.find("stages", "g",
                                                                         "data-median")}
    assert drawn == pytest.approx(expected)
    figures = {stage.stage: stage.median for stage in built.result.stages}
    assert {stage: median for stage, median in figures.items() if median is not None} == (
        pytest.approx(expected)
    )


def test_heat_map_cells_match_visits_daily(built):
    first = AS_OF - timedelta(days=HEATMAP_DAYS - 1)
    expected = {
        (user_id, day.isoformat()): counts
        for user_id, day, *counts in query(
            built.warehouse,
            f"select user_id, planned_date, planned, completed, missed, cancelled"
            f" from marts.visits_daily where planned_date between '{first}' and '{AS_OF}'",
        )
    }
    cells = {
        (int(g["data-user-id"]), g["data-day"]): [
            int(g[f"data-{name}"]) for name in ("planned", "completed", "missed", "cancelled")
        ]
        for g in built.find("visits", "g", "data-planned")
    }
    assert expected, "the fake should have visits planned in the heat map's days"
    assert cells == expected

    totals = built.result.visits.totals()
    assert totals["planned"] == sum(counts[0] for counts in expected.values())
    assert totals["missed"] == sum(counts[2] for counts in expected.values())


def test_aging_bars_add_up_to_invoice_balances(built):
    expected = dict(
        query(
            built.warehouse,
            "select aging_bucket, sum(balance_amount) from marts.invoice_balances"
            " where balance_amount > 0 group by aging_bucket",
        )
    )
    bars = {
        rect["data-bucket"]: Decimal(rect["data-value"])
        for rect in built.find("aging", "rect", "data-bucket")
    }
    assert list(bars) == ["not_due", "1-30", "31-60", "61-90", "90+"]
    assert bars == {bucket: expected.get(bucket, Decimal(0)) for bucket in bars}
    outstanding = query(
        built.warehouse,
        "select sum(balance_amount) from marts.invoice_balances where balance_amount > 0",
    )[0][0]
    assert sum(bars.values()) == outstanding > 0


def test_top_overdue_table_matches_customer_balances(built):
    expected = query(
        built.warehouse,
        "select customer_id, overdue_balance from marts.customer_balances"
        f" where overdue_balance > 0 order by overdue_balance desc, customer_id"
        f" limit {TOP_OVERDUE}",
    )
    rows = [
        (int(row["data-customer-id"]), Decimal(row["data-value"]))
        for row in built.find("aging", "tr", "data-customer-id")
    ]
    assert len(expected) == TOP_OVERDUE
    assert rows == expected
    assert format_inr(expected[0][1]) in built.html


def test_freshness_lists_every_resource_as_fresh(built):
    bars = {rect["data-resource"] for rect in built.find("freshness", "rect", "data-resource")}
    assert bars == set(RESOURCES)
    assert built.result.freshness.exit_code == 0


def test_report_is_self_contained_and_accessible(built):
    html = built.html
    for needle in ("<script", "<link", "<img", "src=", "url(", "@import", "http://", "https://"):
        assert needle not in html, f"the report must not load anything: found {needle!r}"

    for section in SECTIONS:
        svgs = built.find(section, "svg", "role")
        assert len(svgs) == 1, section
        assert svgs[0]["role"] == "img" and svgs[0]["aria-label"]
    titled = re.findall(r'<svg class="chart" role="img"[^>]*><title>[^<]+</title>', html)
    assert len(titled) == len(SECTIONS)
    assert "@media print" in html and "break-inside: avoid" in html


def test_report_rebuilds_marts_for_another_as_of(built, tmp_path):
    # A copy, so that the other tests keep reading marts built for AS_OF.
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built.warehouse, warehouse)
    earlier = AS_OF - timedelta(days=10)

    result = write_report(warehouse, tmp_path / "report.html", earlier)

    assert result.as_of == earlier
    assert query(warehouse, "select as_of_date from marts.run_parameters") == [(earlier,)]
    assert result.visits.days[-1] == earlier
    assert len(result.visits.days) == HEATMAP_DAYS


def test_report_without_a_warehouse_says_to_sync_first(tmp_path):
    with pytest.raises(ConfigError, match="run `toolyt-sync sync` first"):
        write_report(tmp_path / "missing.duckdb", tmp_path / "report.html")


@pytest.mark.skipif(CHROMIUM is None, reason="`chromium` is not on PATH: no browser to render")
def test_chromium_draws_every_chart_without_errors(built, tmp_path):
    url = built.result.path.resolve().as_uri()
    screenshot = tmp_path / "report.png"
    run_chromium(tmp_path / "profile-1", f"--screenshot={screenshot}",
                 "--window-size=1366,900", url)
    width, height = png_size(screenshot)
    assert (width, height) == (1366, 900)
    # A blank page of this size compresses to a few kilobytes.
    assert screenshot.stat().st_size > 30_000

    rendered = run_chromium(tmp_path / "profile-2", "--dump-dom", "--enable-logging=stderr",
                            "--v=0", url)
    parser = Elements()
    parser.feed(rendered.stdout)
    for section in SECTIONS:
        shapes = [
            tag
            for where, tag, _ in parser.found
            if where == section and tag in ("rect", "line", "polygon")
        ]
        assert len(shapes) >= 5, f"chart in #{section} has {len(shapes)} shapes"
    console = [line for line in rendered.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console


def run_chromium(profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_count_axes_tick_whole_numbers_only():
    for maximum in (1, 3, 7, 12, 23, 250, 1234):
        ticks = charts.nice_ticks(maximum, whole=True)
        assert ticks[0] == 0 and ticks[-1] >= maximum
        assert all(float(tick).is_integer() for tick in ticks), (maximum, ticks)
    assert charts.nice_ticks(12, whole=True) == [0, 5, 10, 15]
