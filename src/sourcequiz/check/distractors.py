"""Check 10: no distractor is also right (distractor-supported).

A distractor is supported when one sentence of a source (any of the five, not only the evidence)
states it as an answer to the prompt: every number, date and name of the distractor, nearly all
its other words, and most of the prompt's rare words; the sentence does not negate or reverse it;
and where the distractor is a value, that value fills the prompt's slot in the sentence (see
`roles`). A prompt that confines the question to a source ("According to the essay, ...") is
answered from that source only. A prompt that asks for what is *not* so is left alone.
"""

from __future__ import annotations

from functools import lru_cache

from .. import facts as F
from ..vocabulary import sources_named
from .claims import Claim, Clause, align, aligned_claims, negative_prompt, sentence_parts, tokenize
from .context import QuestionContext
from .opposites import antonym, bound, quantifier
from .polarity import conflict, scopes
from .report import Finding
from .roles import GENERIC_NAMES, _positions, _same, by_doer, by_preposition, by_words, candidates

WORD_SHARE = 0.8          # of the distractor's own content words (those not in the prompt)
PROMPT_SHARE = 0.6        # of the prompt's content words, weighted by rarity
CONTRAST_WORDS = frozenset("but rather instead".split())


@lru_cache(maxsize=4096)
def _content(text: str) -> set[str]:
    """The stems of the content words of `text`, numbers left out (cached: read only)."""
    return {t.stem for t in tokenize(text) if t.content and not t.low[0].isdigit()}


@lru_cache(maxsize=4096)
def _stems(text: str) -> set[str]:
    """The stems of the content words of `text` (cached: read only)."""
    return {t.stem for t in tokenize(text) if t.content}


def supports(ctx: QuestionContext, claim: Claim, sentence) -> bool:
    engine = ctx.engine
    facts = sentence.facts
    mine = engine.facts(claim.focus)
    if any(not F.fact_in(f, facts) for f in mine.required):
        return False
    if any(not _counted(f, facts) for f in engine.facts(claim.prompt).numbers if not f.weak):
        return False                                  # "every two weeks": the sentence is about another span
    prompt_words = _content(claim.prompt) - {"accord", "articl", "essay", "say", "sourc"}
    named = {t.stem for f in mine.required for t in tokenize(f.text)}    # already matched, forgiving spelling
    own = _content(claim.focus) - prompt_words - named
    stems = _stems(sentence.text)
    if not own and not mine.required:
        return False
    if own and len(own & stems) / len(own) < WORD_SHARE:
        return False
    weight = sum(engine.rarity(s) for s in prompt_words) or 1.0
    if sum(engine.rarity(s) for s in prompt_words & stems) / weight < PROMPT_SHARE:
        return False
    toks = tokenize(sentence.text)
    parity, cues = scopes(toks)
    spot = _spot(toks, own or named)
    if spot and all(parity[k] for k in spot):
        return False                                  # the sentence says the distractor is *not* so
    if spot and _contrasted_away(engine, toks, cues, spot, prompt_words):
        return False                                  # "not X, rather Y": the prompt's predicate is Y's
    clauses = [Clause(sentence, part, 0) for part in sentence_parts(sentence.text)]
    probe = Claim("key", claim.text, claim.focus, claim.prompt, claim.fields)
    align(engine, probe, clauses)
    if probe.clause is None or conflict(probe, clauses) or antonym(probe, clauses) or bound(probe, clauses) \
            or quantifier(probe, clauses):
        return False
    return _fills_slot(ctx, claim, sentence, mine)


def _counted(number: F.Fact, facts: F.Facts) -> bool:
    """The prompt's number, with its unit when it has one ("two weeks" is not "the two sides")."""
    return any(f.value & number.value and (not number.unit or f.unit == number.unit) for f in facts.numbers)


def _spot(toks, stems: set[str]) -> list[int]:
    """Where the distractor stands in the sentence: the run of its words that covers most of them (a word
    such as 'forces' may occur again elsewhere, in another role)."""
    places = [k for k, t in enumerate(toks) if t.stem in stems]
    best: list[int] = []
    for start in places:
        run = [k for k in places if start <= k <= start + 2 * len(stems) + 2]
        if len({toks[k].stem for k in run}) > len({toks[k].stem for k in best}):
            best = run
    return best


def _contrasted_away(engine, toks, cues, spot: list[int], prompt_words: set[str]) -> bool:
    """A negation, then a contrast ('but', 'rather', 'instead'), with the distractor before it and most of
    the prompt's rare words after it: the sentence gives the prompt's predicate to the other side."""
    turn = next((k for k, t in enumerate(toks) if t.low in CONTRAST_WORDS and k > spot[-1]
                 and any(cue < k for cue, _, _ in cues) and any(cue < spot[-1] + 4 for cue, _, _ in cues)), None)
    if turn is None:
        return False
    before = {t.stem for t in toks[:turn]} & prompt_words
    after = {t.stem for t in toks[turn:]} & prompt_words
    return sum(engine.rarity(s) for s in after - before) > sum(engine.rarity(s) for s in before - after)


def _fills_slot(ctx: QuestionContext, claim: Claim, sentence, mine: F.Facts) -> bool:
    """A value distractor must be the value the prompt asks about in that sentence, not one in another role."""
    values = [f for f in (*mine.numbers, *mine.dates, *mine.years) if not f.weak and not f.ordinal]
    if not values:
        values = [f for f in mine.names if f.value not in GENERIC_NAMES]
    if not values:
        return True
    prompt_facts = ctx.engine.facts(claim.prompt)
    fact = values[0]
    pool = candidates(sentence, fact, prompt_facts)
    mine_at = {i for i, f in enumerate(pool) if _same(fact, f)}
    if not mine_at or len(mine_at) == len(pool):
        return bool(mine_at)
    toks = tokenize(sentence.text)
    places = {i: _positions(toks, f) for i, f in enumerate(pool)}
    chosen = by_preposition(claim.prompt, toks, places) or by_doer(claim.prompt, toks, places)
    if chosen is None:
        scores = by_words(ctx.engine, _content(claim.prompt), toks, places)
        best = max(scores, key=scores.get)
        chosen = {best} if scores[best] > 0 else set()
    return bool(chosen & mine_at)


def _index(engine) -> dict[str, set[tuple[str, int]]]:
    """stem -> the sentences (source id, index) that use it; built once per engine."""
    index = engine.__dict__.get("_stem_index")
    if index is None:
        index = {}
        for source_id, sentences in engine.sentences.items():
            for k, sentence in enumerate(sentences):
                for tok in tokenize(sentence.text):
                    if tok.content:
                        index.setdefault(tok.stem, set()).add((source_id, k))
        engine.__dict__["_stem_index"] = index
    return index


def _likely(engine, claim: Claim) -> set[tuple[str, int]]:
    """The sentences that could support the distractor: they share two of its four rarest words (one, for a
    one-word distractor), so that one misspelt word ('Chorasan' for 'Khorasan') does not hide a sentence, and
    one of the prompt's three rarest."""
    index = _index(engine)
    words = {t.stem for t in tokenize(claim.focus) if t.content} & index.keys()
    rarest = sorted(words, key=engine.rarity, reverse=True)[:4]
    counts: dict[tuple[str, int], int] = {}
    for stem in rarest:
        for place in index[stem]:
            counts[place] = counts.get(place, 0) + 1
    found = {place for place, n in counts.items() if n >= min(2, len(rarest))}
    near_prompt = _near_prompt(engine, claim.prompt)
    return found & near_prompt if near_prompt is not None else found


def _near_prompt(engine, prompt: str) -> set[tuple[str, int]] | None:
    """The sentences that use one of the prompt's three rarest words (None: the prompt has no content word);
    once per prompt, for all its distractors."""
    cache = engine.__dict__.setdefault("_near_prompt", {})
    if prompt not in cache:
        index = _index(engine)
        rarest = sorted(_content(prompt), key=engine.rarity, reverse=True)[:3]
        cache[prompt] = set().union(*(index.get(s, set()) for s in rarest)) if rarest else None
    return cache[prompt]


def check(ctx: QuestionContext) -> list[Finding]:
    q = ctx.question
    if q.type not in ("single", "multiple") or negative_prompt(q.prompt) or not ctx.all_found:
        return []
    claims, _ = aligned_claims(ctx)
    named = sources_named(q.prompt)
    searched = [s for s in ctx.engine.sources if not named or s.id in named]
    findings = []
    for claim in claims:
        if claim.kind != "distractor":
            continue
        likely = _likely(ctx.engine, claim)
        for source in searched:
            sentence = next((s for k, s in enumerate(ctx.engine.sentences[source.id])
                             if (source.id, k) in likely and supports(ctx, claim, s)), None)
            if sentence is None:
                continue
            passage = ctx.engine.passage(source.id, sentence.start, sentence.end)
            findings.append(ctx.finding(
                "distractor-supported",
                f"the distractor {claim.focus!r} is also right: {source.id} says \"{passage.excerpt}\" "
                f"({passage.anchor}); key it, change it, or confine the prompt to a source that does not say it",
                *claim.fields, passages=[passage], claim=claim.text))
            break
    return findings
