"""Time to export a 300-question set to every format (target: under 3 s for all of them), with each LMS profile,
and to run the import ladder (`export --check`) on it.

Each format first exports one question, so that importing its libraries and loading its fonts (a
one-off cost of the first export in a process) is not counted. Wall and CPU time are both shown: on a
machine shared with other work, the CPU time is the steadier figure.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench_set(size: int = 300):
    from sourcequiz.selection import Query, QuestionSet, select

    drawn = select(Query(), seed=1, banks_dir=ROOT / "quizzes", sources_dir=ROOT / "sources")
    questions = list(drawn.questions)
    banks = dict(drawn.banks)
    while len(questions) < size:  # repeat with renamed ids if the bank is still smaller
        extra = [q.model_copy(update={"id": f"{q.id}-r{len(questions)}"}) for q in drawn.questions]
        banks.update({q.id: drawn.banks[o.id] for q, o in zip(extra, drawn.questions)})
        questions.extend(extra)
    return QuestionSet("bench", "Bench", 1, Query(), questions[:size], banks)


def timed(action, *args, **options) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action(*args, **options)
    return time.perf_counter() - wall, time.process_time() - cpu


def run():
    from sourcequiz.export import FORMATS, export_set, render
    from sourcequiz.export.ladder import check_set
    from sourcequiz.export.profiles import PROFILES
    from sourcequiz.sources import SourceRegistry

    sources = SourceRegistry.load(ROOT / "sources")
    qset = bench_set()
    one = bench_set(1)
    rows, wall_total, cpu_total = [], 0.0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name in FORMATS:
            render(one, name, sources)  # libraries and fonts loaded
            wall, cpu = timed(export_set, qset, name, Path(folder) / f"bench-{name}", sources)
            wall_total, cpu_total = wall_total + wall, cpu_total + cpu
            rows.append((f"export 300 questions: {name}", wall, "s", ""))
    rows.append(("export 300 questions: all formats", wall_total, "s", "< 3 s"))
    rows.append(("export 300 questions: all formats, CPU time", cpu_total, "s", "< 3 s"))
    for lms, profile in PROFILES.items():
        wall, _ = timed(render, qset, profile.formats[0], sources, lms)
        rows.append((f"export 300 questions: --lms {lms} ({profile.formats[0]})", wall, "s", ""))
    for fmt in ("anki", "gift", "qti12", "qti21", "qti3"):
        wall, _ = timed(check_set, qset, sources, [fmt], course_root=ROOT)
        rows.append((f"export --check 300 questions: {fmt}", wall, "s", ""))
    return rows
