"""The few things the runner asks of a warehouse, so other warehouses can plug in.

`DuckDBExecutor` speaks to a DuckDB connection. `SqlClientExecutor` speaks through the
SQL client of a dlt destination (PostgreSQL, Snowflake, BigQuery, ...), so the marts
build wherever the sync loads; its `replace_table` drops and creates in the open
transaction, since not every warehouse has `create or replace table`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

import duckdb
from sqlglot import exp

# Columns as information_schema gives them: schema -> table -> column -> type.
WarehouseColumns = dict[str, dict[str, dict[str, str]]]


class WarehouseError(Exception):
    """The warehouse refused a statement; the message is the warehouse's own."""


class Executor(Protocol):
    """A warehouse connection as the runner uses it; a refused statement is a WarehouseError."""

    dialect: str

    def columns(self) -> WarehouseColumns:
        """Every column of every table in the connected database."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """A transaction that commits when the block ends and rolls back on an error."""
        ...

    def create_schema(self, schema: str) -> None: ...

    def replace_table(self, schema: str, table: str, query: str) -> int:
        """Create or replace `schema.table` from `query`; return its row count."""
        ...

    def fetch(self, query: str) -> tuple[list[str], list[tuple]]:
        """Column names and rows of `query`."""
        ...


class DuckDBExecutor:
    """An executor over an open DuckDB connection."""

    dialect = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    def columns(self) -> WarehouseColumns:
        rows = self.connection.execute(
            """
            select table_schema, table_name, column_name, data_type
            from information_schema.columns
            where table_catalog = current_database()
            order by table_schema, table_name, ordinal_position
            """
        ).fetchall()
        columns: WarehouseColumns = {}
        for schema, table, column, kind in rows:
            columns.setdefault(schema, {}).setdefault(table, {})[column] = kind
        return columns

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.connection.execute("begin transaction")
        try:
            yield
        except BaseException:
            self.connection.execute("rollback")
            raise
        self.connection.execute("commit")

    def create_schema(self, schema: str) -> None:
        self.run(f"create schema if not exists {quote(schema)}")

    def replace_table(self, schema: str, table: str, query: str) -> int:
        name = f"{quote(schema)}.{quote(table)}"
        self.run(f"create or replace table {name} as\n{query}")
        return self.fetch(f"select count(*) from {name}")[1][0][0]

    def fetch(self, query: str) -> tuple[list[str], list[tuple]]:
        cursor = self.run(query)
        return [column[0] for column in cursor.description], cursor.fetchall()

    def run(self, statement: str) -> duckdb.DuckDBPyConnection:
        try:
            return self.connection.execute(statement)
        except duckdb.Error as error:
            raise WarehouseError(" ".join(str(error).split())) from error


def quote(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("duckdb")


class SqlClientExecutor:
    """An executor over an open dlt SQL client (`pipeline.sql_client()`).

    Args:
        client: the open client; its connection is used as it is.
        dialect: the sqlglot dialect the warehouse speaks.
    """

    def __init__(self, client: Any, dialect: str) -> None:
        self.client = client
        self.dialect = dialect

    def columns(self) -> WarehouseColumns:
        _, rows = self.fetch(
            """
            select table_schema, table_name, column_name, data_type
            from information_schema.columns
            where table_schema not in ('information_schema', 'pg_catalog')
            order by table_schema, table_name, ordinal_position
            """
        )
        columns: WarehouseColumns = {}
        for schema, table, column, kind in rows:
            columns.setdefault(schema, {}).setdefault(table, {})[column] = kind
        return columns

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.client.begin_transaction():
            yield

    def create_schema(self, schema: str) -> None:
        self.run(f"create schema if not exists {self.quote(schema)}")

    def replace_table(self, schema: str, table: str, query: str) -> int:
        name = f"{self.quote(schema)}.{self.quote(table)}"
        self.run(f"drop table if exists {name}")
        self.run(f"create table {name} as\n{query}")
        return self.fetch(f"select count(*) from {name}")[1][0][0]

    def fetch(self, query: str) -> tuple[list[str], list[tuple]]:
        try:
            with self.client.execute_query(query) as cursor:
                names = [column[0] for column in cursor.description]
                return names, [tuple(row) for row in cursor.fetchall()]
        except Exception as error:  # each driver has its own error tree
            raise WarehouseError(" ".join(str(error).split())) from error

    def run(self, statement: str) -> None:
        try:
            self.client.execute_sql(statement)
        except Exception as error:  # each driver has its own error tree
            raise WarehouseError(" ".join(str(error).split())) from error

    def quote(self, name: str) -> str:
        return exp.to_identifier(name, quoted=True).sql(self.dialect)
