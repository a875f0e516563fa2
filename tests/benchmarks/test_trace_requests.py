"""The request trace's timeline: time in flight per step, and answers counted once each."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from tests.benchmarks.conftest import benchmark_module


@pytest.fixture(scope="module")
def trace():
    with benchmark_module("trace_requests") as module:
        yield module


def test_time_in_flight_is_split_over_the_steps_it_spans(trace):
    requests = [trace.Request(1.0, 1.25), trace.Request(1.05, 1.15), trace.Request(1.2, 1.29)]

    steps = trace.timeline(requests, step_s=0.1)

    assert [round(start, 6) for start, _, _ in steps] == [1.0, 1.1, 1.2]
    assert [round(busy, 6) for _, busy, _ in steps] == [1.5, 1.5, 1.4]
    assert [answered for _, _, answered in steps] == [0, 1, 2]


def test_requests_ending_on_a_step_boundary_are_each_counted_once(trace):
    requests = [trace.Request(0.1 * i, 0.1 * (i + 1)) for i in range(30)]

    steps = trace.timeline(requests, step_s=0.1)

    assert sum(answered for _, _, answered in steps) == 30
    assert sum(busy for _, busy, _ in steps) == pytest.approx(30)


def test_the_log_handler_keeps_only_the_clients_request_lines(trace):
    log = trace.RequestLog(zero=100.0)
    line = logging.LogRecord(
        "toolyt_sync",
        logging.DEBUG,
        __file__,
        1,
        trace.REQUEST_LINE,
        ("GET", "/x", "", 200, 250.0),
        None,
    )
    line.created = 101.0
    other = logging.LogRecord(
        "toolyt_sync", logging.DEBUG, __file__, 1, "retrying %s", ("/x",), None
    )

    log.emit(line)
    log.emit(other)

    assert log.requests == [trace.Request(0.75, 1.0)]


def test_dlt_steps_are_placed_on_the_requests_clock(trace):
    zero = datetime(2026, 6, 1, 4, 30, tzinfo=UTC)
    extract = SimpleNamespace(
        step="extract",
        started_at=zero + timedelta(seconds=0.2),
        finished_at=zero + timedelta(seconds=1.1),
    )
    unfinished = SimpleNamespace(
        step="normalize", started_at=zero + timedelta(seconds=1.1), finished_at=None
    )
    steps = SimpleNamespace(steps=[extract, unfinished])

    spans = trace.step_spans(steps, zero.timestamp())

    assert [(name, round(begin, 6), round(end, 6)) for name, begin, end in spans] == [
        ("extract", 0.2, 1.1)
    ]
