"""Check 5b: evidence that rests on a passage listed under a source's `known_issues`.

The flagged passages come from sources.yml itself: each 'single-quoted' fragment of a
known_issues entry that occurs in that source's text (see `Engine._flags`). A correct form
quoted in an entry is not flagged: one another source uses without flagging it ('Khalilzad'),
one the entry calls the usual or correct spelling, or the more frequent of two similar
spellings in one entry.

A question that teaches the error (tagged `source-criticism`, and its explanation says so)
gets no warning.
"""

from __future__ import annotations

from .context import QuestionContext
from .report import Finding


def check(ctx: QuestionContext) -> list[Finding]:
    if ctx.teaches:
        return []
    findings = []
    for item in ctx.evidence:
        if not item.found:
            continue
        flags = ctx.engine.flags_over(item.source, item.match.spans)
        seen = set()
        for flag in flags:
            if flag.issue in seen:
                continue
            seen.add(flag.issue)
            passage = ctx.engine.passage(item.source, flag.start, flag.end)
            what = "page furniture, not the author's text" if flag.furniture else "a known error of the source"
            findings.append(ctx.finding(
                "known-issue",
                f"evidence {item.index + 1} quotes {flag.fragment!r} ({passage.anchor}), {what} listed under "
                f"known_issues of {item.source}: \"{flag.issue}\" Leave it out with '...' or cite another "
                f"passage, unless the question teaches this error (tag it source-criticism and say so in "
                f"the explanation)", "evidence", item.index, "quote",
                passages=[passage], issue=flag.issue, flagged=flag.fragment))
    return findings
