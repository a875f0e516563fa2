"""A few seeded chaos runs inside the suite; `python tests/chaos.py --runs 200` for more."""

from __future__ import annotations

from tests.chaos import chaos


def test_short_chaos_loses_duplicates_regresses_and_leaks_nothing():
    totals = chaos(runs=3, seed=5, verbose=False)
    assert not +totals, f"problems found: {dict(+totals)}"
