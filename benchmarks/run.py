"""Benchmark toolyt_sync against dlt's generic rest_api source, a plain script and two bounds.

Usage:

    python benchmarks/run.py --scale 5 --latency-ms 40 [--json FILE] [--systems a,b]
                             [--repeat K] [--timeout 900] [--workdir DIR]

The fake Toolyt API (`python -m toolyt_fake`) runs in a process of its own. Every system then
runs in its own subprocess, against the same account, into a fresh DuckDB file:

    toolyt_sync              `toolyt-sync sync` (its module, `pipelines.cli`), a first sync
    rest_api                 dlt's rest_api source with dlt's defaults (rest_api_peer.py)
    rest_api_tuned           the same with parallel child resources and Parquet
    sequential               a plain requests + pyarrow script (sequential_peer.py)
    no_http_floor            the ground truth's records through dlt and Parquet, no HTTP
    latency_bound            computed: toolyt_sync's requests x latency / 16 in flight
    toolyt_sync_incremental  the fake's clock moved one day, then a second sync into the
                             first sync's warehouse (run last, so all others see one account)

For each: wall seconds from spawn to exit (interpreter start included), requests counted by
the fake (its stats reset before each system), rows in the eleven entity tables (for the
incremental run, rows that run wrote), and the subprocess's own peak RSS (`wait4` in the small
launcher `measure.py`, so that run.py's own size does not count). Every load is
checked against the fake's ground truth: the set of ids per entity table and the attendance
count. A lossy load shows as FAILED, and `"complete": false` in the JSON, never as a time.

`--repeat K` runs every system K times, in K rounds of one run each, so that a slow spell of a
shared machine falls on all systems alike; each first sync gets its own incremental sync. A
system's figures are then those of its run with the median wall time, with the peak memory of
its largest run, complete only if every run was; the JSON lists every run's wall time under
`runs_wall_s`. Runs of one system go to `<workdir>/<system>/run-<n>`.

`--systems` picks a subset (toolyt_sync is added when a system needs it). A system running
past `--timeout` seconds is killed and reported as timed out. The exit code is 1 when
toolyt_sync itself failed or loaded incompletely, else 0.
"""

from __future__ import annotations

import argparse
import json
import operator
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
from endpoints import DATASET, LISTS, START_DATE, WAREHOUSE_FILE
from fake_server import FakeProcess, python_env

HERE = Path(__file__).resolve().parent
START_CLOCK = "2026-06-01 10:00:00"
# toolyt_sync's default number of requests in flight, the divisor of the latency bound.
IN_FLIGHT = 16
DEFAULT_TIMEOUT_S = 900

# In the order they run; the incremental sync moves the fake's clock, so it comes last.
SYSTEMS = (
    "toolyt_sync",
    "rest_api",
    "rest_api_tuned",
    "sequential",
    "no_http_floor",
    "latency_bound",
    "toolyt_sync_incremental",
)
NEEDS_FIRST_SYNC = ("latency_bound", "toolyt_sync_incremental")
PEERS = ("rest_api", "rest_api_tuned", "sequential")

# Entity tables and the columns that may hold their id, first found wins. The rest_api peer
# keeps the opportunity detail's own name for it. Attendance has no id; its rows are counted.
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    endpoint.table: (endpoint.id_key,)
    for endpoint in LISTS
    if isinstance(endpoint.id_key, str)
}
ID_COLUMNS["opportunities"] += ("toolyt_oppurtunities_id",)
COUNTED_TABLES = tuple(e.table for e in LISTS if not isinstance(e.id_key, str))
ENTITY_TABLES = (*ID_COLUMNS, *COUNTED_TABLES)


@dataclass
class Measurement:
    """What one system did; None where a figure does not apply."""

    wall_s: float | None
    requests: int | None
    rows: int | None
    peak_rss_mb: float | None
    complete: bool | None
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    timed_out: bool = False
    runs_wall_s: list[float | None] = field(default_factory=list)

    @property
    def rows_per_s(self) -> float | None:
        if not self.rows or not self.wall_s:
            return None
        return self.rows / self.wall_s

    @property
    def status(self) -> str:
        if self.timed_out:
            return "TIMEOUT"
        if self.complete is None:
            return "n/a"
        return "yes" if self.complete else "FAILED"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "wall_s": round_or_none(self.wall_s, 3),
            "requests": self.requests,
            "rows": self.rows,
            "rows_per_s": round_or_none(self.rows_per_s, 1),
            "peak_rss_mb": round_or_none(self.peak_rss_mb, 1),
            "complete": self.complete,
        }
        if len(self.runs_wall_s) > 1:
            data["runs_wall_s"] = [round_or_none(wall, 3) for wall in self.runs_wall_s]
        if self.error:
            data["error"] = self.error
        if self.problems:
            data["problems"] = self.problems
        return data


@dataclass(frozen=True)
class Truth:
    """What a complete load holds: ids per entity table and the attendance count."""

    ids: dict[str, set[str]]
    counts: dict[str, int]

    @classmethod
    def from_json(cls, truth: dict[str, Any]) -> Truth:
        lists = truth["lists"]
        ids = {
            table: {str(row[columns[0]]) for row in lists[table]}
            for table, columns in ID_COLUMNS.items()
        }
        return cls(ids, {table: len(lists[table]) for table in COUNTED_TABLES})


@dataclass
class Exit:
    code: int | None
    wall_s: float
    peak_rss_mb: float | None
    timed_out: bool


@dataclass
class Bench:
    """One benchmark run: the fake, the scratch folder and the settings every system shares."""

    fake: FakeProcess
    root: Path
    api_key: str
    timeout_s: float
    now: str = START_CLOCK

    def folder(self, system: str, run: int) -> Path:
        """A run's scratch folder; an incremental sync reuses its round's first sync's."""
        owner = "toolyt_sync" if system == "toolyt_sync_incremental" else system
        folder = self.root / owner / f"run-{run}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def sync_env(self) -> dict[str, str]:
        return python_env(
            SOURCES__TOOLYT__API_KEY=self.api_key,
            SOURCES__TOOLYT__BASE_URL=self.fake.url,
            SOURCES__TOOLYT__NOW=self.now,
            SOURCES__TOOLYT__START_DATE=START_DATE,
        )

    def peer_env(self) -> dict[str, str]:
        return python_env(TOOLYT_API_KEY=self.api_key)


# --- the systems ------------------------------------------------------------------------------


def toolyt_sync_command(bench: Bench, folder: Path) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", "sync", "--duckdb", str(folder / WAREHOUSE_FILE)]


def peer_command(script: str, *extra: str) -> Callable[[Bench, Path], list[str]]:
    def command(bench: Bench, folder: Path) -> list[str]:
        return [
            sys.executable, str(HERE / script), "--base-url", bench.fake.url,
            "--duckdb", str(folder / WAREHOUSE_FILE), "--now", bench.now, *extra,
        ]

    return command


def floor_command(bench: Bench, folder: Path) -> list[str]:
    """The floor's command, once the ground truth it loads is saved beside its warehouse."""
    truth = folder / "truth.json"
    truth.write_bytes(bench.fake.truth())
    return [
        sys.executable, str(HERE / "no_http_floor.py"), "--truth", str(truth),
        "--duckdb", str(folder / WAREHOUSE_FILE),
    ]


COMMANDS: dict[str, Callable[[Bench, Path], list[str]]] = {
    "toolyt_sync": toolyt_sync_command,
    "toolyt_sync_incremental": toolyt_sync_command,
    "rest_api": peer_command("rest_api_peer.py"),
    "rest_api_tuned": peer_command("rest_api_peer.py", "--tuned"),
    "sequential": peer_command("sequential_peer.py"),
    "no_http_floor": floor_command,
}


def run_system(name: str, bench: Bench, truth: Truth, run: int = 1) -> Measurement:
    """Run one system in its own subprocess and check what it loaded."""
    folder = bench.folder(name, run)
    env = bench.sync_env() if name.startswith("toolyt_sync") else bench.peer_env()
    warehouse = folder / WAREHOUSE_FILE
    earlier_loads = read_load_ids(warehouse)

    argv = COMMANDS[name](bench, folder)
    bench.fake.reset_stats()
    done = run_measured(argv, env, folder, bench.timeout_s, log_name=name)
    requests = None if name == "no_http_floor" else bench.fake.requests_made()

    error = None
    if done.timed_out:
        error = f"timed out after {bench.timeout_s:g} s"
    elif done.code != 0:
        error = f"exit code {done.code}: {read_last_line(folder / f'{name}.stderr')}"
    problems = check_complete(warehouse, truth)
    return Measurement(
        wall_s=None if done.timed_out else done.wall_s,
        requests=requests,
        rows=count_rows(warehouse, earlier_loads),
        peak_rss_mb=done.peak_rss_mb,
        complete=error is None and not problems,
        error=error,
        problems=problems,
        timed_out=done.timed_out,
    )


def typical(runs: list[Measurement]) -> Measurement:
    """One system's runs as one measurement: the run with the median wall time.

    A run that failed or timed out stands for them all instead, so that no failure hides
    behind a median. Peak memory is the largest of any run, and every run's wall time is
    kept.
    """
    failed = [m for m in runs if not m.complete or m.wall_s is None]
    if failed:
        chosen = failed[0]
    else:
        chosen = sorted(runs, key=lambda m: m.wall_s or 0.0)[(len(runs) - 1) // 2]
    peaks = [m.peak_rss_mb for m in runs if m.peak_rss_mb is not None]
    return replace(
        chosen,
        peak_rss_mb=max(peaks) if peaks else None,
        runs_wall_s=[m.wall_s for m in runs],
    )


def compute_latency_bound(first_sync: Measurement, latency_ms: float) -> Measurement:
    """Time the first sync's requests need at IN_FLIGHT at once, if nothing else cost."""
    requests = first_sync.requests or 0
    return Measurement(
        wall_s=requests * latency_ms / 1000 / IN_FLIGHT,
        requests=requests,
        rows=first_sync.rows,
        peak_rss_mb=None,
        complete=None,
    )


def run_measured(
    argv: list[str], env: dict[str, str], cwd: Path, timeout_s: float, log_name: str
) -> Exit:
    """Run `argv` to its end or its timeout, through `measure.py` for clean figures."""
    out_path, err_path = cwd / f"{log_name}.stdout", cwd / f"{log_name}.stderr"
    measured = cwd / f"{log_name}.measure.json"
    measured.unlink(missing_ok=True)
    launcher = [sys.executable, str(HERE / "measure.py"), str(measured), "--", *argv]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen(
            launcher, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
        )
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            # The launcher and the system share a new session: kill both.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return Exit(code=None, wall_s=timeout_s, peak_rss_mb=None, timed_out=True)

    figures = json.loads(measured.read_text())
    return Exit(
        code=figures["code"],
        wall_s=figures["wall_s"],
        peak_rss_mb=figures["peak_rss_mb"],
        timed_out=False,
    )


# --- reading the warehouses -------------------------------------------------------------------


def check_complete(warehouse: Path, truth: Truth) -> list[str]:
    """What the warehouse lacks or has twice, per entity table; empty when complete."""
    if not warehouse.exists():
        return ["no warehouse was written"]
    problems = []
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        columns = table_columns(connection)
        for table, expected in truth.ids.items():
            column = next((c for c in ID_COLUMNS[table] if c in columns.get(table, ())), None)
            if column is None:
                problems.append(f"{table}: no table with an id column")
                continue
            loaded = [
                str(value)
                for (value,) in connection.execute(f'select "{column}" from {DATASET}.{table}')
                .fetchall()
            ]
            missing, extra = len(expected - set(loaded)), len(set(loaded) - expected)
            repeated = len(loaded) - len(set(loaded))
            if missing or extra or repeated:
                problems.append(
                    f"{table}: {missing} missing, {extra} not in the API, {repeated} repeated"
                )
        for table, expected_count in truth.counts.items():
            if table not in columns:
                problems.append(f"{table}: no table")
                continue
            (count,) = connection.execute(f"select count(*) from {DATASET}.{table}").fetchone()
            if count != expected_count:
                problems.append(f"{table}: {count} rows, the API has {expected_count}")
    return problems


def count_rows(warehouse: Path, earlier_loads: set[str]) -> int:
    """Rows in the entity tables, only those written after `earlier_loads` if there were any."""
    if not warehouse.exists():
        return 0
    total = 0
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        columns = table_columns(connection)
        for table in ENTITY_TABLES:
            if table not in columns:
                continue
            sql = f"select count(*) from {DATASET}.{table}"
            if earlier_loads:
                sql += " where not list_contains(?, _dlt_load_id)"
            params = [sorted(earlier_loads)] if earlier_loads else []
            total += connection.execute(sql, params).fetchone()[0]
    return total


def read_load_ids(warehouse: Path) -> set[str]:
    """The dlt loads already in a warehouse, to tell a second run's rows from the first's."""
    if not warehouse.exists():
        return set()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        if "_dlt_loads" not in table_columns(connection):
            return set()
        rows = connection.execute(f"select load_id from {DATASET}._dlt_loads").fetchall()
    return {load_id for (load_id,) in rows}


def table_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = connection.execute(
        "select table_name, column_name from information_schema.columns where table_schema = ?",
        [DATASET],
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    return columns


def read_last_line(path: Path) -> str:
    lines = [line for line in path.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1][:300] if lines else "(no output)"


# --- ratios and goals -------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """A target the project is measured by, applying at one scale and latency (None: any)."""

    text: str
    ratio: str
    compare: Callable[[float, float], bool]
    target: float
    scale: float | None = None
    latency_ms: float | None = None

    def applies(self, scale: float, latency_ms: float) -> bool:
        return self.scale in (None, scale) and self.latency_ms in (None, latency_ms)


GOALS = (
    Goal(">= 10x faster than sequential", "speedup_vs_sequential", operator.ge, 10, 5, 40),
    Goal(">= 10x faster than rest_api", "speedup_vs_rest_api", operator.ge, 10, 5, 40),
    Goal(
        ">= 2.5x faster than rest_api_tuned", "speedup_vs_rest_api_tuned", operator.ge, 2.5, 5, 40
    ),
    Goal(
        "within 1.5x of latency_bound + no_http_floor", "times_bound", operator.le, 1.5, 5, 40
    ),
    Goal("no slower than sequential", "speedup_vs_sequential", operator.ge, 1, 5, 0),
    Goal(">= 2.5x faster than rest_api", "speedup_vs_rest_api", operator.ge, 2.5, 5, 0),
    Goal("incremental < 10% of the first sync's requests", "incremental_requests_pct",
         operator.lt, 10),
    Goal("incremental < 10% of the first sync's time", "incremental_time_pct", operator.lt, 10),
    Goal("peak memory < 300 MB", "toolyt_sync_peak_rss_mb", operator.lt, 300, 5),
    Goal("peak memory < 500 MB", "toolyt_sync_peak_rss_mb", operator.lt, 500, 100),
)


def compute_ratios(results: dict[str, Measurement]) -> dict[str, float | None]:
    """toolyt_sync against each peer and the bounds; None where a side is missing."""
    first = results.get("toolyt_sync")
    first_wall = first.wall_s if first else None
    ratios: dict[str, float | None] = {}
    for peer in PEERS:
        if peer in results and first_wall:
            ratios[f"speedup_vs_{peer}"] = divide(results[peer].wall_s, first_wall)
    if "latency_bound" in results and "no_http_floor" in results:
        bound, floor = results["latency_bound"].wall_s, results["no_http_floor"].wall_s
        ratios["times_bound"] = divide(first_wall, None if floor is None else bound + floor)
    if "toolyt_sync_incremental" in results and first:
        later = results["toolyt_sync_incremental"]
        ratios["incremental_requests_pct"] = as_percent(later.requests, first.requests)
        ratios["incremental_time_pct"] = as_percent(later.wall_s, first_wall)
    peaks = [
        results[name].peak_rss_mb
        for name in ("toolyt_sync", "toolyt_sync_incremental")
        if name in results and results[name].peak_rss_mb is not None
    ]
    if peaks:
        ratios["toolyt_sync_peak_rss_mb"] = max(peaks)
    return {name: round_or_none(value, 3) for name, value in ratios.items()}


def judge_goals(
    ratios: dict[str, float | None], scale: float, latency_ms: float
) -> list[dict[str, Any]]:
    judged = []
    for goal in GOALS:
        if not goal.applies(scale, latency_ms) or goal.ratio not in ratios:
            continue
        value = ratios[goal.ratio]
        met = None if value is None else goal.compare(value, goal.target)
        judged.append({"goal": f"toolyt_sync {goal.text}", "value": value, "met": met})
    return judged


def divide(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def as_percent(part: float | None, whole: float | None) -> float | None:
    share = divide(part, whole)
    return None if share is None else 100 * share


def round_or_none(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# --- output -----------------------------------------------------------------------------------


def render(
    scale: float,
    latency_ms: float,
    results: dict[str, Measurement],
    ratios: dict[str, float | None],
    goals: list[dict[str, Any]],
) -> str:
    """The table, the ratios and the goals as the terminal shows them."""
    repeat = max((len(m.runs_wall_s) for m in results.values()), default=1)
    lines = [
        f"toolyt-sync benchmark: scale {scale:g}, latency {latency_ms:g} ms"
        + (f", median of {repeat} runs" if repeat > 1 else ""),
        "",
        f"{'system':<25} {'wall s':>8} {'requests':>9} {'rows':>8} {'rows/s':>9} "
        f"{'peak RSS MB':>12}  complete" + ("  every run's wall s" if repeat > 1 else ""),
    ]
    for name, m in results.items():
        every_run = " ".join(show(wall, ".2f") for wall in m.runs_wall_s) if repeat > 1 else ""
        lines.append(
            f"{name:<25} {show(m.wall_s, '.2f'):>8} {show(m.requests, 'd'):>9} "
            f"{show(m.rows, 'd'):>8} {show(m.rows_per_s, '.0f'):>9} "
            f"{show(m.peak_rss_mb, '.0f'):>12}  {m.status:<8}  {every_run}".rstrip()
        )
    for name, m in results.items():
        for problem in ([m.error] if m.error else []) + m.problems:
            lines.append(f"  {name}: {problem}")

    if ratios:
        lines += ["", "toolyt_sync first sync:"]
    for peer in PEERS:
        if f"speedup_vs_{peer}" in ratios:
            lines.append(f"  vs {peer:<16} {describe_speedup(ratios[f'speedup_vs_{peer}'])}")
    if "times_bound" in ratios:
        bound = results["latency_bound"].wall_s or 0
        floor = results["no_http_floor"].wall_s
        total = None if floor is None else bound + floor
        lines.append(
            f"  vs latency_bound + no_http_floor: {show(ratios['times_bound'], '.2f')}x the bound "
            f"({show(bound, '.2f')} s + {show(floor, '.2f')} s = {show(total, '.2f')} s)"
        )
    if "incremental_requests_pct" in ratios:
        lines.append(
            f"  incremental: {show(ratios['incremental_requests_pct'], '.1f')}% of its requests, "
            f"{show(ratios['incremental_time_pct'], '.1f')}% of its time"
        )

    if goals:
        lines += ["", "Goals:"]
    for goal in goals:
        verdict = {True: "met", False: "MISSED", None: "n/a"}[goal["met"]]
        lines.append(f"  {verdict:<7} {goal['goal']} ({show(goal['value'], '.2f')})")
    return "\n".join(lines)


def describe_speedup(speedup: float | None) -> str:
    if speedup is None:
        return "- (the peer did not finish)"
    if speedup >= 1:
        return f"{speedup:.2f}x faster"
    return f"{1 / speedup:.2f}x slower"


def show(value: float | int | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


# --- the command ------------------------------------------------------------------------------


def choose(names: str | None) -> list[str]:
    """The systems to run, in run order, with the first sync added where one needs it."""
    if not names:
        return list(SYSTEMS)
    wanted = {name.strip() for name in names.split(",") if name.strip()}
    unknown = sorted(wanted - set(SYSTEMS))
    if unknown:
        raise SystemExit(f"Error: unknown system `{unknown[0]}`; choose from {', '.join(SYSTEMS)}")
    if wanted & set(NEEDS_FIRST_SYNC):
        wanted.add("toolyt_sync")
    return [name for name in SYSTEMS if name in wanted]


@contextmanager
def open_scratch(workdir: Path | None) -> Iterator[Path]:
    """The folder for warehouses and logs: `workdir`, or a temporary one kept only on failure."""
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
        yield workdir
        return
    path = Path(tempfile.mkdtemp(prefix="toolyt-bench-"))
    try:
        yield path
    except BaseException:
        progress(f"kept {path} (warehouses and logs) for a look")
        raise
    shutil.rmtree(path, ignore_errors=True)


def benchmark(
    scale: float,
    latency_ms: float,
    systems: list[str],
    timeout_s: float,
    workdir: Path | None,
    repeat: int = 1,
) -> dict[str, Measurement]:
    """Start the fake, run the systems `repeat` times in rounds, and return what each did."""
    runs: dict[str, list[Measurement]] = {name: [] for name in systems}
    measured = [name for name in systems if name not in NEEDS_FIRST_SYNC]
    with open_scratch(workdir) as root, open(root / "fake.stderr", "wb") as fake_log:
        api_key = secrets.token_hex(16)
        with FakeProcess(scale, latency_ms, api_key, START_CLOCK, fake_log) as fake:
            bench = Bench(fake, root, api_key, timeout_s, now=fake.clock())
            truth = Truth.from_json(json.loads(fake.truth()))
            progress(f"fake at {fake.url}, clock {bench.now}, scratch {root}")
            for run in range(1, repeat + 1):
                for name in measured:
                    runs[name].append(run_and_show(name, bench, truth, run, repeat))
            if "toolyt_sync_incremental" in systems:
                # The clock moves once; each round's first sync then gets its next night.
                bench.now = fake.advance(1)
                truth = Truth.from_json(json.loads(fake.truth()))
                for run in range(1, repeat + 1):
                    runs["toolyt_sync_incremental"].append(
                        run_and_show("toolyt_sync_incremental", bench, truth, run, repeat)
                    )

    results = {name: typical(runs[name]) for name in systems if runs[name]}
    if "latency_bound" in systems:
        results["latency_bound"] = compute_latency_bound(results["toolyt_sync"], latency_ms)
    return {name: results[name] for name in systems}


def run_and_show(name: str, bench: Bench, truth: Truth, run: int, repeat: int) -> Measurement:
    which = f" (run {run} of {repeat})" if repeat > 1 else ""
    progress(f"running {name}{which} ...")
    measurement = run_system(name, bench, truth, run)
    progress(f"  {name}: {show(measurement.wall_s, '.2f')} s, {measurement.status}")
    return measurement


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--scale", type=float, default=1.0, help="size of the fake account")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every call")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results here")
    parser.add_argument("--systems", help=f"comma-separated subset of: {', '.join(SYSTEMS)}")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per system"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="K",
        help="run every system K times and keep each one's median run",
    )
    parser.add_argument("--workdir", type=Path, help="keep warehouses and logs here")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, not {args.repeat}")

    systems = choose(args.systems)
    results = benchmark(
        args.scale, args.latency_ms, systems, args.timeout, args.workdir, args.repeat
    )
    ratios = compute_ratios(results)
    goals = judge_goals(ratios, args.scale, args.latency_ms)
    print(render(args.scale, args.latency_ms, results, ratios, goals))
    if args.json:
        report = {
            "scale": args.scale,
            "latency_ms": args.latency_ms,
            "repeat": args.repeat,
            "systems": {name: m.as_json() for name, m in results.items()},
            "ratios": ratios,
            "goals": goals,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")

    ours = [results[name] for name in ("toolyt_sync", "toolyt_sync_incremental") if name in results]
    return 1 if any(not m.complete for m in ours) else 0


if __name__ == "__main__":
    sys.exit(main())
