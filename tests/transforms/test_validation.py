"""A broken model stops the build before any table changes, naming its file and line."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sources.toolyt.errors import ConfigError, DataError
from transforms import BuildResult, TransformError, build, transpile_all
from transforms.executor import DuckDBExecutor

GOOD_STAGING = """\
-- grain: one row per lead
-- key: lead_id

with

source as (
    select * from toolyt.leads
)

select lead_id, full_name from source
"""


def model(body: str, key: str = "lead_id") -> str:
    """A model file: the grain and key lines, a blank line, then `body` from line 4."""
    return f"-- grain: one row per lead\n-- key: {key}\n\n{body}"


def write_project(root: Path, files: dict[str, str]) -> Path:
    """A models folder holding `files` (path under models -> SQL), next to good staging."""
    models = root / "models"
    for name, text in {"staging/stg_toolyt__leads.sql": GOOD_STAGING, **files}.items():
        path = models / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return models


def build_project(
    db: duckdb.DuckDBPyConnection, root: Path, files: dict[str, str]
) -> BuildResult:
    return build(db, models_dir=write_project(root, files), tests_dir=root / "no_tests")


def schemas(db: duckdb.DuckDBPyConnection) -> set[str]:
    rows = db.execute("select schema_name from information_schema.schemata").fetchall()
    return {row[0] for row in rows}


def test_valid_project_builds_its_models(db, tmp_path):
    result = build_project(db, tmp_path, {})

    assert [built.name for built in result.models] == ["staging.stg_toolyt__leads"]
    assert "key_is_unique on staging.stg_toolyt__leads" in result.tests


def test_parse_error_names_file_and_line(db, tmp_path):
    broken = model("select lead_id,\nfrom toolyt.leads\nwhere (\n")

    with pytest.raises(TransformError, match=r"`models/marts/broken\.sql:6`: does not parse"):
        build_project(db, tmp_path, {"marts/broken.sql": broken})
    assert "staging" not in schemas(db)
    assert "marts" not in schemas(db)


def test_unknown_table_names_file_and_line(db, tmp_path):
    reads_nothing = model("select lead_id\nfrom toolyt.nope\n")

    with pytest.raises(TransformError) as raised:
        build_project(db, tmp_path, {"marts/reads_nothing.sql": reads_nothing})

    assert str(raised.value) == (
        "`models/marts/reads_nothing.sql:5`: reads `toolyt.nope`, which is neither a raw"
        " table in `toolyt` nor a model; fix the name or add the model"
    )
    assert "staging" not in schemas(db)


def test_unknown_column_names_file_and_line(db, tmp_path):
    model = """\
-- grain: one row per lead
-- key: lead_id

with

leads as (
    select * from staging.stg_toolyt__leads
)

select
    lead_id,
    lead_score
from leads
"""

    with pytest.raises(TransformError) as raised:
        build_project(db, tmp_path, {"marts/scores.sql": model})

    assert str(raised.value).startswith(
        "`models/marts/scores.sql:12`: reads column `lead_score`, which no table it reads has"
    )


def test_qualified_unknown_column_names_its_line(db, tmp_path):
    model = """\
-- grain: one row per lead
-- key: lead_id

select
    leads.lead_id,
    leads.email
from staging.stg_toolyt__leads as leads
"""

    with pytest.raises(TransformError, match=r"scores\.sql:6`: reads column `email`"):
        build_project(db, tmp_path, {"marts/scores.sql": model})


def test_upstream_model_output_limits_readable_columns(db, tmp_path):
    # `email` is a raw column, but the staging model does not pass it on.
    emails = model("select lead_id, email\nfrom staging.stg_toolyt__leads\n")

    with pytest.raises(TransformError, match=r"emails\.sql:4`: reads column `email`"):
        build_project(db, tmp_path, {"marts/emails.sql": emails})


def test_cycle_names_the_models_in_it(db, tmp_path):
    first = model("select lead_id\nfrom marts.second\n")
    second = model("select lead_id\nfrom marts.first\n")

    with pytest.raises(TransformError) as raised:
        build_project(db, tmp_path, {"marts/first.sql": first, "marts/second.sql": second})

    message = str(raised.value)
    assert message.startswith("`models/marts/")
    assert ".sql:5`: is part of a cycle:" in message
    assert "marts.first reads marts.second reads marts.first" in message or (
        "marts.second reads marts.first reads marts.second" in message
    )


def test_model_without_key_line_is_refused(db, tmp_path):
    keyless = "-- grain: one row per lead\n\nselect lead_id\nfrom staging.stg_toolyt__leads\n"

    with pytest.raises(TransformError, match=r"keyless\.sql:1`: no `-- key:` line"):
        build_project(db, tmp_path, {"marts/keyless.sql": keyless})


def test_key_the_model_does_not_output_is_refused(db, tmp_path):
    wrong_key = model("select lead_id\nfrom staging.stg_toolyt__leads\n", key="prospect_id")

    with pytest.raises(TransformError, match=r"wrong_key\.sql:2`: states key `prospect_id`"):
        build_project(db, tmp_path, {"marts/wrong_key.sql": wrong_key})


def test_unnamed_column_is_refused(db, tmp_path):
    unnamed = model("select lead_id,\n    lead_id + 1\nfrom staging.stg_toolyt__leads\n")

    with pytest.raises(TransformError, match=r"unnamed\.sql:5`: selects `lead_id \+ 1` without"):
        build_project(db, tmp_path, {"marts/unnamed.sql": unnamed})


def test_cte_named_like_a_model_is_no_dependency(db, tmp_path):
    model = """\
-- grain: one row per lead
-- key: lead_id

with

stg_toolyt__leads as (
    select * from staging.stg_toolyt__leads
)

select lead_id from stg_toolyt__leads
"""

    result = build_project(db, tmp_path, {"marts/leads_again.sql": model})

    built = [built.name for built in result.models]
    assert built == ["staging.stg_toolyt__leads", "marts.leads_again"]


def test_transform_error_is_a_data_error():
    error = TransformError("models/marts/x.sql", 3, "does not parse")

    assert isinstance(error, DataError)
    assert error.exit_code == 5


def test_dialect_other_than_the_connections_is_refused(db):
    with pytest.raises(ConfigError, match="pass dialect='duckdb'"):
        build(db, dialect="postgres")


def test_unknown_dialect_is_refused():
    with pytest.raises(ConfigError, match="`dialect` must be one of"):
        transpile_all("oracle")


def test_model_failing_in_warehouse_rolls_back_the_build(db, tmp_path):
    db.execute("insert into toolyt.leads (lead_id, full_name) values (1, 'Rahman')")
    numbers = model("select lead_id, cast(full_name as integer) as number\nfrom toolyt.leads\n")

    with pytest.raises(TransformError, match=r"numbers\.sql`: failed in the warehouse"):
        build_project(db, tmp_path, {"marts/numbers.sql": numbers})
    assert "staging" not in schemas(db)


def test_model_in_the_raw_schema_is_refused(db, tmp_path):
    shadow = model("select lead_id\nfrom staging.stg_toolyt__leads\n")

    with pytest.raises(TransformError, match="would write into `toolyt`, which dlt loads"):
        build_project(db, tmp_path, {"toolyt/leads.sql": shadow})


def test_build_runs_through_any_executor(db, tmp_path):
    class RecordingExecutor(DuckDBExecutor):
        def __init__(self, connection):
            super().__init__(connection)
            self.tables: list[str] = []

        def replace_table(self, schema, table, query):
            self.tables.append(f"{schema}.{table}")
            return super().replace_table(schema, table, query)

    executor = RecordingExecutor(db)
    build(executor, models_dir=write_project(tmp_path, {}), tests_dir=tmp_path / "no_tests")

    assert executor.tables == ["marts.run_parameters", "staging.stg_toolyt__leads"]
