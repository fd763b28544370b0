"""Finding quotes in source texts, normalising only what carries no meaning.

What is normalised: runs of white space (line breaks included) become one space, and
white space beside a dash is dropped ("US – Afghan" = "US-Afghan"); soft hyphens and
zero-width characters are dropped;
typographic and straight quotes, apostrophes (including the backtick some texts
use as one) and dashes are made one form each; Unicode compatibility forms are
folded (NFKC). Letters, digits, words and their case are kept: a changed word,
number or letter is not found. Offsets map every normalised character back to
the original text, so a match can be shown and linked exactly.
"""

from __future__ import annotations

import re
from array import array
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'", "ʼ": "'", "ʻ": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")  # soft hyphen, zero-width characters
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


@dataclass(frozen=True, eq=False)
class Normalized:
    text: str
    offsets: array  # offsets[i]: index in the original of normalised character i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    if char in INVISIBLE:
        return ""
    return unicodedata.normalize("NFKC", char).translate(FOLD)


@lru_cache(maxsize=256)
def normalize(text: str) -> Normalized:
    """`text` folded for matching, with the original offset of every character (cached: the sources
    are normalised over and over)."""
    return _normalize(text, keep_offsets=True)


ASCII_FOLD = {k: v for k, v in FOLD.items() if k < 128}


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Only the folded text: what quotes and options need, and far smaller to keep in the cache."""
    if text.isascii():                  # the common case, without the per-character loop
        return _squeeze(text.translate(ASCII_FOLD))
    return _squeeze(text.translate({ord(char): _fold(char) for char in set(text)}))  # each character as _normalize folds it


def _squeeze(text: str) -> str:
    """White space as _normalize leaves it: runs made one space, none at the ends or beside a dash."""
    text = " ".join(text.split())
    return text.replace(" -", "-").replace("- ", "-") if "-" in text else text


def _normalize(text: str, keep_offsets: bool) -> Normalized:
    out: list[str] = []
    offsets = array("L")
    pending_space = False
    for index, char in enumerate(text):
        folded = _fold(char)
        for piece in folded:
            if piece.isspace():
                pending_space = bool(out) and out[-1] != "-"  # "US – Afghan" = "US–Afghan"
                continue
            if pending_space and piece != "-":
                out.append(" ")
                if keep_offsets:
                    offsets.append(index)
            pending_space = False
            out.append(piece)
            if keep_offsets:
                offsets.append(index)
    return Normalized("".join(out), offsets)


def fragments(quote: str) -> list[str]:
    """The parts of a quote joined with `...` or `…`; empty parts (a leading ellipsis) are dropped."""
    return [part for part in (norm(p) for p in ELLIPSIS.split(quote)) if part]


@dataclass(frozen=True)
class Match:
    """Where a quote was found: one original-text span per fragment."""

    spans: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


def find_quote(quote: str, text: str) -> Match | None:
    """Find every fragment of `quote` in `text`, in order; None when any is missing."""
    haystack = normalize(text)
    spans = []
    position = 0
    parts = fragments(quote)
    if not parts:
        return None
    for part in parts:
        found = haystack.text.find(part, position)
        if found < 0:
            return None
        spans.append(haystack.span(found, found + len(part)))
        position = found + len(part)
    return Match(tuple(spans))


def missing_fragment(quote: str, text: str) -> tuple[int, str] | None:
    """The first fragment (index, text) that cannot be found in order, or None when all are found."""
    haystack = norm(text)
    position = 0
    for index, part in enumerate(fragments(quote)):
        found = haystack.find(part, position)
        if found < 0:
            return index, part
        position = found + len(part)
    return None
