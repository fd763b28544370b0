"""Does one text state a fact of another? Facts compare by meaning, not by form."""

from __future__ import annotations

import re
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from ..textmatch import norm
from .extract import extract
from .model import Date, Fact, Facts
from .words import ALIAS_TARGETS, ALIASES, TITLES, _aliased, canonical_number, stem

# ------------------------------------------------------------------------------ matching

def _fuzzy_word(word: str, words: Iterable[str]) -> bool:
    """Is `word` among `words`, forgiving a letter or two in longer words ('Khalizad', 'Beradar')?"""
    if word in words:
        return True
    if len(word) < 5:
        return False
    allowed = 1 if len(word) < 8 else 2
    for other in words:
        if abs(len(other) - len(word)) <= allowed and other[:1] == word[:1] or \
                (len(word) >= 7 and abs(len(other) - len(word)) <= 1 and other[1:3] == word[1:3]):
            if Levenshtein.distance(word, other, score_cutoff=allowed) <= allowed:
                return True
    return False


def name_in(name: Fact, facts: Facts) -> bool:
    parts = [p for p in name.value.replace("_", " ").split() if p not in ("of", "for", "the", "bin", "al")]
    parts = [p for p in parts if p not in TITLES]
    if len(parts) == 2 and not (set(parts) & ALIAS_TARGETS):
        parts = parts[1:]   # "Michael Pompeo" is supported by "Pompeo"; a longer name needs every word
    words = facts.words
    for part in parts:
        if not (_fuzzy_word(part, words) or stem(part) in facts.stems or _fuzzy_word(stem(part), facts.stems)):
            return False
    return True


def term_in(term: Fact, facts: Facts) -> bool:
    if term.value in facts.stems:
        return True
    word = term.text.lower()
    if word in facts.words or (term.joined and term.joined in facts.words):  # counter-terrorism = counterterrorism
        return True
    return len(term.value) >= 6 and _fuzzy_word(term.value, facts.stems)


def number_in(number: Fact, facts: Facts) -> bool:
    for other in facts.numbers:
        if number.value & other.value and (not number.percent or other.percent):
            return True
    if number.percent:
        return False
    values = number.value
    if any(float(y.value) in values for y in facts.years):
        return True
    for date in facts.dates:
        if date.value.year and float(date.value.year) in values:
            return True
        if date.value.day and float(date.value.day) in values:
            return True
    return False


def year_in(year: Fact, facts: Facts) -> bool:
    return year.value in facts.year_values() or any(float(year.value) in n.value for n in facts.numbers)


def date_in(date: Fact, facts: Facts) -> bool:
    want: Date = date.value
    years = facts.year_values()
    for other in facts.dates:
        have: Date = other.value
        if want.month is not None and have.month != want.month:
            continue
        if want.day is not None and have.day != want.day:
            continue
        if want.year is None or have.year == want.year or (have.year is None and want.year in years):
            return True
    if want.month is None and want.year in years:
        return True
    return False


def fact_in(fact: Fact, facts: Facts) -> bool:
    """Does `facts` (of some text) state `fact`?"""
    return {"number": number_in, "date": date_in, "year": year_in, "name": name_in, "term": term_in}[
        fact.kind](fact, facts)


def missing_facts(wanted: Facts, have: Facts) -> tuple[list[Fact], list[Fact], int]:
    """(required facts missing, terms missing, number of terms) of `wanted` in `have`."""
    required = [f for f in wanted.required if not fact_in(f, have)]
    terms = [t for t in wanted.terms if not term_in(t, have)]
    return required, terms, len(wanted.terms)


def contains_fact(text: str, fact: str) -> bool:
    """Does `text` state the fact named by the string `fact`?

    A number, date or year matches in any common form ("5,000" matches "five thousand",
    "February 29, 2020" matches "29 February 2020"); a name or term matches case-insensitively in
    its usual forms. A `fact` of several words must have all its facts in `text`; one with no
    fact in it (only small words) must occur in `text` as written, ignoring case and spacing.
    """
    if not fact or not fact.strip() or not text:
        return False
    wanted = extract(fact)
    have = extract(text)
    facts = [f for f in (*wanted.numbers, *wanted.dates, *wanted.years, *wanted.names, *wanted.terms)]
    if not facts:
        words = " ".join(re.findall(r"\w+", norm(fact).casefold()))
        return bool(words) and f" {words} " in " " + " ".join(re.findall(r"\w+", have.text.casefold())) + " "
    return all(fact_in(f, have) for f in facts)


def canonical(text: str) -> str:
    """A form of a short text in which equal meanings are equal strings: case, punctuation,
    articles, number and date forms and name aliases are folded ('5,000' = 'five thousand',
    '29 February 2020' = 'February 29, 2020', 'the United States' = 'US')."""
    facts = extract(text)
    pieces: list[tuple[int, int, str]] = []
    for fact in (*facts.dates, *facts.numbers, *facts.years):
        if fact.kind == "date":
            d = fact.value
            token = f"<date {d.year or '?'}-{d.month or '?'}-{d.day or '?'}>"
        elif fact.kind == "year":
            token = f"<num {fact.value}>"
        else:
            token = f"<num {canonical_number(max(fact.value))}{'%' if fact.percent else ''}>"
        pieces.append((fact.start, fact.end, token))
    out, position = [], 0
    source = facts.text
    for start, end, token in sorted(pieces):
        out.append(source[position:start])
        out.append(f" {token} ")
        position = end
    out.append(source[position:])
    joined = _aliased("".join(out).lower())
    tokens = re.findall(r"<[^>]+>|[a-z0-9_]+", joined)
    tokens = [ALIASES.get(t, t) for t in tokens if t not in ("the", "a", "an")]
    return " ".join(tokens)
