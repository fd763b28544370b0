"""`extract(text)`: the facts stated in a piece of text."""

from __future__ import annotations

import re
from functools import lru_cache

from ..textmatch import norm
from .model import Fact, Facts
from .names import _names, _terms, _words
from .values import _dates, _digit_numbers, _word_numbers
from .words import _word_set

# -------------------------------------------------------------------------------- extract

NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'.]*")


@lru_cache(maxsize=8192)
def extract(text: str, known_names: frozenset[str] = frozenset()) -> Facts:
    """The facts stated in `text`. `known_names`: lower-case words known to be names (so a
    capitalised word at a sentence start still counts as a name)."""
    text = norm(text)
    numbers, dates, years, taken = _values(text)
    numbers = list(numbers)
    words = _words(text)
    names = _names(text, known_names, taken, words)
    name_starts = {m.start() for name in names  # words of names are not also key terms
                   for m in NAME_WORD.finditer(text, name.start, name.end)}
    terms = _terms(text, name_starts, words)
    words, stems = _word_set(text)
    return Facts(text, tuple(numbers), tuple(dates), tuple(years), tuple(names), tuple(terms), words, stems)


@lru_cache(maxsize=2048)
def extract_values(text: str) -> Facts:
    """Only the numbers, dates and years of `text` (no names, terms or words): for callers that need no more."""
    text = norm(text)
    numbers, dates, years, _ = _values(text)
    return Facts(text, numbers, dates, years, (), (), frozenset(), frozenset())


@lru_cache(maxsize=8192)
def _values(text: str) -> tuple[tuple[Fact, ...], tuple[Fact, ...], tuple[Fact, ...], tuple[tuple[int, int], ...]]:
    """(numbers, dates, years, the spans they take) of normalised text (cached: `extract` with and without
    known names, and `extract_values`, share them)."""
    taken: list[tuple[int, int]] = []
    dates = sorted(_dates(text, taken), key=lambda f: f.start)
    years, numbers = [], []
    for fact in _digit_numbers(text, list(taken)):
        (years if _is_year(fact, text) else numbers).append(fact)
    years = [Fact("year", f.text, f.start, f.end, int(min(f.value))) for f in years]
    taken += [(f.start, f.end) for f in (*numbers, *years)]
    numbers += _word_numbers(text, taken)
    taken += [(f.start, f.end) for f in numbers]
    numbers.sort(key=lambda f: f.start)
    return tuple(numbers), tuple(dates), tuple(years), tuple(taken)


def _is_year(fact: Fact, text: str) -> bool:
    if fact.percent or fact.ordinal or len(fact.value) != 1 or "," in fact.text or "." in fact.text:
        return False
    if fact.text.startswith("$"):
        return False
    value = min(fact.value)
    if not (1600 <= value <= 2199 and value.is_integer() and re.fullmatch(r"\d{4}", fact.text)):
        return False
    return True
