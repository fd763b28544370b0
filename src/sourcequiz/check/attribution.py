"""Check 9: a question that names a source rests on that source (claim-attribution).

When the prompt, a keyed option or the explanation says what a source says ("According to Tariq's
article", "the essay says", "the 'Peace Agreement Taliban' article"), at least one evidence
quote must come from that source. A name in the explanation counts only where it attributes
("according to the essay", "the essay names ..."), not where it contrasts ("unlike Tariq, ..."),
and not in an explanation that also names a cited source or teaches a disagreement.
"""

from __future__ import annotations

import re

from ..textmatch import norm
from ..vocabulary import SOURCE_NAMES, alias_pattern
from .context import QuestionContext
from .report import Finding

SAYING = (r"(?:says?|said|writes?|wrote|reports?|reported|gives?|gave|calls?|called|states?|stated|claims?|"
          r"claimed|puts?|argues?|argued|notes?|noted|mentions?|adds?|describes?|described|lists?|dates?|"
          r"counts?|speaks?|suggests?|holds?|names?|named|quotes?|quoted|explains?|places?|reports?)")
CONTRAST = re.compile(r"\b(?:unlike|other than|while|whereas|but|than|not|nor|neither|also|too|agrees?|disagrees?)\W+"
                      r"(?:\w+\W+){0,3}$", re.IGNORECASE)


def named(text: str, source_id: str, strict: bool) -> bool:
    """Does `text` attribute something to the source? `strict`: only in an attributing phrase."""
    pattern = alias_pattern(source_id)
    if pattern is None or not text:
        return False
    text = norm(text)
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 40):match.start()]
        after = text[match.end():match.end() + 40]
        if CONTRAST.search(before):
            continue
        if len(match.group(0).split()) < 3 and not source_id.startswith(("tariq", "peace-talks")) and \
                not re.match(r"\W*(?:article|text|piece)\b", after, re.IGNORECASE):
            continue                                  # "the US-Afghan talks" are not the 'Us Afghan Peace Agreement' article
        if not strict:
            return True
        if re.search(r"\b(?:according to|in|by)\W+(?:the\W+)?(?:\w+\W+){0,2}$", before, re.IGNORECASE) or \
                re.match(r"(?:'s)?\W*(?:\w+\W+){0,2}" + SAYING + r"\b", after, re.IGNORECASE):
            return True
    return False


def check(ctx: QuestionContext) -> list[Finding]:
    q = ctx.question
    cited = {item.source for item in ctx.evidence}
    places = [(q.prompt, ("prompt",), False)]
    for i, option in enumerate(getattr(q, "options", None) or []):
        if option.correct:                           # a distractor may name a source: that is what makes it wrong
            places.append((option.text, ("options", i, "text"), False))
    explanation = q.explanation or ""
    if not ctx.teaches and not any(named(explanation, s, False) for s in cited):
        places.append((explanation, ("explanation",), True))   # one that compares with a cited source is left alone
    findings, reported = [], set()
    for text, fields, strict in places:
        for source_id in SOURCE_NAMES:
            if source_id in cited or source_id in reported or not named(text, source_id, strict):
                continue
            reported.add(source_id)
            where = fields[0] if fields[0] != "options" else f"option {fields[1] + 1}"
            findings.append(ctx.finding(
                "claim-attribution",
                f"the {where} attributes this to {SOURCE_NAMES[source_id]}, but no evidence quote comes from "
                f"{source_id} (the evidence cites {', '.join(sorted(cited)) or 'nothing'}): quote the passage of "
                f"{source_id} that says it, or name the source the evidence comes from", *fields,
                source=source_id))
    return findings
