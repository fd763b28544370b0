"""Check 8: the key's number, date or name fills the slot the prompt asks about (claim-role).

When the evidence sentence that states the key also states other values of its kind ("from the
current strength of 13,000 to 8,600 within 135 days"; "Khalizad Zalmay ... had to sign ... with
Mullah Beradar"), the key must be the one in the prompt's slot. The slot is read three ways, the
first that decides wins:

1. a preposition: "to what level" asks for the value after "to", "with whom" for the name after "with";
2. the doer: "who signed" asks for the name before "sign" (or after "signed by"); of two doers ("X signed
   ... with Y"), the one whose own description names the prompt's party ("for the United States");
3. the words around each value: each word of the sentence belongs to the value nearest to it, and
   the value whose words the prompt shares (by rarity, nearer words counting more) is the one asked
   for. Only a clear margin over the key makes a finding, and only a warning (claim-unclear): the
   words around a value can belong to it in ways a word count does not see ("5,000 Taliban" counts
   Taliban; "for the Taliban to release" names who releases).

A key read for sure (1 or 2) in another slot is a claim-role error.
"""

from __future__ import annotations

import re

from .. import facts as F
from .claims import Claim, Tok, aligned_claims, judged, label, tokenize
from .context import QuestionContext
from .engine import Sentence
from .lexicon import SLOT_WORDS
from .report import Finding

WH_SLOT = re.compile(r"\b(in exchange for|in return for|in lieu of|from|to|by|since|until|within|with|between|"
                     r"against|on|in|of|at|during)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+)?"
                     r"(?:what|which|whom|who|how|when)\b", re.IGNORECASE)
WHO = re.compile(r"^\s*(?:who|which (?:person|official|man|leader|side|group|party|negotiator))\s+([a-z]+)",
                 re.IGNORECASE)
BEFORE = 5                 # tokens before a value in which its preposition stands
MARGIN = 2.0               # another value must score this much more than the key, and twice as much
REACH = 8                  # words farther than this from every value describe none of them


def _kind(fact: F.Fact) -> str:
    return "time" if fact.kind in ("date", "year") else fact.kind


def _same(a: F.Fact, b: F.Fact) -> bool:
    return F.fact_in(a, F.extract(b.text)) if a.kind != "name" else F.name_in(a, F.extract(b.text))


def _positions(toks: tuple[Tok, ...], fact: F.Fact) -> list[int]:
    return [k for k, t in enumerate(toks) if t.start < fact.end and fact.start < t.end]


GENERIC_NAMES = frozenset("us afghan taliban nato american americans alqaeda isis un soviet".split())
SHORT = 4                  # content words: a key this short is an answer to its prompt, a longer one a statement


def candidates(sentence: Sentence, fact: F.Fact, prompt: F.Facts, keep: F.Fact | None = None) -> list[F.Fact]:
    """The values of the sentence of the key's kind (not reference years such as '(SIGAR, 2020)', not names
    nearly every sentence uses), without those the prompt itself states (but `keep`, the key's own value: a
    key that repeats the prompt's 'since 2009' as its answer is in the wrong slot)."""
    valued = sentence.valued
    pool = {"number": [f for f in valued if f.kind == "number"],
            "time": [f for f in valued if f.kind in ("date", "year")],
            "name": [f for f in sentence.facts.names if f.value not in GENERIC_NAMES]}[_kind(fact)]
    return [f for f in pool if not F.fact_in(f, prompt) or (keep is not None and _same(keep, f))]


def _preposition(toks: tuple[Tok, ...], position: int) -> set[str]:
    """The slot word nearest before a value ('since 2009', 'quarter of 2019', 'in exchange for 1,000')."""
    for k in range(position - 1, max(-1, position - BEFORE - 1), -1):
        three = " ".join(t.low for t in toks[k:k + 3])
        if k + 2 < position and three in SLOT_WORDS:
            return {three}
        if toks[k].low in SLOT_WORDS:
            return {toks[k].low}
    return set()


def by_preposition(prompt: str, toks, places: dict[int, list[int]]) -> set[int] | None:
    match = WH_SLOT.search(prompt)
    if not match:
        return None
    wanted = match.group(1).lower()
    chosen = {i for i, spots in places.items() if spots and wanted in _preposition(toks, spots[0])}
    return chosen if len(chosen) == 1 else None


UPPER = re.compile(r"\b(?:upper|maximum|highest|most|largest)\b", re.IGNORECASE)
LOWER = re.compile(r"\b(?:lower|minimum|lowest|least|smallest)\b", re.IGNORECASE)


def by_range(prompt: str, toks, places: dict[int, list[int]]) -> set[int] | None:
    """'The upper estimate' of 'from 2,000 to 4,000' is the value after 'to'; the lower one the value after 'from'."""
    wanted = "to" if UPPER.search(prompt) else "from" if LOWER.search(prompt) else None
    if wanted is None:
        return None
    starts = {i for i, spots in places.items() if spots and _preposition(toks, spots[0]) == {"from"}}
    ends = {i for i, spots in places.items() if spots and _preposition(toks, spots[0]) == {"to"}}
    if len(starts) != 1 or len(ends) != 1:
        return None                                   # not one range 'from X to Y'
    return ends if wanted == "to" else starts


AGENT = re.compile(r"\b(?:did|was|were|is|are|will|would|had|has)\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*|"
                   r"government|insurgents|militants)\s+(?:to\s+)?(?:release|free|hold|held|capture|detain)",
                   re.IGNORECASE)


def by_agent(prompt: str, toks, places: dict[int, list[int]]) -> set[int] | None:
    """'How many prisoners was the Taliban to release?': the value followed by 'by the Taliban'."""
    match = AGENT.search(prompt)
    if not match:
        return None
    agent = {t.low for t in tokenize(match.group(1)) if t.content}
    chosen = set()
    for i, spots in places.items():
        if not spots:
            continue
        after = [t.low for t in toks[spots[-1] + 1:spots[-1] + 6]]
        if "by" in after and agent & set(after[after.index("by") + 1:]):
            chosen.add(i)
    return chosen if len(chosen) == 1 else None


def by_doer(prompt: str, toks, places: dict[int, list[int]]) -> set[int] | None:
    match = WHO.match(prompt)
    if not match:
        return None
    verb = F.stem(match.group(1).lower())
    spots = [k for k, t in enumerate(toks) if t.stem == verb]
    if not spots:
        return None
    v = spots[0]
    partners = {i for i, s in places.items() if s and s[0] > v and any(t.low == "with" for t in toks[max(0, s[0] - 3):s[0]])}
    if partners:                        # "X signed ... with Y": two doers; the prompt's party may tell them apart
        return _by_party(prompt, toks, places, v, partners)
    after_by = v + 1 < len(toks) and toks[v + 1].low == "by"
    if after_by:
        chosen = {i for i, s in places.items() if s and v < s[0] <= v + 3}
    else:
        before = {i: v - s[0] for i, s in places.items() if s and s[0] < v and v - s[0] <= 15}
        chosen = {min(before, key=before.get)} if before else set()
    return chosen if len(chosen) == 1 else None


FOR_PARTY = re.compile(r"\bfor (?:the )?(United States|US|U\.S\.|America|Taliban|Afghan government)\b", re.IGNORECASE)
PARTY_WORDS = {"united states": {"us", "u.s", "united", "america", "american"}, "us": {"us", "u.s", "united", "america",
               "american"}, "u.s.": {"us", "u.s", "united", "america", "american"},
               "america": {"us", "u.s", "united", "america", "american"}, "taliban": {"taliban"},
               "afghan government": {"government", "kabul"}}
APPOSITION = 8              # words after a name that say whom it stands for ("Khalilzad, the US Special Representative")


def _by_party(prompt: str, toks, places: dict[int, list[int]], verb: int, partners: set[int]) -> set[int] | None:
    """'Who signed for the United States?' with 'X, the US envoy, signed ... with Y': the doer whose own
    description (the words after the name, up to the verb) names the party."""
    match = FOR_PARTY.search(prompt)
    if not match:
        return None
    party = PARTY_WORDS[match.group(1).lower()]
    before = {i: verb - s[0] for i, s in places.items() if s and s[0] < verb and verb - s[0] <= 15}
    doers = partners | ({min(before, key=before.get)} if before else set())
    chosen = set()
    for i in doers:
        end = places[i][-1] + 1
        stop = verb if end < verb else len(toks)
        if any(t.low in party for t in toks[end:min(stop, end + APPOSITION)]):
            chosen.add(i)
    return chosen if len(chosen) == 1 else None


HOW_MANY = re.compile(r"\bhow many\s+(?:[a-z-]+\s+)?([a-z]+)", re.IGNORECASE)


def _counted(toks, spot: int) -> str:
    """The stem of the noun a number counts: the first content word after it ('18 months', '1,000 members')."""
    for tok in toks[spot + 1:spot + 6]:             # '31 out of 34 provinces' counts provinces too
        if tok.brk:
            break
        if tok.content and not tok.low[0].isdigit():
            return tok.stem
    return ""


def by_unit(prompt: str, unit: str, toks, places: dict[int, list[int]]) -> set[int] | None:
    """'How many rounds ...' (or a numeric answer's unit) asks for the number that counts rounds."""
    match = HOW_MANY.search(prompt)
    wanted = {F.stem(w) for w in (unit or "").lower().split()[:1]} | ({F.stem(match.group(1))} if match else set())
    if not wanted:
        return None
    chosen = {i for i, spots in places.items() if spots and _counted(toks, spots[-1]) in wanted}
    return chosen if len(chosen) == 1 else None


def by_words(engine, asked: set[str], toks, places: dict[int, list[int]]) -> dict[int, float]:
    owner: dict[int, tuple[int, int]] = {}
    for k, tok in enumerate(toks):
        if not tok.content or tok.stem not in asked:
            continue
        distances = [(abs(k - s), i) for i, spots in places.items() for s in spots]
        if distances:
            distance, i = min(distances)
            if distance <= REACH and all(d != distance or j == i for d, j in distances):
                owner[k] = (i, distance)
    scores = {i: 0.0 for i in places}
    for k, (i, distance) in owner.items():
        scores[i] += engine.rarity(toks[k].stem) * (1.0 if distance <= 3 else 0.6)
    return scores


def short(text: str) -> bool:
    return sum(1 for t in tokenize(text) if t.content and not t.low[0].isdigit()) <= SHORT


def _context(claim: Claim, fact: F.Fact) -> tuple[str, set[str]]:
    """What the claim asks about the value: the prompt, or (for a statement or a long option) the words around it."""
    if claim.prompt and claim.kind != "pair" and short(claim.focus):
        return claim.prompt, {t.stem for t in tokenize(claim.prompt) if t.content}
    if claim.kind == "pair":
        return "", {t.stem for t in tokenize(claim.prompt) if t.content}
    toks = tokenize(claim.focus)
    spots = [k for k, t in enumerate(toks) if t.start < fact.end and fact.start < t.end] or [0]
    near = toks[max(0, spots[0] - 6):spots[-1] + 7]
    words = {t.stem for k, t in enumerate(near) if t.content and not (fact.start <= t.start < fact.end)}
    before = " ".join(t.low for t in toks[max(0, spots[0] - 3):spots[0]])
    return f"{before} what", words


ASKS_WHO = re.compile(r"^\s*(?:who|whom|with whom|by whom)\b|\bwhich (?:person|official|leader|negotiator)\b",
                      re.IGNORECASE)


def _keyed_values(ctx: QuestionContext, claim: Claim) -> list[F.Fact]:
    """Every value the key states: all of a multiple-answer question's keyed options count as the key."""
    texts = [claim.focus]
    if claim.kind == "key" and ctx.question.type == "multiple":
        texts = [o.text for o in ctx.question.options if o.correct]
    found = []
    for text in texts:
        facts = ctx.engine.facts(text)
        found += [f for f in (*facts.numbers, *facts.dates, *facts.years, *facts.names) if not f.weak]
    return found


VALUE_HINT = re.compile(r"\d|\b[A-Z]|\b(?:" + "|".join(F.MONTHS) + r"|" + "|".join(F.UNITS) + r"|" +
                        "|".join(F.TENS) + r")\b", re.IGNORECASE)


def misplaced(ctx: QuestionContext, claim: Claim) -> tuple[F.Fact, F.Fact, Sentence, bool] | None:
    """(the key's value, the value in the asked slot, their sentence, whether the slot was read for sure:
    from a preposition or the doer, not only from the words around the values)."""
    if not re.search(r"\d|\b[A-Z]", claim.focus) and not VALUE_HINT.search(claim.focus):
        return None                               # no number, date or name: nothing to place
    engine = ctx.engine
    mine = engine.facts(claim.focus)
    prompt_facts = engine.facts(claim.prompt) if claim.prompt else F.extract("")
    values = [f for f in (*mine.numbers, *mine.dates, *mine.years) if not f.weak and not f.ordinal]
    if claim.kind in ("key", "pair") and short(claim.focus) and ASKS_WHO.search(claim.prompt or ""):
        values += [f for f in mine.names if f.value not in GENERIC_NAMES]
    stated = _keyed_values(ctx, claim) + values if claim.kind != "statement" else []
    _, clauses = aligned_claims(ctx)
    sentences = list({id(c.sentence): c.sentence for c in clauses if claim.evidence in (None, c.evidence)}.values())
    for fact in values:
        home = [s for s in sentences if any(_same(fact, f) for f in candidates(s, fact, F.extract("")))]
        if not home:
            continue
        sentence = home[0]
        pool = candidates(sentence, fact, prompt_facts, keep=fact if short(claim.focus) else None)
        keyed = {i for i, f in enumerate(pool) if any(_same(v, f) for v in stated or [fact])}
        if not keyed or len(keyed) == len(pool):
            continue
        toks = tokenize(sentence.text)
        places = {i: _positions(toks, f) for i, f in enumerate(pool)}
        asks, asked = _context(claim, fact)
        unit = getattr(ctx.question, "unit", None) or ""
        chosen = (by_preposition(asks, toks, places) or by_range(claim.prompt or "", toks, places)
                  or by_doer(claim.prompt or "", toks, places) or by_agent(claim.prompt or "", toks, places)
                  or (by_unit(claim.prompt, unit, toks, places) if _kind(fact) == "number" and claim.prompt else None))
        sure = chosen is not None
        if chosen is None and claim.kind == "pair":
            continue                                  # pairs are weighed against each other in pairs.py
        if chosen is None:
            scores = by_words(engine, asked, toks, places)
            key_score = max(scores[i] for i in keyed)
            best = max((i for i in scores if i not in keyed), key=scores.get)
            if scores[best] >= 2 * key_score + MARGIN:
                chosen = {best}
        if chosen and not chosen & keyed:
            return fact, pool[next(iter(chosen))], sentence, sure
    return None


SENTENCE_MARGIN = 1.2     # the sentence that states the claim must share this many times the words of the key's


def elsewhere(ctx: QuestionContext, claim: Claim) -> tuple[F.Fact, F.Fact, Sentence, bool] | None:
    """A key whose value comes from another evidence sentence than the one that states what the prompt asks:
    "within how many days must all troops withdraw?" keyed 135 (the drawdown to 8,600) when the sentence on
    withdrawing all troops says "within 14 months"."""
    if claim.kind == "statement":
        context = claim.text
    elif claim.kind == "key" and claim.prompt and short(claim.focus):
        context = claim.prompt
    else:
        return None
    engine = ctx.engine
    key = engine.facts(claim.focus)
    values = [f for f in (*key.numbers, *key.dates, *key.years) if not f.weak and not f.ordinal]
    prompt_facts = engine.facts(claim.prompt) if claim.prompt else F.extract("")
    _, clauses = aligned_claims(ctx)
    sentences = list({id(c.sentence): c.sentence for c in clauses}.values())
    if len(sentences) < 2 or not values:
        return None
    value_spans = [(f.start, f.end) for f in values] if claim.kind == "statement" else []
    answer = {t.stem for t in tokenize(f"{claim.focus} {getattr(ctx.question, 'unit', None) or ''}")} \
        if claim.kind == "key" else set()              # the answer's own words ('days') favour its own sentence
    words = {t.stem for t in tokenize(context) if t.content and t.stem not in answer
             and not any(s <= t.start < e for s, e in value_spans) and not t.low[0].isdigit()}

    def score(sentence: Sentence) -> float:
        return sum(engine.rarity(w) for w in words & {t.stem for t in tokenize(sentence.text) if t.content})

    best = max(sentences, key=score)
    for fact in values:
        homes = [s for s in sentences if any(_same(fact, f) for f in candidates(s, fact, F.extract("")))]
        if not homes or best in homes or score(best) < SENTENCE_MARGIN * max(score(s) for s in homes) + MARGIN:
            continue
        rivals = candidates(best, fact, prompt_facts)
        slot = WH_SLOT.search(claim.prompt or "")
        if slot or claim.kind == "statement":          # the rival must stand in the slot the claim asks about
            wanted = {slot.group(1).lower()} if slot else _slot_of(tokenize(claim.focus), fact)
            toks = tokenize(best.text)
            rivals = [f for f in rivals if _slot_of(toks, f) & wanted]
        if len(rivals) == 1:
            return fact, rivals[0], best, True
    return None


def _slot_of(toks: tuple[Tok, ...], fact: F.Fact) -> set[str]:
    spots = _positions(toks, fact)
    return _preposition(toks, spots[0]) if spots else set()


def check(ctx: QuestionContext) -> list[Finding]:
    findings = []
    for claim, _ in judged(ctx, skip=("distractor", "item")):
        found = misplaced(ctx, claim) or elsewhere(ctx, claim)
        if found is None:
            continue
        fact, other, sentence, sure = found
        passage = ctx.engine.passage(sentence.source, sentence.start, sentence.end)
        verdict = (f"{fact.text!r} is not what the question asks about; {other.text!r} fills that slot" if sure else
                   f"the question's words stand nearer {other.text!r} than {fact.text!r}; check which one it asks for")
        findings.append(ctx.finding(
            "claim-role" if sure else "claim-unclear",
            f"{label(claim)}: in the evidence ({passage.anchor}) {verdict}: \"{_around(sentence.text, other)}\"",
            *claim.fields,
            passages=[passage], claim=claim.text, key_value=fact.text, slot_value=other.text))
    return findings


def _around(text: str, fact: F.Fact, width: int = 60) -> str:
    start, end = max(0, fact.start - width), min(len(text), fact.end + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
