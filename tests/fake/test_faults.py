"""Faults fire on the calls they match, as often as told, with the effect asked for."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests

from tests.fake.helpers import Client
from toolyt_fake import FakeToolyt

APRIL = {"from_date": "2026-04-01 00:00:00", "to_date": "2026-04-30 23:59:59"}


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_status_fault_answers_in_toolyts_envelope_with_retry_after(
    fresh_fake: FakeToolyt, fresh_client: Client, status: int
) -> None:
    rule = {"match": "get-leads", "status": status, "retry_after": 2, "count": 2}
    fresh_fake.set_faults({"rules": [rule]})

    faulted = [fresh_client.get("/get-leads/1/5") for _ in range(2)]
    after = fresh_client.get("/get-leads/1/5")

    for response in faulted:
        assert response.status_code == status
        assert response.headers["Retry-After"] == "2"
        assert response.json()["status"] == status and response.json()["error"] is True
    assert after.status_code == 200
    assert fresh_client.get("/get-customers/1/5").status_code == 200


def test_error_body_fault_is_http_200_saying_error(
    fresh_fake: FakeToolyt, fresh_client: Client
) -> None:
    fresh_fake.set_faults({"rules": [{"match": "get-lead-details", "error_body": True}]})

    response = fresh_client.get("/get-lead-details/1001")

    assert response.status_code == 200
    assert response.json() == {"status": 500, "error": True, "message": "Something went wrong"}


def test_truncate_fault_cuts_the_body_in_half(fresh_fake: FakeToolyt, fresh_client: Client):
    whole = fresh_client.get("/get-products/1/20").content
    fresh_fake.set_faults({"rules": [{"match": "get-products", "truncate": True}]})

    cut = fresh_client.get("/get-products/1/20")

    assert cut.status_code == 200
    assert cut.content == whole[: len(whole) // 2]
    assert int(cut.headers["Content-Length"]) == len(cut.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)


def test_disconnect_fault_hangs_up_without_an_answer(
    fresh_fake: FakeToolyt, fresh_client: Client
) -> None:
    fresh_fake.set_faults({"rules": [{"match": "*", "disconnect": True}]})

    with pytest.raises(requests.ConnectionError):
        fresh_client.get("/get-jobs/1/5")
    assert fresh_client.get("/get-jobs/1/5").status_code == 200


def test_delay_fault_answers_late(fresh_fake: FakeToolyt, fresh_client: Client) -> None:
    fresh_fake.set_faults({"rules": [{"match": "get-users", "delay_ms": 300, "count": 2}]})

    with pytest.raises(requests.Timeout):
        fresh_client.session.get(f"{fresh_fake.url}/get-users/1/5", timeout=0.1)
    started = time.perf_counter()
    response = fresh_client.get("/get-users/1/5")

    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_every_nth_matching_call_fires(fresh_fake: FakeToolyt, fresh_client: Client) -> None:
    lead_id = fresh_fake.truth()["leads"][0]["lead_id"]
    rule = {"match": "get-lead-details", "every": 3, "count": 0, "error_body": True}
    fresh_fake.set_faults({"rules": [rule]})

    path = f"/get-lead-details/{lead_id}"
    errors = [fresh_client.get(path).json()["error"] for _ in range(9)]

    assert errors == [False, False, True] * 3


def test_clearing_faults_restores_normal_answers(
    fresh_fake: FakeToolyt, fresh_client: Client
) -> None:
    fresh_fake.set_faults({"latency_ms": 5, "rules": [{"status": 500, "count": 0}]})
    assert fresh_client.get("/get-token").status_code == 500

    fresh_fake.clear_faults()

    assert fresh_client.get("/get-token").status_code == 200


def lead_ids(client: Client, page: int, size: int = 10) -> tuple[int, list[int]]:
    body = client.get(f"/get-leads/{page}/{size}", params=APRIL).json()
    return body["total_leads"], [row["lead_id"] for row in body["leads"]]


def test_drift_insert_shifts_later_pages_back(fresh_fake: FakeToolyt, fresh_client: Client):
    _, before = lead_ids(fresh_client, 1, size=20)
    fresh_fake.set_faults({"rules": [{"match": "get-leads", "drift": "insert", "after_page": 1}]})

    total, first = lead_ids(fresh_client, 1)
    new_total, second = lead_ids(fresh_client, 2)

    assert first == before[:10]
    assert new_total == total + 1
    assert second[0] == first[-1], "the last row of page 1 comes again on page 2"
    leads = {lead["lead_id"]: lead for lead in fresh_fake.truth()["leads"]}
    inserted = leads[max(leads)]
    first_served = leads[first[0]]["assigned_date"]
    assert APRIL["from_date"] <= inserted["assigned_date"] <= first_served
    assert inserted["lead_id"] in lead_ids(fresh_client, 1)[1][:2]


def test_drift_move_shifts_later_pages_forward(fresh_fake: FakeToolyt, fresh_client: Client):
    _, before = lead_ids(fresh_client, 1, size=20)
    fresh_fake.set_faults({"rules": [{"match": "get-leads", "drift": "move", "after_page": 1}]})

    total, first = lead_ids(fresh_client, 1)
    new_total, second = lead_ids(fresh_client, 2)

    assert new_total == total - 1
    assert second[0] == before[11], "the first row meant for page 2 was skipped"
    moved = first[0]
    assert fresh_client.get(f"/get-lead-details/{moved}").status_code == 404
    assert fresh_client.get(f"/get-customer-details/{moved}").status_code == 200


def test_drift_fires_only_after_its_page(fresh_fake: FakeToolyt, fresh_client: Client) -> None:
    rule = {"match": "get-leads", "drift": "insert", "after_page": 2}
    fresh_fake.set_faults({"rules": [rule]})

    totals = [lead_ids(fresh_client, page)[0] for page in (1, 1, 2, 3, 1)]

    assert totals[:3] == [totals[0]] * 3
    assert totals[3:] == [totals[0] + 1] * 2


def test_stats_count_calls_per_endpoint_including_faulted(
    fresh_fake: FakeToolyt, fresh_client: Client
) -> None:
    fresh_client.get("/get-leads/1/5")
    fresh_fake.reset_stats()
    fresh_fake.set_faults({"rules": [{"match": "get-leads", "status": 503}]})

    for _ in range(3):
        fresh_client.get("/get-leads/1/5")
    fresh_client.get("/get-lead-details/1001")
    fresh_client.get("/get-lead-details/1002")
    fresh_client.get("/__admin/clock")
    fresh_client.get("/__admin/stats")

    expected = {"requests": {"get-leads": 3, "get-lead-details": 2}, "total": 5}
    assert fresh_fake.stats() == expected
    assert fresh_client.get("/__admin/stats").json() == expected
    assert fresh_client.session.delete(f"{fresh_fake.url}/__admin/stats").ok
    assert fresh_fake.stats() == {"requests": {}, "total": 0}


def test_latency_delays_each_call_and_calls_overlap(
    fresh_fake: FakeToolyt, fresh_client: Client
) -> None:
    fresh_fake.set_faults({"latency_ms": 100, "rules": []})

    started = time.perf_counter()
    for _ in range(3):
        fresh_client.get("/get-company-details")
    sequential = time.perf_counter() - started
    started = time.perf_counter()
    threads = [
        threading.Thread(target=lambda: Client(fresh_fake).get("/get-company-details"))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    concurrent = time.perf_counter() - started

    assert 0.3 <= sequential < 0.6
    assert 0.1 <= concurrent < 0.5


@pytest.mark.parametrize(
    "config",
    [
        {"rules": [{"status": 500, "truncate": True}]},
        {"rules": [{"match": "*"}]},
        {"rules": [{"status": 200}]},
        {"rules": [{"drift": "shuffle"}]},
        {"rules": [{"error_body": True, "colour": "red"}]},
        {"rules": [{"error_body": True, "count": -1}]},
        {"latency_ms": -5},
    ],
)
def test_malformed_fault_configuration_is_refused(fresh_client: Client, config: dict) -> None:
    response = fresh_client.session.put(
        f"{fresh_client.fake.url}/__admin/faults", json=config, timeout=5
    )

    assert response.status_code == 400
    assert response.json()["error"] is True


def test_faults_are_set_and_cleared_over_http(fresh_fake: FakeToolyt, fresh_client: Client):
    url = f"{fresh_fake.url}/__admin/faults"
    config = {"latency_ms": 0, "rules": [{"match": "get-jobs", "status": 502, "count": 1}]}

    assert fresh_client.session.put(url, json=config, timeout=5).ok
    assert fresh_client.get("/get-jobs/1/1").status_code == 502
    shown = fresh_client.get("/__admin/faults").json()
    assert shown["rules"][0]["fired"] == 1 and shown["rules"][0]["status"] == 502
    assert fresh_client.session.delete(url, timeout=5).json() == {"latency_ms": 0, "rules": []}
