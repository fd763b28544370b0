"""The live quiz for notebooks: ipywidgets 8 controls over a payload, graded in the kernel.

`quiz(...)` returns a `Quiz`. Displayed, it is a MIME bundle: the widget view for a live
kernel, the static HTML quiz (with its JS and CSS inline) for viewers without a kernel, a
reference the book rebuilds from the current bank (`application/vnd.sourcequiz.quiz+json`),
and a text/plain fallback. Every bank text shown in an HTML widget is escaped; the other
controls (labels, options, buttons) show their text as text.
"""

from __future__ import annotations

import random
from html import escape
from pathlib import Path

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, LabelStyle, TextStyle

from . import html as static
from .grading import Result, grade
from .payload import MIME_TYPE, build_payload, reference

NO_CHOICE = -1
ICONS = {True: ("✔", "Correct."), False: ("✘", "Incorrect.")}


def quiz(source=None, *, questions=None, shuffle: bool = False, limit: int | None = None,
         seed: int | None = None, exam: bool = False, root: Path | str | None = None) -> "Quiz":
    """A quiz over a bank id, a list of question ids, a set file, or `questions=[...]` (bank format).

    `shuffle` shuffles the questions (and the options of choice questions), `limit` keeps the
    first N, `seed` makes both repeatable. `exam=True` holds all feedback until Submit.
    """
    ids = None
    if source is not None and questions is not None and all(isinstance(q, str) for q in questions):
        ids, questions = list(questions), None
    payload = build_payload(source, questions=questions, ids=ids, shuffle=shuffle, limit=limit, seed=seed,
                            exam=exam, root=root)
    ref = reference(payload, source if source is None or isinstance(source, (list, tuple)) else str(source),
                    ids=ids, questions=questions, limit=limit)
    return Quiz(payload, ref)


class Quiz:
    """A quiz payload, shown as live widgets, static HTML, or text."""

    def __init__(self, payload: dict, ref: dict):
        self.payload = payload
        self.reference = ref  # what the book rebuilds the quiz from (payload.reference)
        self._widget: QuizWidget | None = None

    @property
    def widget(self) -> "QuizWidget":
        if self._widget is None:
            self._widget = QuizWidget(self.payload)
        return self._widget

    def html(self, inline_assets: bool = True) -> str:
        return static.render(self.payload, inline_assets=inline_assets)

    def __repr__(self) -> str:
        count = len(self.payload["questions"])
        mode = ", exam mode" if self.payload["exam"] else ""
        return (f"Quiz: {self.payload['title']} ({count} question{'s' if count != 1 else ''}{mode}). "
                f"Run this notebook in Jupyter to answer it.")

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = dict(self.widget._repr_mimebundle_())
        data["text/html"] = self.html()
        data[MIME_TYPE] = self.reference
        data["text/plain"] = repr(self)
        return data


def _feedback_html(question: dict, result: Result) -> str:
    if not result.answered:
        return f'<p><span aria-hidden="true">ℹ</span> {escape(result.message)}</p>'
    icon, word = ICONS[result.correct]
    parts = [f'<p><span aria-hidden="true">{icon}</span> <b>{word}</b></p>']
    parts += [f"<p>{escape(note)}</p>" for note in result.feedback]
    if question["explanation"]:
        parts.append(f"<p><b>Explanation:</b> {escape(question['explanation'])}</p>")
    quotes = "".join(f"<li><q>{escape(e['quote'])}</q> — <cite>{escape(e['title'])}</cite></li>"
                     for e in question["evidence"])
    parts.append(f"<p><b>Evidence from the sources:</b></p><ul>{quotes}</ul>")
    return "".join(parts)


class Kit:
    """Makes the quiz's widgets sharing one layout and one style per kind, unless told otherwise:
    a 20-question quiz then needs half as many widget models (each is a message to the frontend)."""

    def __init__(self):
        self.layout = w.Layout()
        self.styles = {w.HTML: HTMLStyle(), w.Label: LabelStyle(), w.Button: w.ButtonStyle(), w.Text: TextStyle(),
                       w.Dropdown: DescriptionStyle(), w.RadioButtons: DescriptionStyle(),
                       w.Checkbox: CheckboxStyle()}

    def __call__(self, cls, *args, layout: w.Layout | None = None, **kwargs):
        if cls in self.styles:
            kwargs.setdefault("style", self.styles[cls])
        return cls(*args, layout=layout or self.layout, **kwargs)


class QuestionView:
    """One question: its control, Check and Try again buttons, and the feedback."""

    def __init__(self, question: dict, number: int, owner: "QuizWidget"):
        self.question = question
        self.owner = owner
        make = self.make = owner.make
        self.result: Result | None = None
        self.display = list(question.get("display", ()))
        self.prompt = make(w.HTML, "")
        self.number(number)
        self.check_button = make(w.Button, description="Check", button_style="primary", tooltip="Check this answer")
        self.retry_button = make(w.Button, description="Try again", tooltip="Clear and reshuffle this question",
                                 layout=w.Layout(display="none"))
        self.feedback = make(w.HTML, "")
        self.check_button.on_click(lambda _: self.check())
        self.retry_button.on_click(lambda _: self.retry())
        self.holder = make(w.VBox, [])
        self.build_control()
        actions = [] if owner.exam else [self.check_button, self.retry_button]
        self.box = make(w.VBox, [self.prompt, self.holder, make(w.HBox, actions), self.feedback],
                        layout=owner.question_layout)

    def number(self, number: int) -> None:
        self.prompt.value = f"<b>{number}. {escape(self.question['prompt'])}</b>"

    # --- controls ---
    def build_control(self) -> None:
        q = self.question
        kind = q["type"]
        make = self.make
        if kind == "single":
            self.control = make(w.RadioButtons, options=[(q["options"][i]["text"], i) for i in self.display],
                                value=None, layout=self.owner.wide_layout)
        elif kind == "true_false":
            self.control = make(w.RadioButtons, options=[("True", True), ("False", False)], value=None)
        elif kind == "multiple":
            self.boxes = {i: make(w.Checkbox, value=False, description=q["options"][i]["text"], indent=False)
                          for i in self.display}
            self.control = make(w.VBox, [self.boxes[i] for i in self.display])
        elif kind in ("numeric", "text"):
            self.control = make(w.Text, placeholder="a number" if kind == "numeric" else "your answer",
                                description="Answer:")
        elif kind == "order":
            self.order = list(self.display)
            self.control = make(w.VBox, [self._order_row(p) for p in range(len(self.order))])
            self._draw_order()
        elif kind == "match":
            self.selects = []
            rows = []
            for pair in q["pairs"]:
                choice = make(w.Dropdown, options=[("Choose…", NO_CHOICE)] + [(q["pairs"][i]["right"], i)
                                                                              for i in self.display],
                              value=NO_CHOICE)
                self.selects.append(choice)
                rows.append(make(w.HBox, [make(w.Label, pair["left"], layout=self.owner.left_layout), choice]))
            self.control = make(w.VBox, rows)
        if kind == "numeric" and (q["unit"] or q["tolerance"]):
            extra = [make(w.Label, q["unit"])] if q["unit"] else []
            if q["tolerance"]:
                extra.append(make(w.Label, f"(answers within ±{q['tolerance']:g} count)"))
            self.holder.children = [make(w.HBox, [self.control, *extra])]
        else:
            self.holder.children = [self.control]

    def _order_row(self, position: int) -> w.HBox:
        """Row `position` of an order question: its number, Up, Down, and the item now there."""
        make = self.make
        up = make(w.Button, description="↑ Up")
        down = make(w.Button, description="↓ Down")
        up.on_click(lambda _: self.move(position, -1))
        down.on_click(lambda _: self.move(position, 1))
        return make(w.HBox, [make(w.Label, f"{position + 1}."), up, down, make(w.Label, "")])

    def _draw_order(self) -> None:
        for row, index in zip(self.control.children, self.order):
            text = self.question["items"][index]
            row.children[1].tooltip = f"Move up: {text}"
            row.children[2].tooltip = f"Move down: {text}"
            row.children[3].value = text

    def move(self, position: int, step: int) -> None:
        target = position + step
        if 0 <= target < len(self.order):
            self.order[position], self.order[target] = self.order[target], self.order[position]
            self._draw_order()

    # --- answers ---
    def answer(self):
        kind = self.question["type"]
        if kind in ("single", "true_false"):
            return self.control.value
        if kind == "multiple":
            return sorted(i for i, box in self.boxes.items() if box.value)
        if kind in ("numeric", "text"):
            return self.control.value
        if kind == "order":
            return list(self.order)
        return [None if s.value == NO_CHOICE else s.value for s in self.selects]

    def set_answer(self, value) -> None:
        """Answer from Python, as a student would in the page (for tests and demos).

        single: option text or index; multiple: texts or indices; true_false: bool; numeric, text:
        the typed text; order: item texts in the chosen order; match: {left: right} or right texts.
        """
        q = self.question
        kind = q["type"]
        if kind == "single":
            self.control.value = self._option_index(value)
        elif kind == "true_false":
            self.control.value = bool(value)
        elif kind == "multiple":
            wanted = {self._option_index(v) for v in value}
            for index, box in self.boxes.items():
                box.value = index in wanted
        elif kind in ("numeric", "text"):
            self.control.value = str(value)
        elif kind == "order":
            self.order = [q["items"].index(v) if isinstance(v, str) else v for v in value]
            self._draw_order()
        elif kind == "match":
            rights = [p["right"] for p in q["pairs"]]
            chosen = [value[p["left"]] for p in q["pairs"]] if isinstance(value, dict) else list(value)
            for select, right in zip(self.selects, chosen):
                select.value = rights.index(right) if isinstance(right, str) else right

    def _option_index(self, value) -> int:
        if isinstance(value, int):
            return value
        return [o["text"] for o in self.question["options"]].index(value)

    def check(self, count: bool = True) -> Result:
        result = grade(self.question, self.answer())
        self.show(result)
        if result.answered:
            self.result = result
            self.retry_button.layout.display = None
        if count:
            self.owner.update_score()
        return result

    def show(self, result: Result | None) -> None:
        self.feedback.value = "" if result is None else _feedback_html(self.question, result)

    def retry(self) -> None:
        """Clear the answer and the feedback, and reshuffle the options."""
        self.owner.rng.shuffle(self.display)
        if self.question["type"] == "order":
            while len(self.display) > 1 and self.display == sorted(self.display):
                self.owner.rng.shuffle(self.display)
        self.result = None
        self.show(None)
        self.retry_button.layout.display = "none"
        self.build_control()
        self.owner.update_score()

    def lock(self, locked: bool) -> None:
        for widget in _descendants(self.holder):
            if hasattr(widget, "disabled"):
                widget.disabled = locked


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


class QuizWidget(w.VBox):
    """The whole quiz: a title, a score line, the questions, and (exam mode) Submit / Try again."""

    def __init__(self, payload: dict):
        self.payload = payload
        self.exam = bool(payload["exam"])
        self.rng = random.Random(payload["seed"])
        self.submitted = False
        make = self.make = Kit()
        self.question_layout = w.Layout(margin="0 0 1em 0")
        self.wide_layout = w.Layout(width="max-content")
        self.left_layout = w.Layout(min_width="12em")
        self.title = make(w.HTML, f"<h3>Quiz: {escape(payload['title'])}</h3>")
        self.score = make(w.HTML, "")
        self.views = [QuestionView(q, n, self) for n, q in enumerate(payload["questions"], 1)]
        self.submit_button = make(w.Button, description="Submit", button_style="primary",
                                  tooltip="Check every answer", layout=w.Layout())
        self.again_button = make(w.Button, description="Try again", tooltip="Clear the quiz and reshuffle it",
                                 layout=w.Layout(display="none"))
        self.submit_button.on_click(lambda _: self.submit())
        self.again_button.on_click(lambda _: self.again())
        footer = [make(w.HBox, [self.submit_button, self.again_button])] if self.exam else []
        super().__init__([self.title, self.score, *[v.box for v in self.views], *footer])
        self.update_score()

    def view(self, question_id: str) -> QuestionView:
        return next(v for v in self.views if v.question["id"] == question_id)

    def update_score(self) -> None:
        total = len(self.views)
        if self.exam and not self.submitted:
            self.score.value = f"<p>Exam mode: {total} questions. Press <b>Submit</b> to see your score.</p>"
            return
        right = sum(1 for v in self.views if v.result is not None and v.result.correct)
        checked = sum(1 for v in self.views if v.result is not None)
        extra = f" ({checked} checked)" if 0 < checked < total else ""
        self.score.value = f"<p><b>Score: {right} of {total} correct.</b>{extra}</p>"

    def submit(self) -> None:
        for view in self.views:
            result = grade(view.question, view.answer())
            if not result.answered:
                result = Result(True, False, ("Not answered.",))
            view.result = result
            view.show(result)
            view.lock(True)
        self.submitted = True
        self.submit_button.layout.display = "none"
        self.again_button.layout.display = None
        self.update_score()

    def again(self) -> None:
        """Clear every answer, reshuffle the options (and the questions when the quiz shuffles)."""
        if self.payload["shuffle"]:
            self.rng.shuffle(self.views)
            self.children = [self.title, self.score, *[v.box for v in self.views], *self.children[-1:]]
            for number, view in enumerate(self.views, 1):
                view.number(number)
        for view in self.views:
            view.retry()
            view.lock(False)
        self.submitted = False
        self.submit_button.layout.display = None
        self.again_button.layout.display = "none"
        self.update_score()
