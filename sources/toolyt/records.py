"""Turning Toolyt's JSON into typed rows.

Toolyt's answers are loosely typed: naive IST timestamps, `0000-00-00` for "no date",
empty strings for "no value", amounts sometimes as numbers and sometimes as strings,
`07 Feb 2018` and `10:55 AM` beside ISO forms, photos as objects keyed "0", "1", and
custom field keys such as `no._of_beds` or `volume_(ml)`. `RecordShaper` gives each of
those one type and one clean, stable column name before dlt sees the row.
"""

from __future__ import annotations

import hashlib
import re
import threading
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson
import pendulum

from .settings import (
    DATE_FIELDS,
    IST,
    KEYED_LIST_FIELDS,
    MONEY_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
    TIMESTAMP_FIELDS,
)

_ZONE = pendulum.timezone(IST)
_NOT_A_NAME = re.compile(r"[^a-z0-9]+")


def list_hash(row: dict[str, Any]) -> str:
    """A short, stable digest of a list row, to tell a changed row from an unchanged one."""
    encoded = orjson.dumps(row, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(encoded, digest_size=8).hexdigest()


def clean_name(key: str) -> str:
    """`no._of_beds` -> `no_of_beds`, `volume_(ml)` -> `volume_ml`, `Visits` -> `visits`."""
    return _NOT_A_NAME.sub("_", key.lower()).strip("_") or "field"


class RecordShaper:
    """Types values and names columns for one table, the same way on every run.

    Args:
        claims: the table's column-name register, `{clean name: raw key}`, kept in the
            source state. Two raw keys that clean to the same name (`no._of_beds` and
            `no_of_beds`) must not share a column, or one value would silently replace
            the other: the first key seen keeps the clean name, a later one gets `_2`.
            The register makes that choice once and for all runs.
    """

    def __init__(self, claims: dict[str, str]) -> None:
        self.claims = claims
        self._names: dict[str, str] = {raw: name for name, raw in claims.items()}
        self._lock = threading.Lock()

    def shape(self, record: dict[str, Any]) -> dict[str, Any]:
        """Return a typed copy of `record` with clean keys; nested lists stay nested."""
        row: dict[str, Any] = {}
        for key, value in record.items():
            name = self._name(key)
            value = self._value(name, value)
            # An absent list is no child rows, not a column of nulls.
            if value is not None or name not in KEYED_LIST_FIELDS:
                row[name] = value
        return row

    def _name(self, key: str) -> str:
        name = self._names.get(key)
        if name is not None:
            return name
        if key.startswith("_toolyt_"):
            return key

        with self._lock:  # details of one table are shaped on several threads
            name = base = clean_name(key)
            suffix = 2
            while self.claims.get(name, key) != key:
                name = f"{base}_{suffix}"
                suffix += 1
            self.claims[name] = key
            self._names[key] = name
            return name

    def _value(self, name: str, value: Any) -> Any:
        if value is None or value == "":
            return None
        if name in KEYED_LIST_FIELDS:
            return self._keyed_list(value)
        if isinstance(value, list):
            return [self._nested(item) for item in value]
        if isinstance(value, dict):
            return self._nested(value)
        if name in TIMESTAMP_FIELDS:
            return parse_timestamp(value)
        if name in DATE_FIELDS:
            return parse_date(value)
        if name in TIME_FIELDS:
            return parse_time(value)
        if name in MONEY_FIELDS:
            return parse_money(value)
        if name in TEXT_FIELDS:
            return str(value)
        return value

    def _nested(self, item: Any) -> Any:
        # Nested rows go to child tables; they share the parent's register so that a
        # key means the same column wherever it appears under this table.
        return self.shape(item) if isinstance(item, dict) else item

    def _keyed_list(self, value: Any) -> list[dict[str, Any]] | None:
        """`{"0": "a.png", "1": "b.png"}` -> rows with a position and a file name.

        Objects of objects (opportunity products keyed by product id) become their
        values. Empty entries (`{"0": ""}`) are no photo at all and are dropped.
        """
        if isinstance(value, dict):
            entries = list(value.items())
        elif isinstance(value, list):
            entries = list(enumerate(value))
        else:
            entries = [(0, value)]

        rows = []
        for key, item in entries:
            if item is None or item == "":
                continue
            if isinstance(item, dict):
                rows.append(self.shape(item))
            else:
                position = int(key) if str(key).isdigit() else key
                rows.append({"position": position, "file_name": str(item)})
        return rows or None


def parse_timestamp(value: Any) -> pendulum.DateTime | None:
    """A naive IST `yyyy-mm-dd hh:mm:ss` as an Asia/Kolkata-aware timestamp."""
    text = str(value).strip()
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        # Toolyt's own form, and the ISO forms beside it, parse in C: a first sync
        # reads tens of thousands of timestamps.
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return _unparsed(value)
    if parsed.tzinfo is not None:  # an explicit offset keeps its instant
        return pendulum.instance(parsed).in_timezone(_ZONE)
    return pendulum.DateTime(
        parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second,
        parsed.microsecond, tzinfo=_ZONE,
    )


def parse_date(value: Any) -> date | None:
    """`2019-05-09`, `07 Feb 2018` or `0000-00-00` (no date) as a date."""
    text = str(value).strip()
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return _unparsed(value)


def parse_time(value: Any) -> time | None:
    """`18:04:09`, `10:55 AM` or `10:55` as a time of day."""
    text = str(value).strip()
    try:
        return time.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%I:%M %p", "%I:%M:%S %p"):
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    return _unparsed(value)


def parse_money(value: Any) -> Decimal | None:
    """An amount sent as `4010`, `4010.5` or `"4,010.00"`, as an exact decimal."""
    if isinstance(value, bool):
        return _unparsed(value)
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return _unparsed(value)


def _unparsed(value: Any) -> Any:
    # A value that does not fit its field's type is kept as sent; dlt then stores it in
    # a variant column beside the typed one, so nothing is lost.
    return value
