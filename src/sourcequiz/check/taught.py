"""Where a question is taught: its `taught` chapter must be a chapter checked with the banks, and
its `section` a MyST label, `(label)=`, in that chapter. Judged only when chapters are checked."""

from __future__ import annotations

import re
from pathlib import Path

from .report import Finding

LABEL = re.compile(r"^\(([^()\s]+)\)=\s*$", re.MULTILINE)


def chapter_labels(files: list[Path]) -> dict[str, set[str]]:
    """Chapter name (file name without .md) -> the MyST labels it defines."""
    return {path.stem: set(LABEL.findall(path.read_text(encoding="utf-8", errors="replace"))) for path in files}


def check(question, line: int | None, chapters: dict[str, set[str]]) -> list[Finding]:
    taught = question.taught
    if taught is None or not chapters:
        return []
    if taught.chapter not in chapters:
        known = ", ".join(sorted(chapters))
        return [Finding("taught-unknown", "error", f"taught: no chapter {taught.chapter!r} among the chapters "
                        f"checked ({known})", line)]
    if taught.section and taught.section not in chapters[taught.chapter]:
        return [Finding("taught-unknown", "error", f"taught: chapter {taught.chapter!r} has no section labelled "
                        f"{taught.section!r}; expected a `({taught.section})=` line above a heading", line)]
    return []
