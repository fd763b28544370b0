"""The Sphinx extension of the course book: `extensions: [sourcequiz.sphinxext]` in _config.yml.

Each feature wires itself in its own module's `setup_<feature>(app)`:
- quiz: the `quiz` directive and the quiz MIME type of executed notebooks (static HTML/JS quiz);
- citations: the `cite-source` role, linking a quoted passage to its source page;
- source_pages: the `source-text` directive, a source's full text with an anchor on every sentence;
- generated: pages made at build time (timeline, who's who, disagreements, verification report);
- launch: the Colab button of a chapter opens its executed .ipynb (Colab cannot open MyST .md files);
- progress: the `quiz-progress` directive, every page's quiz score from the answers kept in the browser.
Shared by the features: support.py (settings `sourcequiz_*`, located warnings, sources, book.css/js).
"""

from __future__ import annotations

from . import citations, generated, launch, progress, quiz, source_pages


def setup(app):
    quiz.setup_quiz(app)
    citations.setup_citations(app)
    source_pages.setup_source_pages(app)
    generated.setup_generated(app)
    launch.setup_launch(app)
    progress.setup_progress(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
