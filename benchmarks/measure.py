"""Wall time and peak memory of one command, measured from a fresh parent whose only child it is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

WALL = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t0
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_mb": peak_kb / 1024, "code": done.returncode}))
"""


def wall_and_peak(command: list[str], cwd: Path) -> dict:
    """{"wall": seconds, "peak_mb": MB, "code": exit code} of `command`."""
    done = subprocess.run([sys.executable, "-c", WALL, *command], cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)
