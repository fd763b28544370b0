"""Static HTML rendering of a quiz payload, for the book and for notebook viewers.

The markup is complete without JavaScript (native fieldset/legend, radio and checkbox
inputs, labelled fields, buttons, selects); static/quiz.js (an ES module, the same one the
notebook widget runs; the book loads it as a classic script, `classic_script`) grades it in the browser from the payload in the `<script type="application/json">` block. Every bank text is escaped,
and every element id derives from the quiz key and the question ids, never from chance.
"""

from __future__ import annotations

import functools
import json
import re
from html import escape
from importlib.resources import files
from typing import Callable

STATIC = files("sourcequiz") / "static"
ASSETS = ("quiz.js", "quiz.css")
NOTICE_HTML = ("Self-study quiz: the answers are in this page, so it is for practice, not for graded work. "
               "Instructors: for graded work, draw a set with <code>sourcequiz select</code> and export it with "
               "<code>sourcequiz export</code> (Moodle, Canvas, QTI, GIFT) to a system that keeps the key hidden.")
Href = Callable[[dict], "str | None"]
# MathJax (v2 and v3 class names) skips the quiz: bank text is text, never math to typeset.
NO_MATH = "tex2jax_ignore mathjax_ignore"


@functools.cache
def asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


EXPORT_FUNCTION = re.compile(r"^export function (\w+)", re.MULTILINE)
EXPORT_DEFAULT = re.compile(r"^export default \{([\w\s,:]*)\};\n?", re.MULTILINE)
IMPORT_QUIZ = re.compile(r'^import \{([\w\s,]*)\} from "\./quiz\.js";', re.MULTILINE)
CLASSIC_SUFFIX = ".classic.js"


@functools.cache
def classic_script(name: str) -> str:
    """A module of static/ (quiz.js, progress.js) as a classic script, the same code: browsers refuse
    module scripts on a page opened from disk (file://), and a built book is often opened so. Its
    exports go to `window.sourcequiz`, and its import from quiz.js comes from there, so the classic
    quiz.js must run first (both deferred, in page order)."""
    source = asset(name)
    names = EXPORT_FUNCTION.findall(source)
    # a default export's `name` goes to window.sourcequiz too; `key: name` only renames what is exported already
    names += [n.strip() for group in EXPORT_DEFAULT.findall(source) for n in group.split(",")
              if n.strip() and ":" not in n]
    body = EXPORT_DEFAULT.sub("", EXPORT_FUNCTION.sub(r"function \1", source))
    body = IMPORT_QUIZ.sub(lambda m: f"const {{{m.group(1)}}} = window.sourcequiz;", body)
    if re.search(r"^\s*(?:import|export)\b", body, re.MULTILINE):
        raise ValueError(f"static/{name}: an import or export this conversion does not know")
    exported = f"\nwindow.sourcequiz = Object.assign(window.sourcequiz || {{}}, {{ {', '.join(names)} }});" if names else ""
    return f'(() => {{\n"use strict";\n{body}{exported}\n}})();\n'


def asset_bytes() -> int:
    """The size of the quiz's JavaScript and CSS together, unminified."""
    return sum(len((STATIC / name).read_bytes()) for name in ASSETS)


def e(text) -> str:
    return escape(str(text), quote=True)


def script_json(data) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` can end it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render(payload: dict, *, href: Href | None = None, inline_assets: bool = False, suffix: str = "") -> str:
    """The quiz as an HTML fragment.

    `href(evidence)` gives the link to an evidence passage (or None for no link).
    `suffix` keeps ids unique when one page shows the same quiz twice.
    `inline_assets` includes quiz.css and quiz.js, for a fragment that must work on its own.
    """
    key = payload["key"] + suffix
    base = f"sq-{key}"
    data = dict(payload, key=key, questions=[_linked(q, href) for q in payload["questions"]])
    exam = payload["exam"]
    total = len(payload["questions"])
    out = []
    if inline_assets:
        out.append(f"<style>{asset('quiz.css')}</style>")
    out.append(f'<section class="sq-quiz {NO_MATH}" id="{base}" data-sq-key="{e(key)}" aria-labelledby="{base}-title">')
    out.append(f'<p class="sq-title" id="{base}-title">Quiz: {e(payload["title"])}</p>')
    out.append(f'<p class="sq-notice">{NOTICE_HTML}</p>')  # our own markup, not bank text
    if exam:
        out.append('<p class="sq-mode">Exam mode: your answers are checked together when you press '
                   '<strong>Submit</strong>.</p>')
    out.append(f'<p class="sq-score" id="{base}-score" tabindex="-1" aria-live="polite">'
               f'{e(initial_score(total, exam))}</p>')
    out.append('<ol class="sq-list">')
    for question in payload["questions"]:
        out.append(render_question(question, base, exam))
    out.append("</ol>")
    out.append('<div class="sq-footer">')
    if exam:
        out.append('<button type="button" class="sq-submit">Submit</button>')
        out.append('<button type="button" class="sq-again" hidden>Try again</button>')
    out.append('<button type="button" class="sq-reset">Reset progress</button>')
    out.append("</div>")
    out.append(f'<p class="sq-sr sq-announce" id="{base}-announce" aria-live="polite"></p>')
    out.append(f'<script type="application/json" class="sq-data">{script_json(data)}</script>')
    out.append("</section>")
    if inline_assets:
        out.append(f"<script>{classic_script('quiz.js')}</script>")  # runs as soon as parsed, from disk too
    return "\n".join(out)


PROGRESS_LEFT_OUT = ("prompt", "explanation", "evidence")  # what grading never reads: not on the progress page


def progress_questions(questions: list[dict]) -> list[dict]:
    return [{k: v for k, v in question.items() if k not in PROGRESS_LEFT_OUT} for question in questions]


def progress_table(pages: list[dict]) -> str:
    """The "Your progress" table: a row per page ({"page", "title", "href" or None, "quizzes"}), the pages' quiz
    questions as JSON for static/progress.js, which fills in the scores from this browser's storage."""
    rows = []
    for page in pages:
        title = e(page["title"])
        name = f'<a href="{e(page["href"])}">{title}</a>' if page.get("href") else title
        rows.append(f'<tr data-sq-page="{e(page["page"])}"><th scope="row">{name}</th>'
                    f'<td class="sq-progress-score">–</td><td class="sq-progress-checked">–</td></tr>')
    return ('<section class="sq-progress">'
            '<table class="table sq-progress-table"><caption>Your quiz scores, from the answers kept in this browser'
            '</caption><thead><tr><th scope="col">Page</th><th scope="col">Score</th><th scope="col">Checked</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody><tfoot><tr data-sq-page=""><th scope="row">All quizzes</th>'
            '<td class="sq-progress-score">–</td><td class="sq-progress-checked">–</td></tr></tfoot></table>'
            '<p><button type="button" class="sq-progress-reset">Reset all progress</button></p>'
            '<p class="sq-progress-announce" role="status" aria-live="polite"></p>'
            '<noscript><p>The scores are read from this browser\'s storage by JavaScript, which is off.</p></noscript>'
            f'<script type="application/json" class="sq-progress-data">{script_json(pages)}</script>'
            '</section>')


def initial_score(total: int, exam: bool) -> str:
    if exam:
        return f"Answered 0 of {total}. Press Submit to see your score."
    return f"Score: 0 of {total} correct."


def _linked(question: dict, href: Href | None) -> dict:
    evidence = [dict(item, href=href(item) if href and item.get("anchor") else None)
                for item in question["evidence"]]
    return dict(question, evidence=evidence)


def render_question(q: dict, base: str, exam: bool) -> str:
    qid = f"{base}--{q['id']}"
    body = CONTROLS[q["type"]](q, qid)
    hint = ""
    if q["type"] == "order":
        hint = (f'<p class="sq-hint" id="{qid}-hint">Put the items in order, first at the top, with the '
                f'Up and Down buttons.</p>')
    elif q["type"] == "multiple":
        hint = f'<p class="sq-hint" id="{qid}-hint">Choose every option that applies.</p>'
    legend = f'<legend>{e(q["prompt"])}</legend>'
    actions = ""
    if not exam:
        actions = ('<div class="sq-actions"><button type="button" class="sq-check">Check</button> '
                   '<button type="button" class="sq-retry" hidden>Try again</button></div>')
    return (f'<li class="sq-q" id="{qid}" data-qid="{e(q["id"])}" data-type="{e(q["type"])}">'
            f'<fieldset class="sq-fieldset">{legend}{hint}{body}</fieldset>{actions}'
            f'<div class="sq-feedback" id="{qid}-feedback" role="status" aria-live="polite"></div></li>')


def _choices(q: dict, qid: str) -> str:
    kind = "radio" if q["type"] == "single" else "checkbox"
    described = f' aria-describedby="{qid}-hint"' if kind == "checkbox" else ""
    rows = []
    for index in q["display"]:
        option = q["options"][index]
        oid = f"{qid}-o{index}"
        rows.append(f'<div class="sq-option"><input type="{kind}" id="{oid}" name="{qid}" value="{index}"'
                    f'{described}><label for="{oid}">{e(option["text"])}</label></div>')
    return f'<div class="sq-options">{"".join(rows)}</div>'


def _true_false(q: dict, qid: str) -> str:
    rows = [f'<div class="sq-option"><input type="radio" id="{qid}-{value}" name="{qid}" value="{value}">'
            f'<label for="{qid}-{value}">{label}</label></div>'
            for value, label in (("true", "True"), ("false", "False"))]
    return f'<div class="sq-options">{"".join(rows)}</div>'


def _field(q: dict, qid: str, numeric: bool) -> str:
    extra = ' inputmode="decimal"' if numeric else ""
    unit = ""
    describe = ""
    if numeric and q.get("unit"):
        unit = f' <span class="sq-unit" id="{qid}-unit">{e(q["unit"])}</span>'
        describe = f' aria-describedby="{qid}-unit"'
    if numeric and q.get("tolerance"):
        unit += f' <span class="sq-hint">(answers within ±{q["tolerance"]:g} count)</span>'
    label = "Your answer (a number)" if numeric else "Your answer"
    return (f'<div class="sq-field"><label for="{qid}-input">{label}</label> '
            f'<input type="text" class="sq-input" id="{qid}-input" autocomplete="off" spellcheck="false"'
            f'{extra}{describe}>{unit}</div>')


def _order(q: dict, qid: str) -> str:
    rows = []
    for index in q["display"]:
        text = e(q["items"][index])
        rows.append(f'<li class="sq-item" data-index="{index}"><span class="sq-item-text">{text}</span>'
                    f'<span class="sq-move"><button type="button" class="sq-up" aria-label="Move up: {text}">'
                    f'<span aria-hidden="true">↑</span> Up</button> '
                    f'<button type="button" class="sq-down" aria-label="Move down: {text}">'
                    f'<span aria-hidden="true">↓</span> Down</button></span></li>')
    return f'<ol class="sq-order" aria-describedby="{qid}-hint">{"".join(rows)}</ol>'


def _match(q: dict, qid: str) -> str:
    rows = []
    for index, pair in enumerate(q["pairs"]):
        sid = f"{qid}-m{index}"
        options = "".join(f'<option value="{i}">{e(q["pairs"][i]["right"])}</option>' for i in q["display"])
        rows.append(f'<div class="sq-pair"><label for="{sid}" class="sq-left">{e(pair["left"])}</label> '
                    f'<select id="{sid}" data-pair="{index}"><option value="">Choose…</option>{options}'
                    f'</select></div>')
    return f'<div class="sq-pairs">{"".join(rows)}</div>'


CONTROLS = {
    "single": _choices,
    "multiple": _choices,
    "true_false": _true_false,
    "numeric": lambda q, qid: _field(q, qid, True),
    "text": lambda q, qid: _field(q, qid, False),
    "order": _order,
    "match": _match,
}
