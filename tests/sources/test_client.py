"""The HTTP client: retries, error bodies, auth, secrets, TLS settings."""

from __future__ import annotations

import http.server
import logging
import socket
import ssl
import subprocess
import threading
from contextlib import contextmanager

import certifi
import pytest

from sources.toolyt.client import ToolytClient
from sources.toolyt.errors import ApiError, AuthError, ConfigError, NotFoundError
from sources.toolyt.transport import Answer, ca_bundle, proxy_for
from tests.conftest import API_KEY


@pytest.fixture
def client(fake):
    client = ToolytClient(fake.url, API_KEY, backoff_s=0.01, max_attempts=4)
    yield client
    client.close()


def test_retry_after_is_honoured_and_the_call_recovers(fake, client):
    fake.set_faults({"rules": [{"match": "get-users", "status": 429, "count": 2,
                                "retry_after": 0.2}]})
    body = client.call("/get-users/1/5", label="users")
    assert body["users"]
    assert client.retries["users"] == 2
    assert fake.stats()["requests"]["get-users"] == 3


def test_rejected_key_is_not_retried(fake):
    client = ToolytClient(fake.url, "not-the-key", backoff_s=0.01)
    with pytest.raises(AuthError, match="rejected the API key"):
        client.call("/get-users/1/5")
    assert fake.stats()["total"] == 1


def test_rejected_key_on_a_token_endpoint_is_not_retried(fake):
    client = ToolytClient(fake.url, "not-the-key", backoff_s=0.01)
    with pytest.raises(AuthError, match="rejected the API key"):
        client.call("/get-order-invoices/1/5", method="POST", with_token=True)
    assert fake.stats()["total"] == 1


def test_error_body_with_http_200_fails_after_the_attempts(fake, client):
    fake.set_faults({"rules": [{"match": "get-users", "error_body": True, "count": 0}]})
    with pytest.raises(ApiError, match="after 4 attempts.*error: true"):
        client.call("/get-users/1/5", label="users")


def test_unknown_id_on_a_detail_endpoint_is_not_found(client):
    with pytest.raises(NotFoundError):
        client.call("/get-lead-details/999999999")


def test_token_goes_in_the_body_and_never_in_logs(fake, client, caplog):
    caplog.set_level(logging.DEBUG)
    body = client.call("/get-order-invoices/1/5", method="POST", with_token=True)
    assert body["data"]
    token = client.token()
    assert token and token not in caplog.text and API_KEY not in caplog.text


def test_the_ca_bundle_is_certifis_unless_the_environment_names_one(monkeypatch, tmp_path):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    assert ca_bundle() == certifi.where()

    bundle = tmp_path / "ca.pem"
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    assert ca_bundle() == str(bundle)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "first.pem"))
    assert ca_bundle() == str(tmp_path / "first.pem")


def test_a_proxy_is_taken_from_either_case_unless_no_proxy_names_the_host(monkeypatch):
    for name in ("HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert proxy_for("https://api.toolyt.com") is None

    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    assert proxy_for("https://api.toolyt.com") == "http://proxy.example:3128"
    monkeypatch.setenv("NO_PROXY", "toolyt.com")
    assert proxy_for("https://api.toolyt.com") is None


@pytest.fixture
def https_server(tmp_path):
    """A loopback HTTPS server with a self-signed certificate; yields (url, cert path)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    body = b'{"status": 200, "error": false, "total_users": 0, "users": []}'
    with serving(body, [], context) as server:
        yield f"https://127.0.0.1:{server.server_port}", cert


def test_unverified_certificate_fails_at_once_naming_the_ca_bundle(https_server, monkeypatch):
    url, cert = https_server
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    client = ToolytClient(url, API_KEY, backoff_s=0.01, max_attempts=4)
    with pytest.raises(ConfigError, match="TLS verification of 127.0.0.1.*REQUESTS_CA_BUNDLE"):
        client.call("/get-users/1/5", label="users")
    assert client.requests["users"] == 1

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    trusting = ToolytClient(url, API_KEY)
    assert trusting.call("/get-users/1/5")["total_users"] == 0


@pytest.fixture
def recorder():
    """A loopback server that answers `{}` to anything; yields (url, request lines)."""
    lines: list[str] = []
    with serving(b"{}", lines) as server:
        yield f"http://127.0.0.1:{server.server_port}", lines


@contextmanager
def serving(body: bytes, lines: list[str], tls: ssl.SSLContext | None = None):
    """A loopback server answering `body` to every GET and noting each request line."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            lines.append(self.requestline)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_a_base_url_with_a_path_keeps_it_in_every_request(recorder, monkeypatch):
    url, lines = recorder
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    client = ToolytClient(f"{url}/api/v2/", API_KEY)

    client.call("/get-users/1/5", params={"q": "a b"})

    assert lines == ["GET /api/v2/get-users/1/5?q=a+b HTTP/1.1"]


def test_through_a_proxy_the_request_names_the_whole_url(recorder, monkeypatch):
    proxy, lines = recorder
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = ToolytClient("http://api.toolyt.example/api", API_KEY)

    client.call("/get-users/1/5")

    assert lines == ["GET http://api.toolyt.example/api/get-users/1/5 HTTP/1.1"]


def test_an_api_that_never_answers_times_out_and_is_retried():
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        port = silent.getsockname()[1]
        client = ToolytClient(
            f"http://127.0.0.1:{port}", API_KEY, timeout_s=0.2, max_attempts=2, backoff_s=0.01
        )
        with pytest.raises(ApiError, match="after 2 attempts: the request timed out"):
            client.call("/get-users/1/5", label="users")
    assert client.retries["users"] == 1


def test_a_refused_connection_is_retried_and_named():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    client = ToolytClient(f"http://127.0.0.1:{port}", API_KEY, max_attempts=2, backoff_s=0.01)
    failed = "after 2 attempts: the connection failed .*Failed to connect"
    with pytest.raises(ApiError, match=failed):
        client.call("/get-users/1/5", label="users")
    assert client.requests["users"] == 2


def test_retry_after_is_read_from_the_final_answer_past_a_proxys_reply():
    answer = Answer(429, b"", [
        b"HTTP/1.1 200 Connection established\r\n", b"Retry-After: 90\r\n", b"\r\n",
        b"HTTP/1.1 429 Too Many Requests\r\n", b"retry-after: 3\r\n", b"\r\n",
    ])
    assert answer.header("Retry-After") == "3"
    assert Answer(200, b"", [b"HTTP/1.1 200 OK\r\n", b"\r\n"]).header("Retry-After") is None
