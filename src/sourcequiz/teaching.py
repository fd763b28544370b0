"""Where the course teaches each question, and which questions a chapter's page quiz may ask.

A question's `taught` names the chapter (and optionally the section) whose prose teaches what it
asks; without one, the bank's `chapter`. A page quiz over a chapter's bank draws only questions
taught in that chapter or an earlier one, so it never tests what the page has not taught yet.

The reading order of chapters is that of the book's `_toc.yml` when the course folder has one;
otherwise (a course installed without its book) the order of the chapter names, which the
course's `chNN_` names make the reading order.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml


def taught_chapter(question, bank_chapter: str | None) -> str | None:
    return question.taught.chapter if question.taught else bank_chapter


def chapter_order(root: Path | None, named: set[str]) -> list[str]:
    """The chapters in reading order: those of `_toc.yml` under `root`, then any other `named` ones."""
    listed = list(_toc_files(root / "_toc.yml")) if root else []
    return listed + sorted(c for c in named if c not in listed)


def taught_by(questions: list, bank_chapter: str | None, root: Path | None) -> list:
    """The questions taught in `bank_chapter` or before it; all of them for a bank without a chapter."""
    if not bank_chapter:
        return list(questions)
    named = {bank_chapter} | {taught_chapter(q, bank_chapter) for q in questions}
    order = chapter_order(root, named)
    last = order.index(bank_chapter)
    return [q for q in questions if order.index(taught_chapter(q, bank_chapter)) <= last]


def _toc_files(path: Path) -> tuple[str, ...]:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return ()
    return _read_toc(path, stamp)


@lru_cache(maxsize=8)
def _read_toc(path: Path, stamp: int) -> tuple[str, ...]:
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ()  # the book's own build reports a broken table of contents
    files: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("root"), str):
                files.append(Path(node["root"]).stem)
            if isinstance(node.get("file"), str):
                files.append(Path(node["file"]).stem)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return tuple(dict.fromkeys(files))
