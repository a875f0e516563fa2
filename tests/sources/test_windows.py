"""IST windows: no overlap, no gap, inclusive ends as Toolyt wants them."""

from __future__ import annotations

import pytest

from sources.toolyt.errors import ConfigError
from sources.toolyt.windows import parse_ist, split


def test_windows_cover_the_range_without_overlap_or_gap():
    start = parse_ist("2026-01-01", "start")
    end = parse_ist("2026-03-15 10:30:00", "now")
    windows = split(start, end, 30)

    assert windows[0].start == start and windows[-1].end == end
    for before, after in zip(windows, windows[1:]):
        assert before.end == after.start
    assert windows[0].datetime_params() == {
        "from_date": "2026-01-01 00:00:00", "to_date": "2026-01-30 23:59:59",
    }


def test_date_windows_send_inclusive_ist_dates():
    window = split(parse_ist("2026-01-01", "s"), parse_ist("2026-01-08", "e"), 7)[0]
    assert window.date_params() == ("2026-01-01", "2026-01-07")


def test_malformed_setting_names_the_setting_and_the_form():
    with pytest.raises(ConfigError, match="`start_date` must look like `2026-01-31`"):
        parse_ist("31/01/2026", "start_date")
