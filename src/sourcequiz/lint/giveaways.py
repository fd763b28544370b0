"""The `gives-away` rule: a question of a bank that shows, while it is answered or once it is,
another question's answer (see `giveaway.py` for when a text states a key or a claim). A pair its
author declared (`overlaps`) is kept apart by page quizzes and drawn sets and is not reported; an
`overlaps` entry that names no question of the banks linted is (`unknown-overlap`)."""

from __future__ import annotations

from .. import giveaway
from ..loader import LoadedBank
from ..problems import Problem
from .common import Context, finding


def gives_away(loaded: LoadedBank, ctx: Context) -> list[Problem]:
    """Each pair once, at the question whose text tells the other's answer."""
    found = []
    for asked, teller, told in giveaway.pairs(list(loaded.bank.questions), explanation=True):
        if told.field == "overlaps":
            continue
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


def unknown_overlaps(banks: list[LoadedBank], ctx: Context) -> list[Problem]:
    ids = {q.id for loaded in banks for q in loaded.bank.questions}
    found = []
    for loaded in banks:
        for question in loaded.bank.questions:
            for other in question.overlaps:
                if other == question.id or other not in ids:
                    why = "itself" if other == question.id else "no question of the banks linted (lint the whole course)"
                    found.append(finding(loaded, question, "unknown-overlap",
                                         f"overlaps names {other!r}, which is {why}; list the ids of other "
                                         f"questions that give this one away", "overlaps"))
    return found
