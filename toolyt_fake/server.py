"""The fake Toolyt API over HTTP on a loopback port, in a background thread.

    with FakeToolyt(seed=7, scale=1, api_key="test-key") as fake:
        requests.get(f"{fake.url}/get-leads/1/100", headers={"AuthorizationKey": fake.api_key})
        fake.advance(days=1)

The server is built not to be a benchmark's bottleneck: one thread per connection, HTTP/1.1
keep-alive, one write per answer with its Content-Length, no per-request log, and answers
spliced from cached JSON. Faults and the admin API are described in `toolyt_fake.faults` and
`toolyt_fake.admin`.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from toolyt_fake.admin import answer_admin
from toolyt_fake.faults import FaultPlan
from toolyt_fake.routes import Reply, ToolytApi, error_body
from toolyt_fake.settings import (
    ADMIN_PREFIX,
    DEFAULT_API_KEY,
    DEFAULT_HOST,
    DEFAULT_SCALE,
    DEFAULT_SEED,
)
from toolyt_fake.world import World

# An idle keep-alive connection is dropped after this many seconds.
IDLE_TIMEOUT = 300


class FakeToolyt:
    """A fake Toolyt API serving one World until closed.

    Args:
        seed: Seeds the World; the same seed gives the same data.
        scale: Multiplies the number of records.
        api_key: The `AuthorizationKey` every call must send.
        now: The clock, naive IST `yyyy-mm-dd hh:mm:ss`; defaults to 2026-06-01 10:00:00.
        host: A loopback address to bind; anything else is refused.
        port: The port to bind; 0 picks a free one.
        latency_ms: Sleep added to every API call.

    Raises:
        ValueError: `host` is not a loopback address.
    """

    def __init__(
        self,
        seed: int = DEFAULT_SEED,
        scale: float = DEFAULT_SCALE,
        api_key: str = DEFAULT_API_KEY,
        now: str | None = None,
        host: str = DEFAULT_HOST,
        port: int = 0,
        latency_ms: float = 0,
    ) -> None:
        require_loopback(host)
        self.world = World(seed=seed, scale=scale, now=now)
        self.api = ToolytApi(self.world, api_key)
        self.faults = FaultPlan(latency_ms)
        self._counts: Counter[str] = Counter()
        self._counts_lock = threading.Lock()

        server_class = _Server6 if ":" in host else _Server
        self._server = server_class((host, port), _Handler)
        self._server.fake = self
        self.host = host
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name=f"toolyt-fake-{self.port}",
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_key(self) -> str:
        return self.api.api_key

    @property
    def now(self) -> str:
        return self.world.now

    def advance(self, days: int = 1) -> str:
        """Move the clock `days` whole days on, living each day. Returns the new clock."""
        return self.world.advance(days)

    def set_faults(self, config: dict[str, Any]) -> None:
        """Replace the faults in force; see `toolyt_fake.faults` for the format."""
        self.faults.replace(config)

    def clear_faults(self) -> None:
        self.faults.clear()

    def stats(self) -> dict[str, Any]:
        """Calls per endpoint (the first path segment) since the last reset; admin excluded."""
        with self._counts_lock:
            return {"requests": dict(self._counts), "total": sum(self._counts.values())}

    def reset_stats(self) -> None:
        with self._counts_lock:
            self._counts.clear()

    def truth(self) -> dict[str, Any]:
        return self.world.truth()

    def add_custom_field(self, entity: str, key: str, value: str) -> None:
        self.world.add_custom_field(entity, key, value)

    def close(self) -> None:
        """Stop serving and drop the open connections."""
        self._server.shutdown()
        self._server.server_close()
        self._server.drop_connections()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeToolyt:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def serve(
        self,
        method: str,
        path: str,
        query: str,
        body: bytes,
        content_type: str,
        api_key: str | None,
    ) -> Reply | None:
        """Answer one API call with the faults in force; None means hang up unanswered."""
        endpoint = path.strip("/").split("/", 1)[0]
        with self._counts_lock:
            self._counts[endpoint] += 1
        if self.faults.latency_ms:
            time.sleep(self.faults.latency_ms / 1000)

        rule = self.faults.pick(endpoint)
        if rule is not None:
            if rule.effect == "disconnect":
                return None
            if rule.effect == "status":
                reply = Reply(rule.status, error_body(rule.status, f"Injected HTTP {rule.status}"))
                if rule.retry_after is not None:
                    reply.headers["Retry-After"] = f"{rule.retry_after:g}"
                return reply
            if rule.effect == "error_body":
                return Reply(200, error_body(500, "Something went wrong"))

        reply = self.api.answer(method, path, query, body, content_type, api_key)
        if rule is not None and rule.effect == "truncate":
            reply.body = reply.body[: len(reply.body) // 2]
        if rule is not None and rule.effect == "delay_ms":
            time.sleep(rule.delay_ms / 1000)

        listing = reply.listing
        if listing is not None and reply.status == 200:
            drift = self.faults.pick(endpoint, listing.page, drift=True)
            if drift is not None:
                self.world.drift(drift.drift, listing.name, listing.lo, listing.hi)
        return reply


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The default backlog of 5 drops connection attempts when a client opens its pool
    # of 16 at once, and each dropped SYN costs the client a second's retransmit.
    request_queue_size = 128
    fake: FakeToolyt

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def drop_connections(self) -> None:
        with self.connections_lock:
            for connection in list(self.connections):
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Without it a small answer can wait on the client's delayed ACK.
    disable_nagle_algorithm = True
    timeout = IDLE_TIMEOUT
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a line per request would cost the benchmarks more than the answer."""

    def _serve(self, method: str) -> None:
        url = urlsplit(self.path)
        body = self._read_body()
        fake = self.server.fake
        try:
            if url.path.startswith(ADMIN_PREFIX):
                reply: Reply | None = self._admin(fake, method, url.path, body)
            else:
                content_type = self.headers.get("Content-Type", "")
                api_key = self.headers.get("AuthorizationKey")
                reply = fake.serve(method, url.path, url.query, body, content_type, api_key)
        except Exception as error:  # noqa: BLE001 - a bug in the fake must not kill the socket
            reply = Reply(500, error_body(500, f"The fake failed: {error!r}"))
        if reply is None:
            self.close_connection = True
            return
        self._send(reply)

    def _admin(self, fake: FakeToolyt, method: str, path: str, body: bytes) -> Reply:
        if not ipaddress.ip_address(self.client_address[0]).is_loopback:
            return Reply(403, error_body(403, "The admin API answers loopback clients only"))
        return answer_admin(fake, method, path, body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline().strip():
                pass
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, reply: Reply) -> None:
        phrase = HTTPStatus(reply.status).phrase if reply.status in _STATUSES else "Error"
        lines = [
            f"HTTP/1.1 {reply.status} {phrase}",
            "Content-Type: application/json; charset=utf-8",
            f"Content-Length: {len(reply.body)}",
            "Connection: close" if self.close_connection else "Connection: keep-alive",
        ]
        lines += [f"{name}: {value}" for name, value in reply.headers.items()]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        # One write: headers and body leave in the same segment.
        self.wfile.write(head + reply.body)


_STATUSES = {status.value for status in HTTPStatus}


def require_loopback(host: str) -> None:
    """Refuse to bind anything but loopback: the fake has no real auth and an open admin API."""
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(
            f"The fake Toolyt server binds loopback only (127.0.0.1, ::1, localhost); got `{host}`"
        )


def run_server(
    host: str = DEFAULT_HOST,
    port: int = 0,
    seed: int = DEFAULT_SEED,
    scale: float = DEFAULT_SCALE,
    api_key: str = DEFAULT_API_KEY,
    now: str | None = None,
    latency_ms: float = 0,
) -> int:
    """Serve until SIGINT or SIGTERM, after printing `listening on <url>`.

    Returns:
        0, the exit code of a clean stop.

    Raises:
        ValueError: `host` is not a loopback address.
    """
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _STOP_SIGNALS}
    try:
        with FakeToolyt(seed, scale, api_key, now, host, port, latency_ms) as fake:
            print(f"listening on {fake.url}", flush=True)
            while not stop.wait(0.5):
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
