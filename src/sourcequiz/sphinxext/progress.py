"""The "Your progress" page: ```{quiz-progress}``` lists the quiz score of every page that holds a quiz,
from the answers this browser keeps (quiz.js stores each under "sourcequiz:<question id>" as
{a: answer, c: checked}), with a button that clears them. No server; nothing is sent anywhere.

Reading: `doctree-read` notes each page's quizzes (their keys, titles and question payloads) on the
environment, purged and merged like the other per-page records; the directive leaves a `progress_node`
(`:pages:` is a glob of docnames, default every page, e.g. `chapters/*`).
Writing: the HTML visitor writes the table, one row per page in table-of-contents order, and the
questions of each page's quizzes as JSON in the page itself (so it works from a file:// copy too);
static/progress.js grades each saved answer with quiz.js's `grade`, the one implementation of the
rules, and fills in the scores. The progress page is rebuilt whenever any page is, so its list is current.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..html import progress_questions, progress_table
from .quiz import QUIZ_DOCS, quiz_node
from .support import env_store, setup_support

QUIZZES = "sourcequiz_progress_quizzes"   # docname -> {quiz key: {"title", "questions"}}
PROGRESS_DOCS = "sourcequiz_progress_docs"


class progress_node(nodes.General, nodes.Element):
    """The progress table; `pages` is the glob of docnames it lists."""


class QuizProgressDirective(SphinxDirective):
    """```{quiz-progress}``` with `:pages: chapters/*` (default: every page that holds a quiz)."""

    has_content = False
    option_spec = {"pages": lambda text: (text or "").strip() or "*"}

    def run(self) -> list[nodes.Node]:
        env_store(self.env, PROGRESS_DOCS).setdefault(self.env.docname, set()).add(True)
        node = progress_node("", pages=self.options.get("pages", "*"))
        node += nodes.paragraph("", "Your quiz scores are in the HTML version of the book.")
        self.set_source_info(node)
        return [node]


def note_quizzes(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    found = {}
    for node in doctree.findall(quiz_node):
        payload = node["payload"]
        found[payload["key"]] = {"title": payload["title"], "questions": progress_questions(payload["questions"])}
    store = env_store(env, QUIZZES)
    if found:
        store[env.docname] = found
    else:
        store.pop(env.docname, None)


def toc_order(env: BuildEnvironment) -> list[str]:
    """Every docname reachable from the root's table of contents, in reading order, then the rest."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in seen:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    return order + sorted(set(env.all_docs) - seen)


def page_title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles[docname].astext() if docname in env.titles else docname
    number = env.toc_secnumbers.get(docname, {}).get("")
    return f"{'.'.join(map(str, number))}. {title}" if number else title


def listed_pages(env: BuildEnvironment, pattern: str) -> list[str]:
    quizzes = env_store(env, QUIZZES)
    return [d for d in toc_order(env) if d in quizzes and fnmatchcase(d, pattern)]


def visit_progress_html(self, node: progress_node) -> None:
    builder = self.builder
    env = builder.env
    here = getattr(builder, "current_docname", None) or env.docname
    quizzes = env_store(env, QUIZZES)
    data = []
    for docname in listed_pages(env, node["pages"]):
        data.append({"page": docname, "title": page_title(env, docname),
                     "href": builder.get_relative_uri(here, docname),
                     "quizzes": [dict(quiz, key=key) for key, quiz in sorted(quizzes[docname].items())]})
    self.body.append(progress_table(data))
    raise nodes.SkipNode


def visit_text(self, node: progress_node) -> None:
    """Other builders write the child paragraph."""


def depart_text(self, node: progress_node) -> None:
    pass


def always_rewrite(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """The progress pages list every page's quizzes: read them again whenever any page changed."""
    if not (added or changed or removed):
        return []
    return sorted(env_store(env, PROGRESS_DOCS))


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format == "html" and pagename in env_store(app.env, PROGRESS_DOCS):
        if not env_store(app.env, QUIZ_DOCS).get(pagename):      # a page with a quiz loads it already
            app.add_js_file("quiz.classic.js", loading_method="defer")
        app.add_js_file("progress.classic.js", loading_method="defer")  # grade() from quiz.classic.js, run first


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for key in (QUIZZES, PROGRESS_DOCS):
        env_store(env, key).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for key in (QUIZZES, PROGRESS_DOCS):
        mine, theirs = env_store(env, key), env_store(other, key)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]


def setup_progress(app: Sphinx) -> None:
    setup_support(app)
    text = (visit_text, depart_text)
    app.add_node(progress_node, html=(visit_progress_html, None), latex=text, text=text, man=text, texinfo=text)
    app.add_directive("quiz-progress", QuizProgressDirective)
    app.connect("doctree-read", note_quizzes)
    app.connect("env-get-outdated", always_rewrite)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("html-page-context", page_assets)
