"""A throwaway PostgreSQL server for the destination tests, on 127.0.0.1.

It uses the PostgreSQL binaries of Debian's `postgresql` package; where none are
installed the tests that need it skip and say how to get it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest


def postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a fresh server's `warehouse` database; it stops when the session ends."""
    binaries = postgres_bin()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed: `apt-get install postgresql` runs these")

    # Not under pytest's own temporary folder: that one is private to root, and the
    # server runs as `postgres`.
    folder = Path(tempfile.mkdtemp(prefix="toolyt-postgres-"))
    data = folder / "data"
    # initdb refuses to run as root; Debian's package provides the `postgres` user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(folder, "postgres")
    port = free_port()
    subprocess.run(
        [*as_user, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True, capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w",
         "-l", str(folder / "server.log"), "start"],
        check=True, capture_output=True,
    )
    try:
        subprocess.run(
            [str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
             "warehouse"],
            check=True, capture_output=True,
        )
        # The server trusts local connections; dlt still wants a password to be set.
        yield f"postgresql://postgres:unused@127.0.0.1:{port}/warehouse"
    finally:
        subprocess.run(
            [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str, request) -> str:
    """A database of its own for one test, on the session's server."""
    name = "test_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    connection = psycopg2.connect(postgres_server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
        cursor.execute(f'create database "{name}"')
    connection.close()
    return postgres_server.rsplit("/", 1)[0] + "/" + name
