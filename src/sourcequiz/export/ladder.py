"""The import ladder (`sourcequiz export --check`): each format, rendered in memory, read by every consumer
that can read it here, the most real first. The tests run the same ladder on the awkward sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from ..problems import UserError
from ..project import find_root
from ..selection import QuestionSet
from . import FORMATS, ExportResult, render
from . import consumers as c

Status = Literal["accepted", "rejected", "not available"]


@dataclass(frozen=True)
class Rung:
    consumer: str  # who reads the file
    kind: str      # importer, parser, schema, ...
    check: Callable[[c.Exported], str]


LADDER: dict[str, list[Rung]] = {
    "anki": [Rung("Anki backend (PyPI anki)", "real importer", c.anki_backend),
             Rung("SQLite (the .apkg's collection)", "reader", c.anki_sqlite)],
    "gift": [Rung("gift-pegjs (npm)", "independent GIFT grammar", c.gift_pegjs)],
    "moodle-xml": [Rung("Moodle importer rules", "question/format/xml rules", c.moodle_rules),
                   Rung("moodle-xml-parser (PyPI)", "independent parser", c.moodle_xml_parser)],
    "qti12": [Rung("LMS package shape", "importer rules", c.lms_shape),
              Rung("QTI 1.2.1 DTD and IMS CP 1.1 XSD", "official schemas", c.qti12_schema)],
    "qti21": [Rung("QTI 2.1 and IMS CP 1.1 XSD", "official schemas", c.qti21_schema)],
    "qti3": [Rung("QTI 3 names", "the standard's renaming rules", c.qti3_shape)],
    "csv": [Rung("Python csv", "reader", c.csv_reader)],
    "html": [Rung("lxml HTML parser", "parser", c.html_parser)],
    "pdf": [Rung("pypdf (PyPI)", "PDF reader", c.pdf_reader)],
    "notebook": [Rung("nbformat", "notebook validator", c.nbformat_validator)],
}


@dataclass(frozen=True)
class Verdict:
    fmt: str
    consumer: str
    kind: str
    status: Status
    detail: str


def climb(exported: c.Exported) -> list[Verdict]:
    verdicts = []
    for rung in LADDER[exported.fmt]:
        try:
            status, detail = "accepted", rung.check(exported)
        except c.Unavailable as reason:
            status, detail = "not available", str(reason)
        except c.Rejected as reason:
            status, detail = "rejected", str(reason)
        except Exception as error:  # noqa: BLE001 - a consumer that breaks on the file did not accept it
            status, detail = "rejected", f"failed while reading the file: {type(error).__name__}: {error}"[:400]
        verdicts.append(Verdict(exported.fmt, rung.consumer, rung.kind, status, detail))
    return verdicts


def course_folder() -> Path | None:
    """Where to look for node_modules and the schemas: the course this command runs in, if any."""
    try:
        return find_root()
    except UserError:
        return None


def check_set(qset: QuestionSet, sources, formats: list[str] | None = None, lms: str | None = None,
              course_root: Path | None = None) -> list[Verdict]:
    """Every verdict on the set: for each format asked (default: all, or the LMS profile's formats)."""
    if formats is None and lms is not None:
        from .profiles import find_profile  # noqa: PLC0415 - only --lms needs it

        formats = list(find_profile(lms).formats)
    if course_root is None:
        course_root = course_folder()
    verdicts = []
    for fmt in formats or list(FORMATS):
        if fmt not in LADDER:
            raise UserError(f"--to: unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
        result = ExportResult()
        fmt, files = render(qset, fmt, sources, lms, result)
        verdicts += climb(c.Exported(fmt, files, qset, lms, result.skipped, course_root))
    return verdicts


def report(verdicts: list[Verdict]) -> str:
    width = max(len(v.consumer) for v in verdicts)
    lines = []
    for fmt in dict.fromkeys(v.fmt for v in verdicts):
        lines.append(f"{fmt}:")
        lines += [f"  {v.status:<13} {v.consumer:<{width}}  {v.detail}" for v in verdicts if v.fmt == fmt]
    accepted = sum(v.status == "accepted" for v in verdicts)
    rejected = sum(v.status == "rejected" for v in verdicts)
    absent = sum(v.status == "not available" for v in verdicts)
    lines.append(f"{accepted} accepted, {rejected} rejected, {absent} not available")
    return "\n".join(lines)
