"""Check 1: every quote, and every fragment of a quote joined with `...`, is in the cited source, in order.

Only what carries no meaning is normalised (see textmatch). When a quote is not found, the
message says where the closest passage is: verbatim in another source ("found in tariq-2020,
not in peace-talks-essay"), or the most similar passage of the cited source, with its
similarity and the words that differ.
"""

from __future__ import annotations

import difflib
import re

from rapidfuzz import fuzz

from ..textmatch import find_quote, fragments, normalize
from .context import QuestionContext
from .engine import Engine
from .report import Finding, Passage


def check(ctx: QuestionContext) -> list[Finding]:
    findings = []
    for item in ctx.evidence:
        if item.source not in ctx.engine.sources:
            known = ", ".join(ctx.engine.sources.ids)
            findings.append(ctx.finding("unknown-source", f"evidence {item.index + 1} cites {item.source!r}, "
                                        f"which sources.yml does not list (it lists {known})",
                                        "evidence", item.index, "source"))
            continue
        if item.found:
            continue
        message, passages = explain_missing(ctx.engine, item.quote, item.source)
        label = f"evidence {item.index + 1}: " if len(ctx.evidence) > 1 else ""
        findings.append(ctx.finding("quote-not-found", label + message, "evidence", item.index, "quote",
                                    passages=passages, evidence=item.index))
    return findings


def explain_missing(engine: Engine, quote: str, source_id: str) -> tuple[str, list[Passage]]:
    """Why `quote` is not in `source_id`, in plain words, and the passages that show it."""
    parts = fragments(quote)
    if not parts:
        return "the quote is empty (nothing but an ellipsis)", []
    for other in engine.sources:
        if other.id != source_id:
            match = find_quote(quote, other.text)
            if match:
                passage = engine.passage(other.id, match.start, match.end)
                return (f"the quote is not in {source_id}: it is found in {other.id}, not in {source_id} "
                        f"({passage.anchor}); cite {other.id} as its source"), [passage]
    clean = engine.without_furniture(source_id)
    if clean != engine.source(source_id).text:
        match = find_quote(quote, clean)
        if match:
            header = [f.fragment for f in engine.flags[source_id]
                      if f.furniture and match.start <= f.start < match.end]
            passage = engine.passage(source_id, match.start, match.end)
            return (f"the quote runs across the page header of {source_id} ({', '.join(map(repr, header))}), "
                    f"which stands between its words in the source ({passage.anchor}): leave the header out "
                    f"with ' ... '"), [passage]
    haystack = normalize(engine.source(source_id).text)
    position = 0
    for index, part in enumerate(parts):
        found = haystack.text.find(part, position)
        if found >= 0:
            position = found + len(part)
            continue
        which = f"fragment {index + 1} of {len(parts)} " if len(parts) > 1 else ""
        shown = _short(part)
        if haystack.text.find(part) >= 0:
            start, end = haystack.span(haystack.text.find(part), haystack.text.find(part) + len(part))
            return (f"the quote's fragments are all in {source_id} but not in this order: {which}"
                    f"\"{shown}\" comes earlier in the source"), [engine.passage(source_id, start, end)]
        lower = haystack.text.casefold().find(part.casefold(), position)
        if lower >= 0:
            start, end = haystack.span(lower, lower + len(part))
            passage = engine.passage(source_id, start, end)
            return (f"{which}\"{shown}\" is not in {source_id} as written: the source has "
                    f"\"{_short(passage.excerpt)}\" ({passage.anchor}); capital letters differ"), [passage]
        elsewhere = [o.id for o in engine.sources if o.id != source_id and find_quote(part, o.text)]
        if elsewhere and len(parts) > 1:
            other = elsewhere[0]
            match = find_quote(part, engine.source(other).text)
            passage = engine.passage(other, match.start, match.end)
            return (f"{which}\"{shown}\" is not in {source_id}: it is found in {other}, not in {source_id} "
                    f"({passage.anchor}); one quote must come from one source"), [passage]
        closest = closest_passage(engine, part, source_id)
        if closest is None:
            return f"{which}\"{shown}\" is not in {source_id}, and nothing in it is close", []
        passage, score, changes = closest
        message = (f"{which}\"{shown}\" is not in {source_id}; the closest passage there "
                   f"({score:.0f}% similar, {passage.anchor}) is \"{_short(passage.excerpt, 200)}\"")
        if changes:
            message += f" – the quote has {changes}"
        header = [f.fragment for f in engine.flags.get(source_id, [])
                  if f.furniture and passage.start <= f.start and f.end <= passage.end]
        if header:
            message += f"; leave out the page header ({header[0]!r}) with ' ... '"
        return message, [passage]
    return "the quote is not found", []   # pragma: no cover - find_quote and this loop agree


PROBE = 400  # characters; longer than any real quote in the course's banks


def closest_passage(engine: Engine, part: str, source_id: str) -> tuple[Passage, float, str] | None:
    """The most similar stretch of the source to `part`: (passage, similarity 0-100, the changed words).

    Only the first PROBE characters are aligned: the search costs their length times the source's,
    and a near-miss shows in its opening words as well as in the whole.
    """
    part = part[:PROBE]
    haystack = normalize(engine.source(source_id).text)
    alignment = fuzz.partial_ratio_alignment(part, haystack.text, processor=None)
    if alignment is None or alignment.score < 50:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    # widen to whole words
    text = haystack.text
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    original_start, original_end = haystack.span(start, end)
    passage = engine.passage(source_id, original_start, original_end, limit=400)
    return passage, alignment.score, word_changes(part, text[start:end])


def word_changes(quote: str, passage: str, limit: int = 3) -> str:
    """The words that differ, as the teacher would say it: "'8,500' where the source has '8,600'"."""
    a, b = quote.split(), passage.split()
    bare_a, bare_b = [_bare(w) for w in a], [_bare(w) for w in b]   # "days" = "days." at the passage's edge
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=bare_a, b=bare_b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        mine, theirs = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "replace":
            changes.append(f"'{mine}' where the source has '{theirs}'")
        elif tag == "delete":
            changes.append(f"'{mine}', which the source does not have")
        elif tag == "insert" and 0 < i1 < len(a):
            changes.append(f"no '{theirs}' where the source has it")
    if not changes:
        return ""
    more = f" and {len(changes) - limit} more difference{'s' * (len(changes) - limit != 1)}" \
        if len(changes) > limit else ""
    return ", ".join(changes[:limit]) + more


def _bare(word: str) -> str:
    return word.strip(".,;:!?\"'()[]") or word


def _short(text: str, limit: int = 120) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
