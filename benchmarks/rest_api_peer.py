"""Peer: dlt's generic `rest_api` source over Toolyt, configured as dlt's documentation teaches.

    TOOLYT_API_KEY=... python benchmarks/rest_api_peer.py --base-url URL --duckdb FILE \\
        --now "2026-06-01 10:00:00" [--tuned]

Every list endpoint is a resource and every detail endpoint a child resource bound to it
(`get-lead-details/{resources.leads_list.lead_id}`). The lists only feed their children
(`selected: False`), since a detail holds every field of its list row; opportunities take the
list-only fields along with `include_from_parent`. The key goes in the `AuthorizationKey`
header through `APIKeyAuth`; the `_token` the invoice endpoints want is fetched once with a
plain request and sent as a form field.

What Toolyt needs beyond configuration is one paginator: the page number goes into the URL
path and the answer carries an item total, where dlt's `PageNumberPaginator.total_path` counts
pages. Visits have no total; dlt's own paginator stops them at the first empty page, once the
selector reaches into the inner list (`Visits[0]`).

Data selectors are handed over compiled (`dlt.common.jsonpath.compile_path`): dlt compiles a
selector given as a string again for every answer, and jsonpath-ng 1.8 rebuilds its parser
tables on each compile (~20 ms here), which would make the peer CPU-bound on that alone.
`--string-selectors` keeps the strings, as dlt's examples write them, to show that cost.

Default: dlt's defaults, insert-values loader and resources extracted one at a time.
`--tuned`: `parallelized=True` on the child resources and the Parquet loader.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dlt
import requests
from dlt.common import jsonpath
from dlt.sources.helpers.rest_client.auth import APIKeyAuth
from dlt.sources.helpers.rest_client.paginators import PageNumberPaginator
from dlt.sources.rest_api import rest_api_source
from endpoints import (
    DATASET,
    LISTS,
    PAGE_SIZE,
    SINGLES,
    TOKEN_PATH,
    ListEndpoint,
    json_path,
    list_path,
    window_params,
)
from requests import Request, Response

# Fields only the opportunities list has; the detail names the id differently, too.
OPPORTUNITY_LIST_FIELDS = [
    "toolyt_oppurtunity_id", "oppurtunity_stage", "opportunity_notes_count", "currency_id",
    "external_id",
]


class ItemTotalPaginator(PageNumberPaginator):
    """Toolyt's page numbers, from 1, stopping once the pages read cover the item total.

    Args:
        total_path: JSONPath of the item total in the answer.
        page_param: query parameter of the page number.
        page_body_path: where the page number goes in a JSON body, instead.
        path_segment: the URL path segment (counted from the end) holding the page number,
            instead of either.
    """

    def __init__(
        self,
        total_path: str,
        *,
        page_param: str | None = None,
        page_body_path: str | None = None,
        path_segment: int | None = None,
    ) -> None:
        super().__init__(
            base_page=1,
            page_param=None if page_body_path else page_param or "page",
            page_body_path=page_body_path,
            total_path=None,
        )
        self.items_total_path = jsonpath.compile_path(total_path)
        self.path_segment = path_segment

    def update_state(self, response: Response, data: list[Any] | None = None) -> None:
        super().update_state(response, data)
        if not self._has_next_page:
            return
        found = jsonpath.find_values(self.items_total_path, response.json())
        if not found:
            raise ValueError(f"no item total at `{self.items_total_path}` in {response.url}")
        read = (self.current_value - self.base_index) * PAGE_SIZE
        self._has_next_page = read < int(found[0])

    def update_request(self, request: Request) -> None:
        if self.path_segment is None:
            super().update_request(request)
            return
        url = urlsplit(request.url)
        segments = url.path.split("/")
        segments[self.path_segment] = str(self.current_value)
        request.url = urlunsplit(url._replace(path="/".join(segments)))


def make_source(
    base_url: str, api_key: str, now: str, tuned: bool, compiled_selectors: bool = True
) -> Any:
    """The rest_api source for every Toolyt list, detail and single endpoint."""
    token = fetch_token(base_url, api_key)
    resources: list[dict[str, Any]] = [
        {
            "name": table,
            "endpoint": {
                "path": path.lstrip("/"), "data_selector": key, "paginator": "single_page"
            },
        }
        for table, (path, key) in SINGLES.items()
    ]
    for endpoint in LISTS:
        resources.append(list_resource(endpoint, now, token))
        if endpoint.detail_path:
            resources.append(detail_resource(endpoint, token, tuned))
    if compiled_selectors:
        for resource in resources:
            config = resource["endpoint"]
            config["data_selector"] = jsonpath.compile_path(config["data_selector"])

    return rest_api_source(
        {
            "client": {
                "base_url": base_url,
                "auth": APIKeyAuth(name="AuthorizationKey", api_key=api_key, location="header"),
            },
            "resources": resources,
        },
        name="toolyt_rest_api",
    )


def list_resource(endpoint: ListEndpoint, now: str, token: str) -> dict[str, Any]:
    """A list endpoint as a rest_api resource; a feeder only where details follow."""
    endpoint_config: dict[str, Any] = {
        "path": list_path(endpoint, 1).lstrip("/"),
        "method": endpoint.method,
        "data_selector": json_path(endpoint.items),
        "paginator": make_paginator(endpoint),
    }
    window = window_params(endpoint, now)
    if endpoint.paging == "body":
        endpoint_config["json"] = {"limit": PAGE_SIZE, **window}
    else:
        size = {"limit": PAGE_SIZE} if endpoint.paging == "query" else {}
        endpoint_config["params"] = {**size, **window}
    if endpoint.needs_token:
        endpoint_config["data"] = {"_token": token}

    if not endpoint.detail_path:
        return {"name": endpoint.table, "endpoint": endpoint_config, **key_hint(endpoint)}
    return {"name": f"{endpoint.table}_list", "endpoint": endpoint_config, "selected": False}


def detail_resource(endpoint: ListEndpoint, token: str, tuned: bool) -> dict[str, Any]:
    """A child resource calling the detail endpoint once per list row."""
    parent = f"{endpoint.table}_list"
    path = (endpoint.detail_path or "").lstrip("/")
    endpoint_config: dict[str, Any] = {
        "path": path.replace("{id}", f"{{resources.{parent}.{endpoint.id_key}}}"),
        "method": endpoint.method,
        "data_selector": endpoint.detail_key,
        "paginator": "single_page",
    }
    if endpoint.needs_token:
        endpoint_config["data"] = {"_token": token}

    resource: dict[str, Any] = {"name": endpoint.table, "endpoint": endpoint_config}
    if endpoint.table == "opportunities":
        resource["include_from_parent"] = OPPORTUNITY_LIST_FIELDS
        resource["primary_key"] = "toolyt_oppurtunities_id"
    else:
        resource.update(key_hint(endpoint))
    if tuned:
        resource["parallelized"] = True
    return resource


def make_paginator(endpoint: ListEndpoint) -> PageNumberPaginator:
    if endpoint.total is None:
        page_param = "page_number" if endpoint.paging == "query" else "page"
        return PageNumberPaginator(base_page=1, page_param=page_param, total_path=None)
    total = json_path(endpoint.total)
    if endpoint.paging == "path":
        return ItemTotalPaginator(total, path_segment=endpoint.page_segment)
    if endpoint.paging == "body":
        return ItemTotalPaginator(total, page_body_path="pageNumber")
    return ItemTotalPaginator(total, page_param="page_number")


def key_hint(endpoint: ListEndpoint) -> dict[str, Any]:
    key = endpoint.id_key
    return {"primary_key": list(key) if isinstance(key, tuple) else key}


def fetch_token(base_url: str, api_key: str) -> str:
    response = requests.get(
        f"{base_url.rstrip('/')}{TOKEN_PATH}", headers={"AuthorizationKey": api_key}, timeout=30
    )
    response.raise_for_status()
    return response.json()["token"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--duckdb", required=True, type=Path)
    parser.add_argument("--now", required=True, help="the account's clock, IST")
    parser.add_argument("--tuned", action="store_true", help="parallel children, Parquet")
    parser.add_argument(
        "--string-selectors", action="store_true", help="data selectors as plain strings"
    )
    args = parser.parse_args(argv)
    api_key = os.environ.get("TOOLYT_API_KEY")
    if not api_key:
        print("Error: set TOOLYT_API_KEY", file=sys.stderr)
        return 2

    pipeline = dlt.pipeline(
        pipeline_name="toolyt_rest_api",
        destination=dlt.destinations.duckdb(str(args.duckdb)),
        dataset_name=DATASET,
        pipelines_dir=str(args.duckdb.parent / ".dlt-pipelines"),
    )
    source = make_source(
        args.base_url, api_key, args.now, args.tuned, compiled_selectors=not args.string_selectors
    )
    info = pipeline.run(source, loader_file_format="parquet" if args.tuned else None)
    print(info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
