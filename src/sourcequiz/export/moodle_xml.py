"""Moodle XML, as Moodle's importer (question/format/xml/format.php) reads it.

Each bank of the set becomes a category; tags, per-option feedback and a general
feedback with the evidence are kept. Order questions become matching questions
(each item to its position). Text is plain text, escaped into HTML paragraphs.
"""

from __future__ import annotations

import html

from lxml import etree

from .moodle_fractions import split_fractions
from .present import evidence_lines, present

EXTENSION = ".xml"
TYPES = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
         "numeric": "numerical", "text": "shortanswer", "order": "matching", "match": "matching"}


def as_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n")) if text else ""


def text_element(parent, tag: str, text: str, as_html_text: bool = True, **attributes):
    element = etree.SubElement(parent, tag, format="html" if as_html_text else "plain_text", **attributes)
    etree.SubElement(element, "text").text = as_html(text) if as_html_text else text
    return element


def plain(parent, tag: str, text: str):
    etree.SubElement(parent, tag).text = text


def answer(parent, fraction: str, text: str, feedback: str | None = None, as_html_text: bool = True):
    element = text_element(parent, "answer", text, as_html_text, fraction=fraction)
    text_element(element, "feedback", feedback or "")
    return element


def general_feedback(question, sources) -> str:
    parts = [question.explanation or "", *("Evidence: " + line for line in evidence_lines(question, sources))]
    return "\n".join(p for p in parts if p)


def add_question(quiz, qset, question, sources):
    shown = present(qset.seed, question)
    kind = question.type
    node = etree.SubElement(quiz, "question", type=TYPES[kind])
    name = etree.SubElement(node, "name")
    etree.SubElement(name, "text").text = question.id
    prompt = question.prompt
    if kind == "order":
        prompt += "\n(Match each item to its position in the correct order.)"
    text_element(node, "questiontext", prompt)
    text_element(node, "generalfeedback", general_feedback(question, sources))
    plain(node, "defaultgrade", "1")
    plain(node, "penalty", "0.3333333")
    plain(node, "hidden", "0")
    plain(node, "idnumber", question.id)
    if kind in ("single", "multiple"):
        plain(node, "single", "true" if kind == "single" else "false")
        plain(node, "shuffleanswers", "false")  # already shuffled by the set's seed
        plain(node, "answernumbering", "abc")
        right, wrong = ("100", "0") if kind == "single" else split_fractions(
            sum(o.correct for o in shown.options), len(shown.options))
        for option in shown.options:
            answer(node, right if option.correct else wrong, option.text, option.feedback)
    elif kind == "true_false":
        wrong_feedback = question.correction if not question.answer else None
        answer(node, "100" if question.answer else "0", "true", None if question.answer else wrong_feedback, False)
        answer(node, "0" if question.answer else "100", "false", None, False)
    elif kind == "numeric":
        element = answer(node, "100", f"{question.answer:g}", None, False)
        plain(element, "tolerance", f"{question.tolerance:g}")
        if question.unit:
            units = etree.SubElement(node, "units")
            unit = etree.SubElement(units, "unit")
            plain(unit, "multiplier", "1")
            plain(unit, "unit_name", question.unit)
            plain(node, "unitgradingtype", "0")
            plain(node, "showunits", "3")  # the unit is shown as text, not graded
            plain(node, "unitsleft", "0")
    elif kind == "text":
        plain(node, "usecase", "0")
        for accepted in question.answers:
            answer(node, "100", accepted, None, False)
    else:
        plain(node, "shuffleanswers", "true")
        for pair in shown.pairs:
            sub = text_element(node, "subquestion", pair.left)
            response = etree.SubElement(sub, "answer")
            etree.SubElement(response, "text").text = pair.right
    if question.tags:
        tags = etree.SubElement(node, "tags")
        for tag in question.tags:
            etree.SubElement(etree.SubElement(tags, "tag"), "text").text = tag


def export(qset, sources, result) -> bytes:
    quiz = etree.Element("quiz")
    # no title here: bank text in a comment could hold "--", which XML forbids there
    quiz.append(etree.Comment(f" exported by sourcequiz (set {qset.name}, seed {qset.seed}) "))
    current = None
    for question in qset.questions:
        bank = qset.banks.get(question.id, qset.name)
        if bank != current:
            category = etree.SubElement(etree.SubElement(quiz, "question", type="category"), "category")
            etree.SubElement(category, "text").text = f"$course$/top/sourcequiz/{qset.name}/{bank}"
            current = bank
        add_question(quiz, qset, question, sources)
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)
