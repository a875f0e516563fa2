"""`toolyt-sync status` over a synced fake account: fresh, stale, failed, and gaps as data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.status import STALE_EXIT_CODE, LedgerEntry, find_gaps, status
from pipelines.sync import SyncOptions, sync
from sources.toolyt.errors import ApiError, ConfigError
from sources.toolyt.settings import ENDPOINTS, RESOURCES
from tests.conftest import API_KEY, FAKE_NOW, START_DATE
from toolyt_fake import FakeToolyt

OVERRIDES = {"api_key": API_KEY, "start_date": START_DATE, "lookback_days": 1}


@dataclass
class Synced:
    fake: FakeToolyt
    warehouse: Path


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synced]:
    """The fake at scale 1, synced once into a warehouse the tests only read."""
    warehouse = tmp_path_factory.mktemp("status") / "warehouse.duckdb"
    with FakeToolyt(seed=7, scale=1, api_key=API_KEY, now=FAKE_NOW) as fake:
        sync(SyncOptions(duckdb=warehouse, base_url=fake.url, now=fake.now, overrides=OVERRIDES))
        yield Synced(fake, warehouse)


def test_fresh_sync_exits_zero_listing_every_resource(synced):
    result = status(synced.warehouse)

    assert result.exit_code == 0
    assert [item.resource for item in result.resources] == list(RESOURCES)
    lines = result.lines()
    for resource in RESOURCES:
        assert any(line.startswith(f"{resource} ") for line in lines), resource
    assert "fresh, no gaps" in lines[-1]

    for item in result.resources:
        assert item.rows and item.last_loaded_at is not None, item.resource
        assert not item.gaps and not item.is_stale, item.resource
        if item.resource in ENDPOINTS:
            assert item.last_run == "loaded"
            assert item.covered[1] == FAKE_NOW, item.resource
    leads = next(item for item in result.resources if item.resource == "leads")
    assert leads.covered == (f"{START_DATE} 00:00:00", FAKE_NOW)


def test_two_days_later_every_resource_is_stale(synced):
    later = datetime.now(UTC) + timedelta(days=2)
    result = status(synced.warehouse, now=later)

    assert result.exit_code == STALE_EXIT_CODE
    assert result.attention == list(RESOURCES)
    assert all("stale" in line for line in result.lines()[1:-1])
    assert result.lines()[-1].startswith(f"{len(RESOURCES)} of {len(RESOURCES)} resources")


def test_max_age_decides_when_a_sync_is_stale(synced):
    last = max(item.last_loaded_at for item in status(synced.warehouse).resources)
    ten_hours_on = last + timedelta(hours=10)

    assert status(synced.warehouse, max_age_hours=12, now=ten_hours_on).exit_code == 0
    assert status(synced.warehouse, max_age_hours=8, now=ten_hours_on).exit_code == (
        STALE_EXIT_CODE
    )


def test_failed_run_names_the_failing_resource(synced, tmp_path):
    copy = tmp_path / "warehouse.duckdb"
    for suffix in ("", ".wal"):
        if Path(f"{synced.warehouse}{suffix}").exists():
            shutil.copy(f"{synced.warehouse}{suffix}", f"{copy}{suffix}")
    failing = {"max_attempts": 2, "retry_backoff_s": 0.01}
    synced.fake.set_faults({"rules": [{"match": "get-customers", "status": 503, "count": 0}]})
    try:
        with pytest.raises(ApiError, match="get-customers"):
            sync(
                SyncOptions(
                    duckdb=copy,
                    base_url=synced.fake.url,
                    now=synced.fake.now,
                    overrides={**OVERRIDES, **failing},
                )
            )
    finally:
        synced.fake.clear_faults()

    result = status(copy)
    customers = next(item for item in result.resources if item.resource == "customers")
    assert result.exit_code == STALE_EXIT_CODE
    assert "customers" in result.attention
    assert customers.last_run == "failed"
    assert customers.gaps and customers.gaps[0].outcome == "failed"
    line = next(line for line in result.lines() if line.startswith("customers "))
    assert "last run failed" in line
    assert "customers" in result.lines()[-1]


def test_missing_warehouse_says_to_sync_first(tmp_path):
    with pytest.raises(ConfigError, match="run `toolyt-sync sync` first"):
        status(tmp_path / "missing.duckdb")


def entry(start, end, outcome="loaded", rows=10, total=10, run=1) -> LedgerEntry:
    """A ledger row of run number `run`; later runs are recorded a day later each."""
    return LedgerEntry(
        run_id=f"run-{run}",
        resource="leads",
        window_start=start,
        window_end=end,
        rows_read=rows,
        api_total=total,
        outcome=outcome,
        recorded_at=datetime(2026, 6, 1, tzinfo=UTC) + timedelta(days=run),
    )


JAN = ("2026-01-01 00:00:00", "2026-01-31 23:59:59")
JAN_FIRST_HALF = ("2026-01-01 00:00:00", "2026-01-15 23:59:59")
JAN_SECOND_HALF = ("2026-01-16 00:00:00", "2026-01-31 23:59:59")
JAN_LATE = ("2026-01-17 00:00:00", "2026-01-31 23:59:59")
WHOLE = (None, None)

GAP_CASES = {
    "all loaded": ([entry(*JAN)], []),
    "failed, never read again": ([entry(*JAN, "failed", 0, None)], [JAN]),
    "failed, then loaded": ([entry(*JAN, "failed", 0, None), entry(*JAN, run=2)], []),
    "failed, then loaded in two halves": (
        [entry(*JAN, "not_loaded"), entry(*JAN_FIRST_HALF, run=2), entry(*JAN_SECOND_HALF, run=2)],
        [],
    ),
    "failed, later windows leave a day out": (
        [entry(*JAN, "failed"), entry(*JAN_FIRST_HALF, run=2), entry(*JAN_LATE, run=2)],
        [JAN],
    ),
    "loaded short of the API's total": ([entry(*JAN, rows=9, total=10)], [JAN]),
    "loaded short, then complete": ([entry(*JAN, rows=9), entry(*JAN, run=2)], []),
    "inconsistent counts as missing": ([entry(*JAN, "inconsistent")], [JAN]),
    "no total to compare with": ([entry(*JAN, rows=3, total=None)], []),
    "whole list not loaded": ([entry(*WHOLE, "not_loaded")], [WHOLE]),
    "whole list not loaded, then loaded": (
        [entry(*WHOLE, "not_loaded"), entry(*WHOLE, run=2)], [],
    ),
}


@pytest.mark.parametrize(("entries", "gaps"), GAP_CASES.values(), ids=GAP_CASES.keys())
def test_gaps_are_windows_no_later_complete_load_covers(entries, gaps):
    found = [(gap.window_start, gap.window_end) for gap in find_gaps(entries)]
    assert found == gaps
