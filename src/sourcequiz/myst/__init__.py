"""Jupyter Book 2 (mystmd): the same `{quiz}` directive and `{cite-source}` / `{quote-source}` roles as the
Sphinx extension, as a mystmd plugin that ships with the package.

- sourcequiz.mjs: the plugin. Its directive and roles leave placeholders; its transform sends each page's
  placeholders to Python in one request and puts the answers in their place: a quiz becomes an `anywidget`
  node (the book's quiz.js and quiz.css, the payload as its model), a citation a superscript label that
  carries the source, the quote and its sentence anchors.
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


def shipped_files() -> dict[str, Path]:
    """What `myst init` copies, by the name it gets in the project's ASSETS_DIR."""
    return {PLUGIN: HERE / PLUGIN, "quiz.js": STATIC / "quiz.js", "quiz.css": STATIC / "quiz.css"}
