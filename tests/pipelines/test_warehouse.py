"""The pipeline's run settings: what every client of one run sees, and what the next run sees."""

from __future__ import annotations

import pytest

from pipelines.warehouse import make_pipeline, run_settings


def memory_limit(pipeline) -> str:
    with pipeline.sql_client() as client:
        return client.execute_sql("select current_setting('memory_limit')")[0][0]


@pytest.fixture
def pipeline(tmp_path, monkeypatch):
    monkeypatch.delenv("DESTINATION__DUCKDB__CREDENTIALS__GLOBAL_CONFIG", raising=False)
    return make_pipeline(tmp_path / "warehouse.duckdb")


def test_every_client_of_a_run_gets_the_run_settings(pipeline):
    with run_settings(pipeline):
        # The DuckDB limit the run applies (128 MB) on every connection, not only the first.
        assert [memory_limit(pipeline) for _ in range(3)] == ["122.0 MiB"] * 3
        with run_settings(pipeline):  # a nested run's block (a load inside the kept-open one)
            assert memory_limit(pipeline) == "122.0 MiB"
        assert memory_limit(pipeline) == "122.0 MiB"
    assert memory_limit(pipeline) != "122.0 MiB"


def test_a_run_resolves_the_destination_once_and_the_next_run_afresh(pipeline, monkeypatch):
    destination = pipeline.destination
    with run_settings(pipeline):
        first = destination.configuration(None, accept_partial=True)
        monkeypatch.setenv("DESTINATION__DUCKDB__CREATE_INDEXES", "true")
        again = destination.configuration(None, accept_partial=True)
        assert again is not first  # a copy, so a client changing its own leaves the others
        assert again.credentials is first.credentials  # one connection pool for the run
        assert again.create_indexes is False  # what the run started with
    with run_settings(pipeline):
        assert destination.configuration(None, accept_partial=True).create_indexes is True
    assert "configuration" not in vars(destination)  # dlt's own method is back


def test_configurations_that_differ_are_resolved_apart(pipeline):
    destination = pipeline.destination
    with run_settings(pipeline):
        main, staging = destination.spec(), destination.spec()
        main.dataset_name, staging.dataset_name = "toolyt", "toolyt_staging"
        resolved = [destination.configuration(config) for config in (main, staging, main)]
    assert [config.dataset_name for config in resolved] == ["toolyt", "toolyt_staging", "toolyt"]
