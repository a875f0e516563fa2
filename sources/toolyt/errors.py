"""The errors toolyt-sync raises, one class per way a run can fail.

    ToolytError                  exit 4 unless a subclass says otherwise
    +-- ConfigError              exit 2: a setting is missing or malformed
    +-- AuthError                exit 3: Toolyt rejected the key or token
    +-- ApiError                 exit 4: the API failed or answered nonsense after retries
    |   +-- RetriableApiError    raised inside the retry loop; never escapes it
    +-- DataError                exit 5: a data contract or data test failed

Each message is one line that names the culprit and, where there is one, the fix.
No message is built from a key, a token or a request's headers; as a second line of
defence, `redact` blanks every secret the client has seen out of any text it is given.
"""

from __future__ import annotations

import logging
import threading

_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()


class ToolytError(Exception):
    """Base class; `exit_code` is what the CLI exits with."""

    exit_code = 4


class ConfigError(ToolytError):
    exit_code = 2


class AuthError(ToolytError):
    exit_code = 3


class ApiError(ToolytError):
    """The API failed or answered something the sync cannot use.

    Args:
        message: what went wrong.
        endpoint: the endpoint's path, without query string or secrets.
        page: the page number, when paging.
    """

    exit_code = 4

    def __init__(self, message: str, endpoint: str | None = None, page: int | None = None):
        where = ""
        if endpoint:
            where = f" (`{endpoint}`" + (f", page {page}" if page is not None else "") + ")"
        super().__init__(message + where)
        self.endpoint = endpoint
        self.page = page


class RetriableApiError(ApiError):
    """A failure worth another attempt: 429, 5xx, a broken body or connection.

    Args:
        retry_after: seconds the server asked us to wait, when it said.
    """

    def __init__(
        self,
        message: str,
        endpoint: str | None = None,
        page: int | None = None,
        retry_after: float | None = None,
    ):
        super().__init__(message, endpoint, page)
        self.retry_after = retry_after


class NotFoundError(ApiError):
    """A detail endpoint does not know the id: the record moved to another list."""


class DataError(ToolytError):
    exit_code = 5


def quote_body(body: bytes | str, limit: int = 80) -> str:
    """Quote at most `limit` characters of a response body for an error message."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return repr(text[:limit] + ("..." if len(text) > limit else ""))


def remember_secret(value: str | None) -> None:
    """Add a key or token to what `redact` blanks out."""
    if value and len(value) >= 4:
        with _SECRETS_LOCK:
            _SECRETS.add(value)


def redact(text: str) -> str:
    """`text` with every remembered secret replaced by `***`."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that renders a record and blanks secrets out of it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            message = redact(record.getMessage())
            record.msg, record.args = message, None
            if record.exc_text:
                record.exc_text = redact(record.exc_text)
        return True
