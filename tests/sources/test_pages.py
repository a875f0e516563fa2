"""Paging one list window: totals, capped pages and APIs that would loop us forever."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from sources.toolyt.errors import ApiError
from sources.toolyt.pages import read_window
from sources.toolyt.settings import ENDPOINTS


class StubClient:
    """Answers list calls from `answer(page)`; counts the calls like ToolytClient does."""

    def __init__(self, answer: Callable[[int], dict]) -> None:
        self.answer = answer
        self.calls = 0
        self.retries: Counter[str] = Counter()

    def call(self, path: str, *, page: int, **_) -> dict:
        self.calls += 1
        assert self.calls < 100, "the read did not stop"
        return self.answer(page)


def products_page(ids: list[int], total: int) -> dict:
    return {"total_products": total, "products": [{"product_id": i} for i in ids]}


def visits_page(ids: list[int]) -> dict:
    return {"Visits": [[{"id": i} for i in ids]]}


def read_all(client: StubClient, resource: str, page_size: int) -> list[int]:
    endpoint = ENDPOINTS[resource]
    pages = read_window(client, endpoint, None, page_size)
    return [row[endpoint.id_key] for page in pages for row in page]


def test_pages_are_read_until_the_total_even_when_capped():
    # The API gives 2 rows a page whatever was asked for.
    rows = [1, 2, 3, 4, 5]
    client = StubClient(lambda page: products_page(rows[2 * (page - 1): 2 * page], total=5))

    assert read_all(client, "products", page_size=10) == rows


def test_visits_without_a_total_read_on_past_a_capped_page():
    rows = list(range(1, 8))
    client = StubClient(lambda page: visits_page(rows[3 * (page - 1): 3 * page]))

    assert read_all(client, "visits", page_size=10) == rows


def test_pages_cycling_without_new_rows_end_in_an_error():
    cycle = {1: [1, 2], 0: [3, 4]}
    client = StubClient(lambda page: products_page(cycle[page % 2], total=10))

    with pytest.raises(ApiError, match="changed on every one of 3 reads"):
        read_all(client, "products", page_size=2)
    assert client.calls < 30


def test_the_same_page_twice_ends_in_an_error():
    client = StubClient(lambda page: visits_page([1, 2]))

    with pytest.raises(ApiError, match="same page twice"):
        read_all(client, "visits", page_size=2)
