"""What a chapter citation means, apart from any book engine: ``SOURCE: "QUOTE"`` parsed, the short
label of a source, and the sentence anchors a quote spans. The Sphinx roles (sphinxext/citations.py)
and the mystmd plugin's resolver (myst/resolve.py) both build their nodes from these.
"""

from __future__ import annotations

import re

from .sources import Source

ROLE_TEXT = re.compile(r"^\s*(?P<source>[^\s:]+)\s*:\s*(?P<quote>.*?)\s*$", re.S)
OPENING, CLOSING = '"“„«', '"”“»'  # straight or typographic double quotes around the quote


def parse_citation(text: str) -> tuple[str, str]:
    """`SOURCE: "QUOTE"` -> (source, quote). ValueError with a plain message when malformed."""
    match = ROLE_TEXT.match(text)
    if not match or not match["quote"]:
        raise ValueError(f'expected SOURCE: "QUOTE", got {text!r}')
    quote = match["quote"]
    if len(quote) < 3 or quote[0] not in OPENING or quote[-1] not in CLOSING:
        raise ValueError(f'the quote must be in double quotes, as in {match["source"]}: "words of the source"; '
                         f"got {quote!r}")
    return match["source"], quote[1:-1].strip()


def citation_label(source: Source, labels: dict[str, str]) -> str:
    """A short label: the configured one, else "Surname YEAR" for a known author, else the title's first words."""
    if source.id in labels:
        return labels[source.id]
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", source.written)
    if source.author and source.author.lower() != "unknown":
        surname = source.author.split()[-1]
        return f"{surname} {year.group(1)}" if year else surname
    words = source.title.split()
    return " ".join(words[:3]) + ("…" if len(words) > 3 else "")


def sentence_ranges(source: Source, spans) -> tuple[str, str]:
    """(anchor of the first sentence, "a-b,c" sentence numbers) for the spans of a match."""
    numbers: list[int] = []
    for start, end in spans:
        first = source.segments.index(source.segment_at(start))
        last = source.segments.index(source.segment_at(max(start, end - 1)))
        numbers.extend(n + 1 for n in range(first, last + 1) if n + 1 not in numbers)
    numbers.sort()
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    shown = ",".join(f"{a}-{b}" if a != b else str(a) for a, b in ranges)
    return f"{source.id}-s{numbers[0]}", shown


def shown_quote(source: Source, spans) -> str:
    """The matched words as the source has them: white space collapsed, fragments joined with …"""
    return " … ".join(" ".join(source.text[a:b].split()) for a, b in spans)
