"""Reading several page streams at once: nothing lost, nothing repeated, errors kept."""

from __future__ import annotations

import threading
import time

import pytest

from sources.toolyt.streams import interleave


def counting(name: str, count: int, pause_s: float = 0.0):
    def stream():
        for number in range(count):
            if pause_s:
                time.sleep(pause_s)
            yield (name, number)

    return stream


@pytest.mark.parametrize("readers", [1, 2, 4])
def test_every_item_arrives_once_and_each_stream_keeps_its_order(readers):
    streams = [counting(name, 50, pause_s=0.0005) for name in "abcde"]

    items = list(interleave(streams, readers))

    assert sorted(items) == sorted((name, n) for name in "abcde" for n in range(50))
    for name in "abcde":
        assert [n for other, n in items if other == name] == list(range(50))


def test_streams_are_read_side_by_side():
    running, most = 0, 0
    lock = threading.Lock()

    def slow():
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        yield 1
        with lock:
            running -= 1

    assert list(interleave([slow] * 4, readers=4)) == [1, 1, 1, 1]
    assert most > 1


def test_an_error_in_one_stream_reaches_the_caller_and_stops_the_others():
    later = []

    def failing():
        yield 0
        raise ValueError("page 2 failed")

    def endless():
        number = 0
        while True:
            time.sleep(0.001)
            later.append(number)
            yield number
            number += 1

    with pytest.raises(ValueError, match="page 2 failed"):
        list(interleave([endless, failing], readers=2))
    time.sleep(0.3)
    stopped_at = len(later)
    time.sleep(0.2)
    assert len(later) == stopped_at


def test_closing_early_stops_the_readers():
    produced = []

    def endless():
        number = 0
        while True:
            produced.append(number)
            yield number
            number += 1

    items = interleave([endless, endless], readers=2)
    assert next(items) == 0
    items.close()
    time.sleep(0.3)
    stopped_at = len(produced)
    time.sleep(0.2)
    assert len(produced) == stopped_at
    # No more than the items that fit the queue, plus one each in hand, were made.
    assert stopped_at <= 2 + 2 + 2
