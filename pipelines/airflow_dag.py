"""An Airflow DAG for the nightly job, built with dlt's Airflow helper.

Copy this file into the Airflow `dags/` folder of an environment where toolyt-sync is
installed (`pip install toolyt-sync` or the repository), and put the configuration
where dlt's helper finds it: `.dlt/config.toml` beside the DAGs, and the API key and
destination credentials in the Airflow variable `dlt_secrets_toml` (the contents of a
secrets.toml). The DAG runs `toolyt-sync run` (sync, then the marts) every night at
02:30 IST into the destination named by the Airflow variable `toolyt_destination`
(default postgres: a local DuckDB file does not survive Airflow's workers).

The sync is one task, not one task per resource: it loads in several commits on its
own (a long backfill commits window by window) and reads what the warehouse holds
before each, which a split into isolated per-resource runs would defeat.
"""

from __future__ import annotations

import pendulum
from airflow.decorators import dag, task
from airflow.models import Variable
from dlt.helpers.airflow_helper import PipelineTasksGroup

IST = "Asia/Kolkata"


@dag(
    schedule="30 2 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz=IST),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": pendulum.duration(minutes=20)},
    tags=["toolyt"],
)
def toolyt_nightly():
    # The task group sets up dlt for Airflow: configuration and secrets from the
    # environment described above, task logging, and a private data folder per run
    # (the pipeline's state is restored from the destination each time).
    with PipelineTasksGroup("toolyt", use_data_folder=False, wipe_local_data=True):

        @task
        def sync_and_transform() -> None:
            from pipelines.sync import SyncOptions
            from pipelines.transform import run_nightly

            destination = Variable.get("toolyt_destination", default_var="postgres")
            synced, built = run_nightly(SyncOptions(destination=destination))
            for account, result in synced:
                for line in result.lines():
                    print(account.describe(line))
            for line in built.lines():
                print(line)

        sync_and_transform()


toolyt_nightly()
