"""Running the `toolyt-sync` CLI as a subprocess against the fake, and checking the result.

Every check ends the same way: no duplicate keys, every id of the ground truth present,
no cursor ahead of the run's now, and the API key and token found nowhere: not in the
output, the logs (at DEBUG), the pipeline folder (state, trace, load packages) or any
warehouse table.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from dlt.common.versioned_state import decompress_state

from tests.truth import assert_converging_fields_match_truth

REPO = Path(__file__).resolve().parents[2]
START_DATE = "2026-01-01"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Cli:
    """The CLI pointed at one fake and one warehouse in a scratch folder."""

    def __init__(self, fake, folder: Path, api_key: str) -> None:
        self.fake = fake
        self.folder = folder
        self.api_key = api_key
        self.warehouse = folder / "warehouse.duckdb"
        self.outputs: list[str] = []

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SOURCES__")}
        env.update(
            PYTHONPATH=str(REPO),
            RUNTIME__DLTHUB_TELEMETRY="false",
            RUNTIME__LOG_LEVEL="DEBUG",
            SOURCES__TOOLYT__API_KEY=self.api_key,
            SOURCES__TOOLYT__BASE_URL=self.fake.url,
            SOURCES__TOOLYT__NOW=self.fake.now,
            SOURCES__TOOLYT__START_DATE=START_DATE,
            SOURCES__TOOLYT__RETRY_BACKOFF_S="0.05",
            SOURCES__TOOLYT__MAX_RETRY_WAIT_S="10",
            SOURCES__TOOLYT__WINDOWS_PER_LOAD="0",
        )
        env.update(extra)
        return {k: v for k, v in env.items() if v is not None}

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "pipelines.cli", "--verbose", *args]

    def sync(self, *args: str, timeout: float = 180, **env: str) -> Run:
        return self.run("sync", "--duckdb", str(self.warehouse), *args, timeout=timeout, **env)

    def run(self, *args: str, timeout: float = 180, **env: str) -> Run:
        done = subprocess.run(
            self.command(*args), cwd=self.folder, env=self.env(**env),
            capture_output=True, text=True, timeout=timeout,
        )
        self.outputs += [done.stdout, done.stderr]
        return Run(done.returncode, done.stdout, done.stderr)

    def kill_sync_when(self, ready, timeout: float = 120, **env: str) -> Run:
        """Start a sync and SIGKILL it as soon as `ready()` is true."""
        # Its output goes to files: a pipe nobody reads while waiting would fill up at
        # DEBUG and stall the sync before it ever got ready.
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            process = subprocess.Popen(
                self.command("sync", "--duckdb", str(self.warehouse)), cwd=self.folder,
                env=self.env(**env), stdout=out, stderr=err, text=True,
            )
            deadline = time.monotonic() + timeout
            while process.poll() is None and time.monotonic() < deadline and not ready():
                time.sleep(0.005)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait()
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        self.outputs += [stdout, stderr]
        return Run(process.returncode, stdout, stderr)

    @property
    def pipeline_dir(self) -> Path:
        return self.folder / ".toolyt-sync" / self.warehouse.name / "toolyt"

    def packages(self, stage: str) -> list[Path]:
        folder = self.pipeline_dir / "load" / stage
        return list(folder.iterdir()) if folder.exists() else []

    def cursors(self) -> dict[str, str]:
        rows = self.query(
            "select state from toolyt._dlt_pipeline_state order by version desc limit 1"
        )
        if not rows:
            return {}
        state = decompress_state(rows[0][0])
        resources = state.get("sources", {}).get("toolyt", {}).get("resources", {})
        return {name: value["cursor"] for name, value in resources.items() if "cursor" in value}

    def query(self, sql: str) -> list[tuple]:
        if not self.warehouse.exists():
            return []
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            try:
                return con.execute(sql).fetchall()
            except duckdb.CatalogException:
                return []

    def table_contents(self) -> dict[str, list[tuple]]:
        """Every data table's rows, without dlt's load ids: to compare before and after."""
        tables = [
            row[0]
            for row in self.query(
                "select table_name from information_schema.tables "
                "where table_schema = 'toolyt' and table_name not like '\\_dlt%' escape '\\' "
                "and table_name <> 'sync_ledger'"
            )
        ]
        contents = {}
        for table in tables:
            columns = [
                row[0]
                for row in self.query(
                    "select column_name from information_schema.columns where "
                    f"table_schema = 'toolyt' and table_name = '{table}' "
                    "and column_name not like '\\_dlt%' escape '\\'"
                )
            ]
            rows = self.query(f"select {', '.join(columns)} from toolyt.{table}")
            contents[table] = sorted(map(repr, rows))
        return contents

    def assert_exact(self) -> None:
        """The warehouse equals the fake's ground truth and the run's state is sane."""
        truth = self.fake.truth()
        assert_converging_fields_match_truth(self.warehouse, truth)
        for resource, cursor in self.cursors().items():
            assert cursor <= self.fake.now, f"{resource} cursor {cursor} is after now"

    def assert_no_secret_anywhere(self) -> None:
        secrets = [self.api_key, *self.fake.api.tokens]
        for text in self.outputs:
            for secret in secrets:
                assert secret not in text, "a secret appeared in the CLI's output"
        for path in self.folder.rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, f"a secret appeared in {path}"
            if path.suffix == ".parquet":
                text = json.dumps(pq.read_table(path).to_pylist(), default=str)
                assert not any(secret in text for secret in secrets), f"secret in {path}"
        for table, text in self.every_table_as_text().items():
            assert not any(secret in text for secret in secrets), f"a secret is in {table}"

    def every_table_as_text(self) -> dict[str, str]:
        """Each table of every schema (dlt's own too, state decompressed) as text."""
        tables = self.query(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database()"
        )
        texts = {}
        for schema, table in tables:
            rows = self.query(f'select * from "{schema}"."{table}"')
            if table == "_dlt_pipeline_state":
                states = self.query(f'select state from "{schema}"."{table}"')
                rows += [(json.dumps(decompress_state(state)),) for (state,) in states]
            texts[f"{schema}.{table}"] = "\n".join(map(repr, rows))
        return texts
