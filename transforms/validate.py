"""Checks every model and test against the warehouse before anything is built.

The checks run in this order, so each message points at the first real cause: every
table read is a raw table, the run parameters or a model; no model reads itself through
others; and, model by model in build order, every column read exists, in the
warehouse's columns or in the output of the upstream model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter

from sqlglot import exp
from sqlglot.errors import OptimizeError, ParseError
from sqlglot.optimizer.qualify import qualify
from sqlglot.schema import MappingSchema

from .errors import TransformError
from .executor import WarehouseColumns
from .project import SqlFile, first_line
from .settings import (
    PARAMETERS_COLUMNS,
    PARAMETERS_SCHEMA,
    PARAMETERS_TABLE,
    RAW_SCHEMAS,
    SOURCE_DIALECT,
)

PARAMETERS = f"{PARAMETERS_SCHEMA}.{PARAMETERS_TABLE}"
SQLGLOT_POSITION = re.compile(r"\.?\s*Line: (?P<line>\d+), Col: \d+\.?")
# sqlglot's two ways of saying a column is missing.
UNRESOLVED = re.compile(
    r"Column '(?P<name>[^']+)' could not be resolved(?: for table: '(?P<table>[^']+)')?"
    r"|Unknown column: (?P<unknown>\S+)"
)


@dataclass(frozen=True)
class Plan:
    """What a build will do: models in build order, tests, and each model's columns."""

    models: list[SqlFile]
    tests: list[SqlFile]
    columns: dict[str, list[str]]


def plan(
    models: dict[str, SqlFile], tests: dict[str, SqlFile], warehouse: WarehouseColumns
) -> Plan:
    """Validate the project against the warehouse's columns and order its models.

    Args:
        models: the project's models, keyed `schema.table`.
        tests: the project's singular tests, keyed by name.
        warehouse: the columns of every table in the warehouse.

    Returns:
        The models in build order (each after every model it reads), the tests, and
        each model's output columns.

    Raises:
        TransformError: naming the file and line of the first problem found.
    """
    raw = {
        f"{schema}.{table}": columns
        for schema in RAW_SCHEMAS
        for table, columns in warehouse.get(schema, {}).items()
    }
    check_names(models)
    known = {*raw, PARAMETERS, *models}
    for file in [*models.values(), *tests.values()]:
        check_reads(file, known)

    order = order_models(models)
    schema = MappingSchema(dialect=SOURCE_DIALECT)
    for name, columns in [*raw.items(), (PARAMETERS, PARAMETERS_COLUMNS)]:
        schema.add_table(name, {column: column_type(kind) for column, kind in columns.items()})

    outputs = {}
    for name in order:
        model = models[name]
        check_columns_are_named(model)
        outputs[name] = check_columns(model, schema)
        check_key(model, outputs[name])
        schema.add_table(name, {column: "UNKNOWN" for column in outputs[name]})
    for test in tests.values():
        check_columns(test, schema)

    return Plan([models[name] for name in order], list(tests.values()), outputs)


def check_names(models: dict[str, SqlFile]) -> None:
    """A model may not write into dlt's schemas, nor replace the run parameters."""
    for name, model in models.items():
        if model.schema in RAW_SCHEMAS:
            raise TransformError(
                model.label,
                None,
                f"would write into `{model.schema}`, which dlt loads; move it to `staging`"
                " or `marts`",
            )
        if name == PARAMETERS:
            raise TransformError(
                model.label, None, f"would replace `{name}`, which the runner writes; rename it"
            )


def check_reads(file: SqlFile, known: set[str]) -> None:
    """Every table the file reads is a raw table, the run parameters or a model."""
    for table, line in file.reads.items():
        if table not in known:
            schemas = ", ".join(f"`{schema}`" for schema in RAW_SCHEMAS)
            raise TransformError(
                file.label,
                line,
                f"reads `{table}`, which is neither a raw table in {schemas} nor a model;"
                " fix the name or add the model",
            )


def order_models(models: dict[str, SqlFile]) -> list[str]:
    """Models in build order, each after those it reads; a cycle is a TransformError."""
    sorter = TopologicalSorter(
        {name: sorted(set(model.reads) & models.keys()) for name, model in sorted(models.items())}
    )
    try:
        sorter.prepare()
    except CycleError as error:
        # graphlib lists each node before the node that reads it; reversed, each reads
        # the next, which is how the message tells it.
        chain = list(reversed(error.args[1]))
        model = models[chain[0]]
        raise TransformError(
            model.label,
            model.reads[chain[1]],
            f"is part of a cycle: {' reads '.join(chain)}; break it so no model"
            " reads itself through others",
        ) from None

    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return order


def check_columns_are_named(model: SqlFile) -> None:
    """Every column a model outputs has a name of its own."""
    for select in model.query.selects:
        if not isinstance(select, exp.Star) and not select.output_name:
            raise TransformError(
                model.label,
                first_line(select),
                f"selects `{select.sql(SOURCE_DIALECT)}` without a name; add `as <name>`",
            )


def check_columns(file: SqlFile, schema: MappingSchema) -> list[str]:
    """Resolve every column the file reads; return the columns it outputs."""
    try:
        qualified = qualify(
            file.query.copy(),
            schema=schema,
            dialect=SOURCE_DIALECT,
            validate_qualify_columns=True,
        )
    except (OptimizeError, ParseError) as error:
        line, problem = explain_unresolved(file.query, str(error))
        raise TransformError(file.label, line, problem) from None

    columns = list(qualified.named_selects)
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise TransformError(
                file.label, None, f"outputs `{column}` twice; give each column one name"
            )
        seen.add(column)
    return columns


def check_key(model: SqlFile, columns: list[str]) -> None:
    """The stated key names columns the model outputs."""
    missing = [column for column in model.key if column not in columns]
    if missing:
        names = ", ".join(f"`{column}`" for column in missing)
        raise TransformError(
            model.label,
            model.key_line,
            f"states key {names}, which it does not output; fix the `-- key:` line",
        )


def explain_unresolved(query: exp.Query, message: str) -> tuple[int | None, str]:
    """Line and wording for what sqlglot could not resolve; it gives a line only at times."""
    position = SQLGLOT_POSITION.search(message)
    line = int(position["line"]) if position else None
    unresolved = UNRESOLVED.search(message)
    if not unresolved:
        return line, SQLGLOT_POSITION.sub("", message).rstrip(". ")

    name = (unresolved["name"] or unresolved["unknown"]).strip("'\"")
    table = unresolved["table"]
    if table:
        return line, (
            f"reads `{table}.{name}`, but nothing it reads is called `{table}`;"
            " fix the qualifier"
        )
    return line or locate_column(query, name), (
        f"reads column `{name}`, which no table it reads has;"
        " fix the name or add the column upstream"
    )


def locate_column(query: exp.Query, name: str) -> int | None:
    """The first line where the query reads a column called `name`."""
    lines = [
        line
        for column in query.find_all(exp.Column)
        if column.name.lower() == name.lower() and (line := first_line(column))
    ]
    return min(lines, default=None)


def column_type(kind: str) -> str:
    """A warehouse type sqlglot can read, or UNKNOWN: validation needs names, not types."""
    try:
        exp.DataType.build(kind, dialect=SOURCE_DIALECT)
    except (ParseError, ValueError):
        return "UNKNOWN"
    return kind
