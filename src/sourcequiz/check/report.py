"""What `sourcequiz check` found: findings per question and per chapter, a summary, and reporters.

The model (Passage, Finding, QuestionReport, ChapterReport, Report) is what other tools read
(the Sphinx extension builds its "Where the sources disagree" and "Verification report" pages
from it); the reporters (TextReporter, JsonReporter) only render it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal

Severity = Literal["error", "warning"]

# Every code the checker can give, its severity and what it means (shown by the book's report page).
CODES: dict[str, tuple[Severity, str]] = {
    "quote-not-found": ("error", "a quote, or a fragment of it, is not in the cited source"),
    "taught-unknown": ("error", "the question's `taught` names a chapter or section the book does not have"),
    "unknown-source": ("error", "the evidence cites a source that sources.yml does not list"),
    "key-unsupported": ("error", "the keyed answer states a fact the evidence does not give"),
    "key-contradicted": ("error", "the evidence supports a distractor rather than the keyed option"),
    "numeric-unsupported": ("error", "the numeric answer (within its tolerance) is not in the evidence"),
    "text-unsupported": ("error", "no accepted answer of a text question is in the evidence"),
    "correction-unsupported": ("error", "the correction of a false statement is not supported by the evidence"),
    "correction-same": ("error", "the correction states the same facts as the false statement"),
    "order-dates": ("error", "the dates in the items' quotes do not run in the keyed order"),
    "order-undated": ("error", "an order item's quote gives no date or year"),
    "match-missing": ("error", "a match pair's left or right side is not in its quote"),
    "claim-negated": ("error", "the evidence negates what the key asserts, or asserts what the key negates"),
    "claim-opposite": ("error", "the evidence says the opposite of the key: an antonym, the reverse order of two "
                                "events, or another quantifier (all, most, some, only, none)"),
    "claim-role": ("error", "the key's number, date or name fills another slot in the evidence than the one the "
                          "prompt asks about, or the claim swaps who did what to whom"),
    "claim-attribution": ("error", "the prompt, a keyed option or the explanation says a source states this, but none of "
                                   "the evidence comes from that source"),
    "distractor-supported": ("error", "a source passage seems to support a distractor, so a second option may also be "
                                        "right"),
    "claim-unclear": ("warning", "the words around another value of the evidence sentence match the prompt better than "
                                 "the key's; the checker cannot be sure which value the prompt asks about"),
    "option-duplicate-key": ("error", "a distractor means the same as a keyed option"),
    "distractor-in-evidence": ("warning", "a distractor appears word for word in the evidence"),
    "sources-disagree": ("warning", "another source gives a different value for the keyed fact"),
    "known-issue": ("warning", "the evidence rests on a passage listed under the source's known_issues"),
    "uncited-fact": ("error", "a number or date in a chapter paragraph that no citation there supports"),
    "citation-syntax": ("error", "a {cite-source} role that is not `source-id: \"quote\"`"),
    "set-snapshot-changed": ("warning", "a set's question has changed in (or left) the banks since the set was drawn"),
    "format": ("error", "the bank file does not follow the bank format (see `sourcequiz validate`)"),
    "yaml-syntax": ("error", "the file is not valid YAML"),
}


@dataclass(frozen=True)
class Passage:
    """A stretch of a source: its id, the text (white space collapsed), and the sentence anchor."""

    source: str
    excerpt: str
    anchor: str
    start: int = 0
    end: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "excerpt": self.excerpt, "anchor": self.anchor,
                "start": self.start, "end": self.end}


@dataclass
class Finding:
    code: str
    severity: Severity
    message: str
    line: int | None = None
    passages: list[Passage] = field(default_factory=list)
    accepted: bool = False          # a warning the question deliberately teaches (source criticism)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "severity": self.severity, "message": self.message,
                                "line": self.line}
        if self.passages:
            data["passages"] = [p.as_dict() for p in self.passages]
        if self.accepted:
            data["accepted"] = True
        data.update(self.extra)
        return data


def status_of(findings: Iterable[Finding]) -> str:
    """error, warning or ok; accepted warnings (taught or explained by a known error) leave a question ok."""
    findings = [f for f in findings if not f.accepted]
    if any(f.severity == "error" for f in findings):
        return "error"
    if any(f.severity == "warning" for f in findings):
        return "warning"
    return "ok"


@dataclass
class QuestionReport:
    bank: str
    id: str
    file: str
    line: int | None
    type: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        return status_of(self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {"bank": self.bank, "id": self.id, "file": self.file, "line": self.line, "type": self.type,
                "status": self.status, "problems": [f.as_dict() for f in self.findings]}


@dataclass
class ChapterReport:
    file: str
    citations: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        return status_of(self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "citations": self.citations, "status": self.status,
                "problems": [f.as_dict() for f in self.findings]}


@dataclass
class FileProblem:
    """A problem with a whole file (not one question): YAML syntax, a bad bank header."""

    file: str
    finding: Finding

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, **self.finding.as_dict()}


@dataclass
class Report:
    questions: list[QuestionReport] = field(default_factory=list)
    chapters: list[ChapterReport] = field(default_factory=list)
    files: list[FileProblem] = field(default_factory=list)
    unusable: bool = False

    # ---- access for other tools ------------------------------------------------------------
    def question(self, question_id: str) -> QuestionReport | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def findings(self, code: str | None = None):
        """(where, finding) for every finding, `where` being a QuestionReport, ChapterReport or FileProblem."""
        for question in self.questions:
            for finding in question.findings:
                if code is None or finding.code == code:
                    yield question, finding
        for chapter in self.chapters:
            for finding in chapter.findings:
                if code is None or finding.code == code:
                    yield chapter, finding
        for problem in self.files:
            if code is None or problem.finding.code == code:
                yield problem, problem.finding

    def disagreements(self):
        """(question, finding) for each sources-disagree finding; `finding.passages` holds both passages."""
        return [(q, f) for q, f in self.findings("sources-disagree") if isinstance(q, QuestionReport)]

    @property
    def banks(self) -> list[str]:
        return list(dict.fromkeys(q.bank for q in self.questions))

    # ---- verdict ---------------------------------------------------------------------------
    def counts(self) -> tuple[int, int]:
        errors = warnings = 0
        for _, finding in self.findings():
            if finding.severity == "error":
                errors += 1
            elif not finding.accepted:
                warnings += 1
        return errors, warnings

    def exit_code(self, strict: bool = False) -> int:
        if self.unusable:
            return 2
        errors, warnings = self.counts()
        return 1 if errors or (strict and warnings) else 0

    def summary(self) -> dict[str, Any]:
        def tally(findings: list[Finding]) -> dict[str, Any]:
            return {
                "errors": sum(f.severity == "error" for f in findings),
                "warnings": sum(f.severity == "warning" and not f.accepted for f in findings),
                "accepted": sum(f.accepted for f in findings),
                "by_code": dict(sorted(Counter(f.code for f in findings if not f.accepted).items())),
                "accepted_by_code": dict(sorted(Counter(f.code for f in findings if f.accepted).items())),
            }

        per_bank: dict[str, Any] = {}
        for bank in self.banks:
            questions = [q for q in self.questions if q.bank == bank]
            findings = [f for q in questions for f in q.findings]
            statuses = Counter(q.status for q in questions)
            per_bank[bank] = {"questions": len(questions), "ok": statuses["ok"],
                              "with_warnings": statuses["warning"], "with_errors": statuses["error"],
                              **tally(findings)}
        everything = [f for _, f in self.findings()]
        statuses = Counter(q.status for q in self.questions)
        return {
            "questions": len(self.questions), "ok": statuses["ok"], "with_warnings": statuses["warning"],
            "with_errors": statuses["error"], "chapters": len(self.chapters),
            "citations": sum(c.citations for c in self.chapters), **tally(everything), "banks": per_bank,
        }


def _location(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


class TextReporter:
    """Plain text, one line per finding (`file:line: severity: [question] message [code]`), then a summary."""

    def __init__(self, show_accepted: bool = False):
        self.show_accepted = show_accepted   # accepted warnings are counted in the summary, not listed

    def render(self, report: Report) -> str:
        lines: list[str] = []
        for problem in report.files:
            f = problem.finding
            lines.append(f"{_location(problem.file, f.line)}: {f.severity}: {f.message} [{f.code}]")
        for question in report.questions:
            for f in question.findings:
                if f.accepted and not self.show_accepted:
                    continue
                accepted = ""
                if f.accepted:
                    accepted = " (accepted: " + ("a known error of the other source)" if f.extra.get("explained_by")
                                                 else "the question teaches this)")
                lines.append(f"{_location(question.file, f.line or question.line)}: {f.severity}: "
                             f"{question.id}: {f.message} [{f.code}]{accepted}")
        for chapter in report.chapters:
            for f in chapter.findings:
                lines.append(f"{_location(chapter.file, f.line)}: {f.severity}: {f.message} [{f.code}]")
        if lines:
            lines.append("")
        lines.extend(self.summary_lines(report))
        return "\n".join(lines) + "\n"

    def summary_lines(self, report: Report) -> list[str]:
        s = report.summary()
        what = f"{s['questions']} question{'s' * (s['questions'] != 1)} in {len(s['banks'])} " \
               f"bank{'s' * (len(s['banks']) != 1)}"
        if report.chapters:
            what += f" and {s['citations']} citations in {s['chapters']} chapter{'s' * (s['chapters'] != 1)}"
        verdict = f"{s['errors']} error{'s' * (s['errors'] != 1)}, {s['warnings']} warning{'s' * (s['warnings'] != 1)}"
        if s["accepted"]:
            verdict += f" ({s['accepted']} more accepted: taught by source-criticism questions or explained " \
                       f"by a known error; see --format json)"
        out = [f"checked {what}: {verdict}"]
        for severity in ("error", "warning"):
            codes = Counter(f.code for _, f in report.findings() if f.severity == severity and not f.accepted)
            if codes:
                out.append(f"  {severity}s: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
        if s["banks"]:
            out.append("by bank:")
            width = max(len(b) for b in s["banks"])
            for bank, t in s["banks"].items():
                out.append(f"  {bank:<{width}}  {t['questions']:>4} questions  {t['with_errors']:>3} with errors"
                           f"  {t['with_warnings']:>3} with warnings  ({t['errors']} errors, {t['warnings']} warnings)")
        return out


class JsonReporter:
    """`{"summary", "questions", "chapters", "files"}`; every question is listed, with its status."""

    def data(self, report: Report) -> dict[str, Any]:
        return {
            "summary": report.summary(),
            "questions": [q.as_dict() for q in report.questions],
            "chapters": [c.as_dict() for c in report.chapters],
            "files": [p.as_dict() for p in report.files],
        }

    def render(self, report: Report) -> str:
        return json.dumps(self.data(report), indent=2, ensure_ascii=False) + "\n"
