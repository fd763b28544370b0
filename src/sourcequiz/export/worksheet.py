"""Printable worksheets: the questions for students, and a separate answer key that cites the
evidence for each answer. HTML here; `worksheet_pdf` prints the same pages to PDF.
"""

from __future__ import annotations

import string
from html import escape

from .present import answer_text, present

EXTENSION = ".html"
STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.45; color: #111; max-width: 46em; margin: auto; }
h1 { font-size: 17pt; margin-bottom: .2em; }
.meta { color: #444; font-size: 9.5pt; margin-bottom: 1.5em; }
ol.questions > li { margin-bottom: 1.1em; break-inside: avoid; }
.prompt { font-weight: 600; }
ol.choices { list-style: upper-alpha; margin: .3em 0; }
.box { display: inline-block; width: 1.1em; height: 1.1em; border: 1px solid #333; vertical-align: middle; margin-right: .4em; }
.blank { display: inline-block; min-width: 14em; border-bottom: 1px solid #333; height: 1.2em; }
table.match { border-collapse: collapse; margin-top: .3em; }
table.match td { padding: .15em .8em .15em 0; vertical-align: top; }
.key { margin: .2em 0; }
.evidence { border-left: 3px solid #777; padding-left: .6em; margin: .3em 0; font-size: 10pt; }
.source { color: #444; font-style: italic; }
"""


def page(title: str, subtitle: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
            f"<p class=\"meta\">{escape(subtitle)}</p>{body}</body></html>\n")


def question_html(seed: int, question) -> str:
    shown = present(seed, question)
    kind = question.type
    parts = [f"<p class=\"prompt\">{escape(question.prompt)}</p>"]
    if kind in ("single", "multiple"):
        hint = "Choose one." if kind == "single" else "Choose every correct answer."
        parts.append(f"<p><em>{hint}</em></p><ol class=\"choices\">")
        parts += [f"<li><span class=\"box\"></span>{escape(o.text)}</li>" for o in shown.options]
        parts.append("</ol>")
    elif kind == "true_false":
        parts.append("<p><span class=\"box\"></span>True &nbsp; <span class=\"box\"></span>False</p>"
                     "<p>If false, correct it: <span class=\"blank\"></span></p>")
    elif kind in ("numeric", "text"):
        unit = f" {escape(question.unit)}" if kind == "numeric" and question.unit else ""
        parts.append(f"<p>Answer: <span class=\"blank\"></span>{unit}</p>")
    elif kind == "order":
        parts.append("<p><em>Number the events from 1 (earliest) to "
                     f"{len(shown.items)}.</em></p><ol class=\"choices\">")
        parts += [f"<li><span class=\"box\"></span>{escape(item)}</li>" for item in shown.items]
        parts.append("</ol>")
    else:
        letters = string.ascii_uppercase
        parts.append("<p><em>Write the letter of the matching item on each line.</em></p><table class=\"match\">")
        for i, (pair, right) in enumerate(zip(shown.pairs, shown.rights)):
            parts.append(f"<tr><td>{i + 1}. {escape(pair.left)}</td><td><span class=\"box\"></span></td>"
                         f"<td>{letters[i]}. {escape(right)}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def key_html(seed: int, question, sources) -> str:
    shown = present(seed, question)
    if question.type in ("single", "multiple"):
        letters = ", ".join(string.ascii_uppercase[i] for i, o in enumerate(shown.options) if o.correct)
        key = f"{letters}: {answer_text(question)}"
    elif question.type == "match":
        letters = {right: string.ascii_uppercase[i] for i, right in enumerate(shown.rights)}
        key = "; ".join(f"{i + 1} → {letters[p.right]} ({p.right})" for i, p in enumerate(shown.pairs))
    else:
        key = answer_text(question)
    evidence = "".join(
        f"<blockquote class=\"evidence\">“{escape(e.quote)}” <span class=\"source\">— "
        f"{escape(sources[e.source].title)} ({escape(e.source)})</span></blockquote>" for e in question.evidence)
    why = f"<p>{escape(question.explanation)}</p>" if question.explanation else ""
    return f"<p class=\"prompt\">{escape(question.prompt)}</p><p class=\"key\"><strong>Answer:</strong> {escape(key)}</p>{why}{evidence}"


def pages(qset, sources) -> dict[str, str]:
    subtitle = f"{len(qset.questions)} questions · set {qset.name} · seed {qset.seed}"
    questions = "".join(f"<li>{question_html(qset.seed, q)}</li>" for q in qset.questions)
    keys = "".join(f"<li>{key_html(qset.seed, q, sources)}</li>" for q in qset.questions)
    return {
        "": page(qset.title, subtitle + " · Name: ____________________",
                 f"<ol class=\"questions\">{questions}</ol>"),
        "-answers": page(f"{qset.title}: answer key", subtitle + " · every answer with its evidence",
                         f"<ol class=\"questions\">{keys}</ol>"),
    }


def export(qset, sources, result) -> dict[str, bytes]:
    return {suffix: text.encode("utf-8") for suffix, text in pages(qset, sources).items()}
