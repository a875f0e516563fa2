"""The `toolyt-sync` command: thin argument parsing over `pipelines`.

Every failure ends in one `Error: ...` line on stderr and an exit code that says what
kind of failure it was (see `sources.toolyt.errors`); a traceback only with --verbose.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Sequence

from sources.toolyt.errors import RedactingFilter, ToolytError, redact

from .warehouse import DEFAULT_DUCKDB


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        return args.handler(args) or 0
    except ToolytError as error:
        return fail(error, error.exit_code, args.verbose)
    except KeyboardInterrupt:
        return fail("interrupted", 130, args.verbose)
    except Exception as error:  # an unexpected failure: still one line, still non-zero
        # dlt raises from any step (a destination's missing credentials, say); where our
        # own error or a missing setting lies behind it, exit with that one's code.
        from .sync import toolyt_cause

        cause = toolyt_cause(error)
        if cause is not None:
            return fail(cause, cause.exit_code, args.verbose)
        return fail(f"{type(error).__name__}: {error}", 1, args.verbose)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolyt-sync",
        description="Sync a Toolyt CRM account into an analytics warehouse.",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="debug logs, tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sync = commands.add_parser("sync", help="copy the account into the warehouse")
    add_duckdb(sync)
    sync.add_argument("--base-url", help="the API's root URL (default: dlt config)")
    sync.add_argument(
        "--resources", type=comma_list, help="comma-separated resources (default: all)"
    )
    sync.add_argument(
        "--full-refresh", action="store_true", help="re-read every window and every detail"
    )
    sync.add_argument("--since", metavar="YYYY-MM-DD", help="re-read windows from this date")
    add_accounts(sync)
    sync.set_defaults(handler=run_sync)

    transform = commands.add_parser("transform", help="build the marts and run the data tests")
    add_duckdb(transform)
    add_as_of(transform)
    transform.set_defaults(handler=run_transform)

    nightly = commands.add_parser("run", help="the nightly job: sync, then transform")
    add_duckdb(nightly)
    nightly.add_argument("--base-url", help="the API's root URL (default: dlt config)")
    add_as_of(nightly)
    add_accounts(nightly)
    nightly.set_defaults(handler=run_nightly_job)

    export = commands.add_parser("export", help="write every mart and raw table as Parquet")
    export.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    add_duckdb(export)
    add_as_of(export)
    export.set_defaults(handler=run_export)

    report = commands.add_parser("report", help="write a self-contained HTML report")
    report.add_argument("--out", default="report.html", metavar="FILE", help="the HTML file")
    report.add_argument(
        "--duckdb", default=DEFAULT_DUCKDB, metavar="PATH",
        help=f"DuckDB file of the warehouse (default: {DEFAULT_DUCKDB})",
    )
    add_as_of(report)
    report.add_argument(
        "--account", metavar="NAME",
        help="the account to report on, where several are configured",
    )
    report.set_defaults(handler=run_report)

    status = commands.add_parser(
        "status", help="freshness, last outcome and gaps per resource; non-zero when stale"
    )
    status.add_argument(
        "--duckdb", default=DEFAULT_DUCKDB, metavar="PATH",
        help=f"DuckDB file of the warehouse (default: {DEFAULT_DUCKDB})",
    )
    status.add_argument(
        "--max-age-hours", type=float, default=36.0,
        help="a resource last synced longer ago than this is stale (default: 36)",
    )
    add_accounts(status)
    status.set_defaults(handler=run_status)

    check = commands.add_parser("check", help="tell whether the configured key and URL work")
    check.add_argument("--base-url", help="the API's root URL (default: dlt config)")
    add_accounts(check)
    check.set_defaults(handler=run_check)

    demo = commands.add_parser("demo", help="sync from a local fake Toolyt, twice, and show it")
    demo.add_argument("--duckdb", default="demo/warehouse.duckdb", help="DuckDB file to fill")
    demo.add_argument("--scale", type=float, default=1.0, help="size of the fake account")
    demo.add_argument("--seed", type=int, default=1, help="seed of the fake's data")
    demo.set_defaults(handler=run_demo)

    fake = commands.add_parser("fake-server", help="serve a fake Toolyt API on loopback")
    fake.add_argument("--host", default="127.0.0.1")
    fake.add_argument("--port", type=int, default=0, help="0 picks a free port")
    fake.add_argument("--seed", type=int, default=1)
    fake.add_argument("--scale", type=float, default=1.0)
    fake.add_argument("--api-key", default="demo-key")
    fake.add_argument("--now", help="the fake's clock, `YYYY-MM-DD hh:mm:ss` IST")
    fake.add_argument("--latency-ms", type=float, default=0.0)
    fake.set_defaults(handler=run_fake_server)
    return parser


def add_duckdb(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--duckdb", default=DEFAULT_DUCKDB, metavar="PATH",
        help=f"DuckDB file of the warehouse (default: {DEFAULT_DUCKDB})",
    )
    parser.add_argument(
        "--destination", default="duckdb", metavar="NAME",
        help="any dlt destination (postgres, motherduck, snowflake, ...; filesystem writes "
        "a Delta lake); credentials come from dlt config (default: duckdb)",
    )


def add_accounts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--accounts", type=comma_list, metavar="A,B",
        help="comma-separated accounts, where several are configured (default: all)",
    )


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="the IST date figures are computed for (today)"
    )


def comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def run_sync(args: argparse.Namespace) -> int:
    from .accounts import configured_accounts
    from .sync import SyncOptions, sync_accounts

    options = SyncOptions(
        duckdb=args.duckdb,
        destination=args.destination,
        base_url=args.base_url,
        resources=args.resources,
        full_refresh=args.full_refresh,
        since=args.since,
        on_progress=terminal_progress(),
    )
    synced = sync_accounts(options, configured_accounts(args.accounts))
    clear_progress()
    print_synced(synced)
    return 0


def run_transform(args: argparse.Namespace) -> int:
    from .transform import parse_as_of, transform

    for line in transform(args.duckdb, parse_as_of(args.as_of), args.destination).lines():
        print(line)
    return 0


def run_nightly_job(args: argparse.Namespace) -> int:
    from .accounts import configured_accounts
    from .sync import SyncOptions
    from .transform import parse_as_of, run_nightly

    as_of = parse_as_of(args.as_of)
    options = SyncOptions(
        duckdb=args.duckdb,
        destination=args.destination,
        base_url=args.base_url,
        on_progress=terminal_progress(),
    )
    synced, built = run_nightly(options, as_of, configured_accounts(args.accounts))
    clear_progress()
    print_synced(synced)
    for line in built.lines():
        print(line)
    return 0


def print_synced(synced: list) -> None:
    """Each account's summary lines, under its name where there are several."""
    for account, result in synced:
        if account.name is not None:
            print(f"account {account.name}:")
        for line in result.lines():
            print(line if account.name is None else f"  {line}")


def run_export(args: argparse.Namespace) -> int:
    from .export import export
    from .transform import parse_as_of

    manifest = export(args.duckdb, args.out, parse_as_of(args.as_of), args.destination)
    for line in manifest.lines():
        print(line)
    return 0


def run_report(args: argparse.Namespace) -> int:
    from .accounts import report_account
    from .report import write_report
    from .transform import parse_as_of

    account = report_account(args.account)
    for line in write_report(args.duckdb, args.out, parse_as_of(args.as_of), account).lines():
        print(line)
    return 0


def run_status(args: argparse.Namespace) -> int:
    from .accounts import configured_accounts
    from .status import status

    code = 0
    for account in configured_accounts(args.accounts):
        result = status(args.duckdb, args.max_age_hours, account=account)
        if account.name is not None:
            print(f"account {account.name}:")
        for line in result.lines():
            print(line if account.name is None else f"  {line}")
        code = max(code, result.exit_code)
    return code


def run_check(args: argparse.Namespace) -> int:
    from .accounts import configured_accounts
    from .check import check

    for account in configured_accounts(args.accounts):
        print(account.describe(check(args.base_url, account)))
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from .demo import demo

    demo(args.duckdb, scale=args.scale, seed=args.seed)
    return 0


def run_fake_server(args: argparse.Namespace) -> int:
    from toolyt_fake.server import run_server

    run_server(
        host=args.host,
        port=args.port,
        seed=args.seed,
        scale=args.scale,
        api_key=args.api_key,
        now=args.now,
        latency_ms=args.latency_ms,
    )
    return 0


def terminal_progress() -> Callable[[str], None] | None:
    """A one-line progress display on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        width = shutil.get_terminal_size().columns - 1
        sys.stderr.write("\r" + message[:width].ljust(width))
        sys.stderr.flush()

    return show


def clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * (shutil.get_terminal_size().columns - 1) + "\r")


def configure_logging(verbose: bool) -> None:
    # dlt warns about every column that has seen only nulls (a custom field nobody has
    # filled in yet); that is not a degraded run, so its warnings show with --verbose.
    os.environ.setdefault("RUNTIME__LOG_LEVEL", "WARNING" if verbose else "ERROR")
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    logging.getLogger("toolyt_sync").setLevel(logging.DEBUG if verbose else logging.WARNING)


def fail(error: object, code: int, verbose: bool) -> int:
    if verbose and isinstance(error, BaseException):
        print(redact(traceback.format_exc()), file=sys.stderr, end="")
    print(f"Error: {redact(str(error))}", file=sys.stderr)
    return code


def entry() -> None:
    """The console command: `main`, then an exit without the interpreter's teardown.

    When `main` returns, every load is committed and every warehouse connection closed;
    unloading the thousand-odd modules of dlt, DuckDB and pyarrow would add a sixth of
    a second to each nightly run and do nothing for its data.
    """
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
