"""Read several page streams at once and hand their pages on as they arrive.

A list read window by window waits one round trip per page, and the detail calls
wait on those pages: reading a list's windows side by side shortens that chain.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_ITEM, _DONE, _FAILED = "item", "done", "failed"
# How often a reader blocked on a full queue checks whether it should stop.
_POLL_S = 0.1


def interleave(streams: Sequence[Callable[[], Iterator[T]]], readers: int) -> Iterator[T]:
    """Run each stream on its own thread, `readers` at a time, and yield the items in
    the order they arrive; each stream's own items keep their order.

    At most `readers` items wait to be taken, so memory stays bounded. The first error
    of any stream is raised here, and it, or the caller closing this generator, stops
    the other streams at their next item.
    """
    if readers <= 1 or len(streams) <= 1:
        for stream in streams:
            yield from stream()
        return

    arrived: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=readers)
    stop = threading.Event()

    def hand_on(kind: str, value: object) -> bool:
        while not stop.is_set():
            try:
                arrived.put((kind, value), timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def read(stream: Callable[[], Iterator[T]]) -> None:
        if stop.is_set():
            return
        try:
            for item in stream():
                if not hand_on(_ITEM, item):
                    return
        except BaseException as error:  # handed to the caller's thread
            hand_on(_FAILED, error)
            return
        hand_on(_DONE, None)

    pool = ThreadPoolExecutor(min(readers, len(streams)), thread_name_prefix="toolyt-list")
    for stream in streams:
        pool.submit(read, stream)
    try:
        running = len(streams)
        while running:
            kind, value = arrived.get()
            if kind == _ITEM:
                yield value  # type: ignore[misc]
            elif kind == _DONE:
                running -= 1
            else:
                raise value  # type: ignore[misc]
    finally:
        stop.set()
        # Readers still in a request finish it and then see `stop`; none is waited for.
        pool.shutdown(wait=False, cancel_futures=True)
