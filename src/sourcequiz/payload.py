"""One JSON-able payload per quiz, shared by every renderer (widgets, static HTML, the book).

A payload is built from a bank id, a list of question ids, a set file, or question
models/dicts. Each question carries its answer key, feedback, explanation and its
evidence, with the source's title and the anchor of the sentence that holds the quote.
The grading rules live once, in the front end (`static/quiz.js`), which grades in the browser.

Order is deterministic: without `shuffle` the questions keep their bank order; with
`shuffle` and a `seed`, `random.Random(seed)` draws the order. The shown order of options,
order items and match choices comes from `selection` (`option_order`, `answer_hiding_order`), like every export.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from .loader import BANK_SUFFIXES, QUESTION_ADAPTER, LoadResult, load_banks
from .model import ID_PATTERN
from .problems import Problem, UserError, display_path
from .project import find_root
from .selection import answer_hiding_order, option_order, set_from
from .sources import SourceRegistry
from .teaching import taught_by
from .textmatch import find_quote

VERSION = 1
MIME_TYPE = "application/vnd.sourcequiz.quiz+json"          # a notebook's quiz output, rebuilt by the book
EXERCISE_MIME = "application/vnd.sourcequiz.exercise+json"  # a passage exercise, a static notice in the book


# --- the course: sources and banks, read once per change ----------------------------------------

@dataclass
class Course:
    """A course's sources, and its banks, read when first needed (a quiz of given questions needs none)."""

    root: Path
    sources: SourceRegistry | None
    quizzes: Path
    _banks: LoadResult | None = None
    _single: dict = field(default_factory=dict)

    @property
    def banks(self) -> LoadResult:
        if self._banks is None:
            self._banks = load_banks([self.quizzes], self.sources) if self.quizzes.is_dir() else LoadResult()
        return self._banks

    def bank_file(self, bank_id: str) -> LoadResult | None:
        """Only `quizzes/<bank_id>.yml`, when it holds that bank: the quick path for one bank."""
        if not re.fullmatch(ID_PATTERN, bank_id):
            return None  # an id, never a path
        if bank_id not in self._single:
            found = None
            for suffix in BANK_SUFFIXES:
                path = self.quizzes / f"{bank_id}{suffix}"
                if path.is_file():
                    result = load_banks([path], self.sources)
                    if result.banks and result.banks[0].bank.bank == bank_id:
                        found = result
                    break
            self._single[bank_id] = found
        return self._single[bank_id]


_COURSES: dict[tuple, Course] = {}


def _signature(folders: tuple[Path, ...]) -> tuple:
    files = []
    for folder in folders:
        if folder.is_dir():
            files.extend(sorted(folder.iterdir()))
    return tuple((str(f), f.stat().st_mtime_ns) for f in files if f.is_file())


def load_course(root: Path | str | None = None, *, quizzes_dir: Path | str | None = None,
                sources_dir: Path | str | None = None) -> Course:
    """The sources and banks of a course, cached until one of their files changes.

    By default the course is `project.find_root()`, with `quizzes/` and `sources/` in it.
    """
    if quizzes_dir is None or sources_dir is None:
        root = Path(root) if root else find_root()
    quizzes = Path(quizzes_dir) if quizzes_dir else Path(root) / "quizzes"
    source_folder = Path(sources_dir) if sources_dir else Path(root) / "sources"
    key = (str(quizzes.resolve()), str(source_folder.resolve()), _signature((quizzes, source_folder)))
    if key not in _COURSES:
        sources = SourceRegistry.load(source_folder)
        _COURSES.clear()
        _COURSES[key] = Course(Path(root) if root else quizzes.parent, sources, quizzes)
    return _COURSES[key]


def course_files(course: Course) -> list[Path]:
    """The files a quiz of this course depends on: sources.yml and the texts."""
    if course.sources is None:
        return []
    return [course.sources.directory / "sources.yml", *(s.path for s in course.sources)]


# --- building ---------------------------------------------------------------------------------

def build_payload(source: str | Path | Iterable[str] | None = None, *, questions: Iterable | None = None,
                  ids: Iterable[str] | None = None, shuffle: bool = False, limit: int | None = None,
                  seed: int | None = None, exam: bool = False, root: Path | str | None = None,
                  course: Course | None = None, depends: list[Path] | None = None,
                  taught_only: bool = True) -> dict:
    """A quiz payload.

    `source`: a bank id, a list of question ids, or the path of a set file (or bank file). A bank
    gives the questions taught in its chapter or before (`teaching`), or all with `taught_only=False`;
    with a `limit`, no question in the quiz gives another away (`giveaway.apart`).
    `questions`: question dicts or models (bank format), for a quiz without a bank; a list of
    ids here, beside a `source`, picks those questions of it (as `ids` does).
    `root` is the course folder (default: `project.find_root()`); `course`, a course already loaded.
    `depends`, when given, is extended with every file read (for Sphinx's dependencies).
    """
    given_course = course
    if questions is not None and source is not None:
        questions = list(questions)
        if all(isinstance(q, str) for q in questions):
            ids, questions = questions, None
        else:
            raise UserError("quiz: give either a source (a bank id, ids or a set file) or questions, not both")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise UserError(f"quiz: limit must be a whole number of at least 1, found {limit!r}")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise UserError(f"quiz: seed must be a whole number, found {seed!r}")
    files: list[Path] = depends if depends is not None else []  # filled as files are read, even on failure
    title, key, set_seed = "Quiz", None, None
    if questions is not None:
        course = given_course or _optional_course(root)
        chosen = [validate_question(q, n) for n, q in enumerate(questions, 1)]
        if not chosen:
            raise UserError("quiz: the list of questions is empty")
    elif source is None:
        raise UserError("quiz: name a bank (quiz('doha-agreement')), question ids, a set file, or pass questions=[...]")
    elif isinstance(source, (list, tuple)):
        course = given_course or load_course(root)
        files.extend(course_files(course))
        chosen = _by_ids(course, list(source), files)
        key = "set-" + _digest([q.id for q in chosen])
    else:
        course = given_course or load_course(root)
        files.extend(course_files(course))
        text = str(source)
        if isinstance(source, Path) or text.endswith(BANK_SUFFIXES):
            title, key, chosen, set_seed = _from_file(Path(source), course, files)
        else:
            loaded = _bank(course, text, files)
            title, key, chosen = loaded.bank.title, loaded.bank.bank, list(loaded.bank.questions)
            if taught_only and ids is None:
                chosen = taught_by(chosen, loaded.bank.chapter, course.root)
    if ids is not None:
        chosen = _pick(chosen, list(ids), key or "the questions")
        key = f"{key or 'quiz'}-{_digest([q.id for q in chosen])}"
    if questions is not None and course is not None:
        files.extend(course_files(course))
    view_seed = seed if seed is not None else set_seed
    if shuffle:
        if view_seed is None:
            view_seed = random.randrange(2**31)  # no seed: a fresh order each time
        chosen = list(chosen)
        random.Random(view_seed).shuffle(chosen)
    if limit is not None:
        from .giveaway import apart  # noqa: PLC0415 - its fact extraction loads only when needed
        chosen = apart(chosen, limit)
    key = slug(key or "quiz-" + _digest([q.id for q in chosen]))
    # a set's options are shown in the set's order (selection.option_order), as in every export of it
    shuffle_options = shuffle or set_seed is not None
    view_seed = view_seed if view_seed is not None else 0
    return {
        "version": VERSION,
        "key": key,
        "title": title,
        "exam": bool(exam),
        "shuffle": bool(shuffle),
        "seed": seed,
        "questions": [question_payload(q, course.sources if course else None, view_seed, shuffle_options)
                      for q in chosen],
    }


def reference(payload: dict, source: Any = None, *, ids=None, questions=None, limit=None,
              taught_only: bool = True) -> dict:
    """What a notebook output stores so the book can rebuild the quiz from the current bank."""
    ref: dict[str, Any] = {"version": VERSION, "key": payload["key"], "title": payload["title"],
                           "shuffle": payload["shuffle"], "seed": payload["seed"], "exam": payload["exam"],
                           "limit": limit}
    if questions is not None:
        ref["questions"] = [q.model_dump(mode="json", exclude_defaults=True) if isinstance(q, BaseModel) else q
                            for q in questions]
    elif isinstance(source, (list, tuple)):
        ref["ids"] = list(source)
    elif source is not None:
        ref["source"] = str(source)
    if ids is not None:
        ref["pick"] = list(ids)
    if not taught_only:
        ref["taught_only"] = False
    return ref


def from_reference(ref: dict, *, base: Path | str | None = None, root: Path | str | None = None,
                   course: Course | None = None, depends: list[Path] | None = None,
                   within: Path | None = None) -> dict:
    """Rebuild a payload from a notebook output's reference (in the book, at build time).

    A set file named by a relative path is looked up from `base` (the notebook's folder); with
    `within` (the book's folder), a set file outside it is refused.
    Without a seed, a shuffled quiz takes seed 0, so the book is the same on every build.
    """
    if not isinstance(ref, dict) or ref.get("version") != VERSION:
        raise UserError("quiz output: not a sourcequiz quiz reference of a known version; re-run the notebook")
    seed = ref.get("seed")
    if ref.get("shuffle") and seed is None:
        seed = 0
    source = ref.get("ids") or ref.get("source")
    if isinstance(source, str) and source.endswith(BANK_SUFFIXES):
        source = Path(base or ".") / source
        if within is not None:
            source = inside(source, within)
    return build_payload(source, questions=ref.get("questions"), ids=ref.get("pick"),
                         shuffle=bool(ref.get("shuffle")), limit=ref.get("limit"), seed=seed,
                         exam=bool(ref.get("exam")), root=root, course=course, depends=depends,
                         taught_only=ref.get("taught_only") is not False)


def inside(path: Path, folder: Path) -> Path:
    """`path`, when it lies within `folder`; a set file named in a page must not lead out of the book."""
    if not Path(path).resolve().is_relative_to(Path(folder).resolve()):
        raise UserError(f"quiz: the set file {str(path)!r} is outside the book's folder {display_path(folder)}; "
                        f"name a file inside it")
    return Path(path)


def _optional_course(root) -> Course | None:
    try:
        return load_course(root)
    except UserError:
        return None  # standalone questions need no course; the evidence is then shown without links


def _digest(ids: list[str]) -> str:
    return hashlib.sha1(",".join(ids).encode("utf-8")).hexdigest()[:6]


def slug(text: str) -> str:
    """An HTML-id-safe form of a key: lowercase letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "quiz"


def validate_question(raw: Any, number: int):
    if isinstance(raw, BaseModel):
        raw = raw.model_dump(mode="json")
    try:
        return QUESTION_ADAPTER.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"quiz: question {number} is not in the bank format: {where}: {first['msg']}") from None


def _problems_of(result: LoadResult, path: Path) -> list[Problem]:
    shown = display_path(path)
    return [p for p in result.problems if p.path == shown and p.severity == "error"]


def _bank(course: Course, bank_id: str, files: list[Path]):
    result = course.bank_file(bank_id) or course.banks
    for loaded in result.banks:
        if loaded.bank.bank == bank_id:
            files.append(loaded.path)
            problems = _problems_of(result, loaded.path)
            if problems:
                raise UserError(f"bank {bank_id!r} has format problems; fix them first (sourcequiz validate):\n"
                                + "\n".join(str(p) for p in problems), problems)
            return loaded
    known = ", ".join(sorted(b.bank.bank for b in course.banks.banks)) or "none"
    raise UserError(f"no bank {bank_id!r} in {display_path(course.quizzes)} (banks: {known})")


def _by_ids(course: Course, wanted: list[str], files: list[Path]) -> list:
    found = {}
    for loaded, question in course.banks.questions:
        if question.id in wanted:
            found[question.id] = question
            files.append(loaded.path)
    return _pick(list(found.values()), wanted, "the banks")


def _pick(questions: list, wanted: list[str], where: str) -> list:
    by_id = {q.id: q for q in questions}
    unknown = [i for i in wanted if i not in by_id]
    if unknown:
        raise UserError(f"quiz: no question {', '.join(map(repr, unknown))} in {where}")
    if not wanted:
        raise UserError("quiz: the list of question ids is empty")
    return [by_id[i] for i in dict.fromkeys(wanted)]


def _from_file(path: Path, course: Course, files: list[Path]):
    """A set file (`set:` at the top) or a bank file: title, key, questions, the set's seed."""
    if not path.is_file():
        raise UserError(f"{display_path(path)}: no such set file")
    files.append(path)
    result = load_banks([path], course.sources)
    if result.banks and result.banks[0].set_header is not None:
        qset = set_from(result, path)
        return qset.title, f"set-{qset.name}", list(qset.questions), qset.seed
    errors = [p for p in result.problems if p.severity == "error"]
    if errors or not result.banks:
        raise UserError(f"{display_path(path)}: not a usable bank:\n" + "\n".join(map(str, errors)), errors)
    bank = result.banks[0].bank
    return bank.title, bank.bank, list(bank.questions), None


# --- one question ----------------------------------------------------------------------------

def evidence_payload(question, sources: SourceRegistry | None) -> list[dict]:
    items = []
    for evidence in question.evidence:
        source = sources[evidence.source] if sources is not None and evidence.source in sources else None
        anchor = None
        if source is not None:
            match = find_quote(evidence.quote, source.text)
            if match is not None:
                anchor = source.segment_at(match.start).anchor
        items.append({"source": evidence.source, "title": source.title if source else evidence.source,
                      "quote": evidence.quote, "anchor": anchor})
    return items


def question_payload(question, sources: SourceRegistry | None, seed: int = 0, shuffle: bool = False) -> dict:
    data: dict[str, Any] = {
        "id": question.id, "type": question.type, "prompt": question.prompt,
        "explanation": question.explanation or "", "difficulty": question.difficulty,
        "evidence": evidence_payload(question, sources),
    }
    kind = question.type
    if kind in ("single", "multiple"):
        data["options"] = [{"text": o.text, "correct": o.correct, "feedback": o.feedback or ""}
                           for o in question.options]
        count = len(question.options)
        data["display"] = option_order(seed, question, count) if shuffle else list(range(count))
    elif kind == "true_false":
        data["answer"] = question.answer
        data["correction"] = question.correction or ""
    elif kind == "numeric":
        data["answer"] = question.answer
        data["tolerance"] = question.tolerance
        data["unit"] = question.unit or ""
    elif kind == "text":
        data["answers"] = list(question.answers)
    elif kind == "order":
        data["items"] = list(question.items)
        data["display"] = answer_hiding_order(seed, question, len(question.items))
    elif kind == "match":
        data["pairs"] = [{"left": p.left, "right": p.right} for p in question.pairs]
        data["display"] = answer_hiding_order(seed, question, len(question.pairs))
    return data
