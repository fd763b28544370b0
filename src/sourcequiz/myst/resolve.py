"""The Python half of the mystmd plugin: one request per page, answered with the quizzes (payload and
markup) and the resolved citations of that page (`sourcequiz myst resolve`, JSON in on stdin, JSON out on stdout).

The request, which the plugin (sourcequiz.mjs) writes:
    {"version": 1, "project": "/abs/folder of myst.yml", "page": "/abs/page.md",
     "quizzes":   [{"source": "BANK or set file", "questions": "a, b" | null, "shuffle": bool,
                    "limit": int | null, "seed": int | null, "exam": bool}, ...],
     "citations": [{"text": "tariq-2020: \"within 14 months\""}, ...],
     "progress":  [{}, ...],      (one per {quiz-progress}; optional)
     "outputs":   [{reference}, ...]}  (a notebook's quiz(...) outputs: application/vnd.sourcequiz.quiz+json)
The answer holds one entry per quiz, citation and progress table, in the same order (a progress table
is {"markup"}: every quizzed page of the project, progress.py), each either its result or
{"error": "plain message"}; the plugin turns an error into a located warning on the page. A request that
cannot be read at all is a UserError (exit 2), never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import html as static
from ..citing import citation_label, parse_citation, sentence_ranges, shown_quote
from ..loader import BANK_SUFFIXES
from ..payload import Course, build_payload, from_reference, inside, load_course
from ..problems import UserError
from ..project import find_root
from ..textmatch import find_quote, missing_fragment
from . import ASSETS_DIR, REQUEST_VERSION as VERSION, SETTINGS, shipped_files
from .progress import progress_pages


def resolve(request: Any) -> dict:
    """The answer to one page's request (see the module's docstring)."""
    if not isinstance(request, dict) or request.get("version") != VERSION:
        raise UserError(f"myst resolve: expected a request of version {VERSION} from the sourcequiz mystmd plugin; "
                        f"run 'sourcequiz myst init' again so the plugin matches this sourcequiz")
    project = Path(str(request.get("project") or ".")).resolve()
    page = Path(str(request.get("page") or project / "index.md")).resolve()
    quizzes, citations = request.get("quizzes", []), request.get("citations", [])
    tables, outputs = request.get("progress", []), request.get("outputs", [])
    if not all(isinstance(items, list) for items in (quizzes, citations, tables, outputs)):
        raise UserError("myst resolve: 'quizzes', 'citations', 'progress' and 'outputs' must be lists")
    course: Course | None = None
    problem = ""
    labels = citation_labels(project)
    if quizzes or citations or tables or outputs:
        try:
            course = load_course(find_root(project))
        except UserError as exc:
            problem = f"cannot read the course: {exc}"
    return {
        "quizzes": [_answer(lambda: quiz_payload(item, course, page, project), problem) for item in quizzes],
        "citations": [_answer(lambda: citation(item, course, labels), problem) for item in citations],
        "progress": [_answer(lambda: progress_table(course, project), problem) for _ in tables],
        "outputs": [_answer(lambda: output_quiz(item, course, page, project), problem) for item in outputs],
        "stale": stale_assets(project),
    }


def _answer(make, problem: str) -> dict:
    if problem:
        return {"error": problem}
    try:
        return make()
    except UserError as exc:
        details = "".join(f"\n  {p}" for p in exc.problems) if exc.problems and "\n" not in str(exc) else ""
        return {"error": f"{exc}{details}"}


def _whole(value: Any, name: str, least: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise UserError(f"quiz: :{name}: must be a whole number of at least {least}, found {value!r}")
    return value


def quiz_payload(item: Any, course: Course | None, page: Path, project: Path) -> dict:
    """{"payload", "markup"} for one `{quiz}` directive (the options of the Sphinx directive): the markup is the
    book's (html.py), which quiz.js draws from; evidence is not linked, as no page shows the sources yet."""
    if not isinstance(item, dict) or not isinstance(item.get("source"), str) or not item["source"].strip():
        raise UserError("quiz: name a bank id or a set file after {quiz}")
    source: Any = item["source"].strip()
    if source.endswith(BANK_SUFFIXES):
        source = inside((page.parent / source).resolve(), project)
    ids = None
    if item.get("questions") is not None:
        ids = [part.strip() for part in str(item["questions"]).replace("\n", ",").split(",") if part.strip()]
        if not ids:
            raise UserError("quiz: :questions: names no question id")
    shuffle = bool(item.get("shuffle"))
    seed = _whole(item.get("seed"), "seed", 0)
    if shuffle and seed is None:
        seed = 0  # a build is the same every time
    payload = build_payload(source, ids=ids, shuffle=shuffle, limit=_whole(item.get("limit"), "limit", 1),
                            seed=seed, exam=bool(item.get("exam")), course=course)
    return {"payload": payload, "markup": static.render(payload)}


def output_quiz(ref: Any, course: Course | None, page: Path, project: Path) -> dict:
    """{"payload", "markup"} for a notebook's `quiz(...)` output, rebuilt from the current banks (as the Sphinx
    book does), so the page shows the quiz a reader can answer, not a copy frozen when the notebook ran."""
    payload = from_reference(ref, base=page.parent, course=course, within=project)
    return {"payload": payload, "markup": static.render(payload)}


def progress_table(course: Course | None, project: Path) -> dict:
    """{"markup"} of one `{quiz-progress}`: the table of every quizzed page, drawn by progress.js."""
    pages = progress_pages(project, lambda item, page: quiz_payload(item, course, page, project)["payload"],
                           lambda ref, page: output_quiz(ref, course, page, project)["payload"])
    return {"markup": static.progress_table(pages)}


def citation(item: Any, course: Course | None, labels: dict[str, str]) -> dict:
    """{"citation": {source, label, quote, anchor, sentences, title}} for one `{cite-source}` role."""
    text = item.get("text") if isinstance(item, dict) else None
    if not isinstance(text, str):
        raise UserError('cite-source: expected SOURCE: "QUOTE"')
    try:
        source_id, quote = parse_citation(text)
    except ValueError as exc:
        raise UserError(f"cite-source: {exc}") from None
    registry = course.sources if course else None
    if registry is None or source_id not in registry:
        known = ", ".join(registry.ids) if registry else "none"
        raise UserError(f"unknown source {source_id!r} in a citation; the sources are {known}")
    source = registry[source_id]
    match = find_quote(quote, source.text)
    if match is None:
        missing = missing_fragment(quote, source.text)
        detail = ""
        if missing is not None and len(quote.split("...")) > 1:
            detail = f" (fragment {missing[0] + 1}, {missing[1]!r}, is not there in that order)"
        raise UserError(f"quote not found in {source_id}: {quote!r}{detail}; quotes are verbatim (only white "
                        f"space, quote and dash styles may differ; ' ... ' joins fragments)")
    anchor, sentences = sentence_ranges(source, match.spans)
    return {"citation": {"source": source.id, "label": citation_label(source, labels), "title": source.title,
                         "quote": shown_quote(source, match.spans), "anchor": anchor, "sentences": sentences}}


def citation_labels(project: Path) -> dict[str, str]:
    """{source id: short label} from the project's _sourcequiz/settings.json ({} when there is none)."""
    path = project / ASSETS_DIR / SETTINGS
    if not path.is_file():
        return {}
    try:
        labels = json.loads(path.read_text(encoding="utf-8")).get("citation_labels") or {}
    except (ValueError, AttributeError) as exc:
        raise UserError(f"{path}: expected a JSON object as `sourcequiz myst init` writes it ({exc})") from None
    if not isinstance(labels, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                               for k, v in labels.items()):
        raise UserError(f"{path}: citation_labels must map each source id to a non-empty label, "
                        f'e.g. {{"tariq-2020": "Tariq 2020"}}')
    return labels


def stale_assets(project: Path) -> bool:
    """Whether the project's copy of the plugin or the quiz's JS/CSS differs from this sourcequiz's."""
    for name, content in shipped_files().items():
        copy = project / ASSETS_DIR / name
        if not copy.is_file() or copy.read_bytes() != content:
            return True
    return False


def main_resolve(stdin_text: str) -> dict:
    try:
        request = json.loads(stdin_text)
    except ValueError as exc:
        raise UserError(f"myst resolve: the request is not JSON ({exc})") from None
    return resolve(request)
