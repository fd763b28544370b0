"""Launch buttons that work for MyST chapters.

sphinx-book-theme points Colab at the chapter's `.md` file on GitHub, which Colab cannot open. When
`sourcequiz_colab_branch` is set, the Colab button opens the chapter's executed `.ipynb` instead: the
theme copies it into the built book's `_sources/`, and the book is published on that branch
(`ghp-import -n -p -f _build/html` publishes to gh-pages). Binder opens the `.md` as a notebook by
itself (binder/postBuild installs jupytext and makes it the default viewer for MyST files).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .support import BookConfig, setup_support


def point_colab_at_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    branch = BookConfig.from_sphinx(app.config).colab_branch
    if not branch or "ipynb_source" not in context:  # only chapters (MyST notebooks) have a notebook
        return
    options = app.config.html_theme_options
    colab = options.get("launch_buttons", {}).get("colab_url", "").rstrip("/")
    repo = options.get("repository_url", "").rstrip("/")
    if not colab or "github.com/" not in repo:
        return
    org, name = repo.split("github.com/")[-1].split("/")[:2]
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if group.get("label") == "launch-buttons" else []:
            if button.get("text") == "Colab":
                button["url"] = f"{colab}/github/{org}/{name}/blob/{branch}/_sources/{context['ipynb_source']}"


def setup_launch(app: Sphinx) -> None:
    setup_support(app)
    # After sphinx-book-theme's add_launch_buttons (priority 501), which builds the buttons and copies the .ipynb.
    app.connect("html-page-context", point_colab_at_notebook, priority=510)
