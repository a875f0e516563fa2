"""README's first command, `toolyt-sync demo`, end to end on a small account."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_demo_syncs_twice_builds_marts_and_writes_the_report(tmp_path):
    # The console script where installed, as README runs it; else the same module.
    script = shutil.which("toolyt-sync")
    command = [script] if script else [sys.executable, "-m", "pipelines.cli"]
    warehouse = tmp_path / "demo" / "warehouse.duckdb"
    run = subprocess.run(
        [*command, "demo", "--duckdb", str(warehouse), "--scale", "0.2"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=300,
    )

    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    first, second = map(int, re.search(
        r"(\d+) requests the first time, (\d+) the second", out
    ).groups())
    assert 0 < second < first / 2
    assert re.search(r"\d+ prospect\(s\) moved from lead to (customer|lost)", out)
    assert len(re.findall(r"^  marts\.\w+: ", out, re.MULTILINE)) == 7
    assert re.search(r"marts built as of \d{4}-\d{2}-\d{2} \(IST\), \d+ data tests passed", out)
    report = tmp_path / "demo" / "report.html"
    assert report.stat().st_size > 10_000
    assert out.rstrip().splitlines()[-1].endswith(str(report.resolve()))
    assert warehouse.exists()
