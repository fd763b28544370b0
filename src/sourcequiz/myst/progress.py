"""The "Your progress" page of a Jupyter Book 2 project: `{quiz-progress}` lists every page of the table of
contents that holds a `{quiz}` (or, in a notebook, a `quiz(...)` output), in reading order, with the questions
of its quizzes for static/progress.js.

A mystmd transform sees one page at a time, so this reads the project's pages itself: the `toc` of myst.yml
(or every Markdown file, sorted, when there is none), each page's title (its front matter's `title:`, else its
first heading), each `{quiz}` directive with its options, which go to the same `quiz_payload` as the
page's own quiz, and each notebook output's quiz reference. Rows are not linked: mystmd makes each page's address, and it does not tell the plugin.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

import yaml

from ..html import progress_questions
from ..payload import MIME_TYPE
from ..problems import UserError

QUIZ_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{quiz\}[ \t]*(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                        re.MULTILINE | re.DOTALL)
OPTION = re.compile(r"^:(?P<name>[\w-]+):[ \t]*(?P<value>.*?)[ \t]*$")
FRONT_TITLE = re.compile(r"\A---\n(?:.*\n)*?title:[ \t]*(?P<title>.+)\n(?:.*\n)*?---\n")
HEADING = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*#*$", re.MULTILINE)
FLAGS = ("shuffle", "exam")
NUMBERS = ("limit", "seed")


def toc_files(project: Path) -> list[Path]:
    """The pages of the project in reading order: myst.yml's toc, else every page file but the build's."""
    config = project / "myst.yml"
    try:
        toc = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("project", {}).get("toc")
    except (OSError, yaml.YAMLError, AttributeError):
        toc = None
    if not isinstance(toc, list):
        return sorted(p for p in project.rglob("*") if p.suffix in (".md", ".ipynb")
                      and not {"_build", "node_modules", ".ipynb_checkpoints"} & set(p.relative_to(project).parts))
    found: list[Path] = []

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, dict):
                if isinstance(entry.get("file"), str):
                    found.append(project / entry["file"])
                if isinstance(entry.get("children"), list):
                    walk(entry["children"])

    walk(toc)
    return found


def page_title(path: Path, text: str) -> str:
    front = FRONT_TITLE.match(text)
    if front:
        return front.group("title").strip().strip("'\"")
    heading = HEADING.search(text)
    return heading.group("title") if heading else path.stem


def quiz_requests(text: str) -> list[dict]:
    """Each `{quiz}` directive of a page, as the plugin's directive would send it."""
    requests = []
    for match in QUIZ_FENCE.finditer(text):
        request: dict = {"source": match.group("arg").strip(), "questions": None, "shuffle": False, "limit": None,
                         "seed": None, "exam": False}
        for line in match.group("body").splitlines():
            option = OPTION.match(line.strip())
            if not option:
                continue
            name, value = option.group("name"), option.group("value")
            if name in FLAGS:
                request[name] = value.lower() not in ("false", "no", "0")
            elif name in NUMBERS:
                request[name] = int(value) if value.isdigit() else value
            elif name == "questions":
                request[name] = value
        requests.append(request)
    return requests


def output_references(text: str) -> list[dict]:
    """The quiz references of a notebook's outputs (what `quiz(...)` leaves in them)."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return []
    return [output["data"][MIME_TYPE] for cell in cells if isinstance(cell, dict)
            for output in cell.get("outputs") or [] if isinstance(output, dict)
            and isinstance(output.get("data"), dict) and isinstance(output["data"].get(MIME_TYPE), dict)]


def notebook_title(path: Path, text: str) -> str:
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return path.stem
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source")
            heading = HEADING.search("".join(source) if isinstance(source, list) else str(source or ""))
            if heading:
                return heading.group("title")
    return path.stem


def progress_pages(project: Path, build: Callable[[dict, Path], dict],
                   rebuild: Callable[[dict, Path], dict]) -> list[dict]:
    """{"page", "title", "href": None, "quizzes"} for each page with a quiz; `build(request, page)` gives a
    directive's payload, `rebuild(reference, page)` a notebook output's. A quiz that cannot be built is left
    out (its own page warns about it)."""
    pages = []
    for path in toc_files(project):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        notebook = path.suffix == ".ipynb"
        found = [(rebuild, ref) for ref in output_references(text)] if notebook else \
            [(build, request) for request in quiz_requests(text)]
        quizzes = []
        for make, item in found:
            try:
                payload = make(item, path)
            except UserError:
                continue
            quizzes.append({"key": payload["key"], "title": payload["title"],
                            "questions": progress_questions(payload["questions"])})
        if quizzes:
            page = path.relative_to(project).with_suffix("").as_posix() if path.is_relative_to(project) else path.stem
            title = notebook_title(path, text) if notebook else page_title(path, text)
            pages.append({"page": page, "title": title, "href": None, "quizzes": quizzes})
    return pages
