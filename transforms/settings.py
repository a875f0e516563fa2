"""Names the transforms share: folders, schemas, the time zone and the dialects we target."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
MODELS_DIR = PACKAGE_DIR / "models"
TESTS_DIR = PACKAGE_DIR / "tests"

# Models are written in this dialect and transpiled to the destination's.
SOURCE_DIALECT = "duckdb"
DIALECTS = ("duckdb", "postgres", "snowflake", "bigquery", "databricks", "clickhouse")

# Schemas dlt loads into; a model may read any table in them.
RAW_SCHEMAS = ("toolyt",)

# Where the marts land, for export and BI to find them.
MARTS_SCHEMA = "marts"
STAGING_SCHEMA = "staging"

# With several accounts in one warehouse, the first column of every mart.
ACCOUNT_COLUMN = "account"


def account_schemas(account: str) -> dict[str, str]:
    """Where one of several accounts keeps its raw tables and its own models.

    The marts of all accounts together are in `marts`, with an `account` column.
    """
    return {
        schema: f"{schema}_{account}" for schema in (*RAW_SCHEMAS, STAGING_SCHEMA, MARTS_SCHEMA)
    }

# Every date-relative figure is for a day in Toolyt's own zone, never the host's.
IST = "Asia/Kolkata"

# The one-row table the runner writes before any model, for models to read like any
# table: `as_of_date` replaces `current_date` everywhere.
PARAMETERS_SCHEMA = MARTS_SCHEMA
PARAMETERS_TABLE = "run_parameters"
PARAMETERS_COLUMNS = {
    "as_of_date": "DATE",
    "time_zone": "TEXT",
    "built_at": "TIMESTAMP WITH TIME ZONE",
}

# A failing data test shows this many of its rows.
FAILING_ROWS_SHOWN = 5
