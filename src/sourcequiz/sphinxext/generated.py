"""Pages made at build time from the course's data, every fact with its citation link.

- ```{timeline}```            data/timeline.yml: a table sorted by date, and a figure of events per year;
                              `:chapter: ch05_doha_agreement` keeps one chapter's events, `:no-figure:` drops the figure.
- ```{whos-who}```            data/people.yml, `:kind: person` or `organisation` (default: all).
- ```{disagreements}```       where the sources disagree, from the accuracy checker's findings.
- ```{verification-report}``` per bank: questions checked, errors (must be none), warnings with reasons.

Every file a directive reads is passed to `env.note_dependency`, so editing it rebuilds the page.
A problem in a data file is a warning located at `file:line` (`[sourcequiz.data]`); a bank error in the
verification report is a warning too (`[sourcequiz.verification]`), so the strict build fails on it.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..yamldoc import Document, YamlSyntaxError, parse_yaml
from .citations import make_citation
from .source_pages import table
from .support import book_config, book_path, setup_support, sources_or_warn, uses_assets, warn

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# ------------------------------------------------------------------ reading data files

def read_data(env: BuildEnvironment, name: str, location: Any) -> tuple[Path, Document | None]:
    path = book_path(env, book_config(env).data_dir) / name
    env.note_dependency(str(path))
    if not path.is_file():
        warn(f"{path}: not found; this page is made from it", "data", location, env.config)
        return path, None
    try:
        document = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        warn(f"column {exc.column}: YAML syntax error: {exc.message}", "data", f"{path}:{exc.line}", env.config)
        return path, None
    if not isinstance(document.data, list):
        warn("expected a list of entries", "data", f"{path}:1", env.config)
        return path, None
    return path, document


def evidence_of(entry: dict) -> list[dict]:
    evidence = entry.get("evidence") or []
    return [evidence] if isinstance(evidence, dict) else list(evidence)


def cite_all(env: BuildEnvironment, entries: list[dict], where: str) -> list[nodes.Node]:
    """Citation nodes for `{source, quote}` entries, each followed by a space; warnings at `where`."""
    cited: list[nodes.Node] = []
    for item in entries:
        if not isinstance(item, dict) or not {"source", "quote"} <= item.keys():
            warn("evidence entries need 'source' and 'quote'", "data", where, env.config)
            continue
        node = make_citation(env, str(item["source"]), str(item["quote"]), where)
        if node is not None:
            cited.extend([node, nodes.Text(" ")])
    return cited[:-1]


def check_fields(entry: Any, required: tuple[str, ...], path: Path, document: Document, index: int,
                 env: BuildEnvironment) -> bool:
    where = f"{path}:{document.line((index,))}"
    if not isinstance(entry, dict):
        warn("each entry must be a mapping", "data", where, env.config)
        return False
    missing = [key for key in required if not entry.get(key)]
    if missing:
        warn(f"entry lacks {', '.join(missing)}", "data", where, env.config)
        return False
    return True


def chapter_link(env: BuildEnvironment, chapter: str | None) -> nodes.Node:
    """"Ch. 5", linked to chapters/<stem> (a missing page is a nitpicky warning)."""
    if not chapter:
        return nodes.paragraph("", "")
    number = re.match(r"ch(\d+)", chapter)
    text = f"Ch. {int(number.group(1))}" if number else chapter
    target = chapter if "/" in chapter else f"chapters/{chapter}"
    xref = addnodes.pending_xref("", nodes.inline("", text), refdomain="std", reftype="doc",
                                 reftarget=f"/{target}", refexplicit=True, refwarn=True, refdoc=env.docname)
    return nodes.paragraph("", "", xref)


# ------------------------------------------------------------------ timeline

def show_date(iso: str) -> str:
    match = DATE.match(iso)
    if not match:
        return iso
    year, month, day = match.groups()
    if day:
        return f"{MONTHS[int(month) - 1]} {int(day)}, {year}"
    if month:
        return f"{MONTHS[int(month) - 1]} {year}"
    return year


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
            if check_fields(entry, ("date", "event", "evidence"), path, document, index, self.env):
                if not DATE.match(str(entry["date"])):
                    warn(f"date {entry['date']!r}: expected YYYY, YYYY-MM or YYYY-MM-DD", "data",
                         f"{path}:{document.line((index, 'date'))}", self.config)
                    continue
                events.append((index, entry))
        wanted = self.options.get("chapter")
        if wanted:
            events = [(i, e) for i, e in events if str(e.get("chapter", "")) == wanted]
        events.sort(key=lambda item: str(item[1]["date"]))  # ISO dates sort as text; a stable sort keeps file order
        rows = []
        for index, entry in events:
            event = nodes.paragraph("", str(entry["event"]))
            if entry.get("note"):
                event += nodes.inline("", f" ({entry['note']})", classes=["sq-note"])
            where = f"{path}:{document.line((index, 'evidence'))}"
            rows.append([nodes.paragraph("", show_date(str(entry["date"])), classes=["sq-nowrap"]), event,
                         nodes.paragraph("", "", *cite_all(self.env, evidence_of(entry), where)),
                         chapter_link(self.env, entry.get("chapter"))])
        result: list[nodes.Node] = []
        if events and "no-figure" not in self.options:
            years = Counter(int(str(e["date"])[:4]) for _, e in events)
            result.append(year_figure(years, f"Events per year in the timeline ({len(events)} events, "
                                             f"{min(years)}–{max(years)}). The table below lists them."))
        result.append(table(["Date", "Event", "Source", "Chapter"], rows, ["sq-timeline"], [14, 58, 18, 10]))
        return result


# ------------------------------------------------------------------ who's who

def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class WhosWhoDirective(SphinxDirective):
    has_content = False
    option_spec = {"kind": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        uses_assets(self.env)
        path, document = read_data(self.env, "people.yml", self.get_location())
        if document is None or sources_or_warn(self.env, self.get_location(), "data") is None:
            return []
        kind = self.options.get("kind")
        entries = []
        for index, entry in enumerate(document.data):
            if check_fields(entry, ("name", "role", "evidence"), path, document, index, self.env):
                if not kind or str(entry.get("kind", "")) == kind:
                    entries.append((index, entry))
        entries.sort(key=lambda item: str(item[1]["name"]).casefold())
        listing = nodes.definition_list(classes=["sq-whos-who"])
        for index, entry in entries:
            where = f"{path}:{document.line((index, 'evidence'))}"
            term = nodes.term("", str(entry["name"]), ids=[f"who-{slug(str(entry['name']))}"])
            body = nodes.paragraph("", str(entry["role"]) + " ")
            body.extend(cite_all(self.env, evidence_of(entry), where))
            listing += nodes.definition_list_item("", term, nodes.definition("", body))
        return [listing]


# ------------------------------------------------------------------ checker results

_REPORTS: dict[tuple, Any] = {}


def course_report(env: BuildEnvironment, location: Any, *, chapters: bool):
    """The accuracy checker's Report for the course (`sourcequiz.check.check_course`), cached while no input
    changes. The banks and source texts (and, with `chapters`, the chapter files) become dependencies of the
    page. None after a located warning when the course cannot be read."""
    from ..check import check_course
    from ..problems import UserError

    config = book_config(env)
    registry = sources_or_warn(env, location, "verification")
    if registry is None:
        return None, None
    root = Path(env.srcdir)
    quizzes, chapter_dir = book_path(env, config.quizzes_dir), root / "chapters"
    banks = sorted(p for p in quizzes.glob("*") if p.suffix in (".yml", ".yaml")) if quizzes.is_dir() else []
    chapter_files = sorted(chapter_dir.glob("*.md")) if chapter_dir.is_dir() else []
    for path in [*banks, *(s.path for s in registry), *(chapter_files if chapters else [])]:
        env.note_dependency(str(path))
    inputs = [*banks, *(s.path for s in registry), registry.directory / "sources.yml", *chapter_files]
    key = tuple((str(p), p.stat().st_mtime_ns) for p in inputs)
    if key not in _REPORTS:
        try:
            report = check_course(root, paths=[quizzes], sources_dir=registry.directory,
                                  chapters_dir=chapter_dir if chapter_dir.is_dir() else None)
        except UserError as exc:
            warn(f"the checker cannot read the course: {exc}", "verification", location, env.config)
            return None, registry
        _REPORTS.clear()
        _REPORTS[key] = report
    return _REPORTS[key], registry


def where(path: str, line: int | None) -> str:
    """A `file:line` location for a file the checker names (relative to the working directory)."""
    resolved = str(Path(path).resolve())
    return f"{resolved}:{line}" if line else resolved


def status_cell(errors: int, warnings: int) -> nodes.paragraph:
    if errors:
        text, css = f"{errors} error{'s' if errors != 1 else ''}", "sq-status-bad"
    elif warnings:
        text, css = f"{warnings} warning{'s' if warnings != 1 else ''}", "sq-status-warn"
    else:
        text, css = "ok", "sq-status-ok"
    return nodes.paragraph("", "", nodes.inline("", text, classes=[css]))


def finding_item(label: str, finding, where_text: str) -> nodes.list_item:
    css = "sq-status-bad" if finding.severity == "error" else "sq-status-warn"
    line = f" (line {finding.line})" if finding.line else ""
    return nodes.list_item("", nodes.paragraph(
        "", "", nodes.inline("", finding.severity, classes=[css]), nodes.Text(" "), nodes.literal("", label),
        nodes.Text(f"{line}: "), nodes.inline("", finding.code, classes=["sq-code"]),
        nodes.Text(f", {finding.message}" + where_text)))


class VerificationReportDirective(SphinxDirective):
    """Per bank: questions checked, errors (each also a build warning, so the strict build fails), warnings
    with their reasons; then the chapters' citations; then what each finding code means."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from ..check import CODES

        uses_assets(self.env)
        report, _ = course_report(self.env, self.get_location(), chapters=True)
        if report is None:
            return []
        summary = report.summary()
        rows, details = [], []
        for bank, numbers in summary["banks"].items():
            questions = [q for q in report.questions if q.bank == bank]
            chapter = bank_chapter(questions[0].file) if questions else None
            rows.append([nodes.paragraph("", "", nodes.literal("", bank)), chapter_link(self.env, chapter),
                         str(numbers["questions"]), str(numbers["ok"]), str(numbers["accepted"]),
                         status_cell(numbers["errors"], numbers["warnings"])])
            listing = nodes.bullet_list()
            for question in questions:
                for finding in question.findings:
                    if finding.severity == "error":
                        warn(f"verification: question {question.id!r}: {finding.code}: {finding.message}",
                             "verification", where(question.file, finding.line or question.line), self.config)
                    if finding.severity == "error" or not finding.accepted:
                        listing += finding_item(question.id, finding, "")
            if len(listing):
                details += [nodes.rubric("", f"{bank}"), listing]
        for problem in report.files:
            warn(f"verification: {problem.finding.message}", "verification",
                 where(problem.file, problem.finding.line), self.config)
            details += [nodes.rubric("", problem.file),
                        nodes.bullet_list("", finding_item(Path(problem.file).name, problem.finding, ""))]
        errors, warnings = report.counts()
        out: list[nodes.Node] = [nodes.paragraph(
            "", f"{len(report.questions)} questions in {len(rows)} banks checked against the sources: "
                f"{errors} errors, {warnings} warnings to review. “Accepted” counts findings that a question "
                f"deliberately teaches (source criticism) or that a known error of a source explains.")]
        out.append(table(["Bank", "Chapter", "Questions", "Passed", "Accepted", "Status"], rows,
                         ["sq-verification"], [22, 10, 12, 12, 12, 16]))
        out += details
        chapter_rows, chapter_details = [], []
        for chapter in report.chapters:
            stem = Path(chapter.file).stem
            problems = [f for f in chapter.findings if f.severity == "error" or not f.accepted]
            for finding in chapter.findings:
                if finding.severity == "error":
                    warn(f"verification: {finding.code}: {finding.message}", "verification",
                         where(chapter.file, finding.line), self.config)
            chapter_rows.append([chapter_link(self.env, stem), str(chapter.citations),
                                 status_cell(sum(f.severity == "error" for f in problems),
                                             sum(f.severity == "warning" for f in problems))])
            if problems:
                chapter_details += [nodes.rubric("", stem),
                                    nodes.bullet_list("", *(finding_item(stem, f, "") for f in problems))]
        if chapter_rows:
            out.append(nodes.rubric("", "Chapters: citations checked"))
            out.append(table(["Chapter", "Citations", "Status"], chapter_rows, ["sq-verification-chapters"],
                             [40, 20, 40]))
            out += chapter_details
        codes = [[nodes.paragraph("", "", nodes.literal("", code)), severity, meaning]
                 for code, (severity, meaning) in CODES.items()]
        out.append(nodes.rubric("", "What the checker looks for"))
        out.append(table(["Code", "Severity", "Meaning"], codes, ["sq-codes"], [25, 15, 60]))
        return out



def bank_chapter(path: str) -> str | None:
    """The `chapter` a bank file names, if any."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return data.get("chapter") if isinstance(data, dict) else None


def passage_node(env: BuildEnvironment, registry, source_id: str, start: int, end: int, strong: str | None,
                 location: Any) -> nodes.paragraph:
    """The whole sentence(s) over [start, end) of a source, word for word (white space collapsed), with
    `strong` in bold, and a citation link to them."""
    from .citations import cited_source, span_citation

    source = cited_source(env, source_id, location)
    paragraph = nodes.paragraph("", "", classes=["sq-passage"])
    if source is None:
        return paragraph
    first, last = source.segment_at(start), source.segment_at(max(start, end - 1))
    text = " ".join(source.text[first.start:last.end].split())
    at = text.find(strong) if strong else -1
    paragraph += nodes.Text("“")
    if at >= 0:
        paragraph += [nodes.Text(text[:at]), nodes.strong("", strong), nodes.Text(text[at + len(strong):])]
    else:
        paragraph += nodes.Text(text)
    paragraph += [nodes.Text("” "), span_citation(env, source, [(first.start, last.end)])]
    return paragraph


class DisagreementsDirective(SphinxDirective):
    """`:show: values` (two sources give different values for one fact), `known-errors` (the known issues of
    each source with the passages they point at), or both (the default)."""

    has_content = False
    option_spec = {"show": lambda arg: directives.choice(arg, ("values", "known-errors"))}

    def run(self) -> list[nodes.Node]:
        uses_assets(self.env)
        report, registry = course_report(self.env, self.get_location(), chapters=False)
        if report is None:
            return []
        show = self.options.get("show")
        out: list[nodes.Node] = []
        if show in (None, "values"):
            out += self.values(report, registry)
        if show in (None, "known-errors"):
            out += self.known_errors(report, registry)
        return out

    def values(self, report, registry) -> list[nodes.Node]:
        groups: dict[tuple, list] = {}
        for question, finding in report.disagreements():
            key = tuple(sorted((p.source, p.anchor) for p in finding.passages))
            groups.setdefault(key, []).append((question, finding))
        if not groups:
            return [nodes.paragraph("", "No two sources give different values for a fact that a question uses.")]
        out: list[nodes.Node] = []
        for items in groups.values():
            question, finding = items[0]
            value, other = finding.extra.get("value"), finding.extra.get("other_value")
            box = nodes.container(classes=["sq-disagreement"])
            if value and other:
                box += nodes.paragraph("", "", nodes.strong("", f"{value} or {other}?"))
            for passage, shown in zip(finding.passages, (value, other)):
                box += passage_node(self.env, registry, passage.source, passage.start, passage.end, shown,
                                    self.get_location())
            explained = finding.extra.get("explained_by")
            box += nodes.paragraph("", f"A known error, listed in sources.yml: “{explained}”" if explained else
                                   "Neither passage is listed as a known error: weigh them yourself.")
            ids = ", ".join(dict.fromkeys(q.id for q, _ in items))
            box += nodes.paragraph("", f"Quiz questions that rest on this fact: {ids}.", classes=["sq-note"])
            out.append(box)
        return out

    def known_errors(self, report, registry) -> list[nodes.Node]:
        from ..check import engine_for

        engine = engine_for(registry)
        flagged_by: dict[str, list[str]] = {}
        for question, finding in report.findings("known-issue"):
            if finding.extra.get("issue") and not finding.accepted:
                flagged_by.setdefault(finding.extra["issue"], []).append(getattr(question, "id", "?"))
        out: list[nodes.Node] = []
        for source in registry:
            env_flags = engine.flags.get(source.id, [])
            for issue in source.known_issues:
                box = nodes.container(classes=["sq-disagreement"])
                box += nodes.paragraph("", "", nodes.strong("", source.title), nodes.Text(f": {issue}"))
                seen = set()
                for flag in (f for f in env_flags if f.issue == issue):
                    sentence = source.segment_at(flag.start).anchor
                    if sentence in seen:
                        continue
                    seen.add(sentence)
                    box += passage_node(self.env, registry, source.id, flag.start, flag.end, flag.fragment,
                                        self.get_location())
                if issue in flagged_by:
                    box += nodes.paragraph("", "Quiz questions that quote this passage: "
                                           + ", ".join(dict.fromkeys(flagged_by[issue])) + ".", classes=["sq-note"])
                out.append(box)
        return out


def setup_generated(app: Sphinx) -> None:
    setup_support(app)
    app.add_directive("timeline", TimelineDirective)
    app.add_directive("whos-who", WhosWhoDirective)
    app.add_directive("disagreements", DisagreementsDirective)
    app.add_directive("verification-report", VerificationReportDirective)
