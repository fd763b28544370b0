"""The printable worksheet and its answer key as PDF, drawn with reportlab from the same lines
as the HTML worksheet (`worksheet.documents`)."""

from __future__ import annotations

import io
from functools import lru_cache
from html import escape
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from .worksheet import Line, documents

EXTENSION = ".pdf"
# Fonts that cover curly quotes, dashes and accents: Debian's DejaVu when present, else the
# Bitstream Vera fonts that ship inside reportlab.
FONT_CHOICES = [
    (Path("/usr/share/fonts/truetype/dejavu"), ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf")),
    (Path(__import__("reportlab").__file__).parent / "fonts", ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf")),
]


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str, str]:
    for folder, files in FONT_CHOICES:
        if all((folder / f).is_file() for f in files):
            names = tuple(f"sq-{Path(f).stem}" for f in files)
            for name, file in zip(names, files):
                pdfmetrics.registerFont(TTFont(name, str(folder / file)))
            pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2])
            return names
    return ("Times-Roman", "Times-Bold", "Times-Italic")


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10.5, leading=14, spaceAfter=2)
    return {
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=16, leading=20, spaceAfter=4),
        "meta": ParagraphStyle("meta", base, fontSize=9, textColor="#444444", spaceAfter=12),
        "prompt": ParagraphStyle("prompt", base, fontName=bold),
        "hint": ParagraphStyle("hint", base, fontName=italic),
        "choice": ParagraphStyle("choice", base, leftIndent=14),
        "pair": ParagraphStyle("pair", base, leftIndent=14),
        "evidence": ParagraphStyle("evidence", base, fontSize=9.5, leading=12.5, leftIndent=14, spaceAfter=0),
        "source": ParagraphStyle("source", base, fontName=italic, fontSize=9.5, leading=12.5, leftIndent=24),
        "answer": ParagraphStyle("answer", base, fontName=bold),
        "text": base, "blank": base,
    }


class LaidOutParagraph(Paragraph):
    """A paragraph that breaks its lines once per width. KeepTogether measures each question before the
    frame lays it out again at the same width; breaking lines is most of a PDF's time."""

    def wrap(self, availWidth, availHeight):
        if getattr(self, "_laid_out_for", None) != availWidth:
            self._laid_out_size = super().wrap(availWidth, availHeight)
            self._laid_out_for = availWidth
        return self._laid_out_size


def markup(text: str) -> str:
    """Text as paragraph markup. Only & and < are escaped: reportlab makes each entity a fragment of its own, and
    a paragraph of several fragments takes its slow line breaking (an apostrophe as &#x27; doubled the PDF's time)."""
    return escape(text, quote=False)


def paragraphs(line: Line, number: int | None) -> list[Paragraph]:
    """A line's paragraphs, each in one style and fragment where it can be (see `markup`)."""
    text = markup(line.text)
    if line.style == "prompt" and number is not None:
        text = f"{number}. {text}"
    elif line.style == "choice":
        text = f"[\u00a0\u00a0\u00a0] {markup(line.label)}. {text}"
    elif line.style == "pair":
        text = f"{markup(line.label)}. {text} [\u00a0\u00a0\u00a0]\u00a0\u00a0 {markup(line.extra)}"
    elif line.style == "blank":
        text = f"{text} {'_' * 30} {markup(line.extra)}"
    elif line.style == "answer":
        text = f"Answer: {text}"
    elif line.style == "evidence":
        return [LaidOutParagraph(f"“{text}”", styles()["evidence"]),
                LaidOutParagraph(f"— {markup(line.label)}", styles()["source"])]
    return [LaidOutParagraph(text, styles()[line.style])]


def render_pdf(title: str, subtitle: str, questions: list[list[Line]]) -> bytes:
    story = [Paragraph(markup(title), styles()["title"]), Paragraph(markup(subtitle), styles()["meta"])]
    for number, lines in enumerate(questions, 1):
        story.append(KeepTogether([p for line in lines for p in paragraphs(line, number)] + [Spacer(1, 8)]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title=title, author="sourcequiz", invariant=1).build(story)
    return buffer.getvalue()


def export(qset, sources, result) -> dict[str, bytes]:
    return {suffix: render_pdf(*document) for suffix, document in documents(qset, sources).items()}
