"""SQL transforms over the raw Toolyt tables: staging models, marts and their data tests.

    build(connection, as_of, dialect) -> BuildResult
    build_accounts(connection, accounts, as_of, dialect) -> BuildResult
    transpile_all(dialect) -> {"schema.table": sql}
"""

from __future__ import annotations

from .errors import DataTestError, TransformError
from .runner import BuildResult, BuiltModel, build, build_accounts, transpile_all

__all__ = [
    "BuildResult",
    "BuiltModel",
    "DataTestError",
    "TransformError",
    "build",
    "build_accounts",
    "transpile_all",
]
