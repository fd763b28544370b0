"""Check 4: ambiguous options.

- option-duplicate-key (error): a distractor that means the same as a keyed option once
  normalised: `5000` beside `5,000`, `29 February 2020` beside `February 29, 2020`,
  `the United States` beside `US`.
- distractor-in-evidence (warning): a distractor that appears word for word in the evidence.
  It may be a number in another role (13,000 beside 8,600 in "from the current strength of
  13,000 to 8,600"), but a student who finds it in the passage may rightly pick it.
"""

from __future__ import annotations

import re

from .. import facts as F
from ..textmatch import norm
from .context import QuestionContext
from .report import Finding


def check(ctx: QuestionContext) -> list[Finding]:
    options = getattr(ctx.question, "options", None)
    if not options:
        return []
    findings = []
    keyed = [(i, o) for i, o in enumerate(options) if o.correct]
    keyed_forms = {F.canonical(o.text): o.text for _, o in keyed}
    evidence = _words(ctx.evidence_text)
    evidence_facts = ctx.evidence_facts if ctx.evidence_text else None
    for i, option in enumerate(options):
        if option.correct:
            continue
        form = F.canonical(option.text)
        if form in keyed_forms:
            findings.append(ctx.finding(
                "option-duplicate-key",
                f"the distractor {option.text!r} means the same as the keyed option {keyed_forms[form]!r}, "
                f"so a student who picks it is marked wrong for a right answer", "options", i, "text"))
            continue
        if evidence_facts is None:
            continue
        if _word_for_word(option.text, evidence) or _same_value(option.text, evidence_facts):
            findings.append(ctx.finding(
                "distractor-in-evidence",
                f"the distractor {option.text!r} appears word for word in the evidence; if it is there in "
                f"another role, trim the quote with '...' or say so in its feedback", "options", i, "text"))
    return findings


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[\w%$]+(?:[.,]\d+)*", norm(text).casefold())) + " "


def _word_for_word(option: str, evidence_words: str) -> bool:
    words = _words(option)
    return len(words.strip()) > 0 and words in evidence_words


def _same_value(option: str, evidence: F.Facts) -> bool:
    """A distractor that is only a number or a date, stated in the evidence in another form."""
    facts = F.extract(option)
    only = [*facts.numbers, *facts.dates, *facts.years]
    if len(only) != 1 or facts.terms or facts.names:
        return False
    return F.fact_in(only[0], evidence) and only[0].kind != "date" or (
        only[0].kind == "date" and any(d.value == only[0].value for d in evidence.dates))
