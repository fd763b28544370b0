"""The `single-source` rule: a question that rests on a value another source contradicts (the
checker's disagreement data, `check/disagreements.py`) without saying so: it does not teach the
disagreement (source-criticism), its prompt names no source, and the other source's value is not a
known error of that source (sources.yml), which would leave the key right and nothing to say."""

from __future__ import annotations

from ..check import disagreements
from ..check.context import QuestionContext
from ..check.engine import engine_for
from ..loader import LoadedBank
from ..problems import Problem
from ..vocabulary import sources_named
from .common import Context, finding


def single_source(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    if ctx.sources is None or not question.evidence or sources_named(question.prompt):
        return []
    check = QuestionContext(loaded, question, engine_for(ctx.sources))
    if check.teaches:
        return []
    for found in disagreements.check(check):
        if "explained_by" in found.extra:
            continue
        other = found.passages[1]
        return [finding(loaded, question, "single-source",
                        f"its key rests on {found.extra['value']!r}, but {other.source} gives "
                        f"{found.extra['other_value']!r} (\"{other.excerpt}\", {other.anchor}); name the source in "
                        f"the prompt, ask about the disagreement, or ask about something the texts agree on",
                        "prompt")]
    return []
