"""How a question is shown in an export: options in the set's shuffled order, and the faithful
mappings for formats that lack a type (an order question becomes matching items to positions).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Option, OrderQuestion, Pair, Question
from ..selection import answer_hiding_order, option_order


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Shown:
    question: Question
    options: list[Option]          # single, multiple: shuffled by the set's seed
    items: list[str]               # order: the items in shuffled (shown) order
    pairs: list[Pair]              # match; order as matching: item -> "1st", "2nd", ...
    rights: list[str]              # the right-hand sides in shuffled (shown) order


def present(seed: int, question: Question) -> Shown:
    options, items, pairs, rights = [], [], [], []
    if hasattr(question, "options"):
        options = [question.options[i] for i in option_order(seed, question)]
    if isinstance(question, OrderQuestion):
        order = answer_hiding_order(seed, question, len(question.items))
        items = [question.items[i] for i in order]
        pairs = [Pair(left=question.items[i], right=ordinal(i + 1)) for i in order]
        rights = [ordinal(i + 1) for i in range(len(question.items))]
    if question.type == "match":
        pairs = list(question.pairs)
        rights = [question.pairs[i].right for i in answer_hiding_order(seed, question, len(question.pairs))]
    return Shown(question, options, items, pairs, rights)


def evidence_lines(question: Question, sources) -> list[str]:
    """Each evidence quote with the title of its source, for answer keys and feedback."""
    return [f"“{e.quote}” ({sources[e.source].title}, {e.source})" for e in question.evidence]


def answer_text(question: Question) -> str:
    """The key in words, for answer keys, CSV and Anki."""
    kind = question.type
    if kind in ("single", "multiple"):
        return "; ".join(o.text for o in question.options if o.correct)
    if kind == "true_false":
        return "True" if question.answer else f"False. {question.correction}"
    if kind == "numeric":
        value = f"{question.answer:g}"
        tolerance = f" (± {question.tolerance:g})" if question.tolerance else ""
        return f"{value}{' ' + question.unit if question.unit else ''}{tolerance}"
    if kind == "text":
        return " / ".join(question.answers)
    if kind == "order":
        return " → ".join(question.items)
    return "; ".join(f"{p.left} → {p.right}" for p in question.pairs)
