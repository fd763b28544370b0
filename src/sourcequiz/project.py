"""Where a course lives: the folder holding `quizzes/` and `sources/sources.yml`."""

from __future__ import annotations

import os
from pathlib import Path

from .problems import UserError

ROOT_VARIABLE = "SOURCEQUIZ_ROOT"


def find_root(start: Path | str | None = None) -> Path:
    """The course folder: $SOURCEQUIZ_ROOT, or the nearest folder at or above `start` with sources/sources.yml."""
    if os.environ.get(ROOT_VARIABLE):
        return Path(os.environ[ROOT_VARIABLE])
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "sources" / "sources.yml").is_file() and (folder / "quizzes").is_dir():
            return folder
    raise UserError(f"no course found at or above {here}: expected a folder with quizzes/ and "
                    f"sources/sources.yml (or set {ROOT_VARIABLE})")
