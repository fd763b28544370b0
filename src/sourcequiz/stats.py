"""`sourcequiz stats`: what the banks hold, counted by bank, type, difficulty, tag, year, the
chapter that teaches each question, and the sources its evidence cites.

`sourcing` sorts each question by its evidence: "<source> alone" when every quote comes from one
text, "two or more sources" when its quotes come from several (it corroborates or compares them).
`shares` gives the figures the course's own standard sets limits on (instructors/writing_questions.md):
the share of hard questions, of questions resting on one text alone, and of cross-source questions.
"""

from __future__ import annotations

from collections import Counter

from .loader import LoadResult
from .teaching import taught_chapter

CROSS = "two or more sources"


def count_stats(result: LoadResult) -> dict[str, dict[str, int]]:
    tallies = {name: Counter() for name in ("bank", "type", "difficulty", "tag", "year", "taught", "source",
                                            "sourcing")}
    for loaded, question in result.questions:
        tallies["bank"][loaded.bank.bank] += 1
        tallies["type"][question.type] += 1
        tallies["difficulty"][question.difficulty] += 1
        tallies["tag"].update(question.tags)
        tallies["taught"][taught_chapter(question, loaded.bank.chapter) or "(no chapter)"] += 1
        cited = {item.source for item in question.evidence}
        tallies["source"].update(cited)
        tallies["sourcing"][f"{next(iter(cited))} alone" if len(cited) == 1 else CROSS] += 1
        if question.year is None:
            tallies["year"]["(none)"] += 1
        else:
            first, last = question.year if isinstance(question.year, tuple) else (question.year, question.year)
            tallies["year"].update(str(y) for y in range(first, last + 1))
    return {name: dict(sorted(t.items())) for name, t in tallies.items()}


def shares(stats: dict[str, dict[str, int]]) -> dict[str, float]:
    """Per cent of all questions: hard, each "<source> alone", and cross-source."""
    total = sum(stats["bank"].values())
    if not total:
        return {}
    found = {"hard": stats["difficulty"].get("hard", 0)}
    found.update(stats["sourcing"])
    found.setdefault(CROSS, 0)
    return {name: round(100 * count / total, 1) for name, count in found.items()}
