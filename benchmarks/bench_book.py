"""The book's build times, on a copy of the course in a temporary folder (the working tree is never touched):
a clean build (chapters executed, cold cache), a rebuild with nothing changed, and a rebuild after editing
one bank, with the pages it re-wrote (only the pages that use the bank should be)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", "_build", ".pytest_cache", "__pycache__", "*.egg-info")
BANK = "doha-agreement"


def jupyter_book(book: Path, *extra: str) -> tuple[float, str]:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("SOURCEQUIZ_ROOT", None)
    started = time.perf_counter()
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(book), "--builder", "html", "-W", "-n",
                             "--keep-going", *extra], capture_output=True, text=True, env=env, cwd=book)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"the book build failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return seconds, result.stdout


def written(log: str) -> list[str]:
    """The pages Sphinx wrote, from its log (colour codes removed)."""
    return re.findall(r"writing output\.\.\. \[\s*\d+%\]\s+(\S+)", re.sub(r"\x1b\[[0-9;]*m", "", log))


def run() -> list[tuple]:
    with tempfile.TemporaryDirectory(prefix="bench-book-") as folder:
        book = Path(folder) / "course"
        shutil.copytree(ROOT, book, ignore=SKIP)
        clean, _ = jupyter_book(book)
        again, log_again = jupyter_book(book)
        fresh_env, _ = jupyter_book(book, "--all")
        bank = book / "quizzes" / f"{BANK}.yml"
        bank.write_text(bank.read_text(encoding="utf-8") + "\n# edited by benchmarks/bench_book.py\n", encoding="utf-8")
        edited, log_edit = jupyter_book(book)
    pages = written(log_edit)
    users = [p for p in pages if p.startswith("chapters/")]
    return [
        ("book: clean build, chapters executed", clean, "s", "< 120 s on 2 cores"),
        ("book: rebuild, nothing changed", again, "s", "< 15 s"),
        ("book: pages re-written, nothing changed", len(written(log_again)), "pages", "0"),
        ("book: fresh Sphinx env, cached execution", fresh_env, "s", ""),
        (f"book: rebuild after editing quizzes/{BANK}.yml", edited, "s", "< 15 s"),
        (f"book: pages re-written after that edit ({', '.join(pages)})", len(pages), "pages",
         "its chapter, verification, disagreements (+ the root, whose toctree lists the chapter)"),
        ("book: chapters among them", len(users), "pages", "1"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
