"""The documented vocabulary of the banks: the tags a question may carry, and the words that name a source.

`TAGS` is the tag vocabulary (tag -> what it is for, in one line); `sourcequiz lint` reports any
other tag as `unknown-tag`. `SOURCE_ALIASES` gives, per source id, the words an explanation may use
to name that source; `names_source(text, source_id)` matches them case-insensitively and ignores
dash and quote styles ("US–Afghan" = "US-Afghan" = "US Afghan").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .textmatch import norm

TAGS: dict[str, str] = {
    "people": "who someone is or what a named person did",
    "places": "where something happened: countries, cities, provinces",
    "organisations": "groups, governments, forces and institutions by name",
    "numbers": "a count, amount, share or length of time",
    "dates": "when something happened: a date or a year",
    "chronology": "the order of events, or what came before or after",
    "causes": "why something happened",
    "consequences": "what followed from an event or decision",
    "agreement-terms": "what an agreement says: its commitments, conditions and timetable",
    "prisoners": "prisoner releases and exchanges",
    "troops": "foreign troop numbers, drawdown and withdrawal",
    "violence": "attacks, casualties, ceasefires and reductions in violence",
    "negotiations": "talks, negotiators, rounds and venues",
    "terrorism": "terrorist groups and counter-terrorism guarantees",
    "security-forces": "the Afghan army, police and other security forces",
    "funding": "money: aid, budgets, spending and appropriations",
    "sources": "what a source says, or comparing what sources say",
    "source-criticism": "an error in a source or a disagreement between sources (the question teaches it)",
    "definitions": "what a term, name or abbreviation means",
    "international": "other countries and international bodies: Pakistan, Qatar, the UN, NATO ...",
}

# Per source id: the words that name it in an explanation (matched as whole words, any case).
SOURCE_ALIASES: dict[str, tuple[str, ...]] = {
    "tariq-2020": ("Tariq",),
    "peace-talks-essay": ("peace-talks essay", "essay"),
    "us-afghan-peace-agreement": ("Us Afghan Peace Agreement", "US–Afghan"),
    "us-taliban-peace-agreement": ("Us Taliban Peace Agreement",),
    "peace-agreement-taliban": ("Peace Agreement Taliban",),
}

# Per source id: how docs/authoring-rules.md asks an explanation to name it (used in hints).
SOURCE_NAMES: dict[str, str] = {
    "tariq-2020": "Tariq's article",
    "peace-talks-essay": "the peace-talks essay",
    "us-afghan-peace-agreement": "the 'Us Afghan Peace Agreement' article",
    "us-taliban-peace-agreement": "the 'Us Taliban Peace Agreement' article",
    "peace-agreement-taliban": "the 'Peace Agreement Taliban' article",
}

SEPARATOR = r"[\s\-'\"`]+"  # between an alias's words: any white space, dash or quote


def fold(text: str) -> str:
    """Lower case, one form of quotes, dashes and spaces as single spaces."""
    text = norm(text).casefold()
    text = re.sub(r"[-\"'`]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=None)
def alias_pattern(source_id: str) -> re.Pattern | None:
    """One pattern for a source's aliases, matched in `norm(text)`: whole words, any case, any
    dash or quote between the words."""
    aliases = SOURCE_ALIASES.get(source_id)
    if not aliases:
        return None
    forms = sorted({tuple(w for w in re.split(SEPARATOR, norm(a)) if w) for a in aliases}, key=len, reverse=True)
    body = "|".join(SEPARATOR.join(map(re.escape, words)) for words in forms)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])", re.IGNORECASE)


def names_source(text: str, source_id: str) -> bool:
    """Does `text` name the source `source_id` by one of its aliases?"""
    pattern = alias_pattern(source_id)
    return bool(pattern and text and pattern.search(norm(text)))


def sources_named(text: str) -> list[str]:
    """The source ids that `text` names, in the order of SOURCE_ALIASES."""
    return [source_id for source_id in SOURCE_ALIASES if names_source(text, source_id)]


@lru_cache(maxsize=16384)
def strip_source_names(text: str) -> str:
    """`text` (normalised) without the words that only name a source: what is left of a prompt
    once "According to Tariq's article" has said which source to read."""
    text = norm(text)
    for source_id in SOURCE_ALIASES:
        text = alias_pattern(source_id).sub(" ", text)
    return " ".join(text.split())
