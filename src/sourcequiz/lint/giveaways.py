"""The `gives-away` rule: a question of a bank whose prompt, correct option or correction states
another question's key (see `giveaway.py` for when a text states a key)."""

from __future__ import annotations

from .. import giveaway
from ..loader import LoadedBank
from ..problems import Problem
from .common import Context, finding


def gives_away(loaded: LoadedBank, ctx: Context) -> list[Problem]:
    """Each pair once, at the question whose text tells the other's answer."""
    found = []
    for asked, teller, told in giveaway.pairs(list(loaded.bank.questions)):
        where = "correct option" if told.field == "options" else told.field
        problem = finding(loaded, teller, "gives-away",
                          f"its {where} states the answer to {asked.id!r} "
                          f"({loaded.display}:{loaded.line(asked.id, 'prompt')}): {told.sentence!r}; "
                          f"a page quiz would not put them together, but a student who meets both learns "
                          f"one answer from the other question; reword one of them", told.field)
        problem.extra["gives_away"] = asked.id
        found.append(problem)
    return found
