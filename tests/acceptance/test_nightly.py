"""The nightly job as a scheduler runs it: `run`, then `status`; and a data test failing."""

from __future__ import annotations

import duckdb
import pytest

from tests.acceptance.harness import Cli
from toolyt_fake import FakeToolyt

API_KEY = "nightly-key-5a0c3e"


@pytest.fixture
def cli(tmp_path):
    with FakeToolyt(seed=13, scale=0.3, api_key=API_KEY, now="2026-06-01 10:00:00") as fake:
        yield Cli(fake, tmp_path, API_KEY)


def test_run_syncs_builds_the_marts_and_status_is_fresh(cli):
    run = cli.run("run", "--duckdb", str(cli.warehouse), "--as-of", "2026-06-01")

    assert run.code == 0, run.stderr[-2000:]
    assert "data tests passed" in run.stdout
    cli.assert_exact()
    [(customers,)] = cli.query("select count(*) from marts.prospects where stage = 'customer'")
    assert customers == len(cli.fake.truth()["customers"])
    [(as_of,)] = cli.query("select as_of_date from marts.run_parameters")
    assert str(as_of) == "2026-06-01"

    status = cli.run("status", "--duckdb", str(cli.warehouse))
    assert status.code == 0, status.stdout + status.stderr
    assert "leads" in status.stdout
    cli.assert_no_secret_anywhere()


def test_failing_data_test_exits_5_naming_it_and_keeps_the_marts(cli):
    assert cli.run("run", "--duckdb", str(cli.warehouse), "--as-of", "2026-06-01").code == 0
    before = cli.query("select count(*) from marts.invoice_balances")

    with duckdb.connect(str(cli.warehouse)) as con:
        con.execute(
            "insert into toolyt.order_invoices select * from toolyt.order_invoices limit 1"
        )
    run = cli.run("transform", "--duckdb", str(cli.warehouse), "--as-of", "2026-06-02")

    assert run.code == 5, run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "invoice" in errors[0]
    assert cli.query("select count(*) from marts.invoice_balances") == before
    [(as_of,)] = cli.query("select as_of_date from marts.run_parameters")
    assert str(as_of) == "2026-06-01"
