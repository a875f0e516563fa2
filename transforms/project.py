"""The SQL files of a transforms project, parsed, with what each reads and where.

A model is `models/<schema>/<table>.sql`: one select, whose first lines state its grain
and key as `-- grain: one row per invoice` and `-- key: invoice_id` (a composite key is
comma separated). A singular data test is `tests/<name>.sql`: one select returning the
rows that break a rule, so an empty answer is a pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import OptimizeError, ParseError, TokenError
from sqlglot.optimizer.scope import traverse_scope

from .errors import TransformError
from .settings import SOURCE_DIALECT

HEADER = re.compile(r"--\s*(?P<name>[a-z_]+)\s*:\s*(?P<value>.*\S)", re.IGNORECASE)
SQLGLOT_CLASS = re.compile(r"<class 'sqlglot\.[\w.]+\.(\w+)'>")


@dataclass(frozen=True)
class SqlFile:
    """One model or test: its parsed select and the tables it reads.

    Attributes:
        label: the file as messages show it, `models/marts/prospects.sql`.
        name: `schema.table` for a model, the file's stem for a test.
        query: the parsed select, in the source dialect.
        reads: each table read, as `schema.table`, with the line of its first mention.
        grain: the model's stated grain; None for a test.
        key: the model's key columns; empty for a test.
        key_line: the line stating the key.
    """

    label: str
    name: str
    query: exp.Query
    reads: dict[str, int] = field(default_factory=dict)
    grain: str | None = None
    key: tuple[str, ...] = ()
    key_line: int | None = None

    @property
    def schema(self) -> str:
        return self.name.partition(".")[0]

    @property
    def table(self) -> str:
        return self.name.partition(".")[2]

    def transpile(self, dialect: str) -> str:
        """The select in `dialect`, formatted for reading."""
        query = self.query
        if dialect == "bigquery":
            query = query.transform(timestamp_diffs)
        return query.sql(dialect=dialect, pretty=True)


# Units finer than a day only make sense between timestamps.
SUB_DAY_UNITS = frozenset({"HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND"})


def timestamp_diffs(node: exp.Expression) -> exp.Expression:
    """A `date_diff` in hours or seconds as BigQuery's `timestamp_diff`.

    DuckDB's `date_diff` takes dates and timestamps alike; BigQuery's wants dates, and
    sqlglot, not knowing the argument types, keeps the name.
    """
    if isinstance(node, exp.DateDiff) and node.text("unit").upper() in SUB_DAY_UNITS:
        return exp.TimestampDiff(
            this=node.this, expression=node.expression, unit=node.args.get("unit")
        )
    return node


def load_models(models_dir: Path) -> dict[str, SqlFile]:
    """Every `<schema>/<table>.sql` under `models_dir`, keyed `schema.table`."""
    models = {}
    for path in sorted(models_dir.glob("*/*.sql")):
        label = f"{models_dir.name}/{path.parent.name}/{path.name}"
        name = f"{path.parent.name}.{path.stem}".lower()
        models[name] = parse_file(path, label, name, is_model=True)
    return models


def load_tests(tests_dir: Path) -> dict[str, SqlFile]:
    """Every `<name>.sql` in `tests_dir`, keyed by name; none when the folder is missing."""
    tests = {}
    for path in sorted(tests_dir.glob("*.sql")):
        label = f"{tests_dir.name}/{path.name}"
        tests[path.stem] = parse_file(path, label, path.stem, is_model=False)
    return tests


def parse_file(path: Path, label: str, name: str, *, is_model: bool) -> SqlFile:
    """Parse one file; a model must also state its grain and key."""
    text = path.read_text(encoding="utf-8")
    query = parse_query(text, label)
    reads = find_reads(query, label)
    if not is_model:
        return SqlFile(label, name, query, reads)

    headers = read_headers(text)
    for header, example in (("grain", "one row per invoice"), ("key", "invoice_id")):
        if header not in headers:
            raise TransformError(
                label, 1, f"no `-- {header}:` line; state it first, as `-- {header}: {example}`"
            )
    grain = headers["grain"][0]
    key_text, key_line = headers["key"]
    key = tuple(column.strip().lower() for column in key_text.split(","))
    return SqlFile(label, name, query, reads, grain, key, key_line)


def read_headers(text: str) -> dict[str, tuple[str, int]]:
    """The `-- name: value` comments above the first line of SQL, with their lines."""
    headers = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("--"):
            break
        match = HEADER.fullmatch(line)
        if match:
            headers[match["name"].lower()] = (match["value"], number)
    return headers


def parse_query(text: str, label: str) -> exp.Query:
    """The file's one select statement, or a TransformError saying where parsing failed."""
    try:
        statements = [s for s in sqlglot.parse(text, read=SOURCE_DIALECT) if s is not None]
    except ParseError as error:
        detail = error.errors[0] if error.errors else {}
        near = f" near `{detail['highlight']}`" if detail.get("highlight") else ""
        problem = SQLGLOT_CLASS.sub(r"\1", detail.get("description", str(error)))
        raise TransformError(
            label, detail.get("line"), f"does not parse: {problem}{near}"
        ) from None
    except TokenError as error:
        line, tail = token_error_place(text, str(error))
        raise TransformError(
            label, line, f"does not parse: cannot read on after `{tail}`; is a quote left open?"
        ) from None

    if len(statements) != 1:
        raise TransformError(
            label, None, f"holds {len(statements)} statements; keep exactly one select per file"
        )
    query = statements[0]
    if not isinstance(query, exp.Query):
        raise TransformError(
            label, first_line(query), f"holds a `{query.key}` statement; a file holds one select"
        )
    return query


def find_reads(query: exp.Query, label: str) -> dict[str, int]:
    """The real tables a query reads, CTEs and subqueries resolved away."""
    reads: dict[str, int] = {}
    try:
        scopes = traverse_scope(query)
    except OptimizeError as error:
        raise TransformError(label, None, f"cannot be analysed: {error}") from None

    for scope in scopes:
        for source in scope.sources.values():
            if not isinstance(source, exp.Table):
                continue
            line = first_line(source) or 0
            if not source.db:
                raise TransformError(
                    label,
                    line,
                    f"reads `{source.name}` without a schema; name it as `toolyt.{source.name}`"
                    f" or `<schema>.<model>`",
                )
            name = f"{source.db}.{source.name}".lower()
            reads[name] = min(line, reads.get(name, line))
    return reads


def first_line(node: exp.Expression) -> int | None:
    """The line of the first token under `node` that remembers one."""
    for child in node.walk():
        line = child.meta.get("line") if child.meta else None
        if line:
            return line
    return None


def token_error_place(text: str, message: str) -> tuple[int | None, str]:
    """Line and last words before a tokenizer error: sqlglot reports only the text it read."""
    match = re.search(r"Error tokenizing '(.*)'", message, re.DOTALL)
    if not match:
        return None, message
    read = match[1]
    tail = read.strip().splitlines()[-1][-40:] if read.strip() else read
    position = text.find(read)
    if position < 0:
        return None, tail
    return text.count("\n", 0, position + len(read.rstrip())) + 1, tail
