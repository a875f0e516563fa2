"""The Airflow DAG's task runs the nightly job; Airflow itself is stood in for.

Airflow is too large a dependency for this suite, so its three names the DAG file uses
are replaced by stand-ins that run the decorated functions directly. What is tested is
the DAG file's own wiring: the task syncs the configured account and builds the marts.
"""

from __future__ import annotations

import contextlib
import runpy
import sys
import types
from pathlib import Path

import duckdb

from tests.conftest import API_KEY, START_DATE

DAG_FILE = Path(__file__).resolve().parents[2] / "pipelines" / "airflow_dag.py"


def stand_in_airflow(monkeypatch, variables: dict[str, str]) -> list[str]:
    """Install stand-ins for `airflow` and dlt's Airflow helper; return the DAG names."""
    dags: list[str] = []

    def dag(**settings):
        def decorate(function):
            def build():
                dags.append(function.__name__)
                function()

            return build

        return decorate

    decorators = types.ModuleType("airflow.decorators")
    decorators.dag = dag
    decorators.task = lambda function: function
    models = types.ModuleType("airflow.models")
    models.Variable = types.SimpleNamespace(
        get=lambda name, default_var=None: variables.get(name, default_var)
    )
    helper = types.ModuleType("dlt.helpers.airflow_helper")
    helper.PipelineTasksGroup = lambda *args, **kwargs: contextlib.nullcontext()
    for name, module in {
        "airflow": types.ModuleType("airflow"),
        "airflow.decorators": decorators,
        "airflow.models": models,
        "dlt.helpers.airflow_helper": helper,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    return dags


def test_dag_task_syncs_and_builds_the_marts(fake, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "API_KEY": API_KEY, "BASE_URL": fake.url, "NOW": fake.now, "START_DATE": START_DATE,
    }.items():
        monkeypatch.setenv(f"SOURCES__TOOLYT__{name}", value)
    dags = stand_in_airflow(monkeypatch, {"toolyt_destination": "duckdb"})

    runpy.run_path(str(DAG_FILE))

    assert dags == ["toolyt_nightly"]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        [(prospects,)] = con.execute("select count(*) from marts.prospects").fetchall()
    truth = fake.truth()
    assert prospects == sum(len(truth[name]) for name in ("leads", "customers", "lost_leads"))
