"""What every check gets about one question: the question, where it is, its evidence as found
in the sources, and the helpers to judge whether a piece of text is supported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from .. import facts as F
from ..loader import LoadedBank
from ..textmatch import Match, fragments, norm
from .engine import Engine
from .report import CODES, Finding, Passage

TEACHING_TAG = "source-criticism"
TEACHING_WORDS = re.compile(
    r"\b(?:errors?|erroneous|mistak\w*|misspel\w*|mis-spel\w*|disagree\w*|differ\w*|wrong\w*|garbled|typos?|"
    r"inconsisten\w*|contradict\w*|misprint\w*|slip|incorrect\w*|conflict\w*|overstat\w*|compress\w*|misread\w*|"
    r"known issues?|drops? a zero|spel\w*)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|never|no|none|nor|neither|without|refused|n't)\b|n't\b", re.IGNORECASE)

# Share of a key's content words that must be in the evidence (numbers, dates and names: all).
TERM_SHARE = 0.6


@dataclass
class EvidenceItem:
    index: int
    source: str
    quote: str
    match: Match | None

    @property
    def found(self) -> bool:
        return self.match is not None

    @cached_property
    def text(self) -> str:
        """The quote as normalised text, fragments joined with ' ... '."""
        return " ... ".join(fragments(self.quote))


@dataclass
class Support:
    """How well a piece of text (a key, a correction) is supported by some evidence."""

    text: str
    missing: list[F.Fact] = field(default_factory=list)        # numbers, dates, years, names
    missing_terms: list[F.Fact] = field(default_factory=list)
    terms: int = 0
    verbatim: bool = False

    @property
    def term_share(self) -> float:
        return 1.0 if not self.terms else 1 - len(self.missing_terms) / self.terms

    def ok(self, share: float = TERM_SHARE) -> bool:
        return self.verbatim or (not self.missing and self.term_share >= share)

    @property
    def complete(self) -> bool:
        return self.verbatim or (not self.missing and not self.missing_terms)

    def explain(self, terms: bool = True) -> str:
        """What is missing, in plain words, with its verb: "the number '8,000' is" / "... are"."""
        parts = self._missing_parts(terms)
        if not parts:
            return "nothing stated there is"
        many = len(parts) > 1 or parts[0].startswith("the words")
        return "; ".join(parts) + (" are" if many else " is")

    def _missing_parts(self, terms: bool = True) -> list[str]:
        parts = []
        for kind, label in (("number", "the number"), ("date", "the date"), ("year", "the year"),
                            ("name", "the name")):
            for fact in self.missing:
                if fact.kind == kind:
                    parts.append(f"{label} {fact.text!r}")
        if terms and self.missing_terms and (not self.ok() or not parts):
            words = ", ".join(dict.fromkeys(repr(t.text) for t in self.missing_terms))
            found = self.terms - len(self.missing_terms)
            parts.append(f"the words {words} ({found} of {self.terms} key words found)")
        return parts


class QuestionContext:
    def __init__(self, loaded: LoadedBank, question: Any, engine: Engine):
        self.loaded = loaded
        self.question = question
        self.engine = engine
        self.evidence = [
            EvidenceItem(i, e.source, e.quote,
                         engine.find(e.quote, e.source) if e.source in engine.sources else None)
            for i, e in enumerate(question.evidence)
        ]

    # ---- where -----------------------------------------------------------------------------
    @property
    def file(self) -> str:
        return self.loaded.display

    def line(self, *fields: Any) -> int:
        try:
            return self.loaded.line(self.question.id, *fields)
        except KeyError:
            return 1

    def finding(self, code: str, message: str, *fields: Any, passages: list[Passage] | None = None,
                **extra: Any) -> Finding:
        return Finding(code, CODES[code][0], message, self.line(*fields), passages or [], extra=extra)

    # ---- about the question ----------------------------------------------------------------
    @cached_property
    def teaches(self) -> bool:
        """Tagged source-criticism and says in its explanation that it teaches an error or disagreement."""
        q = self.question
        return TEACHING_TAG in (q.tags or []) and bool(TEACHING_WORDS.search(q.explanation or ""))

    @property
    def all_found(self) -> bool:
        return all(item.found for item in self.evidence)

    @cached_property
    def evidence_text(self) -> str:
        return " ... ".join(item.text for item in self.evidence if item.found)

    @cached_property
    def evidence_facts(self) -> F.Facts:
        return self.engine.facts(self.evidence_text)

    def passage_of(self, item: EvidenceItem) -> Passage:
        match = item.match
        return self.engine.passage(item.source, match.start, match.end)

    # ---- support ---------------------------------------------------------------------------
    def support(self, text: str, evidence: str | None = None, framing: str | None = None) -> Support:
        """Which facts of `text` the evidence (all found quotes, or the text given) does not state.

        `framing`, the prompt: when the text's numbers, dates and names are all in the evidence,
        words it only repeats from the prompt ("5,000 prisoners" for "how many prisoners ...?")
        are framing, not facts the evidence must give."""
        evidence = self.evidence_text if evidence is None else evidence
        have = self.engine.facts(evidence)
        want = self.engine.facts(text)
        if _verbatim(text, have.text):
            return Support(text, verbatim=True, terms=len(want.terms))
        missing, missing_terms, terms = F.missing_facts(want, have)
        missing = [f for f in missing if not self._attribution(f)]
        missing_terms = [t for t in missing_terms if not _title_of_found_name(t, want, missing)]
        if framing and not missing and want.required and missing_terms:
            prompt = self.engine.facts(framing)
            missing_terms = [t for t in missing_terms if not F.term_in(t, prompt)]
        return Support(text, missing, missing_terms, terms)

    def _attribution(self, fact: F.Fact) -> bool:
        """'Tariq' in "according to Tariq's article" names a source, not a fact of the key."""
        return fact.kind == "name" and all(w in self.engine.attribution_words for w in fact.value.split())


def _title_of_found_name(term: F.Fact, facts: F.Facts, missing: list[F.Fact]) -> bool:
    """'General' in 'General Scott Miller' when the evidence names Miller: a title, not a fact."""
    if not term.text[:1].isupper() or term.text.lower() not in F.TITLES:
        return False
    following = [n for n in facts.names if n.start > term.end and not facts.text[term.end:n.start].strip(" ")]
    return bool(following) and following[0] not in missing


def _verbatim(text: str, evidence_norm: str) -> bool:
    """Does `text` occur in the evidence as written, ignoring case, spacing and punctuation?"""
    needle = _plain(norm(text))
    return bool(needle) and f" {needle} " in f" {_plain(evidence_norm)} "


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    return " ".join(re.findall(r"[\w%$]+", text.casefold()))
