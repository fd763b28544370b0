"""Exercises for notebooks: `passage_exercise(task, needs)`.

The student pastes a passage; Check says, with the checker's engine, whether it occurs in
the sources (naming the source, or showing the closest passage when it does not) and
whether it states every fact in `needs` (numbers and dates in any form). In the static book
no kernel runs, so the output carries `application/vnd.sourcequiz.exercise+json`, which the
book renders as the task and a plain notice (see sphinxext/quiz.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Iterable

from .html import NO_MATH
from .payload import EXERCISE_MIME, load_course
from .problems import UserError
from .sources import Source
from .textmatch import find_quote, norm, normalize
from .widgets import SourceQuizWidget

MAX_PASSAGE = 20_000  # characters: a passage longer than this is not a passage


@dataclass(frozen=True)
class PassageVerdict:
    found_in: Source | None            # the source that holds the passage word for word
    closest: tuple[Source, str, float] | None  # when not found: (source, closest passage, similarity 0-100)
    present: tuple[str, ...] = ()      # facts of `needs` the passage states
    missing: tuple[str, ...] = ()      # facts of `needs` it does not
    message: str = ""                  # set when there is nothing to check yet

    @property
    def correct(self) -> bool:
        return self.found_in is not None and not self.missing and not self.message


def closest_passage(text: str, sources: Iterable[Source]) -> tuple[Source, str, float] | None:
    """The passage of the sources most like `text` (fuzzy, on normalised text), with its score."""
    from rapidfuzz import fuzz  # noqa: PLC0415 - only needed when the passage is not found

    needle = norm(text)
    best = None
    for source in sources:
        haystack = normalize(source.text)
        alignment = fuzz.partial_ratio_alignment(needle, haystack.text)
        if alignment is None:
            continue
        if best is None or alignment.score > best[2]:
            start, end = haystack.span(alignment.dest_start, max(alignment.dest_start + 1, alignment.dest_end))
            best = (source, " ".join(source.text[start:end].split()), alignment.score)
    return best


def check_passage(text: str, needs: Iterable[str], sources: Iterable[Source]) -> PassageVerdict:
    from .facts import contains_fact  # noqa: PLC0415 - the facts engine loads on first use

    text = (text or "").strip()
    if not text:
        return PassageVerdict(None, None, message="Paste a passage from the sources first.")
    sources = list(sources)
    found = next((s for s in sources if find_quote(text, s.text) is not None), None)
    closest = None if found else closest_passage(text, sources)
    needs = list(needs)
    present = tuple(n for n in needs if contains_fact(text, n))
    missing = tuple(n for n in needs if n not in present)
    return PassageVerdict(found, closest, present, missing)


def verdict_html(verdict: PassageVerdict) -> str:
    if verdict.message:
        return f'<p><span aria-hidden="true">ℹ</span> {escape(verdict.message)}</p>'
    parts = []
    if verdict.found_in is not None:
        parts.append(f'<p><span aria-hidden="true">✔</span> <b>Found</b> word for word in '
                     f'<cite>{escape(verdict.found_in.title)}</cite>.</p>')
    else:
        parts.append('<p><span aria-hidden="true">✘</span> <b>Not found</b> word for word in the sources.</p>')
        if verdict.closest is not None:
            source, passage, score = verdict.closest
            parts.append(f"<p>The closest passage ({score:.0f}% alike) is in <cite>{escape(source.title)}</cite>: "
                         f"<q>{escape(passage)}</q></p>")
    for fact in verdict.present:
        parts.append(f'<p><span aria-hidden="true">✔</span> States {escape(fact)}.</p>')
    for fact in verdict.missing:
        parts.append(f'<p><span aria-hidden="true">✘</span> <b>Missing:</b> {escape(fact)}.</p>')
    if verdict.correct:
        parts.append("<p><b>Well done: this passage answers the task.</b></p>")
    return "".join(parts)


class PassageExercise(SourceQuizWidget):
    """A passage exercise as one widget model, drawn by the quiz's module: the browser sends the pasted
    passage, the kernel checks it with the checker's engine and sends back the verdict (`verdict_html`)."""

    def __init__(self, task: str, needs: list[str], sources: list[Source]):
        super().__init__("exercise", exercise_markup(task), verdict="")
        self.task, self.needs, self.sources = task, needs, sources
        self.text = ""  # the passage last sent by the front end
        self.last: PassageVerdict | None = None

    @property
    def verdict(self) -> str:
        """The verdict's HTML, as the view shows it."""
        return self.state("verdict")

    def receive(self, content: dict) -> None:
        text = content.get("text")
        if content.get("event") == "passage" and isinstance(text, str) and len(text) <= MAX_PASSAGE:
            self.check(text)

    def check(self, text: str | None = None) -> PassageVerdict:
        """Check `text` (by default, the passage last sent) and show the verdict."""
        if text is not None:
            self.text = text
        self.last = check_passage(self.text, self.needs, self.sources)
        self.set_state(verdict=verdict_html(self.last))
        return self.last

    def __repr__(self) -> str:
        return f"Passage exercise: {self.task} (run this notebook in Jupyter to check your passage)"

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data = dict(data)
        data[EXERCISE_MIME] = {"version": 1, "task": self.task, "needs": list(self.needs)}
        data["text/html"] = (f'<div class="sq-exercise-static"><p>{escape(self.task)}</p><p>This exercise checks '
                             f'your passage with Python: run this notebook in Jupyter to use it.</p></div>')
        data["text/plain"] = repr(self)
        return data, metadata


def exercise_markup(task: str) -> str:
    """The exercise's controls: the task, a labelled box for the passage, Check, and a live feedback region."""
    return (f'<section class="sq-quiz sq-exercise {NO_MATH}" id="sq-exercise" aria-label="Passage exercise">'
            f'<p class="sq-title">{escape(task)}</p><div class="sq-field sq-passage">'
            f'<label for="sq-exercise-text">Your passage, pasted from the sources</label>'
            f'<textarea id="sq-exercise-text" class="sq-input" rows="5" spellcheck="false"></textarea></div>'
            f'<div class="sq-actions"><button type="button" class="sq-check">Check</button></div>'
            f'<div class="sq-feedback" role="status" aria-live="polite"></div></section>')


def passage_exercise(task: str, needs: Iterable[str] = (), sources=None) -> PassageExercise:
    """A box to paste a passage into; Check says whether it is in the sources and states every fact in `needs`.

    `sources`: None (every source of the course), a list of source ids, or a `SourceRegistry`.
    """
    if isinstance(needs, str):
        needs = [needs]
    if sources is None or isinstance(sources, (list, tuple)):
        registry = load_course().sources  # the course's cached sources, as the quizzes use
        unknown = [s for s in sources or () if s not in registry]
        if unknown:
            raise UserError(f"passage_exercise: unknown source {', '.join(map(repr, unknown))}; the sources are "
                            f"{', '.join(registry.ids)}")
        chosen = list(registry) if sources is None else [registry[s] for s in sources]
    else:
        chosen = list(sources)
    return PassageExercise(task, list(needs), chosen)
