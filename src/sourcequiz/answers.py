"""What the browser reports about an answer, checked before the kernel keeps it.

The browser grades: static/quiz.js holds the only implementation of the grading rules, because the
static book and a notebook saved without a kernel must grade with no Python behind them
(tests/data/grading_cases.json is their table of cases). The kernel does not grade a second time; it
keeps the verdict the browser sends, once its shape fits the question: a student who forges a
message in their own browser only misleads their own kernel. Nothing here raises on bad input.
"""

from __future__ import annotations

from typing import Any

MAX_TEXT = 2_000  # characters of a typed answer kept


def _index(value: Any, count: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < count


def _shaped(question: dict, answer: Any) -> bool:
    """Is `answer` an answer the quiz's controls could give to `question`? (None: not answered, exam mode.)"""
    if answer is None:
        return True
    kind = question["type"]
    if kind == "single":
        return _index(answer, len(question["options"]))
    if kind == "multiple":
        count = len(question["options"])
        return (isinstance(answer, list) and len(set(map(repr, answer))) == len(answer)
                and all(_index(i, count) for i in answer))
    if kind == "true_false":
        return isinstance(answer, bool)
    if kind in ("numeric", "text"):
        return isinstance(answer, str) and len(answer) <= MAX_TEXT
    if kind == "order":
        count = len(question["items"])
        return isinstance(answer, list) and all(_index(i, count) for i in answer) and sorted(answer) == list(range(count))
    if kind == "match":
        count = len(question["pairs"])
        return (isinstance(answer, list) and len(answer) == count
                and all(i is None or _index(i, count) for i in answer))
    return False


def accept(questions: dict[str, dict], content: dict) -> tuple[str, Any, bool] | None:
    """(question id, answer, correct) from an `answer` message, or None when it does not fit the quiz."""
    question_id, answer, correct = content.get("id"), content.get("answer"), content.get("correct")
    if not isinstance(question_id, str) or question_id not in questions or not isinstance(correct, bool):
        return None
    question = questions[question_id]
    if not _shaped(question, answer) or (answer is None and correct):
        return None
    if isinstance(answer, list):
        answer = list(answer)
    return question_id, answer, correct


def answer_text(question: dict, answer: Any) -> Any:
    """An accepted answer in words: option texts, True/False, the typed text, items in order, {left: right}."""
    if answer is None:
        return None
    kind = question["type"]
    if kind == "single":
        return question["options"][answer]["text"]
    if kind == "multiple":
        return [question["options"][i]["text"] for i in sorted(answer)]
    if kind == "order":
        return [question["items"][i] for i in answer]
    if kind == "match":
        return {pair["left"]: None if chosen is None else question["pairs"][chosen]["right"]
                for pair, chosen in zip(question["pairs"], answer)}
    return answer
