"""Fixtures for the fake Toolyt server's tests: running fakes and clients that sign calls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.fake.helpers import API_KEY, NOW, Client
from toolyt_fake import FakeToolyt


@pytest.fixture(scope="session")
def shared_fake() -> Iterator[FakeToolyt]:
    """One fake for tests that only read: never advance it or set faults on it."""
    with FakeToolyt(seed=7, scale=1, api_key=API_KEY, now=NOW) as fake:
        yield fake


@pytest.fixture(scope="session")
def truth(shared_fake: FakeToolyt) -> dict[str, Any]:
    return shared_fake.truth()


@pytest.fixture
def client(shared_fake: FakeToolyt) -> Client:
    return Client(shared_fake)


@pytest.fixture
def fresh_fake() -> Iterator[FakeToolyt]:
    """A fake of the test's own, to advance, fault or count."""
    with FakeToolyt(seed=11, scale=1, api_key=API_KEY, now=NOW) as fake:
        yield fake


@pytest.fixture
def fresh_client(fresh_fake: FakeToolyt) -> Client:
    return Client(fresh_fake)
