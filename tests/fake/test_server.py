"""The server: loopback only, keep-alive, a command line that stops cleanly, a quick start."""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
import time

import pytest
import requests

from toolyt_fake import FakeToolyt, World, run_server


def test_command_line_prints_its_url_and_stops_on_sigterm() -> None:
    command = [sys.executable, "-m", "toolyt_fake", "--seed", "3", "--scale", "0.2",
               "--api-key", "cli-key", "--now", "2026-03-01 09:00:00"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        url = line.removeprefix("listening on ")
        clock = requests.get(f"{url}/__admin/clock", timeout=5).json()
        answer = requests.get(
            f"{url}/get-company-details", headers={"AuthorizationKey": "cli-key"}, timeout=5
        )
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=10)
    finally:
        process.kill()

    assert line.startswith("listening on http://127.0.0.1:")
    assert clock == {"now": "2026-03-01 09:00:00"}
    assert answer.status_code == 200
    assert code == 0


def test_command_line_refuses_a_public_host() -> None:
    command = [sys.executable, "-m", "toolyt_fake", "--host", "0.0.0.0"]

    done = subprocess.run(command, capture_output=True, text=True, timeout=30)

    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and "loopback" in done.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com"])
def test_non_loopback_host_is_refused(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        FakeToolyt(host=host)
    with pytest.raises(ValueError, match="loopback"):
        run_server(host=host)


def test_connection_is_kept_alive_with_content_length(shared_fake: FakeToolyt) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", shared_fake.port, timeout=5)
    headers = {"AuthorizationKey": shared_fake.api_key}

    answers = []
    for path in ("/get-token", "/get-users/1/3", "/get-company-details"):
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        answers.append((response.status, response.getheader("Content-Length"), response.read()))
    socket_used = connection.sock
    connection.close()

    assert socket_used is not None, "the connection was closed between calls"
    for status, length, body in answers:
        assert status == 200 and int(length) == len(body)


def test_closed_fake_stops_answering() -> None:
    fake = FakeToolyt(scale=0.1)
    session = requests.Session()
    session.headers["AuthorizationKey"] = fake.api_key
    assert session.get(f"{fake.url}/get-token", timeout=5).ok

    fake.close()

    with pytest.raises(requests.ConnectionError):
        session.get(f"{fake.url}/get-token", timeout=5)


def test_scale_100_world_is_ready_within_five_seconds() -> None:
    started = time.perf_counter()

    world = World(seed=1, scale=100)

    assert time.perf_counter() - started < 5
    assert len(world.ids_in("visits")) == 60_000
