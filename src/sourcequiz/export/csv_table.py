"""CSV: one question a row, for spreadsheets and other tools' importers.

Spreadsheet programs run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula, so such a cell is written with a leading `'` (OWASP's rule for CSV injection),
unless it is a plain number such as `-5`. A program reading the table back drops that `'`.
"""

from __future__ import annotations

import csv
import io
import re

from .present import answer_text, evidence_lines, present

EXTENSION = ".csv"
COLUMNS = ("id", "bank", "type", "difficulty", "tags", "year", "prompt", "choices", "answer",
           "explanation", "evidence")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def cell(value) -> str:
    """A cell that a spreadsheet shows as typed, never runs."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text) else text


def choices(shown) -> list[str]:
    """What the student chooses from, in the shown order."""
    if shown.question.type == "match":
        return [p.left for p in shown.pairs] + [f"→ {right}" for right in shown.rights]
    return [o.text for o in shown.options] or shown.items


def export(qset, sources, result) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for question in qset.questions:
        shown = present(qset.seed, question)
        year = question.year
        writer.writerow(cell(value) for value in [
            question.id, qset.banks.get(question.id, qset.name), question.type, question.difficulty,
            " ".join(question.tags), "" if year is None else (f"{year[0]}-{year[1]}" if isinstance(year, tuple) else year),
            question.prompt, "\n".join(choices(shown)), answer_text(question), question.explanation or "",
            "\n".join(evidence_lines(question, sources)),
        ])
    return buffer.getvalue().encode("utf-8-sig")  # the mark lets spreadsheet programs read UTF-8
