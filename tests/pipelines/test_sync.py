"""The real pipeline against the fake Toolyt over HTTP, into a temporary DuckDB."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections import Counter

import pytest

import sources.toolyt as source_module
from pipelines import sync as sync_module
from sources.toolyt.records import RecordShaper
from tests.conftest import API_KEY, START_DATE
from tests.truth import (
    ENTITIES,
    assert_converging_fields_match_truth,
    by_id,
    column_names,
    ids,
    ist,
    money,
    query,
    truth_ids,
)
from toolyt_fake import shapes
from toolyt_fake.settings import LIST_KINDS


def test_first_sync_equals_ground_truth(fake, run_sync, warehouse):
    run_sync()
    truth = fake.truth()

    assert_converging_fields_match_truth(warehouse, truth)
    attendance = query(warehouse, "select count(*), count(distinct (user_id, created_at)) "
                                  "from toolyt.attendance")[0]
    assert attendance == (len(truth["attendance"]), len(truth["attendance"]))
    assert query(warehouse, "select count(*) from toolyt.company") == [(1,)]
    form = query(warehouse, "select count(*) from toolyt.customer_form")[0][0]
    assert form == len(truth["customer_form"])


def test_first_sync_loads_child_tables_completely(fake, run_sync, warehouse):
    run_sync()
    truth = fake.truth()

    def count(table):
        return query(warehouse, f"select count(*) from toolyt.{table}")[0][0]

    assert count("jobs__status_history") == sum(len(j["status_history"]) for j in truth["jobs"])
    assert count("order_invoices__products") == sum(
        len(i["products"]) for i in truth["order_invoices"]
    )
    assert count("orders__product_details") == sum(
        len(o["product_details"]) for o in truth["orders"]
    )
    assert count("opportunities__products") == sum(
        len(o["products"] or {}) for o in truth["opportunities"]
    )
    photos = sum(
        1 for lead in truth["leads"] for photo in (lead["photos"] or {}).values() if photo
    )
    assert count("leads__photos") == photos
    assert not any(name.startswith("photos_") for name in column_names(warehouse, "leads"))


def test_first_sync_holds_every_value_and_child_row_of_the_api(fake, run_sync, warehouse):
    run_sync()
    truth = fake.truth()

    keys = {**ENTITIES, "attendance": ("user_id", "created_at")}
    for table, key in keys.items():
        columns = sorted(column_names(warehouse, table))
        rows = query(warehouse, f"select {', '.join(columns)} from toolyt.{table}")
        records = [dict(zip(columns, row)) for row in rows]
        loaded = {key_of(record, key): record for record in records}
        # Shaped the way the sync shapes, so that both sides carry the same types.
        shaper = RecordShaper({})
        children: Counter[str] = Counter()
        for api_record in truth[table]:
            expected = shaper.shape(api_record)
            # The opportunity detail names its id differently from the list row.
            id_field = "toolyt_oppurtunities_id" if table == "opportunities" else key
            record_key = key_of(expected, id_field)
            record = loaded[record_key]
            for column, value in expected.items():
                if isinstance(value, list | dict):
                    children[column] += len(value) if isinstance(value, list) else sum(
                        1 for item in value.values() if item not in ("", None)
                    )
                    continue
                assert record.get(column) == value, (table, record_key, column)
        for child, count in children.items():
            if count == 0 and not column_names(warehouse, f"{table}__{child}"):
                continue
            rows = query(warehouse, f"select count(*) from toolyt.{table}__{child}")[0][0]
            assert rows == count, f"{table}__{child}"


def key_of(record: dict, key: str | tuple[str, ...]):
    return tuple(record[k] for k in key) if isinstance(key, tuple) else record[key]


def test_first_sync_types_values_like_the_api(fake, run_sync, warehouse):
    run_sync()
    truth = fake.truth()

    leads = by_id(
        warehouse,
        "select lead_id, assigned_date, expected_value, phone, alternate_phone "
        "from toolyt.leads",
    )
    for lead in truth["leads"]:
        assigned, value, phone, alternate = leads[lead["lead_id"]]
        assert assigned == ist(lead["assigned_date"])
        assert value == money(lead["expected_value"])
        assert phone == (lead["phone"] or None)
        assert alternate == (lead["alternate_phone"] or None)

    invoices = dict(query(warehouse, "select invoice_id, total_amount from toolyt.order_invoices"))
    for invoice in truth["order_invoices"]:
        assert invoices[invoice["invoice_id"]] == money(invoice["total_amount"])

    types = dict(query(
        warehouse,
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'toolyt' and table_name = 'leads'",
    ))
    assert types["assigned_date"] == "TIMESTAMP WITH TIME ZONE"
    assert types["expected_value"].startswith("DECIMAL")
    assert types["phone"] == "VARCHAR"
    assert "no_of_beds" in types


def test_timestamp_at_ist_midnight_lands_on_its_ist_date(fake, run_sync, warehouse):
    run_sync()
    late = [
        lead for lead in fake.truth()["leads"] if lead["assigned_date"].endswith("23:59:59")
    ]
    assert late, "the fake should have a lead created at 23:59:59 IST"

    for lead in late:
        [(ist_date,)] = query(
            warehouse,
            "select cast(timezone('Asia/Kolkata', assigned_date) as date) "
            f"from toolyt.leads where lead_id = {lead['lead_id']}",
        )
        assert str(ist_date) == lead["assigned_date"][:10]


def test_second_sync_without_changes_changes_nothing(fake, run_sync, warehouse):
    first = run_sync()
    tables = [*ENTITIES, "attendance", "prospect_history", "jobs__status_history"]

    def contents():
        out = {}
        for table in tables:
            columns = sorted(c for c in column_names(warehouse, table) if not c.startswith("_dlt"))
            rows = query(warehouse, f"select {', '.join(columns)} from toolyt.{table}")
            out[table] = Counter(map(repr, rows))
        return out

    before = contents()
    fake.reset_stats()
    second = run_sync()

    assert contents() == before
    assert second.requests < first.requests / 4


def test_incremental_syncs_converge_with_the_api(fake, run_sync, warehouse):
    run_sync()
    first_requests = fake.stats()["total"]

    for _ in range(3):
        fake.advance(days=2)
        fake.reset_stats()
        run_sync()
        assert_converging_fields_match_truth(warehouse, fake.truth())
        assert fake.stats()["total"] < first_requests / 2


def test_converted_lead_moves_from_leads_to_customers_with_history(fake, run_sync, warehouse):
    run_sync()
    before = set(ids(warehouse, "leads", "lead_id"))

    fake.advance(days=3)
    run_sync()
    truth = fake.truth()
    converted = before & {c["customer_id"] for c in truth["customers"]}
    assert converted, "the fake should convert some leads in three days"

    history = query(
        warehouse,
        "select prospect_id, previous_stage, stage from toolyt.prospect_history "
        "where not is_first_seen",
    )
    moves = {(pid, previous, stage) for pid, previous, stage in history}
    for pid in converted:
        assert pid not in ids(warehouse, "leads", "lead_id")
        assert (pid, "lead", "customer") in moves


def test_new_custom_field_adds_a_column(fake, run_sync, warehouse):
    run_sync()
    before = column_names(warehouse, "leads")

    fake.advance(days=1)
    run_sync()

    # The fake's account gains the custom field `preferred_language` after a day.
    assert "preferred_language" not in before
    assert "preferred_language" in column_names(warehouse, "leads") - before
    loaded = dict(query(warehouse, "select lead_id, preferred_language from toolyt.leads"))
    for lead in fake.truth()["leads"]:
        assert loaded[lead["lead_id"]] == (lead.get("preferred_language") or None)


def test_interrupted_backfill_resumes_and_completes(fake, run_sync, warehouse, monkeypatch):
    real_run = sync_module.run
    loads = []

    def dies_after_two_loads(pipeline, source):
        if len(loads) == 2:
            raise KeyboardInterrupt("killed between loads")
        loads.append(1)
        real_run(pipeline, source)

    monkeypatch.setattr(sync_module, "run", dies_after_two_loads)
    with pytest.raises(KeyboardInterrupt):
        run_sync(overrides={"windows_per_load": 1})
    partial = set(ids(warehouse, "leads", "lead_id"))
    monkeypatch.setattr(sync_module, "run", real_run)

    fake.reset_stats()
    result = run_sync(overrides={"windows_per_load": 1})
    truth = fake.truth()
    assert partial and partial < truth_ids(truth, "leads")
    assert result.loads >= 2
    assert_converging_fields_match_truth(warehouse, truth)


def test_since_after_the_cursor_still_reads_unread_windows(fake, run_sync, warehouse):
    run_sync()
    fake.advance(days=5)
    since = fake.now[:10]

    run_sync(since=since)

    truth = fake.truth()
    for table in ("orders", "opportunities"):
        key = ENTITIES[table]
        assert set(ids(warehouse, table, key)) == truth_ids(truth, table), table
    attendance = query(warehouse, "select count(*) from toolyt.attendance")[0][0]
    assert attendance == len(truth["attendance"])


def test_summary_gives_rows_requests_window_and_seconds(fake, run_sync):
    result = run_sync()

    leads = next(item for item in result.resources if item.resource == "leads")
    assert leads.rows > 0 and leads.requests > leads.rows
    assert leads.window[0].startswith(START_DATE)
    assert leads.seconds > 0
    line = next(line for line in result.lines() if line.startswith("leads "))
    assert f"{leads.rows} rows" in line and f"{leads.seconds:.1f} s" in line


def test_lead_status_changes_are_kept_in_prospect_history(fake, run_sync, warehouse):
    # Two days between runs, at a refresh of one day: every lead's details are re-read.
    everything = {"lead_refresh_days": 1}
    run_sync(overrides=everything)
    before = dict(query(warehouse, "select lead_id, lead_status from toolyt.leads"))

    fake.advance(days=2)
    run_sync(overrides=everything)

    changed = [
        lead for lead in fake.truth()["leads"]
        if lead["lead_id"] in before and before[lead["lead_id"]] != lead["lead_status"]
    ]
    assert changed, "the fake should change some lead statuses in two days"
    history = query(
        warehouse,
        "select prospect_id, lead_status, previous_stage from toolyt.prospect_history "
        "where stage = 'lead' and not is_first_seen",
    )
    for lead in changed:
        assert (lead["lead_id"], lead["lead_status"], "lead") in history, lead["lead_id"]
    keys = query(warehouse, "select prospect_id, stage, seen_at from toolyt.prospect_history")
    assert len(keys) == len(set(keys))


def test_the_warehouse_is_released_when_the_sync_returns(run_sync, warehouse):
    # The sync holds the DuckDB file open across its loads; another process (an
    # analyst's session, the next job) must be able to write to it once it is done.
    run_sync()

    writer = subprocess.run(
        [sys.executable, "-c",
         "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('create table t as select 1')",
         str(warehouse)],
        capture_output=True, text=True,
    )

    assert writer.returncode == 0, writer.stderr


FLAT_TABLES = ("visits", "attendance", "users", "products", "prospect_history")


def test_flat_pages_sent_as_arrow_load_what_dicts_would(
    fake, run_sync, warehouse, monkeypatch, caplog
):
    # Pages of flat tables go to dlt as Arrow tables; sent as dicts instead, the same
    # account must give the same columns, types and rows.
    made = []

    def recording(*args):
        made.append(source_module.arrow.page_table(*args))
        return made[-1]

    monkeypatch.setattr(source_module, "page_table", recording)
    dlt_logger = logging.getLogger("dlt")  # it does not hand its records to the root
    dlt_logger.addHandler(caplog.handler)
    try:
        run_sync()
    finally:
        dlt_logger.removeHandler(caplog.handler)
    assert "hints were different" not in caplog.text
    monkeypatch.setattr(source_module, "page_table", lambda *args: None)
    as_dicts = warehouse.with_name("as_dicts.duckdb")
    sync_module.sync(sync_module.SyncOptions(
        duckdb=as_dicts, base_url=fake.url, now=fake.now,
        overrides={"api_key": API_KEY, "start_date": START_DATE},
    ))

    assert sum(page is not None for page in made) >= len(FLAT_TABLES)
    for table in FLAT_TABLES:
        types = column_types(warehouse, table)
        assert types == column_types(as_dicts, table), table
        columns = ", ".join(sorted(name for name in types if not name.startswith("_dlt")))
        sql = f"select {columns} from toolyt.{table} order by all"
        assert query(warehouse, sql) == query(as_dicts, sql), table


def column_types(path, table):
    return dict(query(
        path,
        "select column_name, data_type from information_schema.columns "
        f"where table_schema = 'toolyt' and table_name = '{table}'",
    ))


def test_a_visit_value_that_fits_no_type_still_loads(fake, run_sync, warehouse, monkeypatch):
    # An unparsed check-in time cannot go in an Arrow timestamp column: its page goes
    # as dicts, and dlt keeps the value beside the typed column.
    odd = fake.truth()["visits"][0]["id"]
    visit_row = shapes.ROWS["visits"]

    def with_odd_check_in(world, visit):
        row = visit_row(world, visit)
        return {**row, "check_in_time": "not yet"} if row["id"] == odd else row

    monkeypatch.setitem(shapes.ROWS, "visits", with_odd_check_in)
    fake.world.touch(LIST_KINDS["visits"], odd)
    run_sync()

    assert set(ids(warehouse, "visits", "id")) == truth_ids(fake.truth(), "visits")
    sql = f"select check_in_time, check_in_time__v_text from toolyt.visits where id = {odd}"
    assert query(warehouse, sql) == [(None, "not yet")]
