"""Run the `sourcequiz` command under a Python audit hook that records every file it opens,
renames, removes or creates, as JSON lines in LOG. Used by tests/test_robustness.py.

    python tests/audited.py LOG [--kill-at chmod|rename] -- sourcequiz arguments...

With --kill-at, the process kills itself with SIGKILL at the first such event on a file whose
name starts with '.' (a temporary file of `fileio.write_new`): the crash an export must survive.
"""

from __future__ import annotations

import json
import os
import signal
import sys

WATCHED = {"open", "os.rename", "os.remove", "os.mkdir", "os.rmdir", "os.truncate", "os.chmod", "shutil.rmtree"}


def main() -> int:
    log_path, rest = sys.argv[1], sys.argv[2:]
    kill_at = None
    if rest[:1] == ["--kill-at"]:
        kill_at, rest = rest[1], rest[2:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)  # before the hook: not recorded

    def hook(event: str, args: tuple) -> None:
        if event not in WATCHED or not args:
            return
        path = args[0]
        if isinstance(path, int):
            return
        path = os.fsdecode(path)
        flags = args[2] if event == "open" and len(args) > 2 and isinstance(args[2], int) else 0
        mode = args[1] if event == "open" and len(args) > 1 and isinstance(args[1], str) else ""
        writes = event != "open" or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC)) \
            or any(c in mode for c in "wax+")
        os.write(log, (json.dumps({"event": event, "path": os.path.abspath(path), "writes": writes}) + "\n").encode())
        if kill_at and event == f"os.{kill_at}" and os.path.basename(path).startswith("."):
            os.kill(os.getpid(), signal.SIGKILL)

    sys.addaudithook(hook)
    from sourcequiz.cli import main as cli_main  # noqa: PLC0415 - imported under the hook, so its reads count

    return cli_main(rest)


if __name__ == "__main__":
    sys.exit(main())
