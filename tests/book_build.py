"""The real book, built once per test session exactly as `make book` builds it (strict: -W -n --keep-going),
into _build/test-book/ with its own execution cache, so a second run does not re-execute the chapters.
`--all` gives Sphinx a fresh environment each time: every page is read again, so every warning shows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from conftest import ROOT, missing

VENV_BIN = Path(sys.executable).parent
OUTPUT = ROOT / "_build" / "test-book"


@dataclass
class BookBuild:
    returncode: int
    log: str
    seconds: float
    html: Path

    def page(self, docname: str) -> Path:
        return self.html / f"{docname}.html"


_BUILT: BookBuild | None = None


def toc_files() -> list[str]:
    """Every docname in _toc.yml, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return names


_LOCK = None


def hold_output_lock() -> None:
    """Several people may run the suite at once in one checkout: a session that uses the real book holds
    this lock until it ends, so another session's build never rewrites the HTML this one is reading."""
    global _LOCK
    import fcntl

    OUTPUT.mkdir(parents=True, exist_ok=True)
    _LOCK = open(OUTPUT / ".lock", "w")  # closed (and so released) when the test process exits
    fcntl.flock(_LOCK, fcntl.LOCK_EX)


def build_book() -> BookBuild:
    global _BUILT
    if _BUILT is None:
        hold_output_lock()
        program = VENV_BIN / "jupyter-book"
        if not program.exists():
            missing(f"{program} is not installed (pip install -e '.[book]')")
        env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
        env.pop("SOURCEQUIZ_ROOT", None)
        started = time.perf_counter()
        result = subprocess.run([str(program), "build", str(ROOT), "--path-output", str(OUTPUT), "--builder", "html",
                                 "-W", "-n", "--keep-going", "--all"],
                                capture_output=True, text=True, timeout=1800, env=env, cwd=ROOT)
        log = result.stdout + result.stderr
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / "build.log").write_text(log, encoding="utf-8")
        _BUILT = BookBuild(result.returncode, log, time.perf_counter() - started, OUTPUT / "_build" / "html")
    return _BUILT
