"""`sourcequiz lint` on the course banks (quizzes/): the rules alone, in a fresh process so that no
cache is warm, and the whole command as a user runs it (start-up, loading and validating included)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RULES_ONLY = """
import json, time
from pathlib import Path
from sourcequiz.loader import load_banks
from sourcequiz.sources import SourceRegistry
from sourcequiz.lint import lint
sources = SourceRegistry.load("sources")
result = load_banks([Path("quizzes")], sources)
started = time.perf_counter()
findings = lint(result.banks, sources)
seconds = time.perf_counter() - started
questions = sum(len(b.bank.questions) for b in result.banks)
print(json.dumps({"seconds": seconds, "questions": questions, "findings": len(findings)}))
"""


def run() -> list[tuple]:
    rules = json.loads(subprocess.run([sys.executable, "-c", RULES_ONLY], cwd=ROOT, capture_output=True,
                                      text=True, check=True).stdout)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sourcequiz.cli", "lint"], cwd=ROOT, capture_output=True, text=True)
    whole = time.perf_counter() - started
    return [
        (f"lint: the rules over {rules['questions']} questions (cold caches)", rules["seconds"], "s", "< 1 s"),
        ("lint: the whole command (start-up, load, validate, lint)", whole, "s", ""),
        ("lint: findings on the course banks", rules["findings"], "", ""),
    ]
