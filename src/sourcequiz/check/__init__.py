"""The accuracy checker (`sourcequiz check`): is every quiz answer proven by the source texts?

One module per check, each a function `check(ctx) -> list[Finding]`:

- quotes: each quote, and each `...` fragment, is in the cited source, in order;
- keys: the answer key is supported by the evidence (per question type);
- options: no distractor means the same as the key; distractors found in the evidence;
- disagreements: another source gives a different value for the keyed fact;
- known_issues: the evidence rests on a passage listed under a source's known_issues;
- chapters: chapter citations, and numbers and dates no citation supports.

`check_course(root)` checks a whole course (its quizzes/, sources/ and chapters/);
`check_banks(result, sources)` checks banks already loaded. Both return a `Report`.
The checker never writes a file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..loader import LoadResult, load_banks
from ..sources import SourceRegistry
from . import (attribution, disagreements, distractors, keys, known_issues, opposites, options, pairs, polarity, quotes,
               roles, swaps, taught)
from .chapters import chapter_files, check_chapter
from .context import QuestionContext
from .engine import Engine, engine_for
from .report import (CODES, ChapterReport, FileProblem, Finding, JsonReporter, Passage, QuestionReport, Report,
                     TextReporter)

CHECKS = (quotes.check, keys.check,
          polarity.check, opposites.check, roles.check, swaps.check, pairs.check, attribution.check,  # meaning
          distractors.check, options.check, disagreements.check, known_issues.check)

__all__ = ["check_course", "check_banks", "check_question", "Report", "QuestionReport", "ChapterReport",
           "Finding", "Passage", "FileProblem", "TextReporter", "JsonReporter", "CODES", "Engine", "engine_for"]

LABEL = re.compile(r"^question '([^']+)': ")


def check_question(loaded, question, sources: SourceRegistry, shown: str | None = None) -> QuestionReport:
    """One question's findings; `shown`: its file as the report names it (worked out here when not given)."""
    engine = engine_for(sources)
    ctx = QuestionContext(loaded, question, engine)
    report = QuestionReport(loaded.bank.bank, question.id, shown or loaded.display, ctx.line(), question.type)
    for check in CHECKS:
        report.findings.extend(check(ctx))
    return report


def check_banks(result: LoadResult, sources: SourceRegistry, chapters: list[Path] | None = None,
                banks_dir: Path | None = None) -> Report:
    """Check loaded banks and set files (and chapter files) against the sources; loader problems are kept.

    With `banks_dir`, a set file's snapshot is also compared with the banks it was drawn from.
    """
    report = Report(unusable=result.unusable)
    changed = _snapshot_changes(result, sources, banks_dir)
    shown = {id(loaded): loaded.display for loaded in result.banks}      # each file's path resolved once
    labels = taught.chapter_labels([p for p in chapter_files([d for d in chapters or [] if d.is_dir()])])
    for loaded, question in result.questions:
        checked = check_question(loaded, question, sources, shown[id(loaded)])
        checked.findings.extend(taught.check(question, loaded.line(question.id, "taught") if question.taught
                                             else None, labels))
        if (checked.file, question.id) in changed:
            checked.findings.append(Finding("set-snapshot-changed", "warning",
                                            changed[checked.file, question.id], checked.line))
        report.questions.append(checked)
    _add_load_problems(report, result)
    order = {shown[id(loaded)]: i for i, loaded in enumerate(result.banks)}
    report.questions.sort(key=lambda q: (order.get(q.file, len(order)), q.file, q.line or 0))
    for path in chapter_files(chapters or []):
        report.chapters.append(check_chapter(path, engine_for(sources)))
    return report


def check_course(root: Path | str, paths: list[Path] | None = None, sources_dir: Path | None = None,
                 chapters_dir: Path | None = None) -> Report:
    """Check a course: by default its quizzes/ against sources/, and chapters/ when it exists."""
    root = Path(root)
    sources = SourceRegistry.load(sources_dir or root / "sources")
    result = load_banks(paths or [root / "quizzes"], sources)
    if chapters_dir is None and (root / "chapters").is_dir():
        chapters_dir = root / "chapters"
    pages = [chapters_dir] if chapters_dir else []
    if chapters_dir == root / "chapters":          # the course's other cited pages: the intro and the reference pages
        pages += [p for p in (root / "intro.md", root / "reference") if p.exists()]
    return check_banks(result, sources, pages, banks_dir=root / "quizzes")


def _snapshot_changes(result: LoadResult, sources: SourceRegistry, banks_dir: Path | None) -> dict:
    """(set file, question id) -> why its snapshot differs from the banks, for the set files loaded."""
    from ..selection import changes_since_snapshot, read_set  # noqa: PLC0415 - only sets need it

    changes = {}
    if banks_dir is None or not banks_dir.is_dir():
        return changes
    for loaded in result.banks:
        if loaded.set_header is None:
            continue
        for warning in changes_since_snapshot(read_set(loaded.path, sources), banks_dir, sources):
            changes[loaded.display, warning.extra["question"]] = warning.message
    return changes


def _add_load_problems(report: Report, result: LoadResult) -> None:
    """Problems found while loading: per question when they name one, else per file."""
    bank_of = {b.display: b.bank.bank for b in result.banks}
    by_question: dict[tuple[str, str], QuestionReport] = {}
    for problem in result.problems:
        question_id = problem.extra.get("question")
        label = LABEL.match(problem.message)
        if question_id is None and label:
            question_id = label.group(1)
        code = problem.code if problem.code in CODES else "format"
        finding = Finding(code, "error", LABEL.sub("", problem.message), problem.line)
        if question_id is None:
            report.files.append(FileProblem(problem.path, finding))
            continue
        key = (problem.path, question_id)
        if key not in by_question:
            bank = bank_of.get(problem.path, Path(problem.path).stem)
            by_question[key] = QuestionReport(bank, question_id, problem.path, problem.line)
            report.questions.append(by_question[key])
        by_question[key].findings.append(finding)
