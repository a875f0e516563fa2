"""The HTTP client every Toolyt call goes through.

A first sync is mostly detail calls, one per record, so the CPU one call costs bounds
the sync's speed. The requests themselves go through libcurl (`transport.py`), which
costs a third of the CPU per call that urllib3 did; TLS verification stays on, with
certifi's CA bundle or the one named by `REQUESTS_CA_BUNDLE` / `SSL_CERT_FILE`, and
`HTTPS_PROXY` is used.

It sends the `AuthorizationKey` header on each request, fetches the `_token` some
endpoints want and sends it in the form body (never in a URL, which would reach logs),
limits requests in flight and per second across all resources, and retries what is
worth retrying with exponential backoff and jitter, honouring `Retry-After`.

Toolyt reports failures in two ways: an HTTP status, or `"error": true` in a JSON body
sent with HTTP 200. Both are checked here, so no caller mistakes an error body for
the end of the data.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import orjson

from .errors import (
    ApiError,
    AuthError,
    ConfigError,
    NotFoundError,
    RetriableApiError,
    quote_body,
    remember_secret,
)
from .settings import TOKEN_PATH
from .transport import Answer, Transport, TransportError

logger = logging.getLogger("toolyt_sync")

T = TypeVar("T")
R = TypeVar("R")

RETRIABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


class ToolytClient:
    """A thread-safe Toolyt client with one global limit on requests in flight.

    Args:
        base_url: the API's root, such as `https://api.toolyt.com`.
        api_key: the key from Toolyt's API module; sent only as a header.
        max_in_flight: requests in flight at once, over all threads.
        requests_per_second: an optional budget for accounts with a rate limit (0: none).
        timeout_s: seconds to wait for a connection or an answer.
        max_attempts: attempts per request, the first included.
        max_retry_wait_s: seconds one request may spend waiting between attempts in all.
        backoff_s: the first backoff; it doubles each attempt, with jitter.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        max_in_flight: int = 16,
        requests_per_second: float = 0.0,
        timeout_s: float = 30.0,
        max_attempts: int = 6,
        max_retry_wait_s: float = 120.0,
        backoff_s: float = 0.5,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_attempts = max(1, max_attempts)
        self.max_retry_wait_s = max_retry_wait_s
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s

        remember_secret(api_key)
        self._transport = Transport(
            self.base_url,
            {"AuthorizationKey": api_key, "Accept": "application/json"},
            timeout_s,
        )
        self._in_flight = Slots(max(1, max_in_flight))
        self._pool_size = max(1, max_in_flight)
        self._pool: ThreadPoolExecutor | None = None

        self._interval = 1.0 / requests_per_second if requests_per_second > 0 else 0.0
        self._next_slot = 0.0
        self._pace_lock = threading.Lock()

        self._token: str | None = None
        self._token_lock = threading.Lock()

        self._stats_lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.retries: Counter[str] = Counter()

    def call(
        self,
        path: str,
        *,
        method: str = "GET",
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        with_token: bool = False,
        label: str = "",
        page: int | None = None,
    ) -> dict[str, Any]:
        """Call one endpoint and return its JSON body, retrying what is retriable.

        Args:
            path: the path after the base URL, such as `/get-leads/1/200`.
            method: `GET` or `POST`.
            params: query parameters (never secrets).
            json: a JSON body, for the POST endpoints that take one.
            with_token: send the `_token` from get-token in the form body.
            label: the resource the call is made for, for the request counts.
            page: the page number, for error messages.

        Returns:
            The decoded JSON object.

        Raises:
            AuthError: the key or token was rejected.
            NotFoundError: a detail endpoint does not know the id.
            ApiError: the API kept failing, or answered something unusable.
        """
        waited = 0.0
        token_refreshed = False
        for attempt in range(1, self.max_attempts + 1):
            try:
                data = {"_token": self.token()} if with_token else None
                return self._send(method, path, params, json, data, label, page)
            except AuthError:
                # A token can expire while a run is under way: when the endpoint (not
                # get-token, which checks the key itself) refused it, get a new one, once.
                if with_token and not token_refreshed and self._token is not None:
                    token_refreshed = True
                    self._forget_token()
                    continue
                raise
            except RetriableApiError as error:
                delay = self._backoff(attempt, error.retry_after)
                if attempt == self.max_attempts or waited + delay > self.max_retry_wait_s:
                    raise ApiError(
                        f"Toolyt kept failing after {attempt} attempts: {error.args[0]}"
                    ) from None
                with self._stats_lock:
                    self.retries[label] += 1
                logger.debug("retrying %s in %.2fs: %s", path, delay, error)
                time.sleep(delay)
                waited += delay
        raise AssertionError("unreachable")

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Run `fn` over `items` on the client's worker threads, results in order."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._pool_size, thread_name_prefix="toolyt")
        return self._pool.map(fn, items)

    def token(self) -> str:
        """The `_token` from get-token, fetched once and shared by all threads."""
        with self._token_lock:
            if self._token is None:
                body = self._send("GET", TOKEN_PATH, None, None, None, "token", None)
                token = body.get("token")
                if not isinstance(token, str) or not token:
                    raise ApiError("get-token answered without a token", TOKEN_PATH)
                remember_secret(token)
                self._token = token
            return self._token

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False)
        self._transport.close()

    def _forget_token(self) -> None:
        with self._token_lock:
            self._token = None

    def _send(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        json: dict[str, Any] | None,
        data: dict[str, Any] | None,
        label: str,
        page: int | None,
    ) -> dict[str, Any]:
        self._pace()
        url = self.base_url + path + ("?" + urlencode(params) if params else "")
        body: bytes | None = None
        content_type: str | None = None
        if json is not None:
            body, content_type = orjson.dumps(json), "application/json"
        elif data is not None:
            body, content_type = urlencode(data).encode(), "application/x-www-form-urlencoded"

        # List pages go first: every detail call waits on a page, so a page queued
        # behind the details it feeds would leave the pipe idle at its end.
        self._in_flight.acquire(urgent=page is not None)
        started = time.perf_counter()
        try:
            answer = self._transport.send(method, url, body, content_type)
        except TransportError as error:
            if error.tls:
                # A certificate that does not verify will not verify on the next attempt.
                raise ConfigError(
                    f"TLS verification of {urlsplit(self.base_url).netloc} failed: behind a "
                    "proxy or with a private CA, point REQUESTS_CA_BUNDLE at its CA bundle"
                ) from None
            if error.timed_out:
                raise RetriableApiError("the request timed out", path, page) from None
            raise RetriableApiError(
                f"the connection failed ({error.reason})", path, page
            ) from None
        finally:
            self._in_flight.release()
            with self._stats_lock:
                self.requests[label] += 1

        # benchmarks/trace_requests.py reads this line, its format and its arguments.
        logger.debug(
            "%s %s %s -> %s in %.0f ms",
            method, path, params or "", answer.status,
            (time.perf_counter() - started) * 1000,
        )
        return decode(answer, path, page)

    def _pace(self) -> None:
        if not self._interval:
            return
        with self._pace_lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
        if slot > now:
            time.sleep(slot - now)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        ceiling = self.backoff_s * 2 ** (attempt - 1)
        return random.uniform(ceiling / 2, ceiling)


class Slots:
    """A counting semaphore whose urgent callers are served before the others."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = size
        self._urgent_waiting = 0
        self._changed = threading.Condition()

    def acquire(self, urgent: bool = False) -> None:
        with self._changed:
            self._urgent_waiting += urgent
            try:
                while not self._free or (self._urgent_waiting and not urgent):
                    self._changed.wait()
                self._free -= 1
            finally:
                self._urgent_waiting -= urgent

    def release(self) -> None:
        with self._changed:
            self._free += 1
            self._changed.notify_all()

    @property
    def in_use(self) -> int:
        return self.size - self._free


def decode(answer: Answer, path: str, page: int | None) -> dict[str, Any]:
    """Turn an HTTP answer into a JSON object, or raise the error it stands for."""
    status = answer.status
    if status == 401:
        raise AuthError(
            f"Toolyt rejected the API key (HTTP 401 from `{path}`): check "
            "`sources.toolyt.api_key` (env SOURCES__TOOLYT__API_KEY)"
        )
    if status in RETRIABLE_STATUSES:
        raise RetriableApiError(
            f"HTTP {status}", path, page, retry_after=retry_after(answer)
        )

    try:
        body = orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        # A truncated or HTML body is usually a proxy or a server restart: try again.
        # The token's own answer is never quoted: a cut one would show part of it.
        quoted = "(not shown)" if path == TOKEN_PATH else quote_body(answer.body)
        raise RetriableApiError(
            f"HTTP {status} with a body that is not JSON: {quoted}", path, page
        ) from None
    if not isinstance(body, dict):
        raise ApiError(f"expected a JSON object, got {quote_body(answer.body)}", path, page)

    if body.get("error") is True or body.get("error") in ("true", 1) or status >= 400:
        message = str(body.get("message") or f"HTTP {status}")
        body_status = body.get("status")
        if status == 404 or body_status == 404 or "not found" in message.lower():
            raise NotFoundError(message, path, page)
        if body_status == 401:
            raise AuthError(f"Toolyt rejected the request to `{path}`: {message}")
        if 400 <= status < 500 or body_status in (400, 405, 422):
            raise ApiError(f"Toolyt refused the request: {message}", path, page)
        raise RetriableApiError(f"`error: true` in the answer: {message}", path, page)
    return body


def retry_after(answer: Answer) -> float | None:
    """Seconds from a `Retry-After` header given in seconds; None when absent or a date."""
    value = answer.header("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
