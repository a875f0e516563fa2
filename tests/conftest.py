"""Fixtures shared by the suite: a fake Toolyt on loopback and a sync that targets it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

from pipelines.sync import SyncOptions, SyncResult, sync  # noqa: E402
from toolyt_fake import FakeToolyt  # noqa: E402

API_KEY = "test-key-5ecret-9f2c"
START_DATE = "2026-01-01"
FAKE_NOW = "2026-06-01 10:00:00"


@pytest.fixture
def fake() -> Iterator[FakeToolyt]:
    with FakeToolyt(seed=7, scale=1, api_key=API_KEY, now=FAKE_NOW) as server:
        yield server


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


SyncRunner = Callable[..., SyncResult]


@pytest.fixture
def run_sync(fake: FakeToolyt, warehouse: Path) -> SyncRunner:
    """Sync the fake into the temporary warehouse, at the fake's clock."""

    def run(**options) -> SyncResult:
        overrides = {"api_key": API_KEY, "start_date": START_DATE, "lookback_days": 1}
        overrides.update(options.pop("overrides", {}))
        return sync(
            SyncOptions(
                duckdb=warehouse,
                base_url=fake.url,
                now=fake.now,
                overrides=overrides,
                **options,
            )
        )

    return run
