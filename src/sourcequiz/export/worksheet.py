"""Printable worksheets: the questions for students, and a separate answer key that cites the
evidence for each answer. What a worksheet says is built once here, as styled lines; this module
renders them to HTML and `worksheet_pdf` renders the same lines to PDF.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from html import escape

from .present import answer_text, present

EXTENSION = ".html"
LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class Line:
    style: str        # prompt, hint, choice, blank, pair, answer, text, evidence
    text: str
    label: str = ""   # a choice's letter, a pair's number, an evidence's source
    extra: str = ""   # a pair's right-hand side (letter and text)


def sheet_lines(seed: int, question) -> list[Line]:
    shown = present(seed, question)
    kind = question.type
    lines = [Line("prompt", question.prompt)]
    if kind in ("single", "multiple"):
        lines.append(Line("hint", "Choose one." if kind == "single" else "Choose every correct answer."))
        lines += [Line("choice", o.text, LETTERS[i]) for i, o in enumerate(shown.options)]
    elif kind == "true_false":
        lines += [Line("choice", "True", "A"), Line("choice", "False", "B"),
                  Line("blank", "If false, correct it:")]
    elif kind in ("numeric", "text"):
        unit = question.unit if kind == "numeric" and question.unit else ""
        lines.append(Line("blank", "Answer:", extra=unit))
    elif kind == "order":
        lines.append(Line("hint", f"Number the events from 1 (earliest) to {len(shown.items)}."))
        lines += [Line("choice", item, LETTERS[i]) for i, item in enumerate(shown.items)]
    else:
        lines.append(Line("hint", "Write the letter of the matching item beside each number."))
        lines += [Line("pair", pair.left, str(i + 1), f"{LETTERS[i]}. {right}")
                  for i, (pair, right) in enumerate(zip(shown.pairs, shown.rights))]
    return lines


def key_lines(seed: int, question, sources) -> list[Line]:
    shown = present(seed, question)
    if question.type in ("single", "multiple"):
        letters = ", ".join(LETTERS[i] for i, o in enumerate(shown.options) if o.correct)
        key = f"{letters}: {answer_text(question)}"
    elif question.type == "match":
        letters = {right: LETTERS[i] for i, right in enumerate(shown.rights)}
        key = "; ".join(f"{i + 1}-{letters[p.right]} ({p.right})" for i, p in enumerate(shown.pairs))
    elif question.type == "order":
        letters = {item: LETTERS[i] for i, item in enumerate(shown.items)}
        key = ", ".join(f"{letters[item]} ({item})" for item in question.items)
    else:
        key = answer_text(question)
    lines = [Line("prompt", question.prompt), Line("answer", key)]
    if question.explanation:
        lines.append(Line("text", question.explanation))
    lines += [Line("evidence", e.quote, f"{sources[e.source].title} ({e.source})") for e in question.evidence]
    return lines


def documents(qset, sources) -> dict[str, tuple[str, str, list[list[Line]]]]:
    """Suffix -> (title, subtitle, the lines of each question) for the worksheet and its key."""
    subtitle = f"{len(qset.questions)} questions · set {qset.name} · seed {qset.seed}"
    return {
        "": (qset.title, f"{subtitle} · Name: ____________________",
             [sheet_lines(qset.seed, q) for q in qset.questions]),
        "-answers": (f"{qset.title}: answer key", f"{subtitle} · every answer with its evidence",
                     [key_lines(qset.seed, q, sources) for q in qset.questions]),
    }


STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.45; color: #111; max-width: 46em; margin: auto; }
h1 { font-size: 17pt; margin-bottom: .2em; }
.meta { color: #444; font-size: 9.5pt; margin-bottom: 1.5em; }
ol.questions > li { margin-bottom: 1.1em; break-inside: avoid; }
.prompt { font-weight: 600; margin: 0 0 .2em; }
.choice, .pair { margin: .15em 0 .15em 1em; }
.box { display: inline-block; width: 1em; height: 1em; border: 1px solid #333; vertical-align: -.15em; margin-right: .4em; }
.blank { display: inline-block; min-width: 14em; border-bottom: 1px solid #333; height: 1.1em; }
.evidence { border-left: 3px solid #777; padding-left: .6em; margin: .3em 0; font-size: 10pt; }
.source { color: #444; font-style: italic; }
"""


def line_html(line: Line) -> str:
    text = escape(line.text)
    if line.style == "prompt":
        return f"<p class=\"prompt\">{text}</p>"
    if line.style == "hint":
        return f"<p><em>{text}</em></p>"
    if line.style == "choice":
        return f"<p class=\"choice\"><span class=\"box\"></span>{escape(line.label)}. {text}</p>"
    if line.style == "blank":
        unit = f" {escape(line.extra)}" if line.extra else ""
        return f"<p>{text} <span class=\"blank\"></span>{unit}</p>"
    if line.style == "pair":
        return (f"<p class=\"pair\">{escape(line.label)}. {text} <span class=\"box\"></span>"
                f" &nbsp; {escape(line.extra)}</p>")
    if line.style == "answer":
        return f"<p><strong>Answer:</strong> {text}</p>"
    if line.style == "evidence":
        return f"<blockquote class=\"evidence\">“{text}” <span class=\"source\">— {escape(line.label)}</span></blockquote>"
    return f"<p>{text}</p>"


def render_html(title: str, subtitle: str, questions: list[list[Line]]) -> str:
    items = "".join("<li>" + "".join(line_html(line) for line in lines) + "</li>" for lines in questions)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1><p class=\"meta\">{escape(subtitle)}</p>"
            f"<ol class=\"questions\">{items}</ol></body></html>\n")


def export(qset, sources, result) -> dict[str, bytes]:
    return {suffix: render_html(*document).encode("utf-8") for suffix, document in documents(qset, sources).items()}
