"""The printable worksheet and its answer key as PDF (WeasyPrint renders the HTML pages)."""

from __future__ import annotations

from ..problems import UserError
from .worksheet import pages

EXTENSION = ".pdf"


def export(qset, sources, result) -> dict[str, bytes]:
    try:
        from weasyprint import HTML  # noqa: PLC0415 - optional, heavy
    except (ImportError, OSError) as exc:
        raise UserError(f"PDF export needs WeasyPrint and the Pango library ({exc}); "
                        f"install with `pip install weasyprint`, or export --to html and print that") from None
    return {suffix: HTML(string=text).write_pdf() for suffix, text in pages(qset, sources).items()}
