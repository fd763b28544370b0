"""Report pages made at build time from the accuracy checker's findings (`sourcequiz.check`).

- ```{disagreements}```       where the sources disagree, and each source's known errors with their passages.
- ```{verification-report}``` per bank: questions checked, errors (must be none), warnings with reasons; then
                              the chapters' citations.

The banks, the source texts and (for the verification report) the chapter files are dependencies of the
page. A bank error is a warning located at the bank's line (`[sourcequiz.verification]`), so the strict
build fails on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .data_pages import chapter_link
from .source_pages import table
from .support import book_config, book_path, sources_or_warn, uses_assets, warn

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
    if chapter_files:                                  # check_course also reads the intro and reference pages
        chapter_files += [p for p in [root / "intro.md", *sorted((root / "reference").glob("*.md"))] if p.is_file()]
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
            chapter_rows.append([chapter_link(self.env, stem, _docname(chapter.file, self.env)), str(chapter.citations),
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


def _docname(shown: str, env) -> str:
    """The document name of a checked page ('chapters/ch05_doha_agreement', 'intro', 'reference/glossary')."""
    path = Path(shown)
    if path.is_absolute():
        try:
            path = path.relative_to(Path(env.srcdir))
        except ValueError:
            return f"chapters/{path.stem}"
    return str(path.with_suffix("")).replace("\\", "/")
