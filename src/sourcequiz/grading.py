"""Grading one answer against a question's payload: the rules the widgets use and static/quiz.js mirrors
for the book, so a student gets the same verdict in a notebook and in the online book."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

NUMBER_JUNK = re.compile(r"[,\s_\u00a0\u2009\u202f']")


def parse_number(text: str, unit: str = "") -> float | None:
    """A number typed by a student: `8,600`, `8600 troops`, `−3.5`; None when it is not a number."""
    text = unicodedata.normalize("NFKC", str(text)).strip().replace("\u2212", "-")
    if unit and text.lower().endswith(unit.lower()):
        text = text[: -len(unit)]
    text = NUMBER_JUNK.sub("", text)
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", text, re.I):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def normalize_text(text: str) -> str:
    """Ignore case, spacing and surrounding punctuation: `  khalilzad. ` == `Khalilzad`."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = " ".join(text.split())
    return text.strip(" .,;:!?\"'“”‘’")


@dataclass(frozen=True)
class Result:
    """The verdict on one answer; `answered` is False when there is nothing to grade yet."""

    answered: bool
    correct: bool = False
    feedback: tuple[str, ...] = ()
    message: str = ""


def grade(question: dict, answer: Any) -> Result:
    """Grade `answer` for a payload question.

    single: an option index; multiple: a collection of option indices; true_false: a bool;
    numeric and text: a string (a number is fine for numeric); order: item indices in the
    shown order; match: for each pair, the index of the chosen right-hand side (or None).
    """
    kind = question["type"]
    if kind == "single":
        if answer is None:
            return Result(False, message="Choose an option first.")
        option = question["options"][answer]
        return Result(True, option["correct"], tuple(filter(None, [option["feedback"]])))
    if kind == "multiple":
        chosen = set(answer or ())
        if not chosen:
            return Result(False, message="Choose at least one option first.")
        keyed = {i for i, o in enumerate(question["options"]) if o["correct"]}
        notes = tuple(question["options"][i]["feedback"] for i in sorted(chosen) if question["options"][i]["feedback"])
        return Result(True, chosen == keyed, notes)
    if kind == "true_false":
        if answer is None:
            return Result(False, message="Choose True or False first.")
        notes = () if question["answer"] else (f"Correction: {question['correction']}",)
        return Result(True, bool(answer) == question["answer"], notes)
    if kind == "numeric":
        value = answer if isinstance(answer, (int, float)) and not isinstance(answer, bool) \
            else parse_number(answer or "", question["unit"])
        if value is None:
            return Result(False, message="Type a number first, such as 1,500 or 2.5.")
        tolerance = question["tolerance"] + 1e-9 * max(1.0, abs(question["answer"]))
        return Result(True, abs(value - question["answer"]) <= tolerance)
    if kind == "text":
        given = normalize_text(answer or "")
        if not given:
            return Result(False, message="Type an answer first.")
        return Result(True, given in {normalize_text(a) for a in question["answers"]})
    if kind == "order":
        order = list(answer)
        return Result(True, order == sorted(order))
    if kind == "match":
        chosen = list(answer or ())
        if not chosen or any(c is None for c in chosen):
            return Result(False, message="Choose a match for every item first.")
        right = sum(c == i for i, c in enumerate(chosen))
        total = len(question["pairs"])
        return Result(True, right == total, () if right == total else (f"{right} of {total} matches are right.",))
    raise ValueError(f"unknown question type {kind!r}")
