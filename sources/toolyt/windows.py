"""IST clock and date windows.

Toolyt speaks naive India Standard Time on the wire: windows are sent and timestamps
arrive as `yyyy-mm-dd hh:mm:ss` without a zone. Every value is made Asia/Kolkata-aware
here, so nothing shifts by 5h30 on its way to the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pendulum

from .errors import ConfigError
from .settings import API_DATE, API_DATETIME, IST

ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class Window:
    """A slice of creation time, `start` inclusive and `end` exclusive, both IST-aware.

    Toolyt's `to_date` is inclusive, so the last second sent is `end` minus one second:
    consecutive windows neither overlap nor leave a gap.
    """

    start: pendulum.DateTime
    end: pendulum.DateTime

    @property
    def last_second(self) -> pendulum.DateTime:
        return self.end - ONE_SECOND

    def datetime_params(self) -> dict[str, str]:
        return {
            "from_date": self.start.strftime(API_DATETIME),
            "to_date": self.last_second.strftime(API_DATETIME),
        }

    def date_params(self) -> tuple[str, str]:
        return self.start.strftime(API_DATE), self.last_second.strftime(API_DATE)

    def __str__(self) -> str:
        return f"{self.start.strftime(API_DATETIME)} .. {self.last_second.strftime(API_DATETIME)}"


def parse_ist(value: str, setting: str) -> pendulum.DateTime:
    """Read a setting given as `YYYY-MM-DD` or `YYYY-MM-DD hh:mm:ss`, in IST.

    Raises:
        ConfigError: the value has neither form.
    """
    for fmt in (API_DATETIME, API_DATE):
        try:
            naive = datetime.strptime(value.strip(), fmt)
        except (ValueError, AttributeError):
            continue
        return pendulum.instance(naive, tz=IST)
    raise ConfigError(
        f"`{setting}` must look like `2026-01-31` or `2026-01-31 23:59:59` (IST); "
        f"got `{value}`"
    )


def run_clock(now: str | None) -> pendulum.DateTime:
    """The run's notion of now, in IST, to the second: the setting, or the real clock."""
    if now:
        return parse_ist(now, "now")
    return pendulum.now(IST).replace(microsecond=0)


def split(start: pendulum.DateTime, end: pendulum.DateTime, days: int) -> list[Window]:
    """Cut [start, end) into windows of at most `days` days, oldest first."""
    if days < 1:
        raise ConfigError(f"`window_days` must be at least 1; got `{days}`")
    windows = []
    while start < end:
        stop = min(start.add(days=days), end)
        windows.append(Window(start, stop))
        start = stop
    return windows


def midnight(moment: pendulum.DateTime) -> pendulum.DateTime:
    """The IST midnight that starts `moment`'s IST day."""
    return moment.in_timezone(IST).start_of("day")


def to_date(moment: pendulum.DateTime) -> date:
    return moment.in_timezone(IST).date()
