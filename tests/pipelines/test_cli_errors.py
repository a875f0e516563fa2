"""Configuration errors from any command: one `Error:` line, exit 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def toolyt_sync(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESTINATION__")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("command", [["transform"], ["export", "--out", "export"]])
def test_missing_destination_credentials_exit_2_in_one_line(command, tmp_path):
    run = toolyt_sync(*command, "--destination", "postgres", cwd=tmp_path)

    assert run.returncode == 2, run.stderr
    assert run.stderr.splitlines() == [
        "Error: missing setting(s) credentials for `PostgresClientConfiguration`: set them "
        "in .dlt/secrets.toml or the environment (see README, Scaling up)"
    ]
    assert "Traceback" not in run.stdout + run.stderr
