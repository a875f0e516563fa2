"""Flat pages as Arrow tables: dlt's fastest way in.

dlt handles a page of dicts value by value twice: it writes each row to its extract file
and reads it back to normalize it. An Arrow table it writes to Parquet as it is, and its
normalizer only renames and casts columns. Visits and attendance, the two lists with most
rows, have no nested records, so their pages can go this way.

A page goes as Arrow only when that loads exactly what the dicts would have loaded:
  - no value is an object or a list: those make child tables and flattened columns,
    which only dlt's normalizer builds;
  - every value has the type its column has: the declared type, the type the live schema
    gave the column on an earlier load, or, for a column new to both, the type dlt would
    infer from its first value (with the schema's detections, so a string that dlt would
    read as a timestamp keeps the page on the dict path).
Anything else (an amount sent as `"n/a"`, a count sent as `"12"`) goes as dicts, and dlt
coerces it or keeps it in a variant column as before. Types are checked on the Python
values, strictly: Arrow itself would silently truncate 1.5 to a bigint, or read a naive
datetime as UTC, which would move an IST time by five and a half hours.

The rows also get the columns dlt's normalizer adds to dict rows, `_dlt_load_id` and a
random `_dlt_id`, which it does not add to Arrow items unless configured to.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyarrow as pa
from dlt.common.normalizers.naming import NamingConvention
from dlt.common.normalizers.utils import generate_dlt_ids
from dlt.common.schema import Schema
from dlt.common.schema.utils import autodetect_sc_type
from dlt.common.time import get_context_timezone_name

LOAD_ID_COLUMN = "_dlt_load_id"
ROW_ID_COLUMN = "_dlt_id"

# Values dlt stores as they are, by its data type: the Arrow type, and the test a Python
# value must pass to be stored without coercion. `bool` is an `int` and `datetime` is a
# `date` in Python, hence the exact type checks.
ARROW_TYPES: dict[str, tuple[pa.DataType, Callable[[Any], bool]]] = {
    "text": (pa.string(), lambda v: type(v) is str),
    "bigint": (pa.int64(), lambda v: type(v) is int and -(2**63) <= v < 2**63),
    "double": (pa.float64(), lambda v: type(v) is float),
    "bool": (pa.bool_(), lambda v: type(v) is bool),
    "decimal": (pa.decimal128(38, 9), lambda v: type(v) is Decimal and v.is_finite()),
    # An Arrow timestamp holds the instant; its zone is only a label, which dlt sets to its
    # context zone (UTC unless configured) on every page. `page_table` labels it so at once.
    "timestamp": (
        pa.timestamp("us", tz="UTC"),
        lambda v: isinstance(v, datetime) and v.tzinfo is not None,
    ),
    "date": (pa.date32(), lambda v: type(v) is date),
    "time": (pa.time64("us"), lambda v: type(v) is time),
}

# The dlt data type of a Python value in a column dlt has not typed yet.
PYTHON_TYPES: dict[type, str] = {
    str: "text", int: "bigint", float: "double", bool: "bool", Decimal: "decimal",
    date: "date", time: "time",
}


def known_types(
    schema: Schema, table: str, declared: Mapping[str, Mapping[str, Any]]
) -> dict[str, str]:
    """The dlt data type of each column of `table`: declared hints over the live schema."""
    columns = schema.tables.get(table, {}).get("columns", {})
    types = {name: column["data_type"] for name, column in columns.items()
             if column.get("data_type")}
    types.update({name: column["data_type"] for name, column in declared.items()
                  if column.get("data_type")})
    return types


def not_null_columns(
    declared: Mapping[str, Mapping[str, Any]], primary_key: Collection[str]
) -> frozenset[str]:
    """The columns the resource's hints make NOT NULL: declared so, or in the primary key
    without a declared hint. Arrow fields say the same, or dlt warns of the difference."""
    undeclared_keys = {name for name in primary_key if name not in declared}
    return frozenset(
        name for name, column in declared.items() if column.get("nullable") is False
    ) | undeclared_keys


def page_table(
    rows: Sequence[Mapping[str, Any]],
    load_id: str,
    types: Mapping[str, str],
    not_null: Collection[str],
    naming: NamingConvention,
    detections: Sequence[str] = (),
) -> pa.Table | None:
    """`rows` as an Arrow table with dlt's row columns, or None to send them as dicts.

    Args:
        rows: shaped rows of one table.
        load_id: the load package the rows go to.
        types: dlt data types of the columns known so far (see `known_types`).
        not_null: columns whose fields are not nullable (see `not_null_columns`).
        naming: the schema's naming convention; a column name it would change keeps the
            page on the dict path, so that a column is always looked up by its stored name.
        detections: the schema's type detections, applied to columns new to `types`.
    """
    if not rows:
        return None
    names = dict.fromkeys(name for row in rows for name in row)
    if any(naming.normalize_identifier(name) != name for name in names):
        return None

    zone = get_context_timezone_name()
    fields, arrays = [], []
    for name in names:
        values = [row.get(name) for row in rows]
        data_type = types.get(name) or _inferred_type(values, detections)
        if data_type is None:
            if any(value is not None for value in values):
                return None
            continue  # a new column with no value yet: dlt would not create it either
        arrow_type, fits = ARROW_TYPES.get(data_type, (None, None))
        if fits is None or not all(value is None or fits(value) for value in values):
            return None
        if data_type == "timestamp":
            arrow_type = pa.timestamp("us", tz=zone)
        try:
            arrays.append(pa.array(values, arrow_type))
        except (pa.ArrowInvalid, OverflowError):  # an amount finer or larger than (38, 9)
            return None
        fields.append(pa.field(name, arrow_type, nullable=name not in not_null))

    fields += [pa.field(LOAD_ID_COLUMN, pa.string(), nullable=False),
               pa.field(ROW_ID_COLUMN, pa.string(), nullable=False)]
    arrays += [pa.array([load_id] * len(rows), pa.string()),
               pa.array(generate_dlt_ids(len(rows)), pa.string())]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _inferred_type(values: Sequence[Any], detections: Sequence[str]) -> str | None:
    """What dlt makes of a new column: its first value's type, or a detected one."""
    first = next((value for value in values if value is not None), None)
    if first is None:
        return None
    detected = autodetect_sc_type(detections, type(first), first)
    if detected is not None:
        return detected
    if isinstance(first, datetime):
        return "timestamp"
    return PYTHON_TYPES.get(type(first))
