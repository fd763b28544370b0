"""What the book-extension tests share: a small sample course and book in a temporary folder, built with
Sphinx + myst-nb in-process (no code executed), and HTML helpers. Volatile strings are normalised in
`normalise()` only."""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

# Two small sources. alpha has hard line breaks inside paragraphs, a sentence ending in a closing quote,
# and three paragraphs; beta has an unknown author (its label comes from the config).
ALPHA = """The talks began in Doha in July 2018. The envoy met the
delegates nine times over eighteen months.

Then the agreement was signed on February 29, 2020. One official called it “a new era.” Others
were less sure.

Page | 7
"""
BETA = """A short essay. It says that 5,000 prisoners were to be released.
It adds that the talks resumed on January 5th.

The agreement was signed in February 2012 in Doha.
"""
SOURCES_YML = {
    "sources": [
        {"id": "alpha-2020", "file": "alpha.txt", "title": "Talks in Doha", "author": "Jane Roe",
         "kind": "journal article", "written": "Spring 2020",
         "known_issues": ["A running page footer ('Page | 7') sits inside the text."]},
        {"id": "beta-essay", "file": "beta.txt", "title": "An essay on the talks", "kind": "web essay",
         "written": "January 2021",
         "known_issues": ["Dates the signing 'in February 2012'; the other source and the context say 2020."]},
    ]
}
BANK = {
    "bank": "sample",
    "title": "A sample bank",
    "chapter": "chapter",
    "questions": [
        {"id": "s-signing", "type": "single", "prompt": "When was the agreement signed?",
         "options": [{"text": "February 29, 2020", "correct": True}, {"text": "March 10, 2020"}],
         "explanation": "Roe's article dates the signing.",
         "evidence": [{"source": "alpha-2020", "quote": "the agreement was signed on February 29, 2020"}], "year": 2020},
        {"id": "s-prisoners", "type": "numeric", "prompt": "How many prisoners were to be released?",
         "answer": 5000, "explanation": "The essay says 5,000; the two sources disagree on nothing here.",
         "tags": ["source-criticism"],
         "evidence": [{"source": "beta-essay", "quote": "5,000 prisoners were to be released"},
                      {"source": "alpha-2020", "quote": "The talks began in Doha in July 2018"}]},
    ],
}
TIMELINE = """\
- date: "2020-02-29"
  event: The agreement is signed.
  chapter: chapter
  evidence: {source: alpha-2020, quote: "the agreement was signed on February 29, 2020"}
- date: "2018-07"
  event: The talks begin in Doha.
  chapter: chapter
  evidence: {source: alpha-2020, quote: "The talks began in Doha in July 2018"}
- date: "2021-01-05"
  event: The talks resume.
  note: The essay gives no year; its context makes it 2021.
  evidence: {source: beta-essay, quote: "the talks resumed on January 5th"}
"""
PEOPLE = """\
- name: The envoy
  kind: person
  role: The US negotiator.
  evidence:
    - {source: alpha-2020, quote: "The envoy met the delegates nine times"}
- name: The delegates
  kind: organisation
  role: The other side.
  evidence:
    - {source: alpha-2020, quote: "met the delegates"}
"""
CONF = """\
extensions = ['myst_nb', 'sourcequiz.sphinxext']
nb_execution_mode = 'off'
exclude_patterns = ['_build', 'sources', 'quizzes', 'data']
sourcequiz_citation_labels = {'beta-essay': 'Essay'}
suppress_warnings = []
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_book(folder: Path, pages: dict[str, str], *, source_pages: bool = True, conf: str = CONF) -> Path:
    """A sample course (sources, a bank, data files) and a book: index.md with a toctree of `pages`
    (name -> Markdown) and, unless told otherwise, one source page per source."""
    write(folder / "sources" / "alpha.txt", ALPHA)
    write(folder / "sources" / "beta.txt", BETA)
    write(folder / "sources" / "sources.yml", yaml.safe_dump(SOURCES_YML, sort_keys=False, allow_unicode=True))
    write(folder / "quizzes" / "sample.yml", yaml.safe_dump(BANK, sort_keys=False, allow_unicode=True))
    write(folder / "data" / "timeline.yml", TIMELINE)
    write(folder / "data" / "people.yml", PEOPLE)
    write(folder / "conf.py", conf)
    if source_pages:
        pages = {**pages, **{f"reference/sources/{s['id']}": f"# {s['title']}\n\n```{{source-text}} {s['id']}\n```\n"
                             for s in SOURCES_YML["sources"]}}
    toc = "\n".join(pages)
    write(folder / "index.md", f"# Home\n\n```{{toctree}}\n{toc}\n```\n")
    for name, text in pages.items():
        write(folder / f"{name}.md", textwrap.dedent(text))
    return folder


@dataclass
class Build:
    folder: Path
    outdir: Path
    warnings: str
    status: str
    app: object

    def html(self, page: str) -> str:
        suffix = "/index.html" if (self.outdir / page / "index.html").exists() else ".html"
        return (self.outdir / f"{page}{suffix}").read_text(encoding="utf-8")


def build(folder: Path, builder: str = "html", fresh: bool = True) -> Build:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings, status = io.StringIO(), io.StringIO()
    outdir = folder / "_build" / builder
    with patch_docutils(str(folder)), docutils_namespace():  # as sphinx-build does: one build's registry
        app = Sphinx(str(folder), str(folder), str(outdir), str(folder / "_build" / "doctrees"), builder,
                     status=status, warning=warnings, freshenv=fresh)
        app.build()
    def plain(text: str) -> str:
        return re.sub(r"\x1b\[[0-9;]*m", "", text)  # no terminal colours

    return Build(folder, outdir, plain(warnings.getvalue()), plain(status.getvalue()), app)


def normalise(html: str) -> str:
    """Volatile bits out: asset cache-busting hashes and runs of white space."""
    html = re.sub(r"\?v=[0-9a-f]+", "", html)
    return re.sub(r"\s+", " ", html).strip()


def soup(html: str):
    """Parsed HTML (BeautifulSoup comes with the book theme)."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")
