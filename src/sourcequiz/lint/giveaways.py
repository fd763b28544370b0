"""The `gives-away` rule: a question of a bank that shows, while it is answered or once it is,
another question's answer (see `giveaway.py` for when a text states a key or a claim)."""

from __future__ import annotations

from .. import giveaway
from ..loader import LoadedBank
from ..problems import Problem
from .common import Context, finding


def gives_away(loaded: LoadedBank, ctx: Context) -> list[Problem]:
    """Each pair once, at the question whose text tells the other's answer."""
    found = []
    for asked, teller, told in giveaway.pairs(list(loaded.bank.questions), explanation=True):
        where = {"options": "correct option", "items": "order items", "pairs": "match pairs",
                 "feedback": "feedback on an option"}.get(told.field, told.field)
        problem = finding(loaded, teller, "gives-away",
                          f"its {where} states the answer to {asked.id!r} "
                          f"({loaded.display}:{loaded.line(asked.id, 'prompt')}): {told.sentence!r}; "
                          f"a student who meets both learns one answer from the other question; reword "
                          f"one of them, or keep one of two questions on the same fact", told.field)
        problem.extra["gives_away"] = asked.id
        found.append(problem)
    return found
