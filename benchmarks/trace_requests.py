"""Trace one sync's requests: how many were in flight over time, and how long each took.

    python benchmarks/trace_requests.py --scale 5 --latency-ms 0 [--step-ms 100]
                                        [--concurrency 16] [--night]

With --night it traces the next day's sync instead: a first sync runs untraced, the
fake's clock moves one day, and the incremental sync after it is the one traced.

The fake runs in a process of its own, as in run.py; the sync runs in this one, with a
handler on the `toolyt_sync` logger that keeps, for each request the client logs at debug
level, when its answer came and how long it took. It prints the round trips' percentiles
and, per time step, the mean number of requests in flight (a bar) and how many were
answered. A run whose bar sits at the limit on requests in flight is bound by round trips:
by the API's latency, or at no latency by the CPU both ends spend on each request. A run
with gaps in the bar is waiting on something else, such as dlt's extract, or a list page
that the detail calls after it need.

Logging every request costs this process some CPU, so the trace runs a little slower than
`toolyt-sync sync` does; run.py gives the times to compare.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from endpoints import START_DATE, WAREHOUSE_FILE
from fake_server import REPO, FakeProcess

sys.path.insert(0, str(REPO))

from pipelines.sync import SyncOptions, sync  # noqa: E402
from pipelines.warehouse import make_pipeline  # noqa: E402

START_CLOCK = "2026-06-01 10:00:00"
# The client's debug line for each answered request: method, path, query, status, ms.
REQUEST_LINE = "%s %s %s -> %s in %.0f ms"


@dataclass(frozen=True)
class Request:
    started: float
    ended: float


class RequestLog(logging.Handler):
    """Keeps the start and end of every request the client logs, in seconds since `zero`."""

    def __init__(self, zero: float) -> None:
        super().__init__(logging.DEBUG)
        self.zero = zero
        self.requests: list[Request] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg != REQUEST_LINE:
            return
        ended = record.created - self.zero
        self.requests.append(Request(ended - record.args[-1] / 1000, ended))


def timeline(requests: list[Request], step_s: float) -> list[tuple[float, float, int]]:
    """Per step from the first request to the last answer: its start, mean in flight,
    answers."""
    first = min(r.started for r in requests)
    steps = int((max(r.ended for r in requests) - first) / step_s) + 1
    busy = [0.0] * steps
    answered = [0] * steps
    for request in requests:
        begin = int((request.started - first) / step_s)
        end = min(steps - 1, int((request.ended - first) / step_s))
        answered[end] += 1
        for index in range(begin, end + 1):
            overlap = min(request.ended, first + (index + 1) * step_s) - max(
                request.started, first + index * step_s
            )
            busy[index] += max(0.0, overlap) / step_s
    return [(first + i * step_s, busy[i], answered[i]) for i in range(steps)]


def step_spans(trace: Any, zero: float) -> list[tuple[str, float, float]]:
    """dlt's finished steps in a pipeline trace, as seconds since `zero` (a time.time())."""
    return [
        (step.step, step.started_at.timestamp() - zero, step.finished_at.timestamp() - zero)
        for step in trace.steps
        if step.finished_at is not None
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/trace_requests.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--step-ms", type=float, default=100.0, help="width of one line")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument(
        "--night", action="store_true", help="trace the incremental sync one day later"
    )
    args = parser.parse_args(argv)

    api_key = secrets.token_hex(16)
    log = RequestLog(zero=time.time())
    logger = logging.getLogger("toolyt_sync")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(log)
    logger.propagate = False

    with tempfile.TemporaryDirectory(prefix="toolyt-trace-") as folder:
        with open(Path(folder) / "fake.stderr", "wb") as fake_log, FakeProcess(
            args.scale, args.latency_ms, api_key, START_CLOCK, fake_log
        ) as fake:
            options = SyncOptions(
                duckdb=Path(folder) / WAREHOUSE_FILE,
                base_url=fake.url,
                now=START_CLOCK,
                overrides={
                    "api_key": api_key,
                    "start_date": START_DATE,
                    "detail_concurrency": args.concurrency,
                },
            )
            if args.night:
                sync(options)
                options = replace(options, now=fake.advance(1))
                log.requests.clear()
            log.zero = time.time()
            result = sync(options)
            wall = time.time() - log.zero
            trace = make_pipeline(options.duckdb).last_trace

    requests = log.requests
    if not requests:
        print("no requests were logged", file=sys.stderr)
        return 1
    trips = sorted((r.ended - r.started) * 1000 for r in requests)
    first, last = min(r.started for r in requests), max(r.ended for r in requests)
    print(
        f"{'next day' if args.night else 'first sync'}, scale {args.scale:g}, "
        f"latency {args.latency_ms:g} ms, {args.concurrency} in flight: "
        f"sync {wall:.2f} s ({result.loads} load(s)), {len(requests)} requests from "
        f"{first:.2f} s to {last:.2f} s"
    )
    def percentile(share: float) -> float:
        return trips[min(len(trips) - 1, int(len(trips) * share))]

    print(
        f"round trip ms: median {statistics.median(trips):.1f}, p90 {percentile(0.9):.1f}, "
        f"p99 {percentile(0.99):.1f}, max {trips[-1]:.1f}"
    )
    if trace is not None:
        spans = ", ".join(
            f"{name} {begin:.2f}-{end:.2f} s" for name, begin, end in step_spans(trace, log.zero)
        )
        print(f"dlt steps of the last load: {spans}")
    print(f"\n{'from s':>7} {'in flight':>9} {'answered':>8}")
    for start, in_flight, answered in timeline(requests, args.step_ms / 1000):
        print(f"{start:7.2f} {in_flight:9.1f} {answered:8d}  {'#' * round(in_flight)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
