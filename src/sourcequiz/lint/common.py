"""What the lint rules share: their thresholds, the context they read and the kind of an option."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .. import facts as F
from ..loader import LoadedBank
from ..problems import Problem
from ..sources import SourceRegistry
from ..textmatch import Normalized, fragments, normalize
from ..vocabulary import fold

MIN_FOR_STATS = 6            # questions a bank needs before its statistics are judged
LONGEST_SHARE = 0.5          # key-longest: more than this share of eligible questions
POSITION_P = 0.01            # key-position: chi-square p-value below this
HARD_SHARE = 0.2             # few-hard: at least a fifth hard
DUPLICATE_SCORE = 90         # near-duplicate-prompt: token-sort ratio, 0-100
MIN_EXPLANATION_WORDS = 5
CLOSE_SHARE = 0.2            # missing-feedback: numbers within 20% of each other are close
CLOSE_DAYS = 7
NEAR_SENTENCES = 2         # missing-feedback: a name is a likely confusion within this many sentences
FACT_WORDS = 2             # kind(): other content words a date, year or number option may have

FAMILY = {"date": "time", "year": "time", "number": "number", "name": "name", "other": "other"}
CHOICE_TYPES = ("single", "multiple")
ABOVE = re.compile(r"\b(?:all|none|both|neither|any)\s+(?:of\s+)?(?:the\s+)?"
                   r"(?:above|below|these|those|them|options|answers|others|other\s+(?:options|answers))\b",
                   re.IGNORECASE)
# "(Thomas, 2020)", "(Lamothe, Hudson, & Constable, 2019)": a reference, not a date ("(March 10, 2020)" is one)
CITATION = re.compile(r"\(\s*(?!(?i:" + "|".join(F.MONTHS) + r")\b)[A-Z][^()]{0,60}?,?\s+\d{4}[a-z]?\s*\)")
DECADE = re.compile(r"\b\d{3}0'?s\b")
QUESTION_WORDS = re.compile(r"\b(?:who|whom|whose|what|when|where|why|which|how)\b", re.IGNORECASE)
CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z']+")


# ---------------------------------------------------------------------------------- context

@dataclass
class Context:
    """What the rules share: the sources (optional) and facts worked out once per run."""

    sources: SourceRegistry | None = None
    known: frozenset[str] = frozenset()
    _near_facts: dict[tuple[str, str], F.Facts | None] = field(default_factory=dict)
    _normalized: dict[str, Normalized] = field(default_factory=dict)

    def facts(self, text: str) -> F.Facts:
        """The facts of a sentence (a prompt, a passage)."""
        return F.extract(text, self.known)

    def option_facts(self, text: str) -> F.Facts:
        """The facts of an option: not a sentence, so a capitalised first word is a name. The
        same extraction as `kind()`, so each option is read once."""
        return F.extract(f"and {text}", self.known)

    def source_facts(self, source_id: str) -> F.Facts | None:
        """The facts of a whole source text (None without sources or for an unknown id)."""
        if self.sources is None or source_id not in self.sources:
            return None
        return F.extract(self.sources[source_id].text)

    def commonplace(self, fact: F.Fact) -> bool:
        """A number under 10, or a name every source states ("Afghanistan", "the US"): found
        near anything, so finding it in a source says nothing about confusion."""
        if fact.kind == "number":
            return max(fact.value) < 10
        if fact.kind != "name" or self.sources is None or not len(self.sources):
            return False
        return all(F.fact_in(fact, self.source_facts(s.id)) for s in self.sources)

    def near_facts(self, source_id: str, quote: str) -> F.Facts | None:
        """The facts of the quoted passage and the `NEAR_SENTENCES` sentences either side of it."""
        if self.sources is None or source_id not in self.sources:
            return None
        key = (source_id, quote)
        if key not in self._near_facts:
            source = self.sources[source_id]
            if source_id not in self._normalized:  # textmatch's own cache is small: keep ours
                self._normalized[source_id] = normalize(source.text)
            haystack = self._normalized[source_id]
            spans, position = [], 0
            for part in fragments(quote):
                found = haystack.text.find(part, position)
                if found < 0:
                    break
                spans.append(haystack.span(found, found + len(part)))
                position = found + len(part)
            else:
                segments = source.segments
                first = segments.index(source.segment_at(spans[0][0]))
                last = segments.index(source.segment_at(spans[-1][1] - 1))
                start = segments[max(0, first - NEAR_SENTENCES)].start
                end = segments[min(len(segments) - 1, last + NEAR_SENTENCES)].end
                self._near_facts[key] = self.facts(source.text[start:end])
                return self._near_facts[key]
            self._near_facts[key] = None
        return self._near_facts[key]


_KNOWN: "weakref.WeakKeyDictionary[SourceRegistry, frozenset[str]]" = weakref.WeakKeyDictionary()


def known_names(sources: SourceRegistry | None) -> frozenset[str]:
    """Words the sources capitalise inside sentences and never write in lower case (so "Pakistan"
    at the start of an option is still a name), with their possessive forms."""
    if sources is None:
        return frozenset()
    if sources not in _KNOWN:
        names: set[str] = set()
        lower: set[str] = set()
        for source in sources:
            for name in F.extract(source.text).names:
                names.update(name.value.split())
            lower.update(re.findall(r"(?<![A-Za-z'])[a-z][a-z]+", source.text))
        known = {n for n in names if n not in lower and n.isalpha()}
        _KNOWN[sources] = frozenset(known | {f"{n}'s" for n in known})
    return _KNOWN[sources]


def finding(loaded: LoadedBank, question, code: str, message: str, *fields) -> Problem:
    return Problem(loaded.display, loaded.line(question.id, *fields), f"question {question.id!r}: {message}",
                   code=code, severity="warning", extra={"bank": loaded.bank.bank, "question": question.id})


def bank_finding(loaded: LoadedBank, code: str, message: str, **extra) -> Problem:
    return Problem(loaded.display, loaded.document.line(("bank",)), f"bank {loaded.bank.bank!r}: {message}",
                   code=code, severity="warning", extra={"bank": loaded.bank.bank, **extra})


# ------------------------------------------------------------------------------------ kinds

@lru_cache(maxsize=4096)
def kind(text: str, known: frozenset[str] = frozenset()) -> str:
    """What an option is: "date" (a day or a month), "year", "number", "name" or "other".

    An option is a date, year or number when that fact is what it says: besides its dates, years
    and numbers it has at most `FACT_WORDS` content words (names included), as in "5,000 Taliban
    prisoners" or "in 2018 in Doha, Qatar". It is a name when it has a name and at most one other
    content word ("the Afghan government's", "Zalmay Khalilzad"). A capitalised first word counts as
    a name. Anything longer is a statement: "other", whatever facts it mentions.
    """
    if DECADE.search(text) and len(CONTENT_WORD.findall(DECADE.sub("", text))) <= FACT_WORDS:
        return "year"
    facts = F.extract(f"and {text}", known)  # "and": the first word is not a sentence start
    numbers = [n for n in facts.numbers if not n.weak]
    spans = [(f.start, f.end) for f in (*facts.dates, *facts.years, *numbers)]
    name_spans = [(f.start, f.end) for f in facts.names]
    rest = name_words = 0
    for match in CONTENT_WORD.finditer(facts.text):
        low = match.group(0).lower().removesuffix("'s").rstrip("'")
        if low in F.STOPWORDS or low in ("the", "s") or any(s <= match.start() < e for s, e in spans):
            continue
        if any(s <= match.start() < e for s, e in name_spans):
            name_words += 1
        else:
            rest += 1
    if rest + name_words <= FACT_WORDS:
        if any(d.value.month for d in facts.dates):
            return "date"
        if facts.years or facts.dates:
            return "year"
        if numbers:
            return "number"
    if name_words and rest <= 1 and not (numbers or facts.years or facts.dates):
        return "name"
    return "other"


def key_family(question, known: frozenset[str]) -> str:
    """The family (time, number, name, other) of a choice question's keys; "other" when they differ."""
    families = {FAMILY[kind(o.text, known)] for o in question.options if o.correct}
    return families.pop() if len(families) == 1 else "other"


@lru_cache(maxsize=8192)
def canonical(text: str) -> str:
    """`facts.canonical`, remembered: rules compare the same options many times."""
    return F.canonical(text)


def plain(text: str) -> str:
    """The words of `text`, lower case, without articles or punctuation: for whole-text matches."""
    return " ".join(w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in ("the", "a", "an"))


def distinctive_facts(text: str, others: Iterable[str], ctx: Context) -> list[F.Fact]:
    """The numbers, dates, years and names of `text` that none of `others` states."""
    other_facts = [ctx.option_facts(o) for o in others]
    return [f for f in ctx.option_facts(text).required if not any(F.fact_in(f, o) for o in other_facts)]


