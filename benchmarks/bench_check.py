"""`sourcequiz check` speed: the whole bank in-process, and the command line's wall time and memory.

The bench bank is the course's real banks in one file, repeated with renamed ids until it
holds at least 300 questions. Targets (2-core machine): under 1 s in-process for 300
questions, under 2 s wall for the CLI, under 200 MB peak memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from measure import wall_and_peak

ROOT = Path(__file__).resolve().parents[1]
TARGET_QUESTIONS = 300

IN_PROCESS = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from sourcequiz.check import check_banks
from sourcequiz.loader import load_banks
from sourcequiz.sources import SourceRegistry
t1 = time.perf_counter()
sources = SourceRegistry.load(sys.argv[2])
result = load_banks([Path(sys.argv[1])], sources)
t2 = time.perf_counter()
report = check_banks(result, sources)
t3 = time.perf_counter()
check_banks(result, sources)
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "check": t3 - t2, "warm": t4 - t3,
                  "questions": len(report.questions), "errors": report.counts()[0]}))
"""

def bench_bank(folder: Path) -> tuple[Path, int]:
    """All questions of the course's banks in one bank file, repeated (ids renamed) up to 300."""
    questions = []
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and isinstance(data.get("questions"), list):
            questions += [q for q in data["questions"] if isinstance(q, dict) and "id" in q]
    if not questions:
        questions = yaml.safe_load((ROOT / "tests" / "data" / "good" / "starter.yml").read_text())["questions"]
    bank = list(questions)
    copy = 1
    while len(bank) < TARGET_QUESTIONS:
        copy += 1
        bank += [{**q, "id": f"{q['id']}-r{copy}"} for q in questions]
    path = folder / "bench.yml"
    path.write_text(yaml.safe_dump({"bank": "bench", "title": "Bench", "questions": bank}, allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    return path, len(bank)


def run():
    with tempfile.TemporaryDirectory() as tmp:
        bank, count = bench_bank(Path(tmp))
        sources = str(ROOT / "sources")
        inproc = json.loads(subprocess.run([sys.executable, "-c", IN_PROCESS, str(bank), sources], cwd=ROOT,
                                           capture_output=True, text=True, check=True).stdout)
        cli = [sys.executable, "-m", "sourcequiz.cli", "check", str(bank), "--sources", sources]
        walls = [wall_and_peak(cli, ROOT) for _ in range(3)]
    best = min(walls, key=lambda w: w["wall"])
    return [
        ("check: questions in the bench bank", count, "", f">= {TARGET_QUESTIONS}"),
        ("check: in-process load + check (cold engine)", inproc["load"] + inproc["check"], "s", "< 1 s"),
        ("check: in-process check only (cold engine)", inproc["check"], "s", ""),
        ("check: in-process check again (warm engine)", inproc["warm"], "s", ""),
        ("check: CLI wall time (best of 3)", best["wall"], "s", "< 2 s"),
        ("check: CLI peak memory", max(w["peak_mb"] for w in walls), "MB", "< 200 MB"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
