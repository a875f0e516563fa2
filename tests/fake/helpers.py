"""Helpers for the fake Toolyt server's tests: a client that signs calls, documented answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from toolyt_fake import FakeToolyt

API_KEY = "test-key"
NOW = "2026-06-01 10:00:00"
DOCUMENTED = Path(__file__).parent / "documented"
WHOLE_HISTORY = {"from_date": "2025-01-01 00:00:00", "to_date": "2026-12-31 23:59:59"}


class Client:
    """Calls one fake over HTTP with its API key, as a sync would."""

    def __init__(self, fake: FakeToolyt, api_key: str | None = API_KEY) -> None:
        self.fake = fake
        self.session = requests.Session()
        if api_key is not None:
            self.session.headers["AuthorizationKey"] = api_key

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.fake.url + path, timeout=10, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self.fake.url + path, timeout=10, **kwargs)

    def token(self) -> str:
        return self.get("/get-token").json()["token"]

    def all_rows(self, path: str, key: str, size: int = 37, **params: str) -> list[dict]:
        """Every row of a GET list with the page in its path, page by page."""
        rows: list[dict] = []
        page = 1
        while True:
            batch = self.get(f"{path}/{page}/{size}", params=params).json()[key]
            if not batch:
                return rows
            rows += batch
            page += 1


def documented(endpoint: str) -> dict[str, Any]:
    """Toolyt's documented answer of an endpoint, fixed into valid JSON."""
    return json.loads((DOCUMENTED / f"{endpoint}.json").read_text(encoding="utf-8"))
