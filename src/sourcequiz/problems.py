"""Located findings, and the error types the command line catches."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about a file, at a line, in plain words."""

    path: str
    line: int | None
    message: str
    code: str = "format"
    severity: Severity = "error"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(data.pop("extra"))
        return data


class UserError(Exception):
    """A mistake in the user's input or invocation: shown as a message, never a traceback.

    The command line exits with `exit_code` (2: the input cannot be used at all).
    """

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
