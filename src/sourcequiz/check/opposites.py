"""Check 7: the evidence says the opposite of the key (claim-opposite).

Three kinds of opposite, read from `lexicon.py`:

- antonyms: the claim has a word of one group (increase, intensified ...) and its evidence clause
  a word of the opposite group (decrease, reduced ...), about the same thing (they share at least
  two other content words), and neither side negates it;
- order: "A was followed by B" against "A was preceded by B": both sides order the same two
  events, in opposite directions;
- quantifiers: "all of its troops" against "most of its troops": the same noun, another quantifier
  (more and fewer count as quantifiers: "fewer military successes" against "more military successes");
- bounds: "at least 5,000" against "up to 5,000": the same number, a floor against a ceiling.
"""

from __future__ import annotations

from ..textmatch import norm
from .claims import Claim, Tok, contradiction, judged, phrase, tokenize
from .context import QuestionContext
from .lexicon import BOUNDS, COUNT_WORDS, DURATION_WORDS, OPPOSITES, ORDER_WORDS, QUANTIFIERS
from .polarity import conflict, scopes
from .report import Finding

MIN_SHARED = 2
BOUND: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _words, _direction in sorted(((tuple(k.split()), v) for k, v in BOUNDS.items()), key=lambda kv: -len(kv[0])):
    BOUND.setdefault(_words[0], []).append((_words, _direction))
ORDER: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _words, _direction in sorted(((tuple(k.split()), v) for k, v in ORDER_WORDS.items()), key=lambda kv: -len(kv[0])):
    ORDER.setdefault(_words[0], []).append((_words, _direction))


NEAR = 6            # an opposite word and the thing it is said of stand this close (in words)
WINDOW = 4          # content words on each side of an order word that name its two events


def _near(toks: tuple[Tok, ...], k: int) -> set[str]:
    return {t.stem for t in toks[max(0, k - NEAR):k + NEAR + 1] if t.content}


def antonym(claim: Claim, clauses: list) -> tuple[str, str] | None:
    mine, theirs = claim.toks, claim.clause.toks
    everywhere = {t.low for clause in clauses for t in clause.toks}
    my_parity, _ = scopes(mine)
    their_parity, _ = scopes(theirs)
    my_words = {t.low: k for k, t in reversed(list(enumerate(mine)))}
    their_words = {t.low: k for k, t in reversed(list(enumerate(theirs)))}
    shared = {t.stem for t in mine if t.content} & {t.stem for t in theirs if t.content}
    for a, b in OPPOSITES:
        for one, other in ((a, b), (b, a)):
            if one.isdisjoint(my_words) or other.isdisjoint(their_words):
                continue                             # the claim says neither side, or the evidence not the other
            said = [my_words[w] for w in one if w in my_words]
            stated = [their_words[w] for w in other if w in their_words]
            if not said or not stated or any(w in my_words for w in other) or any(w in everywhere for w in one):
                continue
            k, m = said[0], stated[0]
            context = (shared & _near(mine, k) & _near(theirs, m)) - {mine[k].stem, theirs[m].stem}
            if len(context) < MIN_SHARED or my_parity[k] != their_parity[m]:
                continue
            return (phrase(theirs, claim.clause.sentence.text, m - 3, m + 4),
                    phrase(mine, norm(claim.text), k - 3, k + 4))
    return None


def _duration(toks: tuple[Tok, ...], k: int) -> bool:
    """Whether toks[k:] is a length of time ("a month or so", "two weeks"), not an event ("a seven-day
    reduction in violence", "the attacks")."""
    while k < len(toks) and (toks[k].low in COUNT_WORDS or toks[k].low[0].isdigit()):
        k += 1
    if k >= len(toks) or toks[k].low not in DURATION_WORDS:
        return False
    return k + 1 >= len(toks) or not toks[k + 1].content


def _order_word(toks: tuple[Tok, ...]) -> tuple[int, int, int] | None:
    """(start, end, direction) of the first word that orders two events ("after a month" orders none)."""
    for i in range(len(toks)):
        for words, direction in ORDER.get(toks[i].low, ()):
            end = i + len(words)
            if tuple(t.low for t in toks[i:end]) == words:
                if _duration(toks, end):
                    break
                return i, end, direction
    return None


def order(claim: Claim, clauses: list) -> tuple[str, str] | None:
    mine, theirs = claim.toks, claim.clause.toks
    a, b = _order_word(mine), _order_word(theirs)
    if a is None or b is None:
        return None

    def sides(toks, found):
        start, end, direction = found
        after = [t.stem for t in toks[end:] if t.content]
        before = set(list(dict.fromkeys(t.stem for t in reversed(toks[:start]) if t.content))[:WINDOW])
        after = set(list(dict.fromkeys(after))[:WINDOW])
        both = before & after                          # a word on both sides names neither event
        before, after = before - both, after - both
        return (before, after) if direction > 0 else (after, before)   # (earlier event, later event)

    (first_c, second_c), (first_e, second_e) = sides(mine, a), sides(theirs, b)
    agree = len(first_c & first_e) + len(second_c & second_e)
    disagree = len(first_c & second_e) + len(second_c & first_e)
    if disagree >= MIN_SHARED and agree == 0:
        return (phrase(theirs, claim.clause.sentence.text, b[0] - 4, b[1] + 5),
                phrase(mine, norm(claim.text), a[0] - 4, a[1] + 5))
    return None


def _quantified(toks: tuple[Tok, ...]) -> dict[str, tuple[str, int]]:
    """noun stem -> (quantifier class, position of the quantifier), for 'all of its troops' and 'most troops'."""
    found = {}
    for i, tok in enumerate(toks):
        kind = QUANTIFIERS.get(tok.low)
        if kind is None or (kind in ("more", "less") and i and toks[i - 1].low[0].isdigit()):
            continue                                   # "500 more every two weeks" compares nothing
        for k in range(i + 1, min(len(toks), i + 4)):
            if toks[k].brk or toks[k].text == ",":
                break
            if toks[k].content and toks[k].low not in QUANTIFIERS:
                found.setdefault(toks[k].stem, (kind, i))
                break
        if tok.low == "both":                          # "both the agreement and the joint declaration"
            for k in range(i + 1, min(len(toks), i + 14)):
                if toks[k].brk:
                    break
                nxt = toks[k].low == "and" and next((t for t in toks[k + 1:k + 4] if t.content), None)
                if nxt:
                    found.setdefault(nxt.stem, (kind, i))
    return found


def _bounded(toks: tuple[Tok, ...]) -> dict[str, tuple[int, int]]:
    """number -> (+1 floor or -1 ceiling, position of the bound), for 'at least 5,000' and 'up to 5,000'."""
    found = {}
    for i in range(len(toks)):
        for words, direction in BOUND.get(toks[i].low, ()):
            end = i + len(words)
            if tuple(t.low for t in toks[i:end]) != words:
                continue
            while end < len(toks) and toks[end].text == '"':
                end += 1
            if end < len(toks) and toks[end].low[:1].isdigit():
                found.setdefault(toks[end].stem, (direction, i))
            break
    return found


def bound(claim: Claim, clauses: list) -> tuple[str, str] | None:
    sentence = tokenize(claim.clause.sentence.text)     # a bound in quotes ("up to 5,000") is its own clause
    mine, theirs = _bounded(claim.toks), _bounded(sentence)
    for number, (direction, i) in mine.items():
        if number in theirs and theirs[number][0] != direction:
            m = theirs[number][1]
            return (phrase(sentence, claim.clause.sentence.text, m, m + 4),
                    phrase(claim.toks, norm(claim.text), i, i + 4))
    return None


def quantifier(claim: Claim, clauses: list) -> tuple[str, str] | None:
    mine, theirs = _quantified(claim.toks), _quantified(claim.clause.toks)
    for noun, (kind, i) in mine.items():
        if noun in theirs and theirs[noun][0] != kind:
            m = theirs[noun][1]
            return (phrase(claim.clause.toks, claim.clause.sentence.text, m, m + 5),
                    phrase(claim.toks, norm(claim.text), i, i + 5))
    return None


def check(ctx: QuestionContext) -> list[Finding]:
    findings = []
    for claim, clauses in judged(ctx):
        if claim.clause is None or conflict(claim, clauses):
            continue                                   # a negated claim is reported once, as claim-negated
        for what, test in (("an opposite", antonym), ("the reverse order", order),
                           ("another quantifier", quantifier), ("another bound", bound)):
            found = test(claim, clauses)
            if found:
                findings.append(contradiction(ctx, "claim-opposite", claim, f"says {what} of its evidence", *found))
                break
    return findings
