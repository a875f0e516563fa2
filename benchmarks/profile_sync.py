"""Profile one toolyt_sync run with py-spy: how busy the GIL is, and with what.

    python benchmarks/profile_sync.py --scale 5 --latency-ms 40 [--top 25] [--rate 200]
                                      [--raw FILE] [--night]

With --night the first sync runs unprofiled, the fake's clock moves one day, and the
incremental sync after it is the one profiled.

Needs py-spy (`pip install py-spy`; it samples another process, so it needs ptrace rights).
The fake runs in its own process, as in run.py, and `toolyt-sync sync` runs under
`py-spy record --gil`, which keeps only samples of the thread holding the GIL. One Python
process does its Python work on one core at a time, so the share of sampling ticks with a GIL
holder says what limits the sync: near 100% it is CPU-bound in Python, and waiting on the API
(or on DuckDB, which works without the GIL) shows as the rest.

It prints that share, the GIL time by kind of work (each sample goes to the first frame from
the innermost outwards that belongs to a known kind), and the functions with the most own
samples. `--raw` keeps py-spy's collapsed stacks, for flamegraph.pl or speedscope.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from endpoints import START_DATE, WAREHOUSE_FILE
from fake_server import FakeProcess, python_env

START_CLOCK = "2026-06-01 10:00:00"

# Kinds of work, matched against py-spy's `function (path)` frames; the innermost match wins,
# so JSON decoding inside the HTTP client counts as JSON, not as HTTP.
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("imports", ("<frozen importlib",)),
    ("JSON decoding/encoding", ("(json/", "orjson", "(dlt/common/json/")),
    ("DuckDB calls", ("(duckdb/", "dlt/destinations/impl/duckdb/")),
    ("Parquet/Arrow writing", ("pyarrow/", "dlt/common/libs/pyarrow", "data_writers/")),
    ("HTTP client (libcurl, requests, urllib3)", ("sources/toolyt/transport.py", "(requests/",
                                                  "(urllib3/", "(http/", "(urllib/", "(socket",
                                                  "(ssl", "(email/")),
    ("dlt configuration resolution", ("dlt/common/configuration/",)),
    ("dlt schema and normalizers", ("dlt/common/schema/", "dlt/common/normalizers/")),
    ("dlt normalize", ("dlt/normalize/",)),
    ("dlt load", ("dlt/load/", "dlt/destinations/")),
    ("dlt extract", ("dlt/extract/",)),
    ("dlt pipeline, state, storage", ("dlt/pipeline/", "dlt/common/storages/",
                                      "dlt/common/pipeline")),
    ("toolyt source: shaping records", ("sources/toolyt/records.py",)),
    ("toolyt source: other", ("sources/toolyt/",)),
    ("toolyt pipelines (sync, warehouse)", ("pipelines/",)),
    ("pendulum / dates", ("pendulum/", "_strptime", "dateutil/")),
    ("threads and queues", ("(threading", "(queue", "concurrent/futures/")),
)


def kind_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for kind, markers in KINDS:
            if any(marker in frame for marker in markers):
                return kind
    return "other"


def read_samples(raw: Path) -> Counter[tuple[str, ...]]:
    """py-spy's raw output: one `frame;frame;... count` line per distinct stack."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            stacks[tuple(stack.split(";"))] += int(count)
    return stacks


def summarize(stacks: Counter[tuple[str, ...]], ticks: float, top: int) -> list[str]:
    total = sum(stacks.values())
    kinds: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for frames, count in stacks.items():
        kinds[kind_of(list(frames))] += count
        own[frames[-1]] += count

    lines = [
        f"GIL held in {100 * total / ticks:.0f}% of sampling ticks ({total} of {ticks:.0f})",
        "",
        "GIL time by kind of work:",
    ]
    lines += [f"  {100 * n / total:5.1f}%  {kind}" for kind, n in kinds.most_common()]
    lines += ["", f"Top {top} functions by own GIL samples:"]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in own.most_common(top)]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--latency-ms", type=float, default=40.0)
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    parser.add_argument("--raw", type=Path, help="keep py-spy's collapsed stacks here")
    parser.add_argument(
        "--night", action="store_true", help="profile the incremental sync one day later"
    )
    args = parser.parse_args(argv)
    py_spy = shutil.which("py-spy")
    if py_spy is None:
        print("Error: py-spy is not installed; `pip install py-spy`", file=sys.stderr)
        return 2

    api_key = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="toolyt-profile-") as scratch:
        root = Path(scratch)
        raw = args.raw or root / "samples.txt"
        with open(root / "fake.stderr", "wb") as log, FakeProcess(
            args.scale, args.latency_ms, api_key, START_CLOCK, log
        ) as fake:
            env = python_env(
                SOURCES__TOOLYT__API_KEY=api_key,
                SOURCES__TOOLYT__BASE_URL=fake.url,
                SOURCES__TOOLYT__NOW=fake.clock(),
                SOURCES__TOOLYT__START_DATE=START_DATE,
            )
            sync_command = [
                sys.executable, "-m", "pipelines.cli", "sync",
                "--duckdb", str(root / WAREHOUSE_FILE),
            ]
            if args.night:
                subprocess.run(sync_command, cwd=root, env=env, capture_output=True, check=True)
                env["SOURCES__TOOLYT__NOW"] = fake.advance(1)
            command = [
                py_spy, "record", "--gil", "--nolineno", "--rate", str(args.rate),
                "--format", "raw", "--output", str(raw), "--", *sync_command,
            ]
            fake.reset_stats()
            started = time.perf_counter()
            done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - started
            requests = fake.requests_made()
        if done.returncode != 0:
            print(f"Error: the profiled sync failed:\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        stacks = read_samples(raw)

    print(
        f"{'next day' if args.night else 'first sync'}, scale {args.scale:g}, "
        f"latency {args.latency_ms:g} ms: {wall:.2f} s wall under py-spy "
        f"at {args.rate}/s, {requests} requests; latency bound at 16 in flight "
        f"{requests * args.latency_ms / 1000 / 16:.2f} s"
    )
    print("\n".join(summarize(stacks, wall * args.rate, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
