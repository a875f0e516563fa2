"""Run a command and record its own wall time, exit code and peak RSS.

    python benchmarks/measure.py RESULT.json -- COMMAND [ARGS ...]

Linux counts the address space a process had before `exec` into its peak RSS, so a system
spawned straight from run.py, which holds the account's whole ground truth, would report at
least run.py's size (over a gigabyte at scale 100). This launcher imports almost nothing:
what it spawns reports only itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    result, command = argv[0], argv[2:]

    started = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    wall_s = time.perf_counter() - started

    code = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="utf-8") as out:
        json.dump({"code": code, "wall_s": wall_s, "peak_rss_mb": usage.ru_maxrss / 1024}, out)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
