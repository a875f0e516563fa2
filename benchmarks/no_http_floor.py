"""Bound: the records a sync must load, loaded through dlt with Parquet and no HTTP at all.

    python benchmarks/no_http_floor.py --truth TRUTH.json --duckdb FILE

The records are the fake's ground truth (`/__admin/truth`, saved to a file beforehand): each
list row with its detail laid over it, as a sync would store it. They go through one dlt run
the way toolyt_sync's tables do: merge on the primary key, one level of child tables, the
Parquet loader. What this costs, interpreter start and JSON parsing included, is the floor
under any sync's time that is not spent waiting on the API.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import dlt
from endpoints import DATASET, LISTS, SINGLES


def build_records(truth: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows: list rows with their details laid over, in the API's order."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in SINGLES:
        found = truth[table]
        tables[table] = found if isinstance(found, list) else [found]
    for endpoint in LISTS:
        rows = truth["lists"][endpoint.table]
        if endpoint.detail_path:
            # The truth lists details in the order of the list's ids.
            details = truth[endpoint.table]
            rows = [{**row, **detail} for row, detail in zip(rows, details, strict=True)]
        tables[endpoint.table] = rows
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--truth", required=True, type=Path)
    parser.add_argument("--duckdb", required=True, type=Path)
    args = parser.parse_args(argv)

    tables = build_records(json.loads(args.truth.read_bytes()))
    keys: dict[str, Any] = {
        endpoint.table: list(key) if isinstance(key := endpoint.id_key, tuple) else key
        for endpoint in LISTS
    }
    resources = [
        dlt.resource(
            rows,
            name=table,
            primary_key=keys.get(table),
            write_disposition="merge" if table in keys else "replace",
            max_table_nesting=1,
        )
        for table, rows in tables.items()
    ]
    pipeline = dlt.pipeline(
        pipeline_name="toolyt_no_http_floor",
        destination=dlt.destinations.duckdb(str(args.duckdb)),
        dataset_name=DATASET,
        pipelines_dir=str(args.duckdb.parent / ".dlt-pipelines"),
    )
    print(pipeline.run(resources, loader_file_format="parquet"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
