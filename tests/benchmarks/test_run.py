"""The benchmark's arithmetic: which run stands for a repeated system, ratios and goals.

The benchmark itself runs against the fake for minutes (README, Performance); these check
only the pure functions that turn its runs into the figures it prints.
"""

from __future__ import annotations

import pytest

from tests.benchmarks.conftest import benchmark_module


@pytest.fixture(scope="module")
def bench():
    with benchmark_module("run") as module:
        yield module


def measured(bench, wall_s, peak=100.0, complete=True, requests=10):
    return bench.Measurement(
        wall_s=wall_s, requests=requests, rows=50, peak_rss_mb=peak, complete=complete
    )


def test_a_repeated_system_is_its_median_run_with_its_largest_peak(bench):
    runs = [
        measured(bench, 3.0, peak=200),
        measured(bench, 1.0, peak=150),
        measured(bench, 2.0, peak=120, requests=11),
    ]

    typical = bench.typical(runs)

    assert typical.wall_s == 2.0
    assert typical.requests == 11
    assert typical.peak_rss_mb == 200
    assert typical.runs_wall_s == [3.0, 1.0, 2.0]
    assert typical.as_json()["runs_wall_s"] == [3.0, 1.0, 2.0]


def test_an_even_number_of_runs_takes_the_faster_middle_run(bench):
    runs = [measured(bench, wall) for wall in (4.0, 1.0, 3.0, 2.0)]

    assert bench.typical(runs).wall_s == 2.0


def test_a_failed_run_stands_for_all_runs_of_its_system(bench):
    runs = [measured(bench, 1.0), measured(bench, 0.5, complete=False), measured(bench, 2.0)]

    typical = bench.typical(runs)

    assert typical.complete is False
    assert typical.status == "FAILED"


def test_a_single_run_keeps_no_list_of_runs_in_the_json(bench):
    typical = bench.typical([measured(bench, 1.5)])

    assert typical.wall_s == 1.5
    assert "runs_wall_s" not in typical.as_json()


def test_ratios_and_goals_come_from_the_medians(bench):
    results = {
        "toolyt_sync": bench.typical([measured(bench, w, requests=3000) for w in (2.0, 3.0, 9.0)]),
        "sequential": bench.typical([measured(bench, w) for w in (2.5, 3.5, 2.9)]),
        "rest_api": bench.typical([measured(bench, w) for w in (8.0, 7.0, 7.4)]),
        "toolyt_sync_incremental": measured(bench, 0.2, requests=150),
    }

    ratios = bench.compute_ratios(results)
    goals = {g["goal"]: g["met"] for g in bench.judge_goals(ratios, scale=5, latency_ms=0)}

    assert ratios["speedup_vs_sequential"] == pytest.approx(2.9 / 3.0, abs=1e-3)
    assert ratios["speedup_vs_rest_api"] == pytest.approx(7.4 / 3.0, abs=1e-3)
    assert ratios["incremental_requests_pct"] == pytest.approx(5.0)
    assert goals["toolyt_sync no slower than sequential"] is False
    assert goals["toolyt_sync >= 2.5x faster than rest_api"] is False
    assert goals["toolyt_sync incremental < 10% of the first sync's requests"] is True


def test_repeat_below_one_is_refused_with_a_clear_message(bench, capsys):
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--repeat", "0"])

    assert exit_info.value.code == 2
    assert "--repeat must be at least 1, not 0" in capsys.readouterr().err
