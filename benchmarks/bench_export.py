"""Time to export a 300-question set to every format (target: under 3 s in all)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run():
    from sourcequiz.export import FORMATS, export_set
    from sourcequiz.selection import Query, QuestionSet, select
    from sourcequiz.sources import SourceRegistry

    sources = SourceRegistry.load(ROOT / "sources")
    drawn = select(Query(), seed=1, banks_dir=ROOT / "quizzes", sources_dir=ROOT / "sources")
    questions = list(drawn.questions)
    banks = dict(drawn.banks)
    while len(questions) < 300:  # repeat with renamed ids if the bank is still smaller
        extra = [q.model_copy(update={"id": f"{q.id}-r{len(questions)}"}) for q in drawn.questions]
        banks.update({q.id: drawn.banks[o.id] for q, o in zip(extra, drawn.questions)})
        questions.extend(extra)
    qset = QuestionSet("bench", "Bench", 1, Query(), questions[:300], banks)
    rows, total = [], 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name in FORMATS:
            start = time.perf_counter()
            export_set(qset, name, Path(folder) / f"bench-{name}", sources)
            elapsed = time.perf_counter() - start
            total += elapsed
            rows.append((f"export 300 questions: {name}", elapsed, "s", ""))
    rows.append(("export 300 questions: all formats", total, "s", "< 3 s"))
    return rows
