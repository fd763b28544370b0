"""Quizzes in the book: the `quiz` directive, and the quiz outputs of executed notebooks.

Reading (no code runs): the directive, or the MIME renderer for a notebook output of type
`application/vnd.sourcequiz.quiz+json`, builds the payload from the bank as it is now, notes
the bank, sources.yml and the source texts as dependencies of the page (so editing one
rebuilds it, even when jupyter-cache does not re-execute the notebook), and leaves a
`quiz_node` holding the payload, with a short text version as its children.
Writing: the HTML visitor renders the static quiz (html.py), linking each evidence quote to
its sentence on the source's page; other builders write the text version. quiz.js (the ES
module the notebook widget runs, here as the classic script quiz.classic.js, which works from
disk too) and quiz.css are added to a page only when it holds a quiz, and only for HTML builders.

Configure myst-nb so the book shows the static quiz rather than the widget view, e.g.
`nb_mime_priority_overrides: [[html, application/vnd.sourcequiz.quiz+json, 0], ...]` and
`nb_ipywidgets_js: {}` (the renderer also declares these priorities itself).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .. import html as static
from ..loader import BANK_SUFFIXES
from ..payload import EXERCISE_MIME, MIME_TYPE, Course, build_payload, from_reference, inside, load_course
from ..problems import UserError
from .support import book_config, book_path, env_store, setup_support, warn

SUBTYPE = "quiz"
QUIZ_DOCS = "sourcequiz_quiz_docs"          # docname -> keys of the quizzes on it (they need quiz.js/.css)
NOTEBOOK_DOCS = "sourcequiz_notebook_docs"  # docnames whose notebook outputs hold our widgets
SOURCE_PAGE = "reference/sources/{}"  # where a source's page is when no `source-text` directive says otherwise


class quiz_node(nodes.General, nodes.Element):
    """A quiz: `payload` (JSON-able); its children are the text version for non-HTML builders."""


def course(env: BuildEnvironment) -> Course:
    config = book_config(env)
    return load_course(quizzes_dir=book_path(env, config.quizzes_dir), sources_dir=book_path(env, config.sources_dir))


def make_quiz(env: BuildEnvironment, payload_of, location: Any) -> list[nodes.Node]:
    """Build a payload with `payload_of(course, depends)`; note what it read; a located warning on a mistake."""
    depends: list[Path] = []
    try:
        payload = payload_of(course(env), depends)
    except UserError as exc:
        details = "".join(f"\n  {p}" for p in exc.problems) if exc.problems and "\n" not in str(exc) else ""
        message = str(exc) if str(exc).startswith("quiz") else f"quiz: {exc}"
        warn(f"{message}{details}", SUBTYPE, location, env.config)
        return []
    finally:
        for path in depends:
            env.note_dependency(str(path))
    env_store(env, QUIZ_DOCS).setdefault(env.docname, set()).add(payload["key"])
    node = quiz_node("", payload=payload)
    count = len(payload["questions"])
    node += nodes.paragraph("", f"Quiz: {payload['title']} ({count} question{'s' if count != 1 else ''}). "
                                "The interactive quiz is in the HTML version of the book.")
    items = nodes.enumerated_list()
    for question in payload["questions"]:
        items += nodes.list_item("", nodes.paragraph("", question["prompt"]))
    node += items
    return [node]


class QuizDirective(SphinxDirective):
    """```{quiz} BANK``` (or a set file's path, relative to the page), with :questions: a, b,
    :shuffle:, :limit: N, :seed: N, :exam:."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "questions": directives.unchanged_required,
        "shuffle": directives.flag,
        "limit": directives.positive_int,
        "seed": directives.nonnegative_int,
        "exam": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        source: Any = self.arguments[0]
        if source.endswith(BANK_SUFFIXES):
            source = Path(self.env.relfn2path(source, self.env.docname)[1])
        ids = None
        if "questions" in self.options:
            ids = [part.strip() for part in self.options["questions"].replace("\n", ",").split(",") if part.strip()]
        shuffle = "shuffle" in self.options
        seed = self.options.get("seed", 0 if shuffle else None)  # a build is the same every time

        def payload_of(loaded: Course, depends: list[Path]) -> dict:
            if isinstance(source, Path):
                inside(source, Path(self.env.srcdir))
            return build_payload(source, ids=ids, shuffle=shuffle, limit=self.options.get("limit"), seed=seed,
                                 exam="exam" in self.options, course=loaded, depends=depends)

        made = make_quiz(self.env, payload_of, self.get_location())
        for node in made:
            self.set_source_info(node)
        return made


class QuizMimeRenderer:
    """myst-nb MIME renderer (entry point `myst_nb.mime_renderers`): a notebook's quiz output becomes the
    static quiz, rebuilt from the current bank; an exercise output becomes its static notice."""

    mime_priority_overrides = [("*", MIME_TYPE, 0), ("*", EXERCISE_MIME, 0)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if inline or data.mime_type not in (MIME_TYPE, EXERCISE_MIME):
            return None
        content = data.content
        if isinstance(content, (str, bytes)):
            content = json.loads(content)
        env = getattr(renderer.renderer.document.settings, "env", None)
        if env is not None:
            env_store(env, NOTEBOOK_DOCS).setdefault(env.docname, set()).add(data.mime_type)
        if data.mime_type == EXERCISE_MIME:
            return [exercise_notice(content)]
        if env is None:  # plain docutils: no book, so the quiz carries its own JS and CSS
            try:
                payload = from_reference(content)
            except UserError as exc:
                return [nodes.paragraph("", f"sourcequiz: {exc}")]
            return [nodes.raw("", static.render(payload, inline_assets=True), format="html")]
        base = Path(env.doc2path(env.docname)).parent

        def payload_of(loaded: Course, depends: list[Path]) -> dict:
            return from_reference(content, base=base, course=loaded, depends=depends, within=Path(env.srcdir))

        nodes_ = make_quiz(env, payload_of, (env.docname, data.line))
        for node in nodes_:
            node.source, node.line = env.doc2path(env.docname), data.line
        return nodes_


def exercise_notice(content: dict) -> nodes.Node:
    """A passage exercise in the static book: the task and a plain notice (no kernel runs here)."""
    box = nodes.container(classes=["sq-exercise-static"])
    box += nodes.paragraph("", str(content.get("task", "")))
    box += nodes.paragraph("", "This exercise checks your passage with Python. Open the chapter as a notebook "
                               "(the launch or download button at the top of the page) to paste a passage and "
                               "have it checked against the sources; here, compare your answer with the solution.",
                           classes=["sq-exercise-notice"])
    return box


# --- writing ---------------------------------------------------------------------------------

def source_page(env: BuildEnvironment, source_id: str) -> str | None:
    from .citations import source_pages  # noqa: PLC0415 - the citations feature may be absent

    target = source_pages(env).get(source_id) or SOURCE_PAGE.format(source_id)
    return target if target in env.all_docs else None


def visit_quiz_html(self, node: quiz_node) -> None:
    builder = self.builder
    env = builder.env
    here = getattr(builder, "current_docname", None) or env.docname
    missing: set[str] = set()

    def href(evidence: dict) -> str | None:
        target = source_page(env, evidence["source"])
        if target is None:
            missing.add(evidence["source"])
            return None
        return f"{builder.get_relative_uri(here, target)}#{evidence['anchor']}"

    seen = self.__dict__.setdefault("_sourcequiz_keys", {})
    key = node["payload"]["key"]
    seen[key] = seen.get(key, 0) + 1
    suffix = f"-{seen[key]}" if seen[key] > 1 else ""
    self.body.append(static.render(node["payload"], href=href, suffix=suffix))
    for source_id in sorted(missing):
        warn(f"quiz: no page shows source {source_id!r}, so its evidence is not linked: add a page with "
             f"```{{source-text}} {source_id}``` to the table of contents", SUBTYPE, node, env.config)
    raise nodes.SkipNode


def visit_text_version(self, node: quiz_node) -> None:
    """Other builders write the children: the title and the prompts, without answers."""


def depart_text_version(self, node: quiz_node) -> None:
    pass


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format == "html" and env_store(app.env, QUIZ_DOCS).get(pagename):
        app.add_css_file("quiz.css")
        # the notebook widget's module, as a classic script (support._classic_scripts): the book must work
        # opened from disk too, where browsers refuse modules
        app.add_js_file("quiz.classic.js", loading_method="defer")


def drop_dead_widget_state(app: Sphinx, doctree: nodes.document) -> None:
    """On a page whose notebook outputs hold our widgets, drop the saved widget state myst-nb would embed
    when no widget manager is loaded (`nb_ipywidgets_js: {}`): nothing reads it, and for a chapter quiz it is
    over a megabyte. (myst-nb moves a notebook's JS entries to `env.nb_metadata` while parsing.)"""
    env = app.env
    if getattr(app.config, "nb_ipywidgets_js", None) or env.docname not in env_store(env, NOTEBOOK_DOCS):
        return
    metadata = getattr(env, "nb_metadata", {}).get(env.docname, {})
    metadata.get("js_files", {}).pop("ipywidgets_state", None)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for key in (QUIZ_DOCS, NOTEBOOK_DOCS):
        env_store(env, key).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for key in (QUIZ_DOCS, NOTEBOOK_DOCS):
        mine, theirs = env_store(env, key), env_store(other, key)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]


def setup_quiz(app: Sphinx) -> None:
    setup_support(app)  # settings, warnings, and the package's static/ folder in html_static_path
    text = (visit_text_version, depart_text_version)
    app.add_node(quiz_node, html=(visit_quiz_html, None), latex=text, text=text, man=text, texinfo=text)
    app.add_directive("quiz", QuizDirective)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("html-page-context", page_assets)
    app.connect("doctree-read", drop_dead_widget_state)
