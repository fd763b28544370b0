"""Moodle accepts only certain grade fractions (question/format/xml and GIFT importers)."""

from __future__ import annotations

ALLOWED = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
           14.28571, 12.5, 11.11111, 10, 5, 0)


def nearest(value: float) -> float:
    """The allowed fraction (with the same sign) closest to `value`."""
    best = min(ALLOWED, key=lambda allowed: abs(allowed - abs(value)))
    return -best if value < 0 else best


def fmt(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def split_fractions(correct: int, total: int) -> tuple[str, str]:
    """Fractions for a right and a wrong option of a multiple-answer question.

    The right options share 100%; each wrong one takes away as much as a right one gives
    (Moodle never lets a question score below zero).
    """
    right = nearest(100 / correct)
    wrong = -right if total > correct else 0
    return fmt(right), fmt(wrong)
