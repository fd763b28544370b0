"""The live quiz for notebooks: one anywidget model per quiz, drawn by static/quiz.js, the book's module.

`quiz(...)` returns a `Quiz`. Its model holds the quiz's markup (html.py, the book's markup); the browser
grades (static/quiz.js holds the only grading rules, so the static book and a saved notebook work without a
kernel) and sends each answer back. The kernel keeps what it accepts: `q.results`, `q.score`,
`q.on_answer(callback)`. What the front end sends is untrusted input: `answers.accept` checks its shape
against the payload, and nothing it sends can raise here.

Displayed, a quiz is a MIME bundle: the widget view for a live kernel; the static quiz (its JS and CSS
inline) as `text/html` for viewers without a kernel; a reference the book rebuilds from the current bank
(`application/vnd.sourcequiz.quiz+json`); and `text/plain`.

Nothing here needs require.js, a CDN, ipywidgets or a Jupyter extension of ours: a quiz is one anywidget model
(`live.LiveModel`, over a comm), and anywidget loads `_esm` as an ES module, which is how it runs in JupyterLab,
Notebook 7, VS Code and Colab alike.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from . import html as static
from .answers import accept, answer_text
from .live import LiveModel
from .payload import MIME_TYPE, build_payload, reference

_SHOWN: Counter = Counter()  # quiz key -> times made in this kernel: the static fallback's ids stay unique


class SourceQuizWidget(LiveModel):
    """What every sourcequiz widget shares: the module, its CSS, and markup made in the kernel."""

    def __init__(self, kind: str, markup: str, **state):
        super().__init__(_esm=static.asset("quiz.js"), _css=static.asset("quiz.css"), kind=kind, markup=markup,
                         **state)

    @property
    def kind(self) -> str:
        return self.state("kind")

    @property
    def markup(self) -> str:
        return self.state("markup")

    @property
    def _esm(self) -> str:
        return self.state("_esm")

    @property
    def _css(self) -> str:
        return self.state("_css")


def quiz(source=None, *, questions=None, shuffle: bool = False, limit: int | None = None,
         seed: int | None = None, exam: bool = False, root: Path | str | None = None,
         taught_only: bool = True) -> "Quiz":
    """A quiz over a bank id, a list of question ids, a set file, or `questions=[...]` (bank format).

    `shuffle` shuffles the questions (and the options of choice questions), `limit` keeps the
    first N, `seed` makes both repeatable. `exam=True` holds all feedback until Submit.
    A bank's quiz holds only what its chapter or an earlier one taught; `taught_only=False` takes the
    whole bank.
    """
    ids = None
    if source is not None and questions is not None and all(isinstance(q, str) for q in questions):
        ids, questions = list(questions), None
    payload = build_payload(source, questions=questions, ids=ids, shuffle=shuffle, limit=limit, seed=seed,
                            exam=exam, root=root, taught_only=taught_only)
    ref = reference(payload, source if source is None or isinstance(source, (list, tuple)) else str(source),
                    ids=ids, questions=questions, limit=limit, taught_only=taught_only)
    return Quiz(payload, ref)


class Quiz(SourceQuizWidget):
    """A quiz payload as one widget model; answers come back from the browser.

    `results`: one plain dict per question, in the quiz's order; `score`: how many are answered right;
    `on_answer(callback)`: `callback(result)` after each answer, with that question's result dict.
    `rejected` counts the messages from the front end that were not accepted.
    """

    def __init__(self, payload: dict, ref: dict):
        _SHOWN[payload["key"]] += 1
        self._suffix = "" if _SHOWN[payload["key"]] == 1 else f"-{_SHOWN[payload['key']]}"
        super().__init__("quiz", static.render(payload), progress={})
        self.payload = payload
        self.reference = ref  # what the book rebuilds the quiz from (payload.reference)
        self.rejected = 0
        self._questions = {q["id"]: q for q in payload["questions"]}
        self._results: dict[str, dict] = {q["id"]: self._blank(q) for q in payload["questions"]}
        self._callbacks: list[Callable[[dict], Any]] = []

    @property
    def progress(self) -> dict:
        """Question id -> {"a": answer, "c": True}: what a new view (a page reloaded) redraws."""
        return self.state("progress")

    @progress.setter
    def progress(self, value: dict) -> None:
        self.set_state(progress=value)

    @staticmethod
    def _blank(question: dict) -> dict:
        return {"id": question["id"], "type": question["type"], "prompt": question["prompt"], "answered": False,
                "answer": None, "answer_text": None, "correct": None, "attempts": 0}

    @property
    def results(self) -> list[dict]:
        return [copy.deepcopy(self._results[q["id"]]) for q in self.payload["questions"]]

    @property
    def score(self) -> int:
        return sum(1 for r in self._results.values() if r["correct"])

    @property
    def total(self) -> int:
        return len(self.payload["questions"])

    def on_answer(self, callback: Callable[[dict], Any], remove: bool = False) -> None:
        """Call `callback(result)` after each answer (`remove=True` stops it)."""
        if remove:
            self._callbacks = [c for c in self._callbacks if c != callback]
        elif callback not in self._callbacks:
            self._callbacks.append(callback)

    def receive(self, content: dict) -> None:
        """One message from the front end: an answer, a question cleared (`retry`), or every one (`reset`)."""
        event = content.get("event")
        if event == "answer":
            accepted = accept(self._questions, content)
            if accepted is None:
                self.rejected += 1
                return
            question_id, answer, correct = accepted
            question = self._questions[question_id]
            entry = self._results[question_id]
            entry.update(answered=True, answer=answer, answer_text=answer_text(question, answer), correct=correct,
                         attempts=entry["attempts"] + 1)
            self.progress = {**self.progress, question_id: {"a": answer, "c": True}}
            for callback in list(self._callbacks):
                self._call(callback, copy.deepcopy(entry))
        elif event == "retry" and isinstance(content.get("id"), str) and content["id"] in self._questions:
            self._clear(content["id"])
            self.progress = {k: v for k, v in self.progress.items() if k != content["id"]}
        elif event == "reset":
            for question_id in self._questions:
                self._clear(question_id)
            self.progress = {}
        else:
            self.rejected += 1

    def _clear(self, question_id: str) -> None:
        entry = self._results[question_id]
        entry.update(answered=False, answer=None, answer_text=None, correct=None)

    @staticmethod
    def _call(callback, result: dict) -> None:
        """A callback's own error shows in the notebook (as ipywidgets shows a button callback's) and stops nothing."""
        try:
            callback(result)
        except Exception:
            from IPython import get_ipython  # noqa: PLC0415 - only to show the user's traceback

            shell = get_ipython()
            if shell is None:
                raise
            shell.showtraceback()

    def html(self, inline_assets: bool = True) -> str:
        return static.render(self.payload, inline_assets=inline_assets, suffix=self._suffix)

    def __repr__(self) -> str:
        count = len(self.payload["questions"])
        mode = ", exam mode" if self.payload["exam"] else ""
        return (f"Quiz: {self.payload['title']} ({count} question{'s' if count != 1 else ''}{mode}). "
                f"Run this notebook in Jupyter to answer it.")

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """(data, metadata): the widget view (and, in Colab, its widget manager's metadata) plus our types."""
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data = dict(data, **{"text/html": self.html(), MIME_TYPE: self.reference, "text/plain": repr(self)})
        return data, metadata
