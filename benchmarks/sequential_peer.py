"""Peer: the plain script a user writes first, one request at a time, then DuckDB at the end.

    TOOLYT_API_KEY=... python benchmarks/sequential_peer.py --base-url URL --duckdb FILE \\
        --now "2026-06-01 10:00:00"

One `requests.Session` (keep-alive), page by page through each list and detail by detail
through its rows; each detail is laid over its list row. The tables are written once, at the
end, as pyarrow tables (`CREATE TABLE ... AS SELECT` from the registered table): nested
values as JSON text, and a column whose values mix types (Toolyt sends some invoice amounts as
numbers, some as strings) as text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import requests
from endpoints import (
    DATASET,
    LISTS,
    PAGE_SIZE,
    SINGLES,
    TOKEN_PATH,
    ListEndpoint,
    list_path,
    window_params,
)

Rows = list[dict[str, Any]]


def fetch_all(session: requests.Session, base_url: str, now: str) -> dict[str, Rows]:
    """Every table's rows: singles, lists, and lists with their details laid over."""
    tables: dict[str, Rows] = {}
    for table, (path, key) in SINGLES.items():
        found = call(session, "GET", base_url + path)[key]
        tables[table] = found if isinstance(found, list) else [found]

    token = call(session, "GET", base_url + TOKEN_PATH)["token"]
    for endpoint in LISTS:
        rows = [row for page in read_pages(session, base_url, endpoint, now, token) for row in page]
        if endpoint.detail_path:
            rows = [{**row, **read_detail(session, base_url, endpoint, row, token)} for row in rows]
        tables[endpoint.table] = rows
    return tables


def read_pages(
    session: requests.Session, base_url: str, endpoint: ListEndpoint, now: str, token: str
) -> Iterator[Rows]:
    """A list's pages until one is empty or the pages read cover the item total."""
    window = window_params(endpoint, now)
    page = 1
    while True:
        params: dict[str, Any] = {}
        body: dict[str, Any] = {}
        if endpoint.paging == "query":
            params = {"page_number": page, "limit": PAGE_SIZE, **window}
        elif endpoint.paging == "body":
            body = {"pageNumber": page, "limit": PAGE_SIZE, **window}
        else:
            params = window
        url = base_url + list_path(endpoint, page)
        answer = call(session, endpoint.method, url, params, body, token, endpoint.needs_token)

        rows = dig(answer, endpoint.items)
        if not rows:
            return
        yield rows
        if endpoint.total is not None and page * PAGE_SIZE >= int(dig(answer, endpoint.total)):
            return
        page += 1


def read_detail(
    session: requests.Session, base_url: str, endpoint: ListEndpoint, row: dict, token: str
) -> dict[str, Any]:
    url = base_url + (endpoint.detail_path or "").format(id=row[endpoint.id_key])
    answer = call(session, endpoint.method, url, token=token, needs_token=endpoint.needs_token)
    return answer[endpoint.detail_key]


def call(
    session: requests.Session,
    method: str,
    url: str,
    params: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    token: str = "",
    needs_token: bool = False,
) -> dict[str, Any]:
    """One request; Toolyt's `"error": true` body fails it like an HTTP error does."""
    if needs_token:
        response = session.request(method, url, params=params, data={"_token": token})
    else:
        response = session.request(method, url, params=params, json=body or None)
    response.raise_for_status()
    answer = response.json()
    if answer.get("error"):
        raise RuntimeError(f"{url}: {answer.get('message')}")
    return answer


def dig(answer: Any, keys: tuple[str | int, ...]) -> Any:
    for key in keys:
        answer = answer[key]
    return answer


def to_arrow(rows: Rows) -> pa.Table:
    """Rows as a table: columns in order of first appearance, nested values as JSON text."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    columns = {}
    for name in names:
        values = [row.get(name) for row in rows]
        values = [json.dumps(v) if isinstance(v, dict | list) else v for v in values]
        try:
            columns[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            columns[name] = pa.array([None if v is None else str(v) for v in values])
    return pa.table(columns)


def write(tables: dict[str, Rows], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        connection.execute(f"create schema if not exists {DATASET}")
        for name, rows in tables.items():
            if not rows:
                continue
            connection.register("batch", to_arrow(rows))
            connection.execute(f"create or replace table {DATASET}.{name} as from batch")
            connection.unregister("batch")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--duckdb", required=True, type=Path)
    parser.add_argument("--now", required=True, help="the account's clock, IST")
    args = parser.parse_args(argv)
    api_key = os.environ.get("TOOLYT_API_KEY")
    if not api_key:
        print("Error: set TOOLYT_API_KEY", file=sys.stderr)
        return 2

    with requests.Session() as session:
        session.headers["AuthorizationKey"] = api_key
        tables = fetch_all(session, args.base_url.rstrip("/"), args.now)
    write(tables, args.duckdb)
    print(", ".join(f"{name} {len(rows)}" for name, rows in tables.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
