"""Data tests: queries that return the rows breaking a rule, so no rows is a pass.

Every model gets two from its `-- key:` line (the key is unique, the key is never null);
each file in `tests/` is one more, written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from .errors import FailedTest, TransformError
from .executor import Executor, WarehouseError
from .project import SqlFile
from .settings import FAILING_ROWS_SHOWN


@dataclass(frozen=True)
class DataTest:
    """A named query over `reads` whose rows are failures; `label` is the file it came from."""

    name: str
    label: str
    reads: tuple[str, ...]
    query: exp.Query


def key_tests(model: SqlFile) -> list[DataTest]:
    """The key of `model` is unique and never null."""
    keys = [exp.column(column) for column in model.key]
    duplicates = (
        exp.select(*keys, "count(*) as duplicate_rows")
        .from_(model.name)
        .group_by(*keys)
        .having("count(*) > 1")
    )
    nulls = (
        exp.select(*keys)
        .from_(model.name)
        .where(exp.or_(*(exp.column(column).is_(exp.null()) for column in model.key)))
    )
    return [
        DataTest("key_is_unique", model.label, (model.name,), duplicates),
        DataTest("key_is_not_null", model.label, (model.name,), nulls),
    ]


def singular_test(test: SqlFile) -> DataTest:
    return DataTest(test.name, test.label, tuple(sorted(test.reads)), test.query)


def run_tests(executor: Executor, tests: list[DataTest], dialect: str) -> list[FailedTest]:
    """Run every test; return those that found rows, each with a sample of them."""
    failures = []
    for test in tests:
        failing = test.query.subquery("failing")
        sample = exp.select("*").from_(failing).limit(FAILING_ROWS_SHOWN)
        counted = exp.select("count(*)").from_(failing.copy())
        try:
            columns, rows = executor.fetch(sample.sql(dialect))
            count = executor.fetch(counted.sql(dialect))[1][0][0] if rows else 0
        except WarehouseError as error:
            raise TransformError(
                test.label, None, f"data test `{test.name}` failed to run: {error}"
            ) from None

        if rows:
            failures.append(
                FailedTest(test.name, test.reads, count, tuple(columns), tuple(rows))
            )
    return failures
