"""`sourcequiz find "phrase"`: search every source, forgiving spelling and form.

Three ways to match, best first: the phrase as written (ignoring case, spacing, quote and dash
styles); the same words with a letter or two changed ("Khalilzad" finds "Khalizad"); and the
same facts in another form ("5,000 prisoners" finds "five thousand prisoners"). Each hit gives
the source id, the sentence anchor and the passage to paste as evidence (the whole sentence,
with page furniture such as tariq-2020's running header left out with ' ... ').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import facts as F
from .check.engine import Engine, engine_for
from .problems import UserError
from .sources import SourceRegistry
from .textmatch import norm, normalize

TOKEN = re.compile(r"[A-Za-z0-9]+(?:[,.'][A-Za-z0-9]+)*")
MIN_SCORE = 80


@dataclass(frozen=True)
class Hit:
    source: str
    anchor: str
    line: int
    score: float
    matched: str        # the words that matched, as the source has them
    passage: str        # the sentence, ready to paste as a quote
    start: int
    end: int
    how: str = "exact"  # exact | spelling | facts

    def as_dict(self) -> dict:
        return {"source": self.source, "anchor": self.anchor, "line": self.line, "score": round(self.score, 1),
                "how": self.how, "matched": self.matched, "passage": self.passage}


MAX_PHRASE = 500  # characters: a long passage to look for is a quote for `check`, not a search


def find(phrase: str, sources: SourceRegistry, limit: int = 10) -> list[Hit]:
    if not phrase or not TOKEN.search(phrase):
        raise UserError("find: give some words to look for, such as: sourcequiz find \"Khalilzad\"")
    if len(phrase) > MAX_PHRASE:
        raise UserError(f"find: the phrase has {len(phrase):,} characters; look for at most {MAX_PHRASE} "
                        f"(to test a whole quote, put it in a bank and run sourcequiz check)")
    engine = engine_for(sources)
    hits: dict[tuple[str, str], Hit] = {}

    def add(source_id: str, start: int, end: int, score: float, how: str, matched: str | None = None):
        sentence = engine.sentence_at(source_id, start)
        key = (source_id, sentence.anchor)
        if key in hits and hits[key].score >= score:
            return
        text = sources[source_id].text
        span = engine.sentence_span(source_id, start)
        hits[key] = Hit(source_id, sentence.anchor, text.count("\n", 0, start) + 1, score,
                        matched or " ".join(text[start:end].split()),
                        engine.pasteable(source_id, *span), start, end, how)

    for source_id, start, end in exact(engine, phrase):
        add(source_id, start, end, 100.0, "exact")
    for source_id, start, end, score in fuzzy(engine, phrase):
        add(source_id, start, end, score, "spelling")
    for sentence, score, matched in by_facts(engine, phrase):
        add(sentence.source, sentence.start, sentence.end, score, "facts", matched)
    ordered = sorted(hits.values(), key=lambda h: (-h.score, engine.sources.ids.index(h.source), h.start))
    return ordered[:limit]


def exact(engine: Engine, phrase: str):
    needle = norm(phrase).casefold()
    for source in engine.sources:
        haystack = normalize(source.text)
        folded = haystack.text.casefold()
        position = folded.find(needle)
        while position >= 0 and needle:
            yield (source.id, *haystack.span(position, position + len(needle)))
            position = folded.find(needle, position + 1)


def _tokens(engine: Engine, source_id: str) -> list[tuple[int, int, str]]:
    cache = engine.__dict__.setdefault("_find_tokens", {})
    if source_id not in cache:
        text = engine.sources[source_id].text
        cache[source_id] = [(m.start(), m.end(), m.group(0).lower()) for m in TOKEN.finditer(text)]
    return cache[source_id]


def fuzzy(engine: Engine, phrase: str):
    """Windows of the sources' words that are close to the phrase's words (a letter or two changed)."""
    words = [w.lower() for w in TOKEN.findall(norm(phrase))]
    if not words:
        return
    target = " ".join(words)
    shortest = min(len(w) for w in words)
    sizes = sorted({max(1, len(words) - 1), len(words), len(words) + 1})
    for source in engine.sources:
        tokens = _tokens(engine, source.id)
        for size in sizes:
            windows = [" ".join(t[2] for t in tokens[i:i + size]) for i in range(0, max(0, len(tokens) - size + 1))]
            scorer = fuzz.ratio if len(words) == 1 else fuzz.token_sort_ratio  # word order is free
            for _, score, index in process.extract_iter(target, windows, scorer=scorer, score_cutoff=MIN_SCORE):
                if len(words) == 1 and shortest < 5 and score < 100:
                    continue
                start, end = tokens[index][0], tokens[index + size - 1][1]
                yield source.id, start, end, float(score) - (0.5 if score < 100 else 0)


def by_facts(engine: Engine, phrase: str):
    """Sentences stating every fact of the phrase, in any form ('five thousand' for '5,000')."""
    wanted = engine.facts(phrase)
    required = wanted.required
    if not any(f.kind in ("number", "date", "year") for f in required):
        return
    for sentences in engine.sentences.values():
        for sentence in sentences:
            facts: F.Facts = sentence.facts
            if all(F.fact_in(f, facts) for f in required) and all(F.term_in(t, facts) for t in wanted.terms):
                shown = [f.text for f in (*facts.numbers, *facts.dates, *facts.years)
                         if any(F.fact_in(w, F.extract(f.text)) for w in required)]
                yield sentence, 90.0, ", ".join(dict.fromkeys(shown)) or sentence.text


def render_hits(phrase: str, hits: list[Hit]) -> str:
    if not hits:
        return f"no passage of the sources matches {phrase!r}\n"
    lines = []
    for hit in hits:
        how = {"exact": "exact", "facts": "same facts"}.get(hit.how, f"{hit.score:.0f}% similar")
        if hit.how == "spelling" and hit.score >= 100:
            how = "same words"
        lines.append(f"{hit.source}  {hit.anchor}  line {hit.line}  ({how}: \"{hit.matched}\")")
        lines.append(f"  {hit.passage}")
    return "\n".join(lines) + "\n"
