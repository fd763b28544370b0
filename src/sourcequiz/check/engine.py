"""The checker's engine: a registry's sources prepared once, shared by every check and by
`find` and `suggest`.

For each source: its sentences (from `Source.segments`, with their anchors) and the facts in
each; the names the sources use (so "Pakistan" at the start of an option still counts as a
name); the passages flagged by `known_issues` in sources.yml; and how rare each word is
(for ranking and for telling a shared fact from shared small talk).
"""

from __future__ import annotations

import math
import re
import weakref
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz.distance import Levenshtein

from .. import facts as F
from ..sources import Source, SourceRegistry
from ..textmatch import Match, find_quote, fragments, norm, normalize
from .report import Passage

EXCERPT_LIMIT = 320
EDGE = re.compile(r"^[\s\"'.,;:!?]+|[\s\"'.,;:!?]+$")
VALUE_HINT = re.compile(r"\d|\b(?:" + "|".join(sorted(F.NUMBER_WORDS | set(F.MONTHS))) + r")\b", re.IGNORECASE)
# 'quoted' and “quoted” fragments in a known_issues entry; an apostrophe inside a word does not open or close one.
QUOTED = re.compile(r"(?<![A-Za-z0-9])['‘]([^'‘’\n]+?)['’](?![A-Za-z0-9])|“([^“”\n]+?)”")
# A fragment quoted as the text's own corroboration ("what the article's own “30-45 a day” implies") is not the error.
CORROBORATION = re.compile(r"\b(?:own|also|itself)\s*$", re.IGNORECASE)
CORRECT_FORM = re.compile(r"(?:usual|correct|right|proper|standard|should (?:be|read))\w*(?:\s+spelling)?\s*:?\s*[\"'‘]?$",
                          re.IGNORECASE)


CITATION_YEAR = re.compile(r"\([^()]{0,60}?(?:1[6-9]|20)\d\d[a-z]?\)")


def valued(facts: F.Facts, text: str | None = None) -> list[F.Fact]:
    """Numbers, dates and years; in a source sentence, not the years of references like '(Thomas, 2020)'."""
    spans = [m.span() for m in CITATION_YEAR.finditer(text)] if text else []
    return [f for f in (*facts.numbers, *facts.dates, *facts.years) if not f.weak and not f.ordinal
            and not any(s <= f.start and f.end <= e for s, e in spans)]


def _word_char(text: str, index: int) -> bool:
    """Is text[index] a character the regular expression \\w matches (False outside the text)?"""
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


@dataclass(frozen=True)
class Sentence:
    source: str
    anchor: str
    start: int          # offsets into the source's original text
    end: int
    text: str           # normalised
    known_names: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @cached_property
    def facts(self) -> F.Facts:
        return F.extract(self.text, self.known_names)

    @cached_property
    def valued(self) -> list[F.Fact]:
        """Its numbers, dates and years, not counting the years of references like '(Thomas, 2020)'."""
        return valued(self.facts, self.text) if VALUE_HINT.search(self.text) else []


@dataclass(frozen=True)
class Flag:
    """A passage of a source that one of its known_issues entries quotes."""

    source: str
    issue: str
    fragment: str
    start: int
    end: int
    furniture: bool      # the fragment fills a whole line: page furniture such as a running header


_ENGINES: "weakref.WeakKeyDictionary[SourceRegistry, Engine]" = weakref.WeakKeyDictionary()


def engine_for(sources: SourceRegistry) -> "Engine":
    """The engine of a registry, built once and kept while the registry lives."""
    engine = _ENGINES.get(sources)
    if engine is None:
        engine = _ENGINES[sources] = Engine(sources)
    return engine


class Engine:
    def __init__(self, sources: SourceRegistry):
        self.sources = sources
        self.known_names = self._known_names()
        self.sentences: dict[str, list[Sentence]] = {
            s.id: [Sentence(s.id, seg.anchor, seg.start, seg.end, norm(s.text[seg.start:seg.end]),
                            self.known_names)
                   for seg in s.segments]
            for s in sources
        }
        # Sentences run in order and never overlap: their starts and ends, for a binary search.
        self._starts = {sid: [s.start for s in sentences] for sid, sentences in self.sentences.items()}
        self._ends = {sid: [s.end for s in sentences] for sid, sentences in self.sentences.items()}
        self.flags: dict[str, list[Flag]] = self._flags()
        # Source titles, authors and ids: a statement's "according to Tariq's article" is not a fact.
        words: set[str] = set()
        for s in sources:
            for text in (s.title, s.author, s.id.replace("-", " ")):
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
        self.attribution_words = frozenset(words)

    # ---- names and facts -------------------------------------------------------------------
    def _known_names(self) -> frozenset[str]:
        """Words the sources capitalise inside sentences and never write in lower case."""
        names: set[str] = set()
        lower: set[str] = set()
        inside = re.compile(r"(?<=[a-z0-9,;] )(?:[A-Z][A-Za-z]+|[A-Z]{2,})(?:-[A-Z][A-Za-z]+)*")
        for source in self.sources:
            text = normalize(source.text).text
            for word in inside.findall(text):
                names.update(F.name_value(word).split())
            lower.update(re.findall(r"(?<![A-Za-z'])[a-z][a-z]+", text))
        return frozenset(n for n in names if n not in lower and n not in F.STOPWORDS and n not in F.MONTHS)

    def facts(self, text: str) -> F.Facts:
        return F.extract(text, self.known_names)

    @cached_property
    def idf(self) -> dict[str, float]:
        counts: Counter[str] = Counter()
        total = 0
        for sentences in self.sentences.values():
            for sentence in sentences:
                total += 1
                counts.update(F.stems_of(sentence.text))
        self.default_idf = math.log(total + 1)
        return {word: math.log((total + 1) / (n + 0.5)) for word, n in counts.items()}

    def rarity(self, stem: str) -> float:
        idf = self.idf
        return idf.get(stem, self.default_idf)

    # ---- passages --------------------------------------------------------------------------
    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def find(self, quote: str, source_id: str) -> Match | None:
        """The quote in the source; punctuation or quote marks at the very edges of a fragment are free
        (a quote ending with a full stop where the source goes on with a comma is still the same words)."""
        text = self.sources[source_id].text
        match = find_quote(quote, text)
        if match is None:
            trimmed = " ... ".join(EDGE.sub("", part) for part in fragments(quote))
            if trimmed.strip(" ."):
                match = find_quote(trimmed, text)
        return match

    def excerpt(self, source_id: str, start: int, end: int, limit: int = EXCERPT_LIMIT) -> str:
        text = " ".join(self.sources[source_id].text[start:end].split())
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    def passage(self, source_id: str, start: int, end: int, limit: int = EXCERPT_LIMIT) -> Passage:
        source = self.sources[source_id]
        return Passage(source_id, self.excerpt(source_id, start, end, limit), source.segment_at(start).anchor,
                       start, end)

    def sentences_over(self, source_id: str, start: int, end: int) -> list[Sentence]:
        """The sentences of a source that overlap [start, end)."""
        first = bisect_right(self._ends[source_id], start)
        last = bisect_left(self._starts[source_id], end)
        return self.sentences[source_id][first:last] or [self.sentence_at(source_id, start)]

    def sentence_at(self, source_id: str, offset: int) -> Sentence:
        """The sentence starting at or last before `offset` (the first one, before them all)."""
        index = bisect_right(self._starts[source_id], offset) - 1
        return self.sentences[source_id][max(index, 0)]

    def sentence_span(self, source_id: str, offset: int) -> tuple[int, int]:
        """The sentence at `offset`, carried on across page furniture that cuts it in two."""
        sentence = self.sentence_at(source_id, offset)
        start, end = sentence.start, sentence.end
        furniture = [f for f in self.flags.get(source_id, []) if f.furniture]
        while True:
            cut = [f for f in furniture if start <= f.start <= end + 2 and f.end > end]
            if not cut:
                return start, end
            resume = max(f.end for f in cut)
            while True:  # skip the furniture's own "sentences" (the header lines)
                more = [f for f in furniture if resume <= f.start <= resume + 3]
                if not more:
                    break
                resume = max(f.end for f in more)
            following = [s for s in self.sentences[source_id] if s.start >= resume]
            if not following:
                return start, end
            end = following[0].end

    def pasteable(self, source_id: str, start: int, end: int) -> str:
        """A passage as an author should paste it as evidence: one line, page furniture left out with ' ... '."""
        text = self.sources[source_id].text
        start = self._after_heading(text, start, end)
        pieces, position = [], start
        for flag in self.flags.get(source_id, []):
            if flag.furniture and start < flag.start and flag.end < end:
                pieces.append(text[position:flag.start])
                position = flag.end
        pieces.append(text[position:end])
        joined = " ... ".join(" ".join(p.split()) for p in pieces if p.strip())
        return re.sub(r"(?: \.\.\. )+", " ... ", joined)

    @staticmethod
    def _after_heading(text: str, start: int, end: int) -> int:
        """Skip a heading line glued to the sentence that follows it ("Introduction\nFebruary 29, ...")."""
        line_end = text.find("\n", start, end)
        if line_end < 0:
            return start
        first = text[start:line_end].strip()
        rest = text[line_end:end].lstrip()
        if first and len(first.split()) <= 6 and first[-1] not in ".,;:!?\"”’)" and rest[:1].isupper():
            return line_end + (len(text[line_end:end]) - len(rest))
        return start

    # ---- known issues ----------------------------------------------------------------------
    def _flags(self) -> dict[str, list[Flag]]:
        quoted: dict[str, list[tuple[str, str, bool]]] = {}   # source -> (issue, fragment, correct?)
        for source in self.sources:
            entries = []
            for issue in source.known_issues:
                fragments = []
                for match in QUOTED.finditer(issue):
                    before = issue[max(0, match.start() - 40):match.start() + 1]
                    correct = bool(CORRECT_FORM.search(before) or CORROBORATION.search(before[:-1]))
                    fragments.append((issue, (match.group(1) or match.group(2)).strip(), correct))
                entries.extend(self._mark_usual_spelling(source, fragments))
            quoted[source.id] = entries
        flagged_fragments = {(sid, frag) for sid, items in quoted.items() for _, frag, ok in items if not ok}
        flags: dict[str, list[Flag]] = {}
        for source in self.sources:
            result = []
            for issue, fragment, correct in quoted[source.id]:
                if correct or self._attested_elsewhere(source.id, fragment, flagged_fragments):
                    continue
                for start, end in self._occurrences(source, fragment):
                    line_start = source.text.rfind("\n", 0, start) + 1
                    line_end = source.text.find("\n", end)
                    line = source.text[line_start:line_end if line_end >= 0 else len(source.text)]
                    furniture = " ".join(line.split()) == " ".join(fragment.split())
                    result.append(Flag(source.id, issue, fragment, start, end, furniture))
            flags[source.id] = sorted(result, key=lambda f: f.start)
        return flags

    def _mark_usual_spelling(self, source: Source, fragments: list[tuple[str, str, bool]]):
        """Of two similar spellings quoted in one entry, the one the source uses more often is the usual one."""
        counts = {frag: len(self._occurrences(source, frag)) for _, frag, _ in fragments}
        marked = []
        for issue, fragment, correct in fragments:
            for _, other, _ in fragments:
                if other != fragment and " " not in fragment and " " not in other and \
                        Levenshtein.normalized_similarity(fragment.lower(), other.lower()) >= 0.75 and \
                        counts[fragment] > counts[other]:
                    correct = True
            marked.append((issue, fragment, correct))
        return marked

    def _attested_elsewhere(self, source_id: str, fragment: str, flagged: set[tuple[str, str]]) -> bool:
        """A fragment another source uses without flagging it is the correct form, not an issue."""
        for other in self.sources:
            if other.id != source_id and (other.id, fragment) not in flagged and self._occurrences(other, fragment):
                return True
        return False

    @staticmethod
    def _occurrences(source: Source, fragment: str) -> list[tuple[int, int]]:
        haystack = normalize(source.text)
        needle = norm(fragment)
        if not needle:
            return []
        text, found, position = haystack.text, [], 0
        while (start := text.find(needle, position)) >= 0:     # whole words only, as (?<!\w)needle(?!\w) finds
            end = start + len(needle)
            if _word_char(text, start - 1) or _word_char(text, end):
                position = start + 1
                continue
            found.append(haystack.span(start, end))
            position = end
        return found

    def without_furniture(self, source_id: str) -> str:
        """The source with page furniture blanked out (same length, so offsets still hold)."""
        cache = self.__dict__.setdefault("_without_furniture", {})
        if source_id not in cache:
            text = self.sources[source_id].text
            for flag in self.flags.get(source_id, []):
                if flag.furniture:
                    text = text[:flag.start] + " " * (flag.end - flag.start) + text[flag.end:]
            cache[source_id] = text
        return cache[source_id]

    def flags_over(self, source_id: str, spans) -> list[Flag]:
        return [flag for flag in self.flags.get(source_id, [])
                if any(start < flag.end and flag.start < end for start, end in spans)]
