"""Check 5a: where the sources disagree.

For each number, date and year of a keyed answer, take the sentence of the evidence that
states it and the words around it. Look in the *other* sources for a sentence about the same
fact: one that shares enough rare words near a value of the same kind (a count with the same
unit, a year, a date) but states a different value, and does not state the keyed value at all.
Warn with both passages ("peace-talks-essay gives February 29, 2020 ... but
us-afghan-peace-agreement gives February 2012 ...").

On a question that teaches the disagreement (tagged source-criticism and saying so), the
warning is kept but marked accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import facts as F
from .context import QuestionContext
from .engine import Engine, Sentence, valued
from .report import Finding

WINDOW = 8          # content words on each side of a value that describe it
RARE = 2.0          # a word this rare (idf) says something about the fact; commoner ones add little
MIN_RARE = 2        # shared rare words needed (a number's unit does not count)
MIN_SCORE = 5.5     # summed rarity of the shared words (weighted by closeness), plus the bonus below
SAME_MONTH_BONUS = 4.0   # "February 2012" beside "February 2020": the same month is itself a sign


@dataclass(frozen=True)
class Candidate:
    score: float
    sentence: Sentence
    fact: F.Fact
    shared: tuple[str, ...]


def check(ctx: QuestionContext) -> list[Finding]:
    if not ctx.evidence or not ctx.all_found:
        return []
    keyed = key_facts(ctx)
    if not keyed:
        return []
    engine = ctx.engine
    # Sources that state the keyed value in the evidence agree with it; any other source (even one the
    # question also cites, as a source-criticism question does) may disagree.
    agreeing = {item.source for item in ctx.evidence
                if any(F.fact_in(fact, ctx.engine.facts(item.text)) for fact in keyed)}
    findings = []
    reported: set[tuple[str, str]] = set()
    for fact in keyed:
        for item in ctx.evidence:
            for sentence in engine.sentences_over(item.source, item.match.start, item.match.end):
                occurrences = [f for f in sentence.valued if _same_value(fact, f)]
                if not occurrences:
                    continue
                here = occurrences[0]
                context = window(sentence.facts, here)
                stated = sentence.valued
                best = best_conflict(engine, fact, here, context, agreeing | {item.source}, stated)
                if best is None or (fact.text, best.sentence.anchor) in reported:
                    continue
                reported.add((fact.text, best.sentence.anchor))
                mine = engine.passage(sentence.source, sentence.start, sentence.end)
                theirs = engine.passage(best.sentence.source, best.sentence.start, best.sentence.end)
                finding = ctx.finding(
                    "sources-disagree",
                    f"the sources disagree on {fact.text!r}: {sentence.source} gives {here.text} "
                    f"(\"{_short(mine.excerpt)}\", {mine.anchor}) but {best.sentence.source} gives "
                    f"{best.fact.text} (\"{_short(theirs.excerpt)}\", {theirs.anchor})"
                    + ("" if ctx.teaches else "; only a source-criticism question should rest on this fact"),
                    passages=[mine, theirs], value=here.text, other_value=best.fact.text,
                    shared_words=list(best.shared))
                explained = engine.flags_over(best.sentence.source, [(best.sentence.start, best.sentence.end)])
                explained = [f for f in explained if f.start <= _offset(engine, best) < f.end + 1] or \
                    [f for f in explained if not f.furniture and best.fact.text in f.fragment]
                if explained:
                    finding.extra["explained_by"] = explained[0].issue
                    finding.message += (f" ({best.sentence.source}'s value is a known error listed in "
                                        f"sources.yml: \"{explained[0].issue}\")")
                finding.accepted = ctx.teaches or bool(explained)
                findings.append(finding)
                break
            else:
                continue
            break
    return findings


def _offset(engine: Engine, candidate: Candidate) -> int:
    """Where the other source's value is, in that source's original text."""
    from ..textmatch import normalize

    sentence = candidate.sentence
    mapped = normalize(engine.source(sentence.source).text[sentence.start:sentence.end])
    return sentence.start + mapped.offsets[min(candidate.fact.start, len(mapped.offsets) - 1)]


def key_facts(ctx: QuestionContext) -> list[F.Fact]:
    """The numbers, dates and years of the keyed answer that the evidence states."""
    q = ctx.question
    texts: list[str] = []
    if q.type in ("single", "multiple"):
        texts = [o.text for o in q.options if o.correct]
    elif q.type == "numeric":
        texts = [F.canonical_number(float(q.answer))]
    elif q.type == "text":
        texts = list(q.answers[:1])
    elif q.type == "true_false":
        texts = [q.prompt if q.answer else (q.correction or "")]
    elif q.type == "order":
        texts = [item.text for item in ctx.evidence]
    elif q.type == "match":
        texts = [f"{p.left} {p.right}" for p in q.pairs]
    found: list[F.Fact] = []
    evidence = ctx.evidence_facts
    for text in texts:
        for fact in valued(ctx.engine.facts(text)):
            if F.fact_in(fact, evidence) and not any(_same_value(fact, f) for f in found):
                found.append(fact)
    return found


def _same_value(a: F.Fact, b: F.Fact) -> bool:
    if a.kind == "number" and b.kind == "number":
        return bool(a.value & b.value)
    if a.kind == "date" and b.kind == "date":
        x, y = a.value, b.value
        return x.month == y.month and (x.day is None or y.day is None or x.day == y.day) and \
            (x.year is None or y.year is None or x.year == y.year)
    year_a = _year(a)
    year_b = _year(b)
    if a.kind in ("year", "date") and b.kind in ("year", "date"):
        return year_a is not None and year_a == year_b
    if a.kind == "number" and b.kind == "year":
        return float(b.value) in a.value
    if a.kind == "year" and b.kind == "number":
        return float(a.value) in b.value
    return False


def _year(fact: F.Fact) -> int | None:
    if fact.kind == "year":
        return fact.value
    if fact.kind == "date":
        return fact.value.year
    return None


def _different(key: F.Fact, other: F.Fact) -> bool:
    """Same kind of value (a count with the same unit, a year, a date), different value."""
    if key.kind == "number":
        if other.kind != "number" or other.weak or other.ordinal or key.percent != other.percent:
            return False
        if not key.unit or key.unit != other.unit:
            return False
        return not (key.value & other.value)
    if key.kind == "year":
        year = _year(other)
        return year is not None and year != key.value
    if key.kind == "date":
        if other.kind != "date":
            return False          # a bare year beside a full date is too weak a sign of the same fact
        k, o = key.value, other.value
        if k.month != o.month:
            return False
        if k.year is not None and o.year is not None and k.year != o.year:
            return True
        return k.day is not None and o.day is not None and k.day != o.day
    return False


def window(facts: F.Facts, fact: F.Fact) -> dict[str, int]:
    """The stems of content words around `fact` in a sentence, with their distance in words."""
    tokens = sorted([(t.start, t.value) for t in facts.terms] +
                    [(n.start, part) for n in facts.names for part in n.value.split()])
    before = [s for start, s in tokens if start < fact.start][-WINDOW:]
    after = [s for start, s in tokens if start >= fact.end][:WINDOW]
    near: dict[str, int] = {}
    for distance, stem in enumerate(reversed(before), 1):
        near.setdefault(stem, distance)
    for distance, stem in enumerate(after, 1):
        near[stem] = min(near.get(stem, distance), distance)
    if fact.unit:
        near[fact.unit] = 0
    return near


def best_conflict(engine: Engine, key: F.Fact, here: F.Fact, context: dict[str, int],
                  cited: set[str], stated: list[F.Fact]) -> Candidate | None:
    """The other sources' best sentence giving a different value for the same fact, if any.

    `stated`: every value of the evidence sentence; a value the evidence itself states there is
    about something else, not a disagreement."""
    best: Candidate | None = None
    subject = here      # the value as the evidence states it ("February 2020" for a key of 2020)
    for source_id, sentences in _valued_sentences(engine).items():
        if source_id in cited:
            continue
        for sentence in sentences:
            others = [f for f in sentence.valued if _different(subject, f)
                      and not any(_same_value(f, mine) or _same_value(mine, f) for mine in stated)]
            if not others:
                continue
            facts = sentence.facts
            if F.fact_in(key, facts):
                continue
            for other in others:
                near = window(facts, other)
                shared = tuple(sorted((set(near) & set(context)) - {subject.unit}))
                rare = [s for s in shared if engine.rarity(s) >= RARE]
                score = sum(engine.rarity(s) * closeness(max(near[s], context[s])) for s in shared)
                if _same_month_other_year(subject, other) and any(max(near[s], context[s]) <= 3 for s in shared):
                    score += SAME_MONTH_BONUS
                elif len(rare) < MIN_RARE:
                    continue
                if score >= MIN_SCORE and (best is None or score > best.score):
                    best = Candidate(score, sentence, other, shared)
    return best


def _valued_sentences(engine: Engine) -> dict[str, list[Sentence]]:
    """Per source, its sentences that state a number, date or year (worked out once per engine)."""
    found = engine.__dict__.get("_valued_sentences")
    if found is None:
        found = engine.__dict__["_valued_sentences"] = {
            source_id: [s for s in sentences if s.valued] for source_id, sentences in engine.sentences.items()}
    return found


def closeness(distance: int) -> float:
    """How much a shared word counts, by how far (in content words) it is from the value."""
    return 1.0 if distance <= 3 else 0.6 if distance <= 5 else 0.3


def _same_month_other_year(key: F.Fact, other: F.Fact) -> bool:
    if key.kind != "date" or other.kind != "date":
        return False
    k, o = key.value, other.value
    return k.month == o.month and k.year is not None and o.year is not None and k.year != o.year


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
