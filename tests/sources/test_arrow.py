"""Arrow pages: a page of typed rows becomes an Arrow table only when every value fits.

`page_table` must load exactly what dlt's own normalizer would from the same dicts, so each
case here is a value that fits its column (and keeps its type, instant or precision) or one
that does not (and sends the page back as dicts).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pendulum
import pyarrow as pa
import pytest
from dlt.common.schema import Schema

from sources.toolyt.arrow import known_types, not_null_columns, page_table

NAMING = Schema("toolyt").naming
LOAD_ID = "1796380564.7853036"
TYPES = {
    "id": "bigint", "name": "text", "created_at": "timestamp", "date": "date",
    "time": "time", "amount": "decimal", "score": "double", "done": "bool",
}
ROW = {
    "id": 7, "name": "Asha", "created_at": pendulum.datetime(2026, 3, 1, 10, 0, tz="Asia/Kolkata"),
    "date": date(2026, 3, 1), "time": time(10, 55), "amount": Decimal("4010.50"),
    "score": 0.5, "done": True,
}


def table(rows, types=TYPES, not_null=("id",), detections=()):
    return page_table(rows, LOAD_ID, types, not_null, NAMING, detections)


def test_a_flat_typed_page_becomes_a_table_with_dlt_row_columns():
    loaded = table([ROW, {**ROW, "id": 8, "name": None}])

    assert loaded.num_rows == 2
    assert loaded.column("name").to_pylist() == ["Asha", None]
    assert loaded.column("amount").to_pylist() == [Decimal("4010.50")] * 2
    assert loaded.schema.field("date").type == pa.date32()
    assert not loaded.schema.field("id").nullable
    assert loaded.schema.field("name").nullable
    assert loaded.column("_dlt_load_id").to_pylist() == [LOAD_ID] * 2
    row_ids = loaded.column("_dlt_id").to_pylist()
    assert len(set(row_ids)) == 2 and all(row_ids)


def test_an_ist_timestamp_keeps_its_instant():
    loaded = table([ROW])

    instant = loaded.column("created_at").cast(pa.timestamp("us", tz="UTC")).to_pylist()[0]
    assert instant == datetime(2026, 3, 1, 4, 30, tzinfo=UTC)
    # Labelled in dlt's zone, the zone dlt gives the column, so that dlt need not cast it.
    assert loaded.schema.field("created_at").type == pa.timestamp("us", tz="UTC")


@pytest.mark.parametrize("nested", [{"lat": 1}, [1, 2], []])
def test_a_page_with_a_nested_value_stays_dicts(nested):
    assert table([ROW, {**ROW, "id": 8, "photos": nested}]) is None


@pytest.mark.parametrize(
    "column, value",
    [
        ("id", "12"),  # a count sent as text: dlt coerces it
        ("id", 1.5),  # Arrow would truncate it to 1
        ("id", True),  # a bool is an int to Python, not to dlt
        ("created_at", datetime(2026, 3, 1, 10, 0)),  # Arrow would read a naive time as UTC
        ("created_at", "not yet"),  # unparsed: dlt keeps it in a variant column
        ("date", datetime(2026, 3, 1, 10, 0)),  # Arrow would drop the time
        ("amount", 4010.5),
        ("amount", Decimal("NaN")),
        ("amount", Decimal("0.3333333333")),  # finer than the column's 9 decimal places
        ("amount", Decimal("1e30")),  # more than its 38 digits
        ("name", 42),
        ("id", 2**70),
    ],
)
def test_a_page_with_a_value_that_does_not_fit_its_column_stays_dicts(column, value):
    assert table([ROW, {**ROW, column: value}]) is None


def test_a_new_column_takes_the_type_dlt_would_infer_from_its_first_value():
    loaded = table([{**ROW, "beds": None}, {**ROW, "id": 8, "beds": 4}])

    assert loaded.schema.field("beds").type == pa.int64()
    assert loaded.column("beds").to_pylist() == [None, 4]


def test_a_new_column_of_mixed_types_stays_dicts():
    assert table([{**ROW, "beds": 4}, {**ROW, "id": 8, "beds": 4.5}]) is None


def test_a_new_text_column_that_dlt_would_detect_as_a_timestamp_stays_dicts():
    row = {**ROW, "seen": "2026-03-01T10:00:00+05:30"}

    assert table([row], detections=["iso_timestamp"]) is None
    assert table([row]).schema.field("seen").type == pa.string()


def test_a_new_column_without_any_value_is_left_out():
    loaded = table([{**ROW, "remarks": None}])

    assert "remarks" not in loaded.column_names


def test_a_key_the_naming_convention_would_rename_stays_dicts():
    assert table([{**ROW, "2nd_phone": "98450"}]) is None


def test_no_rows_make_no_table():
    assert table([]) is None


def test_declared_types_win_over_the_live_schema():
    schema = Schema("toolyt")
    schema.update_table({
        "name": "visits",
        "columns": {
            "status": {"name": "status", "data_type": "text"},
            "beds": {"name": "beds", "data_type": "bigint"},
            "untyped": {"name": "untyped"},
        },
    })

    types = known_types(schema, "visits", {"status": {"data_type": "bigint"}})

    assert types == {"status": "bigint", "beds": "bigint"}
    assert known_types(schema, "users", {}) == {}


def test_fields_are_not_null_where_the_resource_hints_say_so():
    # As dlt computes a resource's columns: a declared hint wins, and a primary key
    # column without one is NOT NULL. Arrow fields that differ make dlt warn on every page.
    declared = {
        "id": {"data_type": "bigint", "nullable": True},
        "seen_at": {"data_type": "timestamp", "nullable": False},
        "name": {"data_type": "text"},
    }

    assert not_null_columns(declared, ["id", "day"]) == {"seen_at", "day"}
