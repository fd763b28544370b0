"""sourcequiz: quizzes whose every answer is proven against the course's source texts."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sourcequiz")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["__version__", "quiz", "select"]


def __getattr__(name: str):
    """Heavy parts load on first use, so `import sourcequiz` stays fast."""
    if name == "select":
        from .selection import select

        return select
    if name == "quiz":  # from sourcequiz import quiz; quiz("doha-agreement")
        from .widgets import quiz

        return quiz
    raise AttributeError(f"module 'sourcequiz' has no attribute {name!r}")
