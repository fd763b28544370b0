"""The "Your progress" page of a Jupyter Book 2 project: `{quiz-progress}` lists every page of the table of
contents that holds a `{quiz}`, in reading order, with the questions of its quizzes for static/progress.js.

A mystmd transform sees one page at a time, so this reads the project's pages itself: the `toc` of myst.yml
(or every Markdown file, sorted, when there is none), each page's title (its front matter's `title:`, else its
first heading), and each `{quiz}` directive with its options, which go to the same `quiz_payload` as the
page's own quiz. Rows are not linked: mystmd makes each page's address, and it does not tell the plugin.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import yaml

from ..html import progress_questions
from ..problems import UserError

QUIZ_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{quiz\}[ \t]*(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                        re.MULTILINE | re.DOTALL)
OPTION = re.compile(r"^:(?P<name>[\w-]+):[ \t]*(?P<value>.*?)[ \t]*$")
FRONT_TITLE = re.compile(r"\A---\n(?:.*\n)*?title:[ \t]*(?P<title>.+)\n(?:.*\n)*?---\n")
HEADING = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*#*$", re.MULTILINE)
FLAGS = ("shuffle", "exam")
NUMBERS = ("limit", "seed")


def toc_files(project: Path) -> list[Path]:
    """The pages of the project in reading order: myst.yml's toc, else every .md file but the build's."""
    config = project / "myst.yml"
    try:
        toc = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("project", {}).get("toc")
    except (OSError, yaml.YAMLError, AttributeError):
        toc = None
    if not isinstance(toc, list):
        return sorted(p for p in project.rglob("*.md") if "_build" not in p.parts and "node_modules" not in p.parts)
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


def progress_pages(project: Path, build: Callable[[dict, Path], dict]) -> list[dict]:
    """{"page", "title", "href": None, "quizzes"} for each page with a quiz; `build(request, page)` gives a
    quiz's payload. A quiz that cannot be built is left out (its own page warns about it)."""
    pages = []
    for path in toc_files(project):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        quizzes = []
        for request in quiz_requests(text):
            try:
                payload = build(request, path)
            except UserError:
                continue
            quizzes.append({"key": payload["key"], "title": payload["title"],
                            "questions": progress_questions(payload["questions"])})
        if quizzes:
            page = path.relative_to(project).with_suffix("").as_posix() if path.is_relative_to(project) else path.stem
            pages.append({"page": page, "title": page_title(path, text), "href": None, "quizzes": quizzes})
    return pages
