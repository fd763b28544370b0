"""The book's key settings reach Sphinx: `jupyter-book config sphinx` shows the configuration Sphinx gets,
so a misspelt key in _config.yml (which Jupyter Book ignores without a word) fails here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, missing

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


@pytest.fixture(scope="module")
def sphinx_conf(tmp_path_factory) -> dict:
    if not JUPYTER_BOOK.exists():
        missing(f"{JUPYTER_BOOK} is not installed (pip install -e '.[book]')")
    folder = tmp_path_factory.mktemp("conf")
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")  # conf.py is written beside the config file
    result = subprocess.run([str(JUPYTER_BOOK), "config", "sphinx", str(ROOT), "--config", str(folder / "_config.yml")],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    namespace: dict = {}
    exec((folder / "conf.py").read_text(encoding="utf-8"), namespace)
    return namespace


def test_execution_is_cached_with_a_timeout_and_stops_on_errors(sphinx_conf):
    assert sphinx_conf["nb_execution_mode"] == "cache"
    assert 0 < sphinx_conf["nb_execution_timeout"] <= 600
    assert sphinx_conf["nb_execution_allow_errors"] is False
    assert sphinx_conf["nb_execution_in_temp"] is False  # chapters find the course's files from chapters/


def test_only_the_toc_is_built_and_internal_files_are_excluded(sphinx_conf):
    assert sphinx_conf["external_toc_exclude_missing"] is True
    excluded = set(sphinx_conf["exclude_patterns"])
    for name in ("README.md", "CONTRIBUTING.md", "docs", "tests", "node_modules", ".venv", "_build", "sources"):
        assert name in excluded, name


def test_no_dollar_math(sphinx_conf):
    """The course has no formulas; with `dollarmath`, "$5 billion to $6 billion" became one."""
    assert "dollarmath" not in sphinx_conf["myst_enable_extensions"]


def test_extensions(sphinx_conf):
    for name in ("sourcequiz.sphinxext", "sphinx_exercise", "sphinx_design", "sphinx_togglebutton", "myst_nb"):
        assert name in sphinx_conf["extensions"], name
    assert sphinx_conf["html_theme"] == "sphinx_book_theme"


def test_launch_buttons_and_repository(sphinx_conf):
    options = sphinx_conf["html_theme_options"]
    launch = options["launch_buttons"]
    assert launch["binderhub_url"] == "https://mybinder.org"
    assert launch["colab_url"] == "https://colab.research.google.com"
    assert options["repository_url"].startswith("https://github.com/")
    assert options["repository_branch"] == "main"
    assert options["use_repository_button"] and options["use_issues_button"]
    assert sphinx_conf["sourcequiz_colab_branch"]  # the Colab button opens the published .ipynb


def test_light_and_dark_mode_follow_the_reader(sphinx_conf):
    assert sphinx_conf["html_context"]["default_mode"] == "auto"


def test_mime_priorities_are_written_out_for_each_builder(sphinx_conf):
    overrides = {(builder, mime): priority for builder, mime, priority in sphinx_conf["nb_mime_priority_overrides"]}
    for builder in ("html", "latex"):
        assert overrides[(builder, "application/vnd.sourcequiz.quiz+json")] == 0
        assert overrides[(builder, "application/vnd.jupyter.widget-view+json")] is None
    assert sphinx_conf["nb_ipywidgets_js"] == {}  # no widget JavaScript from a CDN


def test_nothing_is_suppressed_without_a_reason(sphinx_conf):
    """Every suppress_warnings entry in _config.yml carries a comment; today there are none."""
    assert sphinx_conf["suppress_warnings"] == []
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)["sphinx"]["config"].get("suppress_warnings") or []
    for entry in entries:
        line = next(line for line in text.splitlines() if entry in line)
        assert "#" in line, f"suppress_warnings entry {entry!r} has no comment saying why"


def test_citation_labels_name_every_source(sphinx_conf, sources):
    assert set(sphinx_conf["sourcequiz_citation_labels"]) == set(sources.ids)


def test_every_chapter_installs_the_package_from_the_books_repository():
    """Colab opens a chapter without the course: its hidden set-up cell installs the package (which brings
    the banks and texts) from the repository _config.yml names; a fork changing one must change both."""
    import re

    import yaml

    from conftest import ROOT

    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    for chapter in sorted((ROOT / "chapters").glob("ch0*.md")):
        text = chapter.read_text(encoding="utf-8")
        cell = re.search(r"```\{code-cell\} ipython3\n:tags: \[remove-cell\]\n(.*?)```", text, re.S)
        assert cell, f"{chapter.name}: no hidden set-up cell"
        assert 'find_spec("sourcequiz") is None' in cell.group(1), chapter.name
        assert f'"sourcequiz @ git+{url}"' in cell.group(1), f"{chapter.name}: installs from another repository"
