"""Names (capitalised words and phrases) and key terms found in normalised text."""

from __future__ import annotations

import re

from .model import Fact
from .words import (ALIASES, MONTHS, NUMBER_WORDS, STOPWORDS, TITLES, WEEKDAYS, WORD_RE, _aliased, alias,
                    sentence_start, stem)

# --------------------------------------------------------------------------------- names

def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(text)]


def _names(text: str, known: frozenset[str], taken: list[tuple[int, int]]) -> list[Fact]:
    """Capitalised words and phrases not at a sentence start (or known as names from elsewhere)."""
    found: list[Fact] = []
    phrase: list[tuple[int, int, str]] = []

    def close():
        if phrase:
            start, end = phrase[0][0], phrase[-1][1]
            found.append(Fact("name", text[start:end], start, end, name_value(text[start:end])))
            phrase.clear()

    previous_end = -1
    for start, end, word in _words(text):
        for part_start, part in _hyphen_parts(start, word):
            part_end = part_start + len(part)
            low = part.lower()
            capital = part[0].isupper()
            all_caps = part.isupper() and len(part) >= 2
            is_name = False
            if capital and not any(s <= part_start < e for s, e in taken) and low not in WEEKDAYS \
                    and low not in MONTHS and low not in NUMBER_WORDS and len(part) >= 2:
                if all_caps:
                    is_name = True
                elif low in STOPWORDS:
                    is_name = False
                elif not sentence_start(text, part_start) or part_start == start and start > 0 and \
                        text[start - 1] == "-":
                    is_name = True
                else:
                    is_name = low in known or alias(low) in known
            if is_name and low.rstrip("'s") not in TITLES and low not in TITLES:
                if phrase and not re.fullmatch(r"[ \-]|\s+(?:of|for|bin|al|de|van|von)\s+", text[previous_end:part_start]):
                    close()
                phrase.append((part_start, part_end, part.removesuffix("'s").removesuffix("'")))
                previous_end = part_end
            else:
                close()
    close()
    return found


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



def _terms(text: str, taken_words: set[int]) -> list[Fact]:
    found = []
    for start, end, word in _words(text):
        for part_start, part in _hyphen_parts(start, word):
            low = part.lower().removesuffix("'s").strip("'")
            if part_start in taken_words or len(low) < 3 or low in STOPWORDS or low in NUMBER_WORDS \
                    or low in MONTHS or low in WEEKDAYS:
                continue
            joined = word.replace("-", "").lower() if "-" in word else ""
            found.append(Fact("term", part, part_start, part_start + len(part), stem(ALIASES.get(low, low)),
                              joined=joined))
    return found
