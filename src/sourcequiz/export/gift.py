"""Moodle's GIFT text format. Every text field escapes `\\ ~ = # { } :` and writes newlines as `\\n`.

Moodle's importer (question/format/gift) reads more than those characters, so more is guarded:
a text starting with `[` (a format such as `[html]`) or `%` (a weight such as `%50%`) is written
after an explicit `[plain]`; an option or matching item holding `->` (the pair separator, which
GIFT cannot escape) is written as escaped HTML; a short answer holding `->` would turn the question
into a matching one, so that question is skipped with a message; the title goes on one comment line.

Order questions become matching questions (each item to its position: 1st, 2nd, ...).
"""

from __future__ import annotations

import html

from .moodle_fractions import split_fractions
from .present import evidence_lines, present

EXTENSION = ".gift"
SPECIAL = "\\~=#{}:"
ARROW = "->"


def escape(text: str) -> str:
    out = "".join(f"\\{c}" if c in SPECIAL else c for c in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def rich(text: str) -> str:
    """A text Moodle parses for a leading format or weight: escaped, and marked plain when it could start one."""
    return ("[plain]" if text[:1] in ("[", "%") else "") + escape(text)


def choice(text: str) -> str:
    """An option or the left side of a pair: importers read `=a -> b` as a matching pair."""
    return f"[html]{escape(html.escape(text))}" if ARROW in text else rich(text)


def feedback(text: str | None) -> str:
    return f"#{rich(text)}" if text else ""


def general_feedback(question, sources) -> str:
    parts = [question.explanation or "", *("Evidence: " + line for line in evidence_lines(question, sources))]
    return rich("\n".join(p for p in parts if p))


def answers(qset, question) -> str:
    shown = present(qset.seed, question)
    kind = question.type
    if kind == "single":
        return "\n".join(f"{'=' if o.correct else '~'}{choice(o.text)}{feedback(o.feedback)}" for o in shown.options)
    if kind == "multiple":
        right, wrong = split_fractions(sum(o.correct for o in shown.options), len(shown.options))
        return "\n".join(f"~%{right if o.correct else wrong}%{choice(o.text)}{feedback(o.feedback)}"
                         for o in shown.options)
    if kind == "true_false":
        wrong_feedback = feedback(question.correction) if not question.answer and question.correction else "#"
        return f"{'TRUE' if question.answer else 'FALSE'}{wrong_feedback}"
    if kind == "numeric":
        return f"#{question.answer:g}:{question.tolerance:g}"
    if kind == "text":
        return " ".join(f"={rich(a)}" for a in question.answers)
    return "\n".join(f"={choice(p.left)} -> {escape(p.right)}" for p in shown.pairs)


def export(qset, sources, result) -> bytes:
    title = " ".join(qset.title.splitlines())  # a second line would be read as GIFT, not comment
    lines = [f"// {title}: exported by sourcequiz (set {qset.name}, seed {qset.seed})",
             f"$CATEGORY: $course$/top/sourcequiz/{qset.name}", ""]
    for question in qset.questions:
        if question.type == "text" and any(ARROW in a for a in question.answers):
            result.skipped.append(f"{question.id}: an accepted answer holds '->', which GIFT reads as a "
                                  f"matching pair; the question is left out of the GIFT file")
            continue
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
