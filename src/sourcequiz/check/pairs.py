"""Check 10: a match question pairs each left side with the right side its evidence gives it (claim-role).

Match pairs often share one evidence sentence ("from the current strength of 13,000 to 8,600 within
135 days"), so each side being in the quote proves nothing about the pairing. Here every word of
the sentence belongs to the right side that stands nearest to it, and a left side scores the rare
words it shares with each right side's neighbourhood. When two pairs would score clearly better
swapped ("current strength" next to 13,000, not 8,600), the key pairs them the wrong way round.
"""

from __future__ import annotations

from itertools import combinations

from .. import facts as F
from .claims import Tok, tokenize
from .context import QuestionContext
from .report import Finding

REACH = 8            # a word farther than this from every right side describes none of them
MARGIN = 2.0         # the swapped pairing must score this much more than the keyed one, and twice as much


def _spots(toks: tuple[Tok, ...], right: str, engine, text: str) -> list[int]:
    """Where a right side stands in the sentence: the places of its value (a number or date, whatever its
    form: 'five thousand', '5,000'), or else of its rarest word."""
    mine = engine.facts(right)
    if any(not f.weak for f in (*mine.numbers, *mine.dates, *mine.years)):
        theirs = engine.facts(text)
        found = [f for f in (*theirs.numbers, *theirs.dates, *theirs.years) if F.fact_in(f, mine)]
        return sorted({k for f in found for k, t in enumerate(toks) if t.start < f.end and f.start < t.end})
    stems = [t.stem for t in tokenize(right) if t.content]
    if not stems:
        return []
    for stem in sorted(set(stems), key=engine.rarity, reverse=True):
        found = [k for k, t in enumerate(toks) if t.stem == stem]
        if found:
            return found
    return []


def _scores(toks, lefts: list[set[str]], spots: list[list[int]], rarity) -> list[list[float]]:
    """scores[i][j]: how much of left side i stands in right side j's neighbourhood."""
    owner: dict[int, tuple[int, int]] = {}
    for k in range(len(toks)):
        distances = sorted((abs(k - s), j) for j, places in enumerate(spots) for s in places)
        if distances and distances[0][0] <= REACH and (len(distances) == 1 or distances[1][0] > distances[0][0]
                                                      or distances[1][1] == distances[0][1]):
            owner[k] = (distances[0][1], distances[0][0])
    scores = [[0.0] * len(spots) for _ in lefts]
    for i, words in enumerate(lefts):
        for k, (j, distance) in owner.items():
            if toks[k].content and toks[k].stem in words and distance > 0:
                scores[i][j] += rarity(toks[k].stem) * (1.0 if distance <= 3 else 0.6)
    return scores


def check(ctx: QuestionContext) -> list[Finding]:
    q = ctx.question
    if q.type != "match" or not ctx.evidence or not ctx.all_found or len(q.pairs) < 2:
        return []
    engine, rarity = ctx.engine, ctx.engine.rarity
    groups: dict[str, list[int]] = {}
    for i, item in enumerate(ctx.evidence[:len(q.pairs)]):
        sentences = engine.sentences_over(item.source, item.match.start, item.match.end)
        groups.setdefault(" ".join(s.text for s in sentences), []).append(i)
    findings = []
    for text, members in groups.items():
        if len(members) < 2:
            continue
        toks = tokenize(text)
        rights = [q.pairs[i].right for i in members]
        right_stems = {t.stem for r in rights for t in tokenize(r) if t.content}
        lefts = [{t.stem for t in tokenize(q.pairs[i].left) if t.content} - right_stems for i in members]
        shared = set.intersection(*lefts)              # words every left side has tell none of them apart
        lefts = [words - shared for words in lefts]
        spots = [_spots(toks, r, engine, text) for r in rights]
        if not all(spots):
            continue
        scores = _scores(toks, lefts, spots, rarity)
        for a, b in combinations(range(len(members)), 2):
            keyed = scores[a][a] + scores[b][b]
            swapped = scores[a][b] + scores[b][a]
            if swapped >= 2 * keyed + MARGIN:
                i, k = members[a], members[b]
                sentence = engine.sentences_over(ctx.evidence[i].source, ctx.evidence[i].match.start,
                                                 ctx.evidence[i].match.end)[0]
                passage = engine.passage(sentence.source, sentence.start, sentence.end)
                findings.append(ctx.finding(
                    "claim-role",
                    f"pairs {i + 1} and {k + 1} are swapped: in the evidence ({passage.anchor}) "
                    f"{q.pairs[i].left!r} goes with {q.pairs[k].right!r} and {q.pairs[k].left!r} with "
                    f"{q.pairs[i].right!r}: \"{text[:200]}{'…' if len(text) > 200 else ''}\"",
                    "pairs", i, "right", passages=[passage], claim=f"{q.pairs[i].left}: {q.pairs[i].right}"))
    return findings
