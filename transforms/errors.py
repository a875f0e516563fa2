"""Why a build stops: a model or test file is unusable, or the built data fails a test.

    DataError (sources.toolyt.errors, exit 5)
    +-- TransformError   a SQL file does not parse, reads an unknown table or column,
    |                    or takes part in a cycle; raised before anything is built
    +-- DataTestError    a data test returned rows after the build
"""

from __future__ import annotations

from dataclasses import dataclass

from sources.toolyt.errors import DataError


class TransformError(DataError):
    """A model or test file cannot be built.

    Args:
        label: the file, as `models/<schema>/<name>.sql` or `tests/<name>.sql`.
        line: the line at fault, when known.
        problem: what is wrong and how to fix it.
    """

    def __init__(self, label: str, line: int | None, problem: str):
        where = f"{label}:{line}" if line else label
        super().__init__(f"`{where}`: {problem}")
        self.label = label
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class FailedTest:
    """A data test that returned rows: its name, what it reads, how many rows, a sample."""

    test: str
    reads: tuple[str, ...]
    count: int
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def describe(self) -> str:
        """A headline naming the test and its tables, then one line per sample row."""
        tables = ", ".join(f"`{name}`" for name in self.reads)
        noun = "row" if self.count == 1 else "rows"
        shown = f", the first {len(self.rows)}" if len(self.rows) < self.count else ""
        lines = [f"data test `{self.test}` on {tables} failed with {self.count} {noun}{shown}:"]
        for row in self.rows:
            pairs = zip(self.columns, row, strict=True)
            lines.append("    " + ", ".join(f"{column}={value!r}" for column, value in pairs))
        return "\n".join(lines)


class DataTestError(DataError):
    """One or more data tests returned failing rows; the message shows each with its rows.

    Args:
        failures: every test that failed in the build.
    """

    def __init__(self, failures: list[FailedTest]):
        described = [failure.describe() for failure in failures]
        described.append("The build was rolled back: every table is as it was before it.")
        super().__init__("\n".join(described))
        self.failures = failures
