"""Check 9: the claim swaps the two sides of its evidence (claim-role, or claim-opposite for a relation).

"The Taliban called on the Afghan government to cease its attacks" uses every word of "The Afghan
government has called on the Taliban to cease their attacks", with the caller and the called
swapped. The check looks for a pivot word that the claim and its evidence sentence each use once,
and two things, one on each side of it, that stand on the other sides in the evidence:

- around a verb, the two things must be actors (a name, or a word of `ACTOR_WORDS`): who did what
  to whom. That is a claim-role error;
- around a relation ("in return for", "in exchange for", "in reprisal of", "held by"), any two
  things will do: the claim reverses the relation. That is a claim-opposite error.

A pivot in the passive on one side only ("was appreciated by") flips its sides; pairs joined by
"and", "between" or "with" name two parties without ordering them, and are left alone. Verbs of one
sense (praised, appreciated) count as one pivot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import facts as F
from .claims import Claim, Tok, contradiction, judged, phrase, tokenize
from .context import QuestionContext
from .lexicon import ACTOR_WORDS, RELATION_WORDS, SAME_SENSE
from .report import Finding
from ..textmatch import norm

REACH = 6                    # content words this far from the pivot are its sides
BE = frozenset("is are was were be been being".split())
STATEMENT = 4                # content words that make an option a statement of its own
SYMMETRIC = frozenset("and between with both".split())


def _once(toks: tuple[Tok, ...]) -> dict[str, int]:
    """stem -> position, for content stems that occur exactly once."""
    seen: dict[str, list[int]] = {}
    for k, tok in enumerate(toks):
        if tok.content:
            seen.setdefault(tok.stem, []).append(k)
    return {stem: spots[0] for stem, spots in seen.items() if len(spots) == 1}


def _senses(once: dict[str, int]) -> dict[str, int]:
    """The same positions keyed by sense: 'praised' and 'appreciated' are one pivot (lexicon.SAME_SENSE)."""
    found: dict[str, int] = {}
    for stem, k in once.items():
        found.setdefault(SAME_SENSE.get(stem, stem), k)
    return found


@lru_cache(maxsize=8192)
def _pivots(toks: tuple[Tok, ...]) -> dict[str, int]:
    """_senses(_once(toks)), worked out once per token run (read only)."""
    return _senses(_once(toks))


def _genitive(toks: tuple[Tok, ...], k: int) -> bool:
    """A noun pivot with its owner: 'head of the Taliban', 'the Taliban's head'."""
    return (k + 1 < len(toks) and toks[k + 1].low == "of") or (k and toks[k - 1].text.lower().endswith("'s"))


def _passive(toks: tuple[Tok, ...], k: int) -> bool:
    """'was (highly) appreciated by the envoy'; not 'were left in Afghanistan by mid-January'."""
    before = {t.low for t in toks[max(0, k - 3):k]}
    return bool(before & BE) and bool(_agents(toks, k))


def _agents(toks: tuple[Tok, ...], k: int) -> set[str]:
    """The actors named after 'by' just after a verb: who did it, in the passive."""
    after = [t.low for t in toks[k + 1:k + 4]]
    if "by" not in after:
        return set()
    start = k + 2 + after.index("by")
    return {t.stem for t in toks[start:start + 5] if t.content and _actor(t, -1)}


def _voice_swap(active: tuple[Tok, ...], p: int, passive: tuple[Tok, ...], q: int) -> bool:
    """Whether the active side's doer is the passive side's sufferer and its object the passive's agent, or the
    other way round: "The Taliban praised Khalilzad" against "the Taliban's role was appreciated by Khalilzad"."""
    if not _agents(passive, q):
        active, p, passive, q = passive, q, active, p
    agents = _agents(passive, q)
    sufferers = {t.stem for t in passive[max(0, q - 8):q] if t.content and _actor(t, -1)}
    doer = next((t.stem for t in reversed(active[max(0, p - 6):p]) if t.content and _actor(t, -1)), None)
    done = next((t.stem for t in active[p + 1:p + 7] if t.content and _actor(t, -1)), None)
    return bool(doer and done and doer != done and doer in sufferers - agents and done in agents - sufferers)


def _actor(tok: Tok, first: int) -> bool:
    if tok.low in F.MONTHS:
        return False
    return tok.low in ACTOR_WORDS or (tok.text[:1].isupper() and tok.start > first)


def _joined(toks: tuple[Tok, ...], a: int, b: int) -> bool:
    low, high = sorted((a, b))
    return any(t.low in SYMMETRIC or t.brk for t in toks[low + 1:high])


def _statement(claim: Claim) -> tuple[Tok, ...] | None:
    """The claim's words in an order worth comparing: a statement, or a key long enough to be one. A short
    key put in place of its question word stands where the question's syntax puts it, not the evidence's."""
    if claim.kind in ("statement", "correction"):
        return claim.toks
    if claim.kind == "key" and sum(t.content for t in tokenize(claim.focus)) >= STATEMENT:
        return tokenize(claim.focus)
    return None


@lru_cache(maxsize=8192)
def _sides(toks: tuple[Tok, ...], pivot: int) -> dict[str, int]:
    """stem -> position, for the content words within REACH content words of the pivot, when a stem
    stands there once (cached: read only)."""
    content = [k for k, t in enumerate(toks) if t.content]
    at = content.index(pivot)
    seen: dict[str, list[int]] = {}
    for k in content[max(0, at - REACH):at] + content[at + 1:at + 1 + REACH]:
        seen.setdefault(toks[k].stem, []).append(k)
    return {stem: spots[0] for stem, spots in seen.items() if len(spots) == 1 and stem != toks[pivot].stem}


def swapped(claim: Claim) -> tuple[str, str, bool] | None:
    """(evidence words, claim words, is a relation) when the claim swaps the sides of a shared pivot."""
    mine = _statement(claim)
    if mine is None:
        return None
    sentence = claim.clause.sentence
    theirs = tokenize(sentence.text)
    my_once, their_once = _pivots(mine), _pivots(theirs)
    for pivot in sorted(my_once.keys() & their_once.keys(), key=lambda s: my_once[s]):
        p, q = my_once[pivot], their_once[pivot]
        if not mine[p].low.isalpha():
            continue                                 # a number or date is a value of the claim, not its verb
        if mine[p].low not in RELATION_WORDS and (_genitive(mine, p) or _genitive(theirs, q)):
            continue                                 # "the Taliban's head, X" says what "X, the head of the Taliban" says
        relation = mine[p].low in RELATION_WORDS
        if _passive(mine, p) != _passive(theirs, q):
            found = _voice_swap(mine, p, theirs, q) if not relation else None
            if found:
                text = claim.text if mine is claim.toks else claim.focus
                return (phrase(theirs, sentence.text, q - 4, q + 6), phrase(mine, norm(text), p - 4, p + 6), False)
            continue
        my_sides, their_sides = _sides(mine, p), _sides(theirs, q)
        flipped = {-1: [], 1: []}
        for stem in my_sides.keys() & their_sides.keys():
            a, b = my_sides[stem], their_sides[stem]
            if not relation and not (_actor(mine[a], mine[0].start) and _actor(theirs[b], theirs[0].start)):
                continue
            if (b > q) != (a > p):
                flipped[1 if a > p else -1].append(stem)
        for side in flipped.values():
            side.sort(key=lambda stem: abs(my_sides[stem] - p))
        for before in flipped[-1]:
            for after in flipped[1]:
                if _joined(mine, my_sides[before], my_sides[after]):
                    continue
                if _joined(theirs, their_sides[before], their_sides[after]) and not relation:
                    continue
                low, high = sorted((their_sides[before], their_sides[after]))
                mlow, mhigh = sorted((my_sides[before], my_sides[after]))
                text = claim.text if mine is claim.toks else claim.focus
                return (phrase(theirs, sentence.text, low, high + 1), phrase(mine, norm(text), mlow, mhigh + 1),
                        relation)
    return None


ASKS_ACTOR = re.compile(r"^\s*(?:according to [^,]+,\s*)?(?:who|which (?:side|party|group|country|government|"
                        r"person|official|leader))\b", re.IGNORECASE)
DOER_REACH = 6               # tokens before the shared verb in which its doer stands


def wrong_doer(claim: Claim, clauses: list) -> tuple[str, str] | None:
    """'Which side wants a ceasefire first?' keyed 'the Taliban', when the evidence clause that says 'wants to
    reach a ceasefire first' gives it to the Afghan government, and the Taliban do something else in another
    clause. (evidence words, claim words) or None."""
    if claim.kind != "key" or not ASKS_ACTOR.search(claim.prompt) or len(tokenize(claim.focus)) > STATEMENT:
        return None
    focus = tokenize(claim.focus)
    actors = {t.stem for t in focus if t.content and _actor(t, -1)}
    theirs = claim.clause.toks
    if not actors or actors & {t.stem for t in theirs}:
        return None
    if not any(actors & {t.stem for t in c.toks} for c in clauses if c is not claim.clause):
        return None                                   # the key's actor is nowhere else in the evidence
    rest = claim.text[claim.text.find(claim.focus.strip()) + len(claim.focus.strip()):] \
        if claim.focus.strip() in claim.text else ""
    verbs = [t.stem for t in tokenize(rest) if t.content]
    their_stems = [t.stem for t in theirs]
    verb = verbs[0] if verbs else None              # the predicate the prompt gives the actor ('wants')
    if verb is None or verb not in their_stems:
        return None
    q = their_stems.index(verb)
    doers = [k for k in range(max(0, q - DOER_REACH), q) if theirs[k].content and _actor(theirs[k], theirs[0].start - 1)]
    if not doers:
        return None
    k = doers[-1]
    return (phrase(theirs, claim.clause.sentence.text, k - 1, q + 4), f"{claim.focus.strip()} {rest.strip()[:60]}")


def check(ctx: QuestionContext) -> list[Finding]:
    findings = []
    for claim, clauses in judged(ctx, skip=("distractor", "item")):
        if claim.clause is None:
            continue
        found = swapped(claim)
        if found:
            evidence_says, claim_says, relation = found
            code = "claim-opposite" if relation else "claim-role"
            verdict = "reverses the relation in its evidence" if relation else "swaps who did what to whom"
            findings.append(contradiction(ctx, code, claim, verdict, evidence_says, claim_says))
        elif doer := wrong_doer(claim, clauses):
            findings.append(contradiction(ctx, "claim-role", claim, "is not the one the evidence says did this", *doer))
    return findings
