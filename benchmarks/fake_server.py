"""The fake Toolyt API in a process of its own, so it shares no GIL with what is measured."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import requests

REPO = Path(__file__).resolve().parents[1]
LISTENING = "listening on "


class FakeProcess:
    """`python -m toolyt_fake` on a free loopback port, with its admin API at hand.

    Args:
        scale: size of the fake account.
        latency_ms: sleep the fake adds to every API call.
        api_key: the key the fake accepts.
        now: the fake's starting clock, `yyyy-mm-dd hh:mm:ss` IST.
        log: where the fake's stderr goes.
        startup_timeout_s: how long building the account may take.

    Raises:
        RuntimeError: the fake exited or stayed silent instead of announcing its URL.
    """

    def __init__(
        self,
        scale: float,
        latency_ms: float,
        api_key: str,
        now: str,
        log: IO[bytes],
        startup_timeout_s: float = 600,
    ) -> None:
        command = [
            sys.executable, "-m", "toolyt_fake", "--scale", f"{scale:g}",
            "--latency-ms", f"{latency_ms:g}", "--port", "0", "--api-key", api_key,
            "--now", now,
        ]
        self.session = requests.Session()
        self.process = subprocess.Popen(
            command, cwd=REPO, env=python_env(), stdout=subprocess.PIPE, stderr=log
        )
        self.url = self._read_url(startup_timeout_s)

    def _read_url(self, timeout_s: float) -> str:
        assert self.process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout_s):
                self.close()
                raise RuntimeError(f"the fake said nothing within {timeout_s:g} s")
        line = self.process.stdout.readline().decode().strip()
        if not line.startswith(LISTENING):
            self.close()
            raise RuntimeError(f"the fake did not start (exit code {self.process.poll()})")
        return line[len(LISTENING) :]

    def admin(self, method: str, name: str, body: dict[str, Any] | None = None) -> Any:
        response = self.session.request(
            method, f"{self.url}/__admin/{name}", json=body, timeout=600
        )
        response.raise_for_status()
        return response.json()

    def clock(self) -> str:
        return self.admin("GET", "clock")["now"]

    def advance(self, days: int) -> str:
        return self.admin("POST", "advance", {"days": days})["now"]

    def truth(self) -> bytes:
        """The ground truth as the fake sends it: JSON of every list and detail."""
        response = self.session.get(f"{self.url}/__admin/truth", timeout=600)
        response.raise_for_status()
        return response.content

    def reset_stats(self) -> None:
        self.admin("DELETE", "stats")

    def requests_made(self) -> int:
        return int(self.admin("GET", "stats")["total"])

    def close(self) -> None:
        self.session.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

    def __enter__(self) -> FakeProcess:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def python_env(**extra: str) -> dict[str, str]:
    """This environment with the repository importable and no dlt settings leaking in."""
    leaking = ("SOURCES__", "DESTINATION__", "NORMALIZE__", "LOAD__", "EXTRACT__", "RUNTIME__")
    env = {key: value for key, value in os.environ.items() if not key.startswith(leaking)}
    path = [str(REPO), env["PYTHONPATH"]] if env.get("PYTHONPATH") else [str(REPO)]
    env["PYTHONPATH"] = os.pathsep.join(path)
    env["RUNTIME__DLTHUB_TELEMETRY"] = "false"
    env.update(extra)
    return env

