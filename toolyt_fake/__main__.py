"""`python -m toolyt_fake`: serve the fake Toolyt API until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import sys

from toolyt_fake.server import run_server
from toolyt_fake.settings import DEFAULT_API_KEY, DEFAULT_HOST, DEFAULT_SCALE, DEFAULT_SEED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolyt_fake", description=__doc__)
    parser.add_argument("--host", default=DEFAULT_HOST, help="loopback address to bind")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=DEFAULT_SCALE)
    parser.add_argument("--api-key", default=DEFAULT_API_KEY)
    parser.add_argument("--now", default=None, help="clock, `yyyy-mm-dd hh:mm:ss` (IST)")
    parser.add_argument("--latency-ms", type=float, default=0)
    args = parser.parse_args(argv)
    try:
        return run_server(
            args.host, args.port, args.seed, args.scale, args.api_key, args.now, args.latency_ms
        )
    except ValueError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
