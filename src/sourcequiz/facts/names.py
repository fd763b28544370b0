"""Names (capitalised words and phrases) and key terms found in normalised text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .model import Fact, term_fact
from .words import (ALIASES, MONTHS, NUMBER_WORDS, STOPWORDS, TITLES, WEEKDAYS, WORD_RE, _aliased, alias,
                    sentence_start, stem)

# --------------------------------------------------------------------------------- names

# How a word part can take part in a name, before its place in the text is known.
NEVER, ALWAYS, STOP, BY_PLACE = range(4)
NAME_GAP = re.compile(r"[ \-]|\s+(?:of|for|bin|al|de|van|von)\s+")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(text)]


@lru_cache(maxsize=50_000)
def _name_parts(word: str) -> tuple[tuple[int, str, int, str, str], ...]:
    """(offset in the word, part, how it can be a name, its lower case, its form in a name) of each hyphen part."""
    parts = []
    for offset, part in _hyphen_parts(0, word):
        low = part.lower()
        if not part[0].isupper() or low in WEEKDAYS or low in MONTHS or low in NUMBER_WORDS or len(part) < 2 \
                or low.rstrip("'s") in TITLES or low in TITLES:
            how = NEVER
        elif part.isupper():
            how = ALWAYS
        elif low in STOPWORDS:
            how = STOP
        else:
            how = BY_PLACE
        parts.append((offset, part, how, low, part.removesuffix("'s").removesuffix("'")))
    return tuple(parts)


def _names(text: str, known: frozenset[str], taken: Sequence[tuple[int, int]],
           words: list[tuple[int, int, str]] | None = None) -> list[Fact]:
    """Capitalised words and phrases not at a sentence start (or known as names from elsewhere)."""
    found: list[Fact] = []
    phrase: list[tuple[int, int, str]] = []

    def close():
        if phrase:
            start, end = phrase[0][0], phrase[-1][1]
            found.append(Fact("name", text[start:end], start, end, name_value(text[start:end])))
            phrase.clear()

    previous_end = -1
    for start, end, word in _words(text) if words is None else words:
        for offset, part, how, low, form in _name_parts(word):
            part_start = start + offset
            if how == NEVER or how == STOP or taken and any(s <= part_start < e for s, e in taken):
                is_name = False
            elif how == ALWAYS or not sentence_start(text, part_start) or \
                    offset == 0 and start > 0 and text[start - 1] == "-":
                is_name = True
            else:
                is_name = low in known or alias(low) in known
            if is_name:
                if phrase and not NAME_GAP.fullmatch(text, previous_end, part_start):
                    close()
                part_end = part_start + len(part)
                phrase.append((part_start, part_end, form))
                previous_end = part_end
            elif phrase:
                close()
    close()
    return found


@lru_cache(maxsize=8192)
def name_value(phrase: str) -> str:
    """A name's comparable form: lower case, aliases folded ('United States' -> 'us')."""
    words = re.findall(r"[A-Za-z_][A-Za-z_']*", _aliased(phrase.replace("-", " ")))
    return " ".join(ALIASES.get(w.lower(), w.lower()).removesuffix("'s").strip("'") for w in words)


def _hyphen_parts(start: int, word: str):
    position = start
    for part in word.split("-"):
        if part:
            yield position, part
        position += len(part) + 1


@lru_cache(maxsize=50_000)
def _term_parts(word: str) -> tuple[tuple[int, str, str, str], ...]:
    """(offset in the word, part, stem, the whole word unhyphenated) of each hyphen part that can be a key term."""
    parts = []
    joined = word.replace("-", "").lower() if "-" in word else ""
    for offset, part in _hyphen_parts(0, word):
        low = part.lower().removesuffix("'s").strip("'")
        if len(low) < 3 or low in STOPWORDS or low in NUMBER_WORDS or low in MONTHS or low in WEEKDAYS:
            continue
        parts.append((offset, part, stem(ALIASES.get(low, low)), joined))
    return tuple(parts)


def _terms(text: str, taken_words: set[int], words: list[tuple[int, int, str]] | None = None) -> list[Fact]:
    found = []
    for start, end, word in _words(text) if words is None else words:
        for offset, part, value, joined in _term_parts(word):
            part_start = start + offset
            if part_start in taken_words:
                continue
            found.append(term_fact(part, part_start, part_start + len(part), value, joined))
    return found
