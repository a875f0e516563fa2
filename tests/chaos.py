"""Chaos: many short seeded syncs with random faults, drift and kills.

    python tests/chaos.py --runs 200 --seed 7

Each run moves the fake's clock by zero to two days, switches on a random set of faults
(5xx bursts, 429 with Retry-After, `error: true` bodies, truncated JSON, dropped
connections, page drift) and runs the CLI, sometimes killing it with SIGKILL at a random
moment. Then faults are cleared and one clean sync runs. After it the warehouse must
hold every id of the fake's ground truth exactly once, no cursor may have moved back or
past now, and neither the key nor a token may appear in any output or file. The command
prints one line per run and the totals, and exits non-zero if any of them is not zero.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.acceptance.harness import Cli  # noqa: E402
from tests.truth import ENTITIES, duplicates, ids, truth_ids  # noqa: E402
from toolyt_fake import FakeToolyt  # noqa: E402

API_KEY = "chaos-key-41f7c2aa"
# A faulted run either recovers (0) or gives up cleanly on the API (4).
EXPECTED_UNDER_FAULTS = (0, 4)

ENDPOINTS = (
    "get-leads", "get-customers", "get-lost-leads", "get-lead-details",
    "get-customer-details", "get-job-details", "get-order-invoice-details", "view-visits",
    "get-order-invoices", "get-products", "get-opportunity-details", "get-attendence",
)


def random_faults(rng: random.Random) -> dict:
    rules = []
    for _ in range(rng.randint(0, 4)):
        rule = {"match": rng.choice(ENDPOINTS), "count": rng.randint(1, 3)}
        effect = rng.choice(("status", "status", "error_body", "truncate", "disconnect"))
        if effect == "status":
            rule["status"] = rng.choice((429, 500, 502, 503, 504))
            if rng.random() < 0.5:
                rule["retry_after"] = rng.choice((0, 0.1, 0.3))
        else:
            rule[effect] = True
        rules.append(rule)
    if rng.random() < 0.4:
        rules.append({
            "match": rng.choice(("get-leads", "get-customers")),
            "drift": rng.choice(("insert", "move")) if rng.random() < 0.7 else "insert",
            "after_page": 1,
            "count": rng.randint(1, 2),
        })
    return {"latency_ms": rng.choice((0, 0, 2)), "rules": rules}


def check(cli: Cli, previous: dict[str, str]) -> Counter[str]:
    """Count lost ids, duplicates, state regressions and leaked secrets after a clean run."""
    problems: Counter[str] = Counter()
    truth = cli.fake.truth()
    for table, key in ENTITIES.items():
        loaded = ids(cli.warehouse, table, key)
        problems["duplicates"] += len(duplicates(loaded))
        problems["lost"] += len(truth_ids(truth, table) - set(loaded))

    cursors = cli.cursors()
    for name, cursor in cursors.items():
        if cursor < previous.get(name, "") or cursor > cli.fake.now:
            problems["state_regressions"] += 1
    previous.update(cursors)

    try:
        cli.assert_no_secret_anywhere()
    except AssertionError:
        problems["leaked_secrets"] += 1
    return problems


def chaos(runs: int, seed: int, scale: float = 0.3, verbose: bool = True) -> Counter[str]:
    """Run the chaos and return the totals of each kind of problem."""
    rng = random.Random(seed)
    totals: Counter[str] = Counter(
        lost=0, duplicates=0, state_regressions=0, leaked_secrets=0
    )
    with tempfile.TemporaryDirectory() as folder, FakeToolyt(
        seed=seed, scale=scale, api_key=API_KEY, now="2026-06-01 10:00:00"
    ) as fake:
        cli = Cli(fake, Path(folder), API_KEY)
        previous: dict[str, str] = {}
        for number in range(1, runs + 1):
            fake.advance(days=rng.choice((0, 1, 1, 2)))
            fake.set_faults(random_faults(rng))
            size = str(rng.choice((7, 25, 200)))
            kill = rng.random() < 0.35
            if kill:
                delay = rng.uniform(0.2, 4.0)
                started = time.monotonic()
                faulted = cli.kill_sync_when(
                    lambda started=started, delay=delay: time.monotonic() - started > delay,
                    SOURCES__TOOLYT__PAGE_SIZE=size, SOURCES__TOOLYT__WINDOWS_PER_LOAD="2",
                )
            else:
                faulted = cli.sync(
                    SOURCES__TOOLYT__PAGE_SIZE=size, SOURCES__TOOLYT__MAX_ATTEMPTS="3"
                )

            fake.clear_faults()
            clean = cli.sync()
            problems = check(cli, previous)
            if clean.code != 0:
                problems["failed_clean_runs"] += 1
            if not kill and faulted.code not in EXPECTED_UNDER_FAULTS:
                # Faults may fail a run cleanly (exit 4), never crash it.
                problems["crashed_faulted_runs"] += 1
            totals.update(problems)
            if verbose:
                what = "killed" if kill else f"exit {faulted.code}"
                found = ", ".join(f"{k} {v}" for k, v in sorted(problems.items()) if v) or "ok"
                print(f"run {number:>3}: faulted run {what}, clean run exit {clean.code}: {found}")
            if clean.code != 0 and verbose:
                print(clean.stderr[-1500:])
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=0.3)
    args = parser.parse_args(argv)

    totals = chaos(args.runs, args.seed, args.scale)
    print(
        f"\n{args.runs} runs: lost ids {totals['lost']}, duplicates {totals['duplicates']}, "
        f"state regressions {totals['state_regressions']}, "
        f"leaked secrets {totals['leaked_secrets']}, "
        f"failed clean runs {totals['failed_clean_runs']}, "
        f"crashed faulted runs {totals['crashed_faulted_runs']}"
    )
    return 1 if sum(totals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
