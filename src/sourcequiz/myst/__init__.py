"""Jupyter Book 2 (mystmd): the same `{quiz}` directive and `{cite-source}` / `{quote-source}` roles as the
Sphinx extension, as a mystmd plugin that ships with the package.

- sourcequiz.mjs: the plugin. Its directive and roles leave placeholders; its transform sends each page's
  placeholders to Python in one request and puts the answers in their place: a quiz becomes an `anywidget`
  node (the book's quiz.js and quiz.css, the payload as its model), a citation a superscript label that
  carries the source, the quote and its sentence anchors.
- progress.py: the `{quiz-progress}` table's pages, read from the project's table of contents.
- resolve.py: `sourcequiz myst resolve`, the Python half, building payloads and citations with the same
  code as the Sphinx book (payload.py, citing.py), so the two engines cannot drift apart.
- install.py: `sourcequiz myst init`, which copies the plugin and the quiz's assets into a project's
  `_sourcequiz/` folder and lists the plugin in its myst.yml.
- command.py: the `sourcequiz myst` subcommands.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
STATIC = HERE.parent / "static"
PLUGIN = "sourcequiz.mjs"
ASSETS_DIR = "_sourcequiz"     # in the project: the plugin and the quiz's JS and CSS, copied by `myst init`
SETTINGS = "settings.json"     # in ASSETS_DIR: the Python that ran `myst init`, which the plugin calls
REQUEST_VERSION = 1            # of the plugin's request to `sourcequiz myst resolve`


def shipped_files() -> dict[str, bytes]:
    """What `myst init` copies into the project's ASSETS_DIR, by name.

    mystmd copies each anywidget module to the site under a hashed name, so a module cannot import a sibling
    there: progress.js goes as one module that holds quiz.js's code (for `grade`) before its own."""
    from ..html import classic_script  # noqa: PLC0415 - html.py is not needed to list the plugin

    progress = (STATIC / "progress.js").read_text(encoding="utf-8")
    progress = progress.replace('import { grade } from "./quiz.js";', "const { grade } = window.sourcequiz;", 1)
    return {PLUGIN: (HERE / PLUGIN).read_bytes(), "quiz.js": (STATIC / "quiz.js").read_bytes(),
            "quiz.css": (STATIC / "quiz.css").read_bytes(),
            "progress.js": (classic_script("quiz.js") + progress).encode("utf-8")}
