"""Reading one list endpoint, page by page, for one window.

Toolyt puts the page number and size in the path (or the query, or the body) and
reports item totals, not page counts. Records move while a window is read: a lead that
converts between two page requests shifts the later pages back by one, and a record
inserted into the window shifts them forward. So a window is read until what was read
agrees with the total the API reported on every page; a window that disagrees is read
again, a bounded number of times, and only ids not yet handed on are yielded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .client import ToolytClient
from .errors import ApiError
from .settings import Endpoint
from .windows import Window

logger = logging.getLogger("toolyt_sync")

# Consecutive pages without a new id that end a pass, so a cycling API cannot loop us.
MAX_STALE_PAGES = 3


@dataclass
class WindowRead:
    """What reading one window took and found; the completeness ledger's raw material."""

    rows: int = 0
    api_total: int | None = None
    requests: int = 0
    retries: int = 0
    passes: int = 0
    consistent: bool = True
    seen: set[Any] = field(default_factory=set)


def row_id(endpoint: Endpoint, row: dict[str, Any]) -> Any:
    """The row's key: one value, or a tuple for composite keys (attendance)."""
    if isinstance(endpoint.id_key, tuple):
        return tuple(row.get(key) for key in endpoint.id_key)
    return row.get(endpoint.id_key)


def read_window(
    client: ToolytClient,
    endpoint: Endpoint,
    window: Window | None,
    page_size: int,
    *,
    since: str | None = None,
    max_passes: int = 3,
    report: WindowRead | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Yield the pages of `endpoint` for `window`, each row once.

    Args:
        client: the client to call through.
        endpoint: the list endpoint.
        window: the creation-time window, or None for endpoints without one.
        page_size: rows per page to ask for.
        since: the start date for endpoints that take only one (order invoices).
        max_passes: how often a window that changed while being read is read again.
        report: filled in with rows, totals, requests and passes as the read goes.

    Raises:
        ApiError: a page repeated the one before it, or the window never came out
            consistent with its total within `max_passes`.
    """
    read = report if report is not None else WindowRead()
    for attempt in range(1, max_passes + 1):
        read.passes = attempt
        totals: list[int] = []
        pass_ids: set[Any] = set()
        page = 1
        previous: list[Any] | None = None
        stale_pages = 0
        cut_short = False

        while True:
            path, request = _request(endpoint, window, page, page_size, since)
            retries_before = client.retries[endpoint.resource]
            body = client.call(
                path,
                **request,
                with_token=endpoint.needs_token,
                label=endpoint.resource,
                page=page,
            )
            read.requests += 1
            read.retries += client.retries[endpoint.resource] - retries_before
            rows = _dig(body, endpoint.items, endpoint, page)
            total = _total(body, endpoint, page)
            if total is not None:
                totals.append(total)
            if not rows:
                break

            ids = [row_id(endpoint, row) for row in rows]
            if ids == previous:
                raise ApiError(
                    "the API answered the same page twice; stopping instead of looping",
                    endpoint.list_path, page,
                )
            previous = ids
            known_before = len(pass_ids)
            pass_ids.update(ids)
            stale_pages = 0 if len(pass_ids) > known_before else stale_pages + 1
            if stale_pages == MAX_STALE_PAGES:
                # Pages that bring nothing new in a row: the paging cycles, or records
                # shift faster than they are read. End this pass as inconsistent.
                cut_short = True
                break

            fresh = [row for row, key in zip(rows, ids, strict=True) if key not in read.seen]
            read.seen.update(key for key in ids)
            read.rows += len(fresh)
            if fresh:
                yield fresh

            # The API may cap the page size silently, so a short page proves nothing:
            # only reaching the total, or an empty page where there is none, ends.
            if total is not None and len(pass_ids) >= total:
                break
            page += 1

        read.api_total = totals[-1] if totals else None
        read.consistent = not cut_short and (not totals or (
            len(set(totals)) == 1 and len(pass_ids) == totals[-1]
        ))
        if read.consistent:
            return
        logger.debug(
            "%s %s changed while read (totals %s, %d ids); reading it again",
            endpoint.resource, window or "", sorted(set(totals)), len(pass_ids),
        )

    raise ApiError(
        f"`{endpoint.resource}` for {window or 'all time'} changed on every one of "
        f"{max_passes} reads (totals {sorted(set(totals))}, {len(pass_ids)} rows read); "
        "run again later",
        endpoint.list_path,
    )


def _request(
    endpoint: Endpoint, window: Window | None, page: int, size: int, since: str | None
) -> tuple[str, dict[str, Any]]:
    """The path and the call's keyword arguments for one page of `endpoint`."""
    method = endpoint.method
    if endpoint.paging == "body":
        body: dict[str, Any] = {"pageNumber": page, "limit": size}
        if window is not None:
            body["startDate"], body["endDate"] = window.date_params()
        return endpoint.list_path, {"method": method, "json": body}

    params: dict[str, Any] = {}
    if window is not None:
        if endpoint.window == "date":
            params["from_date"], params["to_date"] = window.date_params()
        else:
            params.update(window.datetime_params())
    if endpoint.paging == "query":
        return endpoint.list_path, {
            "method": method, "params": {"page_number": page, "limit": size, **params},
        }

    path = f"{endpoint.list_path}/{page}/{size}" + (f"/{since}" if since else "")
    return path, {"method": method, "params": params or None}


def _dig(body: dict[str, Any], keys: tuple[Any, ...], endpoint: Endpoint, page: int) -> list:
    value: Any = body
    for key in keys:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            # Past the last page the outer list can be empty: `"Visits": []`.
            if isinstance(value, list) and not value:
                return []
            raise ApiError(
                f"the answer has no `{'.'.join(map(str, keys))}` list", endpoint.list_path, page
            ) from None
    if value is None:
        return []
    if not isinstance(value, list):
        raise ApiError(
            f"`{'.'.join(map(str, keys))}` is not a list", endpoint.list_path, page
        )
    return value


def _total(body: dict[str, Any], endpoint: Endpoint, page: int) -> int | None:
    if endpoint.total is None:
        return None
    value: Any = body
    for key in endpoint.total:
        value = value.get(key) if isinstance(value, dict) else None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(
            f"the answer has no item total `{'.'.join(endpoint.total)}`", endpoint.list_path, page
        ) from None
