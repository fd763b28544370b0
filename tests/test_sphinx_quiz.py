"""The book side of quizzes, with a real Sphinx + myst-nb build and no code executed: the `quiz` directive,
the notebook quiz output rebuilt from the current bank, dependencies, assets per page, located warnings."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from quiz_support import make_course, quiz_data
from sourcequiz.payload import EXERCISE_MIME, MIME_TYPE

MIME_OVERRIDES = [[b, m, 0] for b in ("html", "text") for m in (MIME_TYPE, EXERCISE_MIME)]


def make_project(folder: Path, pages: dict[str, str]) -> Path:
    make_course(folder, hostile=True)
    (folder / "conf.py").write_text(
        "extensions = ['myst_nb', 'sourcequiz.sphinxext']\n"
        "nb_execution_mode = 'off'\n"
        "exclude_patterns = ['_build', 'sources', 'quizzes']\n"
        f"nb_mime_priority_overrides = {MIME_OVERRIDES!r}\n"
        "nb_ipywidgets_js = {}\n", encoding="utf-8")
    toc = "\n".join(name for name in pages)
    (folder / "index.md").write_text(f"# Home\n\n```{{toctree}}\n{toc}\n```\n", encoding="utf-8")
    for name, text in pages.items():
        path = folder / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def add_notebook(folder: Path, name: str, *displays) -> None:
    """An executed notebook whose one cell displayed `displays` (real quiz objects)."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    cell = nbformat.v4.new_code_cell("from sourcequiz import quiz\nquiz('starter')")
    cell.outputs = [nbformat.v4.new_output("display_data", data=d._repr_mimebundle_()[0]) for d in displays]
    views = [o.data["application/vnd.jupyter.widget-view+json"]["model_id"] for o in cell.outputs]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {  # as nbclient saves it
        "version_major": 2, "version_minor": 0,
        "state": {v: {"model_name": "VBoxModel", "model_module": "@jupyter-widgets/controls",
                      "model_module_version": "2.0.0", "state": {}} for v in views}}}
    nb.cells = [nbformat.v4.new_markdown_cell("# A notebook"), cell]
    nbformat.write(nb, folder / f"{name}.ipynb")
    index = folder / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("```\n", f"{name}\n```\n", 1), encoding="utf-8")


def build(folder: Path, builder: str = "html", fresh: bool = True):
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    with patch_docutils(str(folder)), docutils_namespace():  # as sphinx-build does: one build's registry
        app = Sphinx(str(folder), str(folder), str(folder / "_build" / builder), str(folder / "_build" / "doctrees"),
                     builder, status=None, warning=warnings, freshenv=fresh)
        app.build()
    return app, warnings.getvalue()


SOURCE_PAGES = {f"reference/sources/{s}": f"# {s}\n\n```{{source-text}} {s}\n```\n"
                for s in ("peace-talks-essay", "tariq-2020")}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    from sourcequiz import quiz

    folder = make_project(tmp_path_factory.mktemp("book"), {
        "quiz_page": "# Quiz\n\n```{quiz} starter\n```\n",
        "options_page": "# Options\n\n```{quiz} starter\n:questions: starter-order, starter-match, "
                        "starter-envoy-name\n:shuffle:\n:limit: 2\n:seed: 3\n:exam:\n```\n",
        "plain_page": "# No quiz here\n\nText.\n",
        **SOURCE_PAGES,
    })
    add_notebook(folder, "nb_page", quiz("starter", root=folder), _exercise(folder))
    app, warnings = build(folder)
    return folder, app, warnings


def _exercise(folder: Path):
    from sourcequiz.exercises import PassageExercise
    from sourcequiz.sources import SourceRegistry

    return PassageExercise("Paste the passage that dates the signing.", ["February 29, 2020"],
                           list(SourceRegistry.load(folder / "sources")))


def page(folder: Path, name: str) -> str:
    return (folder / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")


def test_builds_without_warnings(book):
    _, _, warnings = book
    assert warnings == ""


def test_directive_and_notebook_output_render_the_static_quiz(book):
    folder, _, _ = book
    for name in ("quiz_page", "nb_page"):
        [payload] = quiz_data(page(folder, name))
        assert len(payload["questions"]) == 7, name
    nb = page(folder, "nb_page")
    assert "widget-view+json" not in nb and "Run this notebook in Jupyter" not in nb
    assert "widget-state+json" not in nb  # no widget manager in the book, so no dead widget state
    assert "Paste the passage that dates the signing." in nb and "sq-exercise-static" in nb
    [options] = quiz_data(page(folder, "options_page"))
    assert options["exam"] and len(options["questions"]) == 2
    assert {q["id"] for q in options["questions"]} <= {"starter-order", "starter-match", "starter-envoy-name"}


def test_assets_only_on_pages_with_a_quiz(book):
    folder, _, _ = book
    for name in ("quiz_page", "nb_page", "options_page"):
        assert "_static/quiz.classic.js" in page(folder, name) and "_static/quiz.css" in page(folder, name)
    assert "quiz." not in page(folder, "plain_page")
    assert (folder / "_build" / "html" / "_static" / "quiz.classic.js").is_file()


def test_evidence_links_to_the_sentence_on_the_source_page(book):
    folder, _, _ = book
    [payload] = quiz_data(page(folder, "quiz_page"))
    for question in payload["questions"]:
        for evidence in question["evidence"]:
            target, anchor = evidence["href"].split("#")
            assert target == f"reference/sources/{evidence['source']}.html"
            assert anchor == evidence["anchor"]
            assert f'id="{anchor}"' in (folder / "_build" / "html" / target).read_text(encoding="utf-8")


def test_bank_and_sources_are_dependencies(book):
    folder, app, _ = book
    for docname in ("quiz_page", "nb_page"):
        names = {Path(p).name for p in app.env.dependencies[docname]}
        assert {"starter.yml", "sources.yml", "tariq-2020.txt"} <= names, docname


def test_editing_the_bank_rebuilds_directive_and_notebook_pages_without_executing(book):
    folder, _, _ = book
    bank = folder / "quizzes" / "starter.yml"
    original = bank.read_text(encoding="utf-8")
    try:
        time.sleep(0.01)
        bank.write_text(original.replace("On what date did the United States and the Taliban sign their agreement?",
                                         "When was the agreement signed, edited?"), encoding="utf-8")
        _, warnings = build(folder, fresh=False)
        assert warnings == ""
        for name in ("quiz_page", "nb_page"):
            assert "When was the agreement signed, edited?" in page(folder, name), name
    finally:
        bank.write_text(original, encoding="utf-8")


def test_text_builder_writes_the_prompts_without_answers(book):
    folder, _, _ = book
    build(folder, "text")
    text = " ".join((folder / "_build" / "text" / "quiz_page.txt").read_text(encoding="utf-8").split())
    assert "The interactive quiz is in the HTML version of the book." in text
    assert "Put these events in order, earliest first." in text
    assert "February 29, 2020" not in text  # no options, so no key


def test_mistakes_are_located_warnings(tmp_path):
    folder = make_project(tmp_path, {"bad": "# Bad\n\nText.\n\n```{quiz} nope\n```\n\n```{quiz} starter\n"
                                            ":questions: starter-order, not-there\n```\n"})
    _, warnings = build(folder)
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 2, warnings
    assert re.search(r"bad\.md:5: WARNING: quiz: no bank 'nope'.*\[sourcequiz\.quiz\]", lines[0])
    assert re.search(r"bad\.md:8: WARNING: quiz: no question 'not-there'.*\[sourcequiz\.quiz\]", lines[1])
    assert 'class="sq-quiz' not in (folder / "_build" / "html" / "bad.html").read_text(encoding="utf-8")


def test_the_hostile_bank_stays_text_in_the_book(tmp_path):
    folder = make_project(tmp_path, {"hostile": "# Hostile\n\n```{quiz} hostile\n```\n", **SOURCE_PAGES})
    _, warnings = build(folder)
    assert warnings == ""
    html = (folder / "_build" / "html" / "hostile.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "window.__xss" in json.dumps(quiz_data(html))  # present only as data
    assert "<img src=x" not in html


def test_fixing_a_broken_bank_rebuilds_its_page(tmp_path):
    folder = make_project(tmp_path, {"page": "# Page\n\n```{quiz} starter\n```\n", **SOURCE_PAGES})
    bank = folder / "quizzes" / "starter.yml"
    good = bank.read_text(encoding="utf-8")
    bank.write_text(good.replace("      - text: February 29, 2020\n        correct: true\n",
                                 "      - text: February 29, 2020\n"), encoding="utf-8")
    _, warnings = build(folder)
    assert "bank 'starter' has format problems" in warnings and "[sourcequiz.quiz]" in warnings
    assert "exactly one option" in warnings
    time.sleep(0.01)
    bank.write_text(good, encoding="utf-8")
    _, warnings = build(folder, fresh=False)
    assert warnings == ""
    assert len(quiz_data((folder / "_build" / "html" / "page.html").read_text(encoding="utf-8"))) == 1
