"""Check 6: the key asserts what its evidence negates, or negates what it asserts (claim-negated).

A negation cue (not, never, no, n't, without, ... and verbs such as avoided, refused, denied,
rejected, failed to) negates the words after it up to the end of its clause or the next cue
("could not subdue Afghanistan and did not defeat the Taliban" negates each verb once). The first two content
words of that scope are what it negates ("avoided [calling it] a peace agreement"). When a claim
and its evidence clause share such a word and one side negates it while the other does not, the
evidence says the opposite of the key.
"""

from __future__ import annotations

from functools import lru_cache

from ..textmatch import norm
from .claims import Claim, Tok, contradiction, judged, phrase, tokenize
from .context import QuestionContext
from .lexicon import NEGATION_CUES, NEGATION_PHRASES, NEGATIVE_VERBS, OPPOSITES, SCOPE_BREAK_WORDS
from .report import Finding

SCOPE = 10          # words a cue reaches at most
HEADS = 1           # content words of a scope that carry its meaning: the negated predicate
PHRASES: dict[str, list[tuple[str, ...]]] = {}
for _phrase in NEGATION_PHRASES:
    PHRASES.setdefault(_phrase.split()[0], []).append(tuple(_phrase.split()))


def cue_length(toks: tuple[Tok, ...], i: int) -> int:
    """How many tokens the negation cue at i spans (0: none)."""
    low = toks[i].low
    if low == "not" and i + 1 < len(toks) and toks[i + 1].low in ("only", "just", "merely", "simply"):
        return 0                                    # "not only ... but also" negates nothing
    for words in PHRASES.get(low, ()):
        if tuple(t.low for t in toks[i:i + len(words)]) == words:
            return len(words)
    if low in NEGATION_CUES or low.endswith("n't") or low in NEGATIVE_VERBS:
        return 1
    return 0


@lru_cache(maxsize=20_000)
def scopes(toks: tuple[Tok, ...]) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Per token, how many cues negate it (mod 2); and each cue as (cue start, scope start, scope end)."""
    parity = [0] * len(toks)
    found = []
    i = 0
    quoted = False
    while i < len(toks):
        if toks[i].text == '"':
            quoted = not quoted            # a title in quotes ("A Failed Afghan Peace Deal") asserts nothing
        length = 0 if quoted else cue_length(toks, i)
        if not length:
            i += 1
            continue
        j = i + length
        while j < len(toks) and j - i - length < SCOPE and not toks[j].brk and toks[j].text != "," \
                and toks[j].low not in SCOPE_BREAK_WORDS and not cue_length(toks, j):
            parity[j] ^= 1
            j += 1
        found.append((i, i + length, j))
        i += length
    return parity, found


def heads(toks: tuple[Tok, ...], start: int, end: int) -> list[int]:
    """The negated predicate: the first content word of the scope, when it is a word (not a number)."""
    return [k for k in [k for k in range(start, end) if toks[k].content][:HEADS] if toks[k].low.isalpha()]


def stated_as(clauses: list, stem: str, parity: int) -> bool:
    """Does any evidence clause state the word `stem` with this parity (negated or not)?"""
    for clause in clauses:
        clause_parity, _ = scopes(clause.toks)
        if any(t.stem == stem and clause_parity[k] == parity for k, t in enumerate(clause.toks)):
            return True
    return False


def conflict(claim: Claim, clauses: list | None = None) -> tuple[str, str] | None:
    """(what the evidence says, what the claim says) where one negates a word the other asserts, and no
    other clause of the evidence states it the claim's way."""
    clause = claim.clause
    clauses = clauses if clauses is not None else [clause]
    mine, theirs = claim.toks, clause.toks + _elliptical(clause, clauses)
    my_parity, my_cues = scopes(mine)
    their_parity, their_cues = scopes(theirs)
    focus = {t.stem for t in tokenize(claim.focus) if t.content} if claim.prompt else None
    for cues, here, there, here_parity, there_parity, evidence_side in (
            (their_cues, theirs, mine, their_parity, my_parity, True),
            (my_cues, mine, theirs, my_parity, their_parity, False)):
        for cue, start, end in cues:
            if _antonym_of(here[cue].low, there):
                continue                    # "rejecting" against "accepting": an opposite, reported as one
            for k in heads(here, start, end):
                if focus is not None and here[k].stem not in focus:
                    continue                # words of the prompt are what it takes as given; the key is judged
                matches = [m for m, tok in enumerate(there) if tok.content and tok.stem == here[k].stem]
                if not matches or any(there_parity[m] == here_parity[k] for m in matches):
                    continue
                m = matches[0]
                claim_parity = here_parity[k] if not evidence_side else there_parity[m]
                if stated_as(clauses, here[k].stem, claim_parity):
                    continue
                negated = phrase(here, _text(claim, evidence_side), cue, end)
                plain = phrase(there, _text(claim, not evidence_side), max(0, m - 2), m + 4)
                return (negated, plain) if evidence_side else (plain, negated)
    return None


def _antonym_of(word: str, toks: tuple[Tok, ...]) -> bool:
    """Is `word` (a negative verb such as 'rejected') the opposite of a word of `toks` ('accepted')?"""
    if word not in NEGATIVE_VERBS:
        return False
    words = {t.low for t in toks}
    return any((word in a and words & b) or (word in b and words & a) for a, b in OPPOSITES)


def _elliptical(clause, clauses: list) -> tuple[Tok, ...]:
    """The negated clauses that finish the clause's sentence without a verb of their own: "allowed to continue
    in rural areas, but not in major cities"."""
    following = [c for c in clauses if c.sentence is clause.sentence and c.toks[0].start > clause.toks[-1].start]
    extra: tuple[Tok, ...] = ()
    for part in sorted(following, key=lambda c: c.toks[0].start):
        if not cue_length(part.toks, 0):
            break
        extra += part.toks
    return extra


def _text(claim: Claim, evidence: bool) -> str:
    return claim.clause.sentence.text if evidence else norm(claim.text)


def check(ctx: QuestionContext) -> list[Finding]:
    findings = []
    for claim, clauses in judged(ctx):
        found = claim.clause and conflict(claim, clauses)
        if found:
            findings.append(contradiction(ctx, "claim-negated", claim, "contradicts its evidence", *found))
    return findings
