"""Acceptance: the CLI as a subprocess against the fake, one fault per check.

Each check states its fault and what must hold after it; `finish` then asserts the
common end state (exact against the ground truth, sane cursors, no secret anywhere).
"""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from tests.acceptance.harness import Cli
from toolyt_fake import FakeToolyt

API_KEY = "acceptance-key-7d1e0b"
FAKE_NOW = "2026-06-01 10:00:00"


@pytest.fixture
def fake():
    with FakeToolyt(seed=11, scale=0.4, api_key=API_KEY, now=FAKE_NOW) as server:
        yield server


@pytest.fixture
def cli(fake, tmp_path) -> Cli:
    return Cli(fake, tmp_path, API_KEY)


def finish(cli: Cli) -> None:
    cli.assert_exact()
    cli.assert_no_secret_anywhere()


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, stderr[-2000:]
    return lines[0]


def test_missing_key_exits_2_naming_where_the_key_goes(cli):
    run = cli.run("sync", "--duckdb", str(cli.warehouse), SOURCES__TOOLYT__API_KEY="")
    assert run.code == 2
    assert "SOURCES__TOOLYT__API_KEY" in one_error_line(run.stderr)
    assert cli.fake.stats()["total"] == 0


def test_rejected_key_exits_3_after_one_request(cli):
    cli.api_key = "wrong-key-3c9a11"
    run = cli.sync()
    assert run.code == 3
    assert "rejected the API key" in one_error_line(run.stderr)
    assert cli.fake.stats()["total"] == 1
    assert cli.query("select count(*) from toolyt.leads") == []
    cli.assert_no_secret_anywhere()


def test_malformed_since_exits_2_naming_the_form(cli):
    run = cli.sync("--since", "31/01/2026")
    assert run.code == 2
    assert "`--since` must look like `2026-01-31`" in one_error_line(run.stderr)


def test_unknown_resource_exits_2_listing_the_choices(cli):
    run = cli.sync("--resources", "leads,deals")
    assert run.code == 2
    assert "unknown resource `deals`" in one_error_line(run.stderr)


def test_503_bursts_with_retry_after_recover_exactly(cli):
    cli.fake.set_faults({"rules": [
        {"match": "get-lead-details", "status": 503, "count": 3, "retry_after": 0.2},
        {"match": "get-customers", "status": 429, "count": 2, "retry_after": 0.1},
        {"match": "*", "status": 502, "every": 40, "count": 5},
    ]})
    run = cli.sync()
    assert run.code == 0, run.stderr[-2000:]
    retries = cli.query("select sum(retries) from toolyt.sync_ledger")[0][0]
    assert retries >= 2
    finish(cli)


def test_503_forever_exits_4_changes_nothing_and_a_clean_rerun_is_exact(cli):
    assert cli.sync().code == 0
    cli.fake.advance(days=1)
    before, cursors = cli.table_contents(), cli.cursors()

    cli.fake.set_faults({"rules": [{"match": "get-customers", "status": 503, "count": 0}]})
    run = cli.sync(SOURCES__TOOLYT__MAX_ATTEMPTS="3")
    assert run.code == 4
    assert "get-customers" in one_error_line(run.stderr)
    assert cli.table_contents() == before
    assert cli.cursors() == cursors
    failed = cli.query("select count(*) from toolyt.sync_ledger where outcome = 'failed'")
    assert failed[0][0] >= 1

    cli.fake.clear_faults()
    assert cli.sync().code == 0
    finish(cli)


def test_500_on_one_detail_call_is_retried(cli):
    cli.fake.set_faults({"rules": [{"match": "get-job-details", "status": 500, "count": 1}]})
    assert cli.sync().code == 0
    finish(cli)


def test_not_found_detail_of_an_opportunity_fails_instead_of_deleting(cli):
    assert cli.sync().code == 0
    before, cursors = cli.table_contents(), cli.cursors()

    # Only prospects move between lists; any other record whose details answer "not
    # found" while its list has it must not be dropped from the warehouse.
    cli.fake.set_faults({"rules": [
        {"match": "get-opportunity-details", "status": 404, "count": 0},
    ]})
    cli.fake.advance(days=1)
    run = cli.sync()
    assert run.code == 4
    assert "not found" in one_error_line(run.stderr)
    assert cli.table_contents() == before
    assert cli.cursors() == cursors

    cli.fake.clear_faults()
    assert cli.sync().code == 0
    finish(cli)


def test_error_true_with_http_200_is_retried_not_taken_for_the_end(cli):
    cli.fake.set_faults({"rules": [
        {"match": "get-leads", "error_body": True, "count": 2},
        {"match": "get-order-invoice-details", "error_body": True, "every": 10, "count": 3},
    ]})
    assert cli.sync().code == 0
    finish(cli)


def test_truncated_json_is_retried_then_fails_naming_endpoint_and_page(cli):
    cli.fake.set_faults({"rules": [{"match": "get-products", "truncate": True, "count": 1}]})
    assert cli.sync().code == 0
    finish(cli)

    cli.fake.set_faults({"rules": [{"match": "get-products", "truncate": True, "count": 0}]})
    run = cli.sync(SOURCES__TOOLYT__MAX_ATTEMPTS="2")
    assert run.code == 4
    line = one_error_line(run.stderr)
    assert "not JSON" in line and "/get-products" in line and "page 1" in line


def test_sigkill_while_paging_then_one_rerun_is_exact(cli):
    cli.fake.set_faults({"latency_ms": 5})
    run = cli.kill_sync_when(
        lambda: cli.fake.stats()["total"] > 150, SOURCES__TOOLYT__WINDOWS_PER_LOAD="1"
    )
    assert run.code == -9
    cli.fake.clear_faults()

    assert cli.sync().code == 0
    finish(cli)


def test_sigkill_after_extraction_then_one_rerun_loads_it_and_is_exact(cli):
    run = cli.kill_sync_when(
        lambda: bool(cli.packages("normalized") or cli.packages("extracted"))
    )
    assert run.code == -9
    assert cli.packages("normalized") or cli.packages("extracted")

    rerun = cli.sync()
    assert rerun.code == 0, rerun.stderr[-2000:]
    assert not cli.packages("normalized") and not cli.packages("extracted")
    finish(cli)


def test_deleted_pipeline_folder_is_recovered_from_the_warehouse(cli):
    assert cli.sync().code == 0
    cursors = cli.cursors()
    shutil.rmtree(cli.folder / ".toolyt-sync")
    cli.fake.advance(days=1)

    cli.fake.reset_stats()
    assert cli.sync().code == 0
    assert all(cli.cursors()[name] >= cursor for name, cursor in cursors.items())
    finish(cli)


def test_page_drift_by_insertion_loses_and_duplicates_nothing(cli):
    cli.fake.set_faults({"rules": [
        {"match": "get-leads", "drift": "insert", "after_page": 1, "count": 2},
        {"match": "get-customers", "drift": "insert", "after_page": 1, "count": 1},
    ]})
    assert cli.sync(SOURCES__TOOLYT__PAGE_SIZE="10").code == 0
    finish(cli)


def test_leads_moving_list_mid_run_are_followed_to_their_new_list(cli):
    cli.fake.set_faults({"rules": [
        {"match": "get-leads", "drift": "move", "after_page": 1, "count": 3},
    ]})
    assert cli.sync(SOURCES__TOOLYT__PAGE_SIZE="10").code == 0
    finish(cli)


def test_every_lead_status_is_refreshed_within_lead_refresh_days(cli):
    # A refresh of two days: each daily run re-reads about half of the leads, the ones
    # read longest ago, so that over two runs every lead is read again.
    refresh = {"SOURCES__TOOLYT__LEAD_REFRESH_DAYS": "2"}
    assert cli.sync(**refresh).code == 0
    first = dict(cli.query("select lead_id, _dlt_load_id from toolyt.leads"))
    loads = []
    for _ in range(2):
        cli.fake.advance(days=1)
        assert cli.sync(**refresh).code == 0
        loads.append(cli.query("select max(_dlt_load_id) from toolyt.leads")[0][0])

    loaded = dict(cli.query("select lead_id, _dlt_load_id from toolyt.leads"))
    still_leads = [key for key in first if key in loaded]
    assert still_leads
    # Re-read in one of the two runs, none left as the first sync wrote it...
    assert {loaded[key] for key in still_leads} <= set(loads)
    # ...and in even slices, not all at once.
    per_load = Counter(loaded[key] for key in still_leads)
    assert max(per_load.values()) < 0.75 * len(still_leads), per_load

    # The leads re-read by the last run hold the status the API gives now.
    truth = {lead["lead_id"]: lead["lead_status"] for lead in cli.fake.truth()["leads"]}
    status = dict(cli.query(
        f"select lead_id, lead_status from toolyt.leads where _dlt_load_id = '{loads[-1]}'"
    ))
    assert status and status == {key: truth[key] for key in status}
    finish(cli)


def test_records_at_window_boundaries_are_loaded_once(cli):
    # 30-day windows from 2026-01-01 end at IST midnight; the fake puts records on
    # 23:59:59 and 00:00:00 of many days.
    assert cli.sync(SOURCES__TOOLYT__WINDOW_DAYS="1").code == 0
    edges = [
        lead for lead in cli.fake.truth()["leads"]
        if lead["assigned_date"][11:] in ("23:59:59", "00:00:00")
    ]
    assert edges
    finish(cli)


def test_colliding_custom_field_keeps_both_values(cli):
    cli.fake.add_custom_field("leads", "no_of_beds", "77")
    assert cli.sync().code == 0
    rows = cli.query("select no_of_beds, no_of_beds_2 from toolyt.leads")
    truth = cli.fake.truth()["leads"]
    loaded = sorted((str(dotted), str(plain)) for dotted, plain in rows)
    expected = sorted((str(lead["no._of_beds"] or None), lead["no_of_beds"]) for lead in truth)
    assert loaded == expected
    finish(cli)


def test_far_future_saved_state_is_not_trusted(cli):
    assert cli.sync().code == 0
    cli.fake.advance(days=2)
    future = {"SOURCES__TOOLYT__NOW": "2031-01-01 00:00:00", "SOURCES__TOOLYT__WINDOW_DAYS": "900"}
    assert cli.sync(**future).code == 0

    run = cli.sync()
    assert run.code == 0
    assert "is after the run's now" in run.stderr
    finish(cli)


def test_older_saved_state_rereads_without_duplicates(cli):
    assert cli.sync(SOURCES__TOOLYT__NOW="2026-04-01 00:00:00").code == 0
    cli.fake.advance(days=1)
    assert cli.sync().code == 0
    finish(cli)


def test_check_reports_a_working_key_and_a_rejected_one(cli):
    ok = cli.run("check")
    assert ok.code == 0 and "accepted the key" in ok.stdout
    cli.api_key = "wrong-key-3c9a11"
    bad = cli.run("check")
    assert bad.code == 3
    one_error_line(bad.stderr)
    cli.api_key = API_KEY
    cli.assert_no_secret_anywhere()
