"""Moodle's GIFT text format. Every text field escapes `\\ ~ = # { } :` and writes newlines as `\\n`.

Order questions become matching questions (each item to its position: 1st, 2nd, ...).
"""

from __future__ import annotations

from .moodle_fractions import split_fractions
from .present import evidence_lines, present

EXTENSION = ".gift"
SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    out = "".join(f"\\{c}" if c in SPECIAL else c for c in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def feedback(text: str | None) -> str:
    return f"#{escape(text)}" if text else ""


def general_feedback(question, sources) -> str:
    parts = [question.explanation or "", *("Evidence: " + line for line in evidence_lines(question, sources))]
    return escape("\n".join(p for p in parts if p))


def answers(qset, question) -> str:
    shown = present(qset.seed, question)
    kind = question.type
    if kind == "single":
        return "\n".join(f"{'=' if o.correct else '~'}{escape(o.text)}{feedback(o.feedback)}" for o in shown.options)
    if kind == "multiple":
        right, wrong = split_fractions(sum(o.correct for o in shown.options), len(shown.options))
        return "\n".join(f"~%{right if o.correct else wrong}%{escape(o.text)}{feedback(o.feedback)}"
                         for o in shown.options)
    if kind == "true_false":
        wrong_feedback = f"#{escape(question.correction)}" if not question.answer and question.correction else "#"
        return f"{'TRUE' if question.answer else 'FALSE'}{wrong_feedback}"
    if kind == "numeric":
        return f"#{question.answer:g}:{question.tolerance:g}"
    if kind == "text":
        return " ".join(f"={escape(a)}" for a in question.answers)
    return "\n".join(f"={escape(p.left)} -> {escape(p.right)}" for p in shown.pairs)


def export(qset, sources, result) -> bytes:
    lines = [f"// {qset.title}: exported by sourcequiz (set {qset.name}, seed {qset.seed})",
             f"$CATEGORY: $course$/top/sourcequiz/{qset.name}", ""]
    for question in qset.questions:
        prompt = question.prompt
        if question.type == "order":
            prompt = f"{prompt}\n(Match each item to its position in the correct order.)"
        lines.append(f"// tags: {' '.join(question.tags)}" if question.tags else f"// {question.type}")
        lines.append(f"::{escape(question.id)}::[plain]{escape(prompt)}{{")
        lines.append(answers(qset, question))
        lines.append(f"####{general_feedback(question, sources)}")
        lines.append("}")
        lines.append("")
    return "\n".join(lines).encode("utf-8")
