"""Where a course lives: the folder holding `quizzes/` and `sources/sources.yml`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .problems import UserError

ROOT_VARIABLE = "SOURCEQUIZ_ROOT"


def installed_course() -> Path:
    """The copy of the course's banks and sources installed with the package (see pyproject's data-files)."""
    return Path(sys.prefix) / "share" / "sourcequiz" / "course"


def is_course(folder: Path) -> bool:
    return (folder / "sources" / "sources.yml").is_file() and (folder / "quizzes").is_dir()


def find_root(start: Path | str | None = None) -> Path:
    """The course folder: $SOURCEQUIZ_ROOT; else the nearest folder at or above `start` (default: the
    working directory) with quizzes/ and sources/sources.yml; else the copy installed with the package,
    which is what a chapter notebook opened outside the course (Colab, a download) uses."""
    if os.environ.get(ROOT_VARIABLE):
        return Path(os.environ[ROOT_VARIABLE])
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_course(folder):
            return folder
    if is_course(installed_course()):
        return installed_course()
    raise UserError(f"no course found at or above {here}: expected a folder with quizzes/ and "
                    f"sources/sources.yml (or set {ROOT_VARIABLE})")
