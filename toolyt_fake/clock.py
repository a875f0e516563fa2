"""Naive IST wall-clock times as whole seconds, and the text formats Toolyt prints them in.

The fake keeps every time as an int of seconds since 2000-01-01 00:00:00 IST. Toolyt sends
naive IST strings and so does the fake; nothing here knows about UTC.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from toolyt_fake.settings import DAY

EPOCH = datetime(2000, 1, 1)
ZERO_DATE = "0000-00-00"
ZERO_TIME = "00:00:00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"

_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_datetime(text: str) -> int:
    """Seconds of a `yyyy-mm-dd hh:mm:ss` string; ValueError if it is not exactly that."""
    if not _DATETIME.fullmatch(text):
        raise ValueError(text)
    return _seconds(datetime.strptime(text, "%Y-%m-%d %H:%M:%S"))


def parse_date(text: str) -> int:
    """Seconds of the midnight that starts a `yyyy-mm-dd` day; ValueError otherwise."""
    if not _DATE.fullmatch(text):
        raise ValueError(text)
    return _seconds(datetime.strptime(text, "%Y-%m-%d"))


def _seconds(moment: datetime) -> int:
    return int((moment - EPOCH).total_seconds())


def day_start(t: int) -> int:
    return t - t % DAY


@lru_cache(maxsize=16_384)
def _date_of_day(day: int) -> str:
    return (EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")


def format_date(t: int) -> str:
    return _date_of_day(t // DAY)


def format_time(t: int) -> str:
    seconds = t % DAY
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def format_datetime(t: int) -> str:
    return f"{_date_of_day(t // DAY)} {format_time(t)}"


def format_optional(t: int | None) -> str | None:
    return None if t is None else format_datetime(t)


def format_stamp(t: int) -> str:
    """The `yyyymmddhhmmss` stamp Toolyt names uploaded files with."""
    return format_datetime(t).replace("-", "").replace(":", "").replace(" ", "")


def format_schedule_date(t: int) -> str:
    """A visit's schedule date as Toolyt prints it: `07 Feb 2018`."""
    moment = EPOCH + timedelta(days=t // DAY)
    return f"{moment.day:02d} {_MONTHS[moment.month - 1]} {moment.year}"


def format_schedule_time(t: int) -> str:
    """A visit's schedule time as Toolyt prints it: `10:55 AM`."""
    minutes = t % DAY // 60
    hour, minute = divmod(minutes, 60)
    return f"{(hour + 11) % 12 + 1:02d}:{minute:02d} {'AM' if hour < 12 else 'PM'}"
