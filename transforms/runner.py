"""Builds the staging models and marts from the raw `toolyt` tables, then tests them.

A build validates every model and test against the warehouse first (see `validate`), so
a broken file stops it before any table changes. It then writes `marts.run_parameters`,
the one-row table that carries the as-of date to every model, creates each model as a
table in dependency order, and runs the data tests, all in one transaction: a failing
model or data test leaves the warehouse as it was.

Known limitation: DuckDB names a database after its file, so in a file called
`toolyt.duckdb`, `marts.duckdb` or `staging.duckdb` the models' two-part table names are
ambiguous. Name the warehouse file differently from its schemas.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import duckdb
import pendulum
from sqlglot import exp

from sources.toolyt.errors import ConfigError

from .datatests import key_tests, run_tests, singular_test
from .errors import DataTestError, TransformError
from .executor import DuckDBExecutor, Executor, WarehouseError
from .project import SqlFile, load_models, load_tests
from .settings import (
    ACCOUNT_COLUMN,
    DIALECTS,
    IST,
    MARTS_SCHEMA,
    MODELS_DIR,
    PARAMETERS_SCHEMA,
    PARAMETERS_TABLE,
    TESTS_DIR,
    account_schemas,
)
from .validate import order_models, plan

logger = logging.getLogger("toolyt_sync")


@dataclass(frozen=True)
class BuiltModel:
    """One model as built: `schema.table`, its rows, and the seconds it took."""

    name: str
    rows: int
    seconds: float


@dataclass(frozen=True)
class BuildResult:
    """What a build made and checked.

    Attributes:
        as_of: the IST date every date-relative figure is for.
        dialect: the SQL dialect the models ran in.
        models: each model in build order.
        tests: the name of every data test that passed, as `<test> on <table>`.
        seconds: the whole build, validation and tests included.
    """

    as_of: date
    dialect: str
    models: list[BuiltModel]
    tests: list[str]
    seconds: float

    def lines(self) -> list[str]:
        """One line per model with rows and seconds, then a total."""
        out = [f"{m.name:<40} {m.rows:>8} rows  {m.seconds:6.2f} s" for m in self.models]
        out.append(
            f"{len(self.models)} models as of {self.as_of} (IST), {len(self.tests)} data tests"
            f" passed, in {self.seconds:.1f} s"
        )
        return out


def build(
    connection: duckdb.DuckDBPyConnection | Executor,
    as_of: date | None = None,
    dialect: str = "duckdb",
    *,
    models_dir: Path = MODELS_DIR,
    tests_dir: Path = TESTS_DIR,
    schemas: Mapping[str, str] | None = None,
) -> BuildResult:
    """Validate, build and test every model in the warehouse behind `connection`.

    Args:
        connection: an open DuckDB connection, or any `Executor`.
        as_of: the IST date that days overdue, missed visits and days in stage are
            counted to; today in IST when None.
        dialect: the SQL dialect the warehouse speaks; it must match the connection's.
        models_dir: the folder of `<schema>/<model>.sql` files.
        tests_dir: the folder of singular data tests.
        schemas: where each schema the SQL names really is, for a warehouse holding
            several accounts: `{"toolyt": "toolyt_acme", "staging": "staging_acme",
            "marts": "marts_acme"}` builds one account's models from its own raw
            tables into schemas of its own. Unnamed schemas keep their names.

    Returns:
        The models built, with row counts, and the data tests that passed.

    Raises:
        ConfigError: `dialect` or `as_of` is unusable.
        TransformError: a model or test is invalid (nothing was built), or failed in the
            warehouse (everything was rolled back).
        DataTestError: a data test returned rows (everything was rolled back).
    """
    started = time.monotonic()
    executor = as_executor(connection)
    check_dialect(dialect)
    if dialect != executor.dialect:
        raise ConfigError(
            f"`dialect` {dialect} does not match the connection, which speaks"
            f" {executor.dialect}; pass dialect={executor.dialect!r}"
        )
    as_of = check_as_of(as_of)

    models, tests = load_models(models_dir), load_tests(tests_dir)
    if not models:
        raise ConfigError(f"no models in `{models_dir}`; it should hold <schema>/<table>.sql")
    schemas = dict(schemas or {})
    warehouse = executor.columns()
    for schema, physical in schemas.items():
        warehouse[schema] = warehouse.get(physical, {})
    build_plan = plan(models, tests, warehouse)
    built_models = [relocated(model, schemas) for model in build_plan.models]
    data_tests = [test for model in built_models for test in key_tests(model)]
    data_tests += [singular_test(relocated(test, schemas)) for test in build_plan.tests]

    with executor.transaction():
        created = {PARAMETERS_SCHEMA, *(m.schema for m in build_plan.models)}
        for schema in sorted(schemas.get(name, name) for name in created):
            executor.create_schema(schema)
        executor.replace_table(
            schemas.get(PARAMETERS_SCHEMA, PARAMETERS_SCHEMA),
            PARAMETERS_TABLE,
            parameters_query(as_of).sql(dialect),
        )
        built = [build_model(executor, model, dialect) for model in built_models]

        failures = run_tests(executor, data_tests, dialect)
        if failures:
            raise DataTestError(failures)

    seconds = time.monotonic() - started
    passed = [f"{test.name} on {', '.join(test.reads)}" for test in data_tests]
    logger.info(
        "built %d models as of %s (IST) and passed %d data tests in %.1f s",
        len(built), as_of, len(passed), seconds,
    )
    return BuildResult(as_of, dialect, built, passed, seconds)


def build_accounts(
    connection: duckdb.DuckDBPyConnection | Executor,
    accounts: Sequence[str],
    as_of: date | None = None,
    dialect: str = "duckdb",
    *,
    models_dir: Path = MODELS_DIR,
    tests_dir: Path = TESTS_DIR,
) -> BuildResult:
    """Build each account's models in schemas of its own, then the marts of all of them.

    Account `acme` reads `toolyt_acme` and builds into `staging_acme` and `marts_acme`
    (its data tests run there); then each table of `marts` is the union of the
    accounts' marts with a first column `account`, keyed by account and the mart's key.

    Raises:
        ConfigError, TransformError, DataTestError: as `build`; an account whose build
            failed leaves every `marts` table as it was.
    """
    started = time.monotonic()
    if not accounts:
        raise ConfigError("no accounts to build; name at least one")
    as_of = check_as_of(as_of)
    results = [
        build(connection, as_of, dialect, models_dir=models_dir, tests_dir=tests_dir,
              schemas=account_schemas(account))
        for account in accounts
    ]

    executor = as_executor(connection)
    models = load_models(models_dir)
    marts = [models[name] for name in order_models(models) if models[name].schema == MARTS_SCHEMA]
    with executor.transaction():
        executor.create_schema(MARTS_SCHEMA)
        executor.replace_table(
            MARTS_SCHEMA, PARAMETERS_TABLE, parameters_query(as_of).sql(dialect)
        )
        built = []
        for mart in marts:
            union = exp.union(
                *(
                    exp.select(exp.Literal.string(account).as_(ACCOUNT_COLUMN), exp.Star())
                    .from_(f"{account_schemas(account)[MARTS_SCHEMA]}.{mart.table}")
                    for account in accounts
                ),
                distinct=False,
            ) if len(accounts) > 1 else (
                exp.select(exp.Literal.string(accounts[0]).as_(ACCOUNT_COLUMN), exp.Star())
                .from_(f"{account_schemas(accounts[0])[MARTS_SCHEMA]}.{mart.table}")
            )
            timer = time.monotonic()
            rows = executor.replace_table(MARTS_SCHEMA, mart.table, union.sql(dialect))
            built.append(BuiltModel(mart.name, rows, time.monotonic() - timer))

        tests = [
            test for mart in marts
            for test in key_tests(replace(mart, key=(ACCOUNT_COLUMN, *mart.key)))
        ]
        failures = run_tests(executor, tests, dialect)
        if failures:
            raise DataTestError(failures)

    return BuildResult(
        as_of,
        dialect,
        [model for result in results for model in result.models] + built,
        [passed for result in results for passed in result.tests]
        + [f"{test.name} on {', '.join(test.reads)}" for test in tests],
        time.monotonic() - started,
    )


def transpile_all(dialect: str, *, models_dir: Path = MODELS_DIR) -> dict[str, str]:
    """Every model's select in `dialect`, in build order, without touching a warehouse.

    Args:
        dialect: one of duckdb, postgres, snowflake, bigquery.
        models_dir: the folder of `<schema>/<model>.sql` files.

    Returns:
        `schema.table` -> the model's select statement in `dialect`.

    Raises:
        ConfigError: `dialect` is not one we target.
        TransformError: a model does not parse, or models read each other in a cycle.
    """
    check_dialect(dialect)
    models = load_models(models_dir)
    return {name: models[name].transpile(dialect) for name in order_models(models)}


def relocated(file: SqlFile, schemas: Mapping[str, str]) -> SqlFile:
    """`file` reading from and (for a model) writing to the schemas `schemas` names."""
    if not schemas:
        return file

    def move(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and node.db in schemas:
            node = node.copy()
            node.set("db", exp.to_identifier(schemas[node.db]))
        return node

    schema, _, table = file.name.partition(".")
    name = f"{schemas.get(schema, schema)}.{table}" if table else file.name
    return replace(file, name=name, query=file.query.transform(move))


def build_model(executor: Executor, model: SqlFile, dialect: str) -> BuiltModel:
    """Create or replace one model's table from its transpiled select."""
    started = time.monotonic()
    try:
        rows = executor.replace_table(model.schema, model.table, model.transpile(dialect))
    except WarehouseError as error:
        raise TransformError(model.label, None, f"failed in the warehouse: {error}") from None

    seconds = time.monotonic() - started
    logger.info("built %s: %d rows in %.2f s", model.name, rows, seconds)
    return BuiltModel(model.name, rows, seconds)


def parameters_query(as_of: date) -> exp.Select:
    """The one row of `marts.run_parameters`: the as-of date, its zone, the build time."""
    built_at = pendulum.now("UTC").to_iso8601_string()
    return exp.select(
        exp.cast(exp.Literal.string(as_of.isoformat()), exp.DataType.Type.DATE).as_("as_of_date"),
        exp.Literal.string(IST).as_("time_zone"),
        exp.cast(exp.Literal.string(built_at), exp.DataType.Type.TIMESTAMPTZ).as_("built_at"),
    )


def as_executor(connection: duckdb.DuckDBPyConnection | Executor) -> Executor:
    if isinstance(connection, duckdb.DuckDBPyConnection):
        return DuckDBExecutor(connection)
    return connection


def check_dialect(dialect: str) -> None:
    if dialect not in DIALECTS:
        raise ConfigError(f"`dialect` must be one of {', '.join(DIALECTS)}; got `{dialect}`")


def check_as_of(as_of: date | None, *, now: datetime | None = None) -> date:
    """The as-of date, by default the IST day of `now` (the clock); a datetime is refused."""
    if as_of is None:
        today = pendulum.instance(now or pendulum.now("UTC")).in_timezone(IST)
        return date(today.year, today.month, today.day)
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise ConfigError(f"`as_of` must be a date (its IST day), got `{as_of!r}`")
    return as_of
