"""The static quiz: escaped bank text, ids from question ids, accessible markup, small self-contained assets."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from quiz_support import HOSTILE_PROMPT, make_course
from sourcequiz import html
from sourcequiz.payload import build_payload

ASSET_LIMIT = 25_000  # bytes of quiz.js + quiz.css together, unminified


class Elements(HTMLParser):
    """Every element with its attributes, and the text of each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def parse(markup: str) -> Elements:
    parser = Elements()
    parser.feed(markup)
    return parser


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("course"), hostile=True)


def test_hostile_bank_text_is_text(course):
    payload = build_payload("hostile", root=course)
    markup = html.render(payload)
    page = parse(markup)
    assert [t for t, _ in page.elements].count("script") == 1  # only the JSON payload block
    assert [t for t, _ in page.elements if t in ("img", "b", "i")] == []
    assert HOSTILE_PROMPT in "".join(page.text)  # shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    data = page.scripts[0]
    assert "<" not in data and ">" not in data  # nothing in the JSON can close the script element
    assert json.loads(data)["questions"][0]["prompt"] == HOSTILE_PROMPT
    assert "Hostile &lt;b&gt;title&lt;/b&gt;" in markup


def test_inline_assets_make_a_fragment_that_works_alone(course):
    markup = html.render(build_payload("hostile", root=course), inline_assets=True)
    page = parse(markup)
    assert [t for t, _ in page.elements].count("script") == 2 and "<style>" in markup
    assert "sq-quiz" in page.scripts[1]  # quiz.js itself


def test_ids_come_from_question_ids_and_are_the_same_every_time(course):
    payload = build_payload("starter", shuffle=True, seed=4, root=course)
    first, second = html.render(payload), html.render(build_payload("starter", shuffle=True, seed=4, root=course))
    assert first == second
    page = parse(first)
    ids = [a["id"] for _, a in page.elements if "id" in a]
    assert len(ids) == len(set(ids))
    question_ids = {q["id"] for q in payload["questions"]}
    for element_id in ids:
        assert element_id.startswith("sq-starter")
    for question_id in question_ids:
        assert f"sq-starter--{question_id}" in ids
    for _, attrs in page.elements:  # every reference points at an element of the fragment
        for name in ("for", "aria-describedby", "aria-labelledby"):
            if name in attrs:
                assert set(attrs[name].split()) <= set(ids), (name, attrs[name])
    assert html.render(payload, suffix="-2").count('class="sq-q" id="sq-starter-2--') == len(question_ids)


def test_native_accessible_controls(course):
    page = parse(html.render(build_payload("starter", root=course)))
    tags = [t for t, _ in page.elements]
    assert tags.count("fieldset") == tags.count("legend") == 7
    inputs = [a for t, a in page.elements if t == "input"]
    assert {a["type"] for a in inputs} == {"radio", "checkbox", "text"}
    labelled = {a["for"] for t, a in page.elements if t == "label"}
    assert all(a["id"] in labelled for a in inputs)
    assert all(a.get("id") in labelled for t, a in page.elements if t == "select")
    assert all(a.get("type") == "button" for t, a in page.elements if t == "button")
    moves = [a["aria-label"] for t, a in page.elements if t == "button" and "aria-label" in a]
    assert "Move up: The Soviet Army invades Afghanistan" in moves
    live = [a for _, a in page.elements if a.get("aria-live") == "polite"]
    assert len(live) == 7 + 2  # each question's feedback, the score, the announcer


def test_the_page_says_the_answers_are_in_it():
    page = parse(html.render({"key": "k", "title": "T", "exam": False, "shuffle": False, "seed": None,
                              "questions": []}))
    assert "answers are in this page" in "".join(page.text)
    assert "Instructors" in "".join(page.text) and "sourcequiz export" in "".join(page.text)


def test_exam_mode_has_submit_and_no_per_question_check(course):
    page = parse(html.render(build_payload("starter", exam=True, root=course)))
    classes = [a.get("class", "") for t, a in page.elements if t == "button"]
    assert "sq-submit" in classes and "sq-check" not in classes


def test_assets_are_small_and_need_no_network():
    assert html.asset_bytes() <= ASSET_LIMIT
    for name in html.ASSETS:
        text = html.asset(name)
        assert not re.search(r"https?://|//cdn|fetch\(|XMLHttpRequest|import\(|@import|url\(|eval\(", text), name
    # HTML is parsed only from the kernel's markup (html.py's, bank text escaped there), never from bank text
    sinks = re.findall(r"innerHTML\s*=\s*([^;]*);", html.asset("quiz.js"))
    assert sorted(sinks) == ['model.get("markup")', 'model.get("verdict")']
    assert "outerHTML" not in html.asset("quiz.js") and "insertAdjacentHTML" not in html.asset("quiz.js")


@pytest.mark.parametrize("name", ["quiz.js", "progress.js"])
def test_the_classic_copy_is_the_module_with_its_exports_on_window(name):
    """The book loads the modules as classic scripts (a page opened from disk refuses modules): the same code,
    wrapped, with nothing left that only a module may hold."""
    classic = html.classic_script(name)
    assert not re.search(r"^\s*(import|export)\b", classic, re.M)
    module_lines = [line for line in html.asset(name).splitlines() if not re.match(r"(import|export default) ", line)]
    assert all(line.removeprefix("export ") in classic for line in module_lines)
    if name == "quiz.js":
        assert "window.sourcequiz = Object.assign(window.sourcequiz || {}, { grade, render });" in classic
    else:
        assert "const { grade } = window.sourcequiz;" in classic


def test_an_unknown_import_in_a_module_is_refused(monkeypatch):
    monkeypatch.setattr(html, "asset", lambda name: 'import { x } from "./other.js";\n')
    html.classic_script.cache_clear()
    with pytest.raises(ValueError, match="an import or export this conversion does not know"):
        html.classic_script("quiz.js")
    html.classic_script.cache_clear()
