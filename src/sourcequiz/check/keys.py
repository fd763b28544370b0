"""Check 3: the answer key is supported by the evidence.

The keyed answer's facts must be in the quoted passages: numbers, dates and years in any
common form, names (forgiving a source's odd spelling), and most of its key terms. Per type:

- single / multiple: each correct option; and no distractor may fit the evidence clearly
  better than a weakly supported key;
- numeric: the answer, within its tolerance, is a number in the evidence;
- text: at least one accepted answer is in the evidence;
- true_false: a true statement's numbers, dates and names are in the evidence; a false one's
  correction is supported and differs from the statement in a number, date, name or key term;
- order: the dates in the items' quotes run in the keyed order;
- match: each pair's left and right both occur in its quote.

Key checks run only when every quote was found: a missing quote is already an error, and
judging a key against half its evidence would only add noise.
"""

from __future__ import annotations

import re

from .. import facts as F
from .context import NEGATION, QuestionContext, Support
from .report import Finding


def check(ctx: QuestionContext) -> list[Finding]:
    if not ctx.evidence or not ctx.all_found:
        return []
    handler = {
        "single": check_choice, "multiple": check_choice, "numeric": check_numeric, "text": check_text,
        "true_false": check_true_false, "order": check_order, "match": check_match,
    }[ctx.question.type]
    return handler(ctx)


# ------------------------------------------------------------------ "more than" vs "up to"

BOUNDS = {
    "at least": re.compile(r"\b(?:more than|over|at least|above|in excess of|no (?:fewer|less) than|upwards of)\W*$",
                           re.IGNORECASE),
    "at most": re.compile(r"\b(?:up to|at most|fewer than|less than|under|below|no more than|not more than|"
                          r"a maximum of)\W*$", re.IGNORECASE),
}


def _bound(text: str, fact: F.Fact) -> str | None:
    before = text[max(0, fact.start - 30):fact.start]
    return next((name for name, pattern in BOUNDS.items() if pattern.search(before)), None)


def bound_conflicts(ctx: QuestionContext, text: str) -> list[str]:
    """Numbers the text bounds one way ("more than 5,000") that the evidence bounds the other ("up to 5,000")."""
    mine, theirs = ctx.engine.facts(text), ctx.evidence_facts
    conflicts = []
    for fact in mine.numbers:
        bound = _bound(mine.text, fact)
        if not bound:
            continue
        others = [_bound(theirs.text, f) for f in theirs.numbers if fact.value & f.value]
        if others and all(o and o != bound for o in others):
            stated = next(f for f in theirs.numbers if fact.value & f.value)
            conflicts.append(f"'{_phrase(mine.text, fact)}' where the evidence says '{_phrase(theirs.text, stated)}'")
    return conflicts


def _phrase(text: str, fact: F.Fact) -> str:
    before = text[max(0, fact.start - 30):fact.start]
    for pattern in BOUNDS.values():
        match = pattern.search(before)
        if match:
            return (before[match.start():] + fact.text).replace('"', "")
    return fact.text


# ----------------------------------------------------------------------------- choice

def check_choice(ctx: QuestionContext) -> list[Finding]:
    findings = []
    options = ctx.question.options
    supports = {i: ctx.support(o.text, framing=ctx.question.prompt) for i, o in enumerate(options)}
    keyed = [i for i, o in enumerate(options) if o.correct]
    for i in keyed:
        support = supports[i]
        if not support.ok():
            findings.append(ctx.finding(
                "key-unsupported",
                f"the keyed option {options[i].text!r} is not supported by the evidence: {support.explain()} "
                f"not in the quoted passages", "options", i, "text"))
        elif conflicts := bound_conflicts(ctx, options[i].text):
            findings.append(ctx.finding(
                "key-unsupported", f"the keyed option {options[i].text!r} says {'; '.join(conflicts)}",
                "options", i, "text"))
    if ctx.question.type == "single" and not findings:
        key = supports[keyed[0]]
        if not key.complete:
            for i, option in enumerate(options):
                other = supports[i]
                if i in keyed or not other.verbatim:
                    continue
                if other.terms >= 2 and other.term_share > key.term_share:
                    findings.append(ctx.finding(
                        "key-contradicted",
                        f"the evidence supports the distractor {option.text!r} (it is in the quotes word for "
                        f"word) better than the keyed option {options[keyed[0]].text!r} "
                        f"({key.explain()} missing)", "options", keyed[0], "text"))
                    break
    return findings


# ---------------------------------------------------------------------------- numeric

def check_numeric(ctx: QuestionContext) -> list[Finding]:
    q = ctx.question
    answer = float(q.answer)
    tolerance = float(q.tolerance or 0)
    values = ctx.evidence_facts.number_values()
    if any(abs(v - answer) <= tolerance + 1e-9 for v in values):
        return []
    shown = F.canonical_number(answer) + (f" (±{F.canonical_number(tolerance)})" if tolerance else "")
    given = _list_numbers(ctx.evidence_facts)
    return [ctx.finding("numeric-unsupported",
                        f"the answer {shown} is not a number in the evidence"
                        + (f", which gives {given}" if given else ", which gives no number"), "answer")]


def _list_numbers(facts: F.Facts, limit: int = 6) -> str:
    shown = [f.text for f in (*facts.numbers, *facts.years, *facts.dates) if not f.weak]
    shown = list(dict.fromkeys(shown))
    text = ", ".join(shown[:limit]) + (", …" if len(shown) > limit else "")
    return text


# ------------------------------------------------------------------------------- text

def check_text(ctx: QuestionContext) -> list[Finding]:
    answers = ctx.question.answers
    supports = [ctx.support(a, framing=ctx.question.prompt) for a in answers]
    if any((s.verbatim or (not s.missing and s.term_share >= 0.99)) and not bound_conflicts(ctx, s.text)
           for s in supports):
        return []
    best = max(supports, key=lambda s: (-len(s.missing), s.term_share))
    listed = ", ".join(repr(a) for a in answers)
    return [ctx.finding("text-unsupported",
                        f"no accepted answer ({listed}) is in the evidence: for {best.text!r}, "
                        f"{best.explain()} not in the quoted passages", "answers")]


# ------------------------------------------------------------------------- true/false

def check_true_false(ctx: QuestionContext) -> list[Finding]:
    q = ctx.question
    if q.answer:
        support = ctx.support(q.prompt)
        if support.missing:
            return [ctx.finding("key-unsupported",
                                f"the statement is keyed true, but {support.explain(terms=False)} not in the evidence",
                                "prompt")]
        if conflicts := bound_conflicts(ctx, q.prompt):
            return [ctx.finding("key-unsupported", f"the statement is keyed true, but it says {'; '.join(conflicts)}",
                                "prompt")]
        return []
    findings = []
    correction = q.correction or ""
    support = ctx.support(correction)
    statement = ctx.engine.facts(q.prompt)
    # Wording and facts kept from the statement ("... was not part of the first round") need no evidence.
    restated = all(F.term_in(t, statement) for t in support.missing_terms) and \
        all(F.fact_in(f, statement) for f in support.missing)
    if not (support.ok() or restated):
        findings.append(ctx.finding("correction-unsupported",
                                    f"the correction {correction!r} is not supported by the evidence: "
                                    f"{support.explain()} not in the quoted passages", "correction"))
    if not differs(ctx, q.prompt, correction):
        findings.append(ctx.finding("correction-same",
                                    "the correction states the same numbers, dates, names and key terms as the "
                                    "statement, so it does not say what is false in it", "correction"))
    return findings


def differs(ctx: QuestionContext, statement: str, correction: str) -> bool:
    """Do two texts differ in at least one number, date, year, name or key term (or in negation)?"""
    a, b = ctx.engine.facts(statement), ctx.engine.facts(correction)
    for fact in b.required:
        if not F.fact_in(fact, a):
            return True
    for fact in a.required:
        if not F.fact_in(fact, b) and fact.kind != "name":
            return True
    terms_a = {t.value for t in a.terms}
    terms_b = {t.value for t in b.terms}
    if terms_b - terms_a:
        return True
    return bool(NEGATION.search(statement)) != bool(NEGATION.search(correction))


# ------------------------------------------------------------------------------ order

def check_order(ctx: QuestionContext) -> list[Finding]:
    q = ctx.question
    dated: list[tuple[int, list[tuple[tuple, tuple, F.Fact]]]] = []
    findings = []
    for i, (item, evidence) in enumerate(zip(q.items, ctx.evidence)):
        candidates = _dates_of(ctx, item, evidence.text)
        if not candidates:
            findings.append(ctx.finding("order-undated",
                                        f"item {i + 1} ({item!r}): its quote gives no date or year, so its place "
                                        f"in the order cannot be checked", "evidence", i, "quote"))
            continue
        dated.append((i, candidates))
    if findings:
        return findings
    # A date without a year ("January 5th", "in December") fits anywhere: the years may turn between
    # items, so only items with a year are put in order.
    dated = [(i, [c for c in candidates if c[0][0] != 0]) for i, candidates in dated]
    dated = [(i, candidates) for i, candidates in dated if candidates]
    # Choose one date per item so that they never go backwards (earliest possible each time).
    previous: tuple | None = None
    previous_item = None
    for i, candidates in dated:
        usable = [c for c in candidates if previous is None or c[1] >= previous[0]]
        if not usable:
            earliest = min(candidates, key=lambda c: c[0])
            findings.append(ctx.finding(
                "order-dates",
                f"item {i + 1} ({q.items[i]!r}) is dated {earliest[2].text} by its quote, before item "
                f"{previous_item[0] + 1} ({q.items[previous_item[0]]!r}, {previous_item[1].text}); the keyed "
                f"order is not the order of the dates", "items", i))
            return findings
        chosen = min(usable, key=lambda c: c[0])
        previous, previous_item = chosen, (i, chosen[2])
    return findings


def _dates_of(ctx: QuestionContext, item: str, quote: str):
    """(earliest, latest, fact) for each dated fact of a quote; an item's own dates narrow the choice."""
    facts = ctx.engine.facts(quote)
    years = facts.year_values()
    found = []
    for fact in (*facts.dates, *facts.years):
        if fact.kind == "date":
            date = fact.value
            if date.year is None and len(years) == 1:
                date = F.Date(next(iter(years)), date.month, date.day)
            bounds = date.sort_range() or F.Date(0, date.month, date.day).sort_range()   # year 0: unknown
        else:
            bounds = F.Date(fact.value, None).sort_range()
        if bounds:
            found.append((bounds[0], bounds[1], fact))
    own = ctx.engine.facts(item)
    if own.dates or own.years:
        narrowed = [c for c in found if F.fact_in(c[2], own) or any(F.fact_in(f, ctx.engine.facts(c[2].text))
                                                                    for f in (*own.dates, *own.years))]
        if narrowed:
            return narrowed
    return found


# ------------------------------------------------------------------------------ match

def check_match(ctx: QuestionContext) -> list[Finding]:
    findings = []
    for i, (pair, evidence) in enumerate(zip(ctx.question.pairs, ctx.evidence)):
        for side in ("left", "right"):
            text = getattr(pair, side)
            support: Support = ctx.support(text, evidence.text, framing=ctx.question.prompt)
            share = 0.5 if ctx.engine.facts(text).required else 0.74   # names or numbers found: words matter less
            if not (support.verbatim or (not support.missing and support.term_share >= share)):
                findings.append(ctx.finding(
                    "match-missing",
                    f"pair {i + 1}: the {side} side {text!r} is not in its quote (evidence {i + 1}): "
                    f"{support.explain()} missing", "pairs", i, side))
    return findings
