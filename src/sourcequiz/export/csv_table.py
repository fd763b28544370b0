"""CSV: one question a row, for spreadsheets and other tools' importers."""

from __future__ import annotations

import csv
import io

from .present import answer_text, evidence_lines, present

EXTENSION = ".csv"
COLUMNS = ("id", "bank", "type", "difficulty", "tags", "year", "prompt", "choices", "answer",
           "explanation", "evidence")


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
        writer.writerow([
            question.id, qset.banks.get(question.id, qset.name), question.type, question.difficulty,
            " ".join(question.tags), "" if year is None else (f"{year[0]}-{year[1]}" if isinstance(year, tuple) else year),
            question.prompt, "\n".join(choices(shown)), answer_text(question), question.explanation or "",
            "\n".join(evidence_lines(question, sources)),
        ])
    return buffer.getvalue().encode("utf-8-sig")  # the mark lets spreadsheet programs read UTF-8
