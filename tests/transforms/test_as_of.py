"""The default as-of date is today in IST, whatever the host's clock zone says."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sources.toolyt.errors import ConfigError
from transforms.runner import check_as_of


@pytest.mark.parametrize(
    ("utc_now", "ist_today"),
    [
        # 20:00 UTC is 01:30 IST the next day; 18:29 UTC is still 23:59 IST.
        ("2026-05-31T20:00:00", date(2026, 6, 1)),
        ("2026-05-31T18:29:00", date(2026, 5, 31)),
    ],
)
def test_default_as_of_is_today_in_ist(utc_now, ist_today):
    now = datetime.fromisoformat(utc_now).replace(tzinfo=UTC)
    assert check_as_of(None, now=now) == ist_today


def test_as_of_must_be_a_date_not_a_datetime():
    with pytest.raises(ConfigError, match="must be a date"):
        check_as_of(datetime(2026, 6, 1, 10, 0))
