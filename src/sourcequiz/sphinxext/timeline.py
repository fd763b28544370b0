"""The ```{timeline}``` directive: data/timeline.yml as a table in date order, and a figure of events per year.
`:chapter: ch05_doha_agreement` keeps one chapter's events, `:no-figure:` drops the figure.

Dates are ISO, as precise as the source: "YYYY", "YYYY-MM" or "YYYY-MM-DD", and each row shows that
precision ("1996", "July 2018", "February 29, 2020"). The order is by real date (`sort_key`): an event
known only to the year or month comes after the events dated within that year or month, unless its entry
gives `sort` (an ISO date of the same forms) saying where it belongs, as for "less than a month after the
9/11 attacks". Events on the same key keep their order in the file.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from html import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .data_pages import chapter_link, check_fields, cite_all, evidence_of, read_data, source_error_note
from .source_pages import table
from .support import sources_or_warn, uses_assets, warn

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(iso: str) -> tuple[int, int | None, int | None] | None:
    """(year, month or None, day or None) of an ISO date of one of the three forms; None if it is not one,
    or names a month or day that does not exist."""
    match = DATE.match(iso)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return year, month, day


def sort_key(iso: str) -> tuple[int, int, int]:
    """Where a date sorts: a missing month or day counts as the end of its year or month, so "2001" comes
    after "2001-09-11" and "2019-09" after "2019-09-07". ValueError for a date that `parse_date` rejects."""
    parsed = parse_date(iso)
    if parsed is None:
        raise ValueError(f"not an ISO date: {iso!r}")
    year, month, day = parsed
    return year, month if month is not None else 13, day if day is not None else 32


def show_date(iso: str) -> str:
    parsed = parse_date(iso)
    if parsed is None:
        return iso
    year, month, day = parsed
    if day:
        return f"{MONTHS[month - 1]} {day}, {year}"
    if month:
        return f"{MONTHS[month - 1]} {year}"
    return str(year)


def year_figure(years: Counter, caption: str) -> nodes.Node:
    """An inline SVG bar chart of events per year; colours come from book.css, so it follows the theme."""
    first, last = min(years), max(years)
    span = list(range(first, last + 1))
    # Sized to fit the book's text column (about 650 px) unscaled, so the 11 px labels stay legible;
    # the bottom margin holds the year labels, turned by 60 degrees.
    bar, gap, height, top, bottom, left = 11, 3, 140, 18, 50, 24
    width = left + len(span) * (bar + gap) + 8
    peak = max(years.values())
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + top + bottom}" '
             f'width="{width}" height="{height + top + bottom}" role="img" aria-labelledby="sq-year-title">',
             f'<title id="sq-year-title">{escape(caption)}</title>',
             f'<line class="sq-axis" x1="{left}" y1="{top + height}" x2="{width - 4}" y2="{top + height}"/>']
    for i, year in enumerate(span):
        x = left + i * (bar + gap)
        count = years.get(year, 0)
        if count:
            h = max(2, round(height * count / peak))
            parts.append(f'<rect class="sq-bar" x="{x}" y="{top + height - h}" width="{bar}" height="{h}">'
                         f'<title>{year}: {count} event{"s" if count != 1 else ""}</title></rect>')
            parts.append(f'<text x="{x + bar / 2}" y="{top + height - h - 4}" text-anchor="middle">{count}</text>')
        if count or year % 5 == 0 or year in (first, last):
            parts.append(f'<text x="{x + bar / 2}" y="{top + height + 14}" text-anchor="end" '
                         f'transform="rotate(-60 {x + bar / 2} {top + height + 14})">{year}</text>')
    parts.append("</svg>")
    figure = nodes.container(classes=["sq-figure"])
    figure += nodes.raw("", "\n".join(parts), format="html")
    figure += nodes.paragraph("", caption, classes=["caption"])
    return figure


class TimelineDirective(SphinxDirective):
    has_content = False
    option_spec = {"chapter": directives.unchanged, "no-figure": directives.flag}

    def run(self) -> list[nodes.Node]:
        uses_assets(self.env)
        path, document = read_data(self.env, "timeline.yml", self.get_location())
        if document is None or sources_or_warn(self.env, self.get_location(), "data") is None:
            return []
        events = []
        for index, entry in enumerate(document.data):
            if not check_fields(entry, ("date", "event", "evidence"), path, document, index, self.env):
                continue
            bad = [key for key in ("date", "sort") if key in entry and parse_date(str(entry[key])) is None]
            for key in bad:
                warn(f"{key} {entry[key]!r}: expected YYYY, YYYY-MM or YYYY-MM-DD", "data",
                     f"{path}:{document.line((index, key))}", self.config)
            if not bad:
                events.append((sort_key(str(entry.get("sort", entry["date"]))), index, entry))
        wanted = self.options.get("chapter")
        if wanted:
            events = [item for item in events if str(item[2].get("chapter", "")) == wanted]
        events.sort(key=lambda item: item[:2])  # by real date, then by place in the file
        rows = []
        for _, index, entry in events:
            event = nodes.paragraph("", str(entry["event"]))
            if entry.get("note"):
                event += nodes.inline("", f" ({entry['note']})", classes=["sq-note"])
            event.extend(source_error_note(entry))
            where = f"{path}:{document.line((index, 'evidence'))}"
            cited = cite_all(self.env, evidence_of(entry), where, source_error=bool(entry.get("source_error")))
            rows.append([nodes.paragraph("", show_date(str(entry["date"])), classes=["sq-nowrap"]), event,
                         nodes.paragraph("", "", *cited), chapter_link(self.env, entry.get("chapter"))])
        result: list[nodes.Node] = []
        if events and "no-figure" not in self.options:
            years = Counter(int(str(e["date"])[:4]) for _, _, e in events)
            result.append(year_figure(years, f"Events per year in the timeline ({len(events)} events, "
                                             f"{min(years)}–{max(years)}). The table below lists them."))
        result.append(table(["Date", "Event", "Source", "Chapter"], rows, ["sq-timeline"], [14, 58, 18, 10]))
        return result
