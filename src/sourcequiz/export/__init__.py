"""Exporting a question set to the formats instructors' tools import.

Each format is a module with `EXTENSION` and `export(qset, sources) -> bytes | dict[str, bytes]`
(a dict when the format writes several files: a worksheet and its answer key). Formats that
lack a question type map it faithfully (see `present.py`) or skip it with a message naming
the question; nothing is dropped silently. `profiles.py` adjusts a format's file for one LMS's importer
(`--lms`); `ladder.py` has the file read by every consumer installed here (`--check`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from ..fileio import check_writable, write_new
from ..problems import UserError, display_path
from ..selection import QuestionSet
from ..sources import SourceRegistry

FORMATS = {
    "moodle-xml": ("moodle_xml", "Moodle XML (questions with categories, tags and feedback)"),
    "gift": ("gift", "Moodle GIFT text"),
    "qti12": ("qti12", "QTI 1.2 zip that Canvas imports"),
    "qti21": ("qti21", "IMS content package of QTI 2.1 items"),
    "qti3": ("qti3", "IMS content package of QTI 3.0 items"),
    "anki": ("anki", "Anki deck (.apkg) with stable ids"),
    "csv": ("csv_table", "CSV table, one question a row"),
    "html": ("worksheet", "printable HTML worksheet and a separate answer key"),
    "pdf": ("worksheet_pdf", "printable PDF worksheet and a separate answer key"),
    "notebook": ("notebook", "Jupyter notebook that runs the set as a live quiz"),
}


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages naming each skipped question


def format_module(name: str):
    if name not in FORMATS:
        raise UserError(f"--to: unknown format {name!r}; expected one of {', '.join(FORMATS)}")
    return import_module(f"{__name__}.{FORMATS[name][0]}")


def render(qset: QuestionSet, fmt: str | None, sources: SourceRegistry, lms: str | None = None,
           result: ExportResult | None = None) -> tuple[str, dict[str, bytes]]:
    """The format's file contents by name suffix ("" for the main file), with the LMS profile applied."""
    profile = None
    if lms is not None:
        from .profiles import find_profile, format_for  # noqa: PLC0415 - only --lms needs it

        profile = find_profile(lms)
        fmt = format_for(profile, fmt)
    if fmt is None:
        raise UserError("--to: say which format to write (or give --lms)")
    module = format_module(fmt)
    rendered = module.export(qset, sources, result if result is not None else ExportResult())
    if profile is not None:
        rendered = profile.adjust(fmt, rendered, qset)
    return fmt, rendered if isinstance(rendered, dict) else {"": rendered}


def export_set(qset: QuestionSet, fmt: str | None, output: Path, sources: SourceRegistry,
               force: bool = False, lms: str | None = None) -> ExportResult:
    """Render the set and write its file(s); nothing is written unless every file can be."""
    result = ExportResult()
    fmt, files = render(qset, fmt, sources, lms, result)
    if not output.suffix:
        output = output.with_suffix(format_module(fmt).EXTENSION)
    targets = {suffix: Path(f"{output.with_suffix('')}{suffix}{output.suffix}") if suffix else output
               for suffix in files}
    for target in targets.values():
        check_writable(target, force)
    for suffix, data in files.items():
        result.files.append(write_new(targets[suffix], data, force=force))
    return result


def describe(result: ExportResult) -> str:
    lines = [f"wrote {display_path(p)}" for p in result.files]
    lines += [f"skipped: {message}" for message in result.skipped]
    return "\n".join(lines)
