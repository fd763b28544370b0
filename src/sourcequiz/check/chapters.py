"""Check the chapters: every ``{cite-source}`id: "quote"` `` (or `quote-source`) follows the quote rules, and every
number or date in a paragraph, list item or table cell is supported by a citation in that same
paragraph, item or cell (for a table cell, also by a citation in its row, as a timeline table
gives the date in one cell and the cited event in the next).

Exempt: headings, code (fenced code and ``{code-cell}``), the ``{quiz}`` and ``{source-text}``
directives, directive options, and the body of a ``{admonition} Beyond the sources``. Numbers
that only point inside the book ("chapter 8", "figure 2") and small numbers written as words
("the two sides") are not facts to cite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import facts as F
from ..problems import display_path
from ..textmatch import Match, find_quote
from .context import TEACHING_WORDS
from .engine import Engine
from . import prose
from .quotes import explain_missing
from .report import CODES, ChapterReport, Finding

ROLE = re.compile(r"\{(?:cite|quote)-source\}`([^`]*)`")  # quote-source also shows the words
CITATION = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*:\s*(.*?)\s*$", re.S)
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?:\{(?P<directive>[^}]+)\})?\s*(?P<arg>.*?)\s*$")
CODE_DIRECTIVES = {"code-cell", "code", "code-block", "sourcecode", "quiz", "source-text", "math", "raw",
                   "eval-rst", "literalinclude", "glue", "mermaid", "toctree", "tableofcontents"}
BEYOND = re.compile(r"^beyond the sources\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
POINTER = re.compile(r"\b(?:chapters?|ch|sections?|figures?|fig|tables?|exercises?|questions?|steps?|parts?|"
                     r"pages?|lines?|level|vol|no|item)\.?\s*$", re.IGNORECASE)
SMALL_WORD_NUMBER = 10


@dataclass
class Unit:
    """A paragraph, list item or table cell: its text and the line each of its lines starts on."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    kind: str = "paragraph"          # paragraph | list item | table cell
    row: str = ""                    # for a table cell: the whole row, whose citations also support it

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    def line_at(self, offset: int) -> int:
        count = self.text.count("\n", 0, offset)
        return self.lines[min(count, len(self.lines) - 1)][0]


def chapter_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.md") if p.is_file()))
        elif path.is_file():
            files.append(path)
    return files


def check_chapter(path: Path, engine: Engine) -> ChapterReport:
    shown = display_path(path)
    report = ChapterReport(shown)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.findings.append(Finding("format", "error", f"cannot read the chapter: {exc}", 1))
        return report
    for unit in units(text):
        report.findings.extend(check_unit(unit, engine, report))
    return report


def check_unit(unit: Unit, engine: Engine, report: ChapterReport) -> list[Finding]:
    findings: list[Finding] = []
    text = unit.text
    quotes: list[str] = []
    located: dict[int, tuple[str, Match]] = {}        # citation offset -> (source id, where its quote is)
    teaches = bool(TEACHING_WORDS.search(prose_of(text) + " " + prose_of(unit.row)))
    for role in ROLE.finditer(text):
        report.citations += 1
        line = unit.line_at(role.start())
        parsed = CITATION.match(role.group(1))
        if not parsed:
            findings.append(_finding("citation-syntax", f"the citation `{role.group(1)}` is not "
                                     f"`source-id: \"quote\"`", line))
            continue
        source_id, quote = parsed.group(1), _unquote(parsed.group(2))
        if source_id not in engine.sources:
            findings.append(_finding("unknown-source", f"the citation names {source_id!r}, which sources.yml "
                                     f"does not list (it lists {', '.join(engine.sources.ids)})", line))
            continue
        if not quote.strip(" .…"):
            findings.append(_finding("citation-syntax", f"the citation of {source_id} has an empty quote", line))
            continue
        match = find_quote(quote, engine.source(source_id).text)
        if match is None:
            message, passages = explain_missing(engine, quote, source_id)
            findings.append(_finding("quote-not-found", f"citation of {source_id}: {message}", line, passages))
            continue
        quotes.append(quote)
        located[role.start()] = (source_id, match)
        if not teaches:
            findings.extend(_known_issues(engine, source_id, match, line))
    if unit.row:  # a timeline row: the date in one cell, the cited event in the next
        for match in ROLE.finditer(unit.row):
            parsed = CITATION.match(match.group(1))
            if parsed and parsed.group(1) in engine.sources and match.group(0) not in text:
                quote = _unquote(parsed.group(2))
                if quote.strip(" .…") and find_quote(quote, engine.source(parsed.group(1)).text):
                    quotes.append(quote)
    findings += _claims(unit, engine, located)
    prose = prose_of(text)
    facts = F.extract_values(prose)
    cited = F.extract_values(" ... ".join(quotes)) if quotes else None
    for fact in (*facts.numbers, *facts.dates, *facts.years):
        if fact.weak or _exempt(fact, facts.text):
            continue
        if cited is not None and F.fact_in(fact, cited):
            continue
        where = f"no citation in this {unit.kind}" if quotes else f"this {unit.kind} has no citation that"
        findings.append(_finding("uncited-fact", f"{fact.kind} {fact.text!r}: {where} states it; cite the "
                                 f"passage that gives it, or move it into a 'Beyond the sources' note",
                                 _line_of_fact(unit, fact.text)))
    return findings


def _claims(unit: Unit, engine: Engine, located: dict[int, tuple[str, Match]]) -> list[Finding]:
    """Each sentence of the unit against the passages it cites (see prose.py)."""
    findings = []
    for offset, sentence in prose.sentences(unit.text, ROLE):
        for words, run in prose.claims(sentence, ROLE):
            cited = [located[offset + role.start()] for role in run if offset + role.start() in located]
            words = " ".join(prose_of(words).split())
            if cited and words:
                findings += prose.check_sentence(engine, cited, words, unit.line_at(offset))
    return findings


def _known_issues(engine: Engine, source_id: str, match, line: int) -> list[Finding]:
    """A citation whose passage a known_issues entry flags, in a unit that does not teach the error."""
    findings, seen = [], set()
    for flag in engine.flags_over(source_id, match.spans):
        if flag.furniture or flag.issue in seen:
            continue
        seen.add(flag.issue)
        passage = engine.passage(source_id, flag.start, flag.end)
        findings.append(_finding(
            "known-issue", f"the citation of {source_id} quotes {flag.fragment!r} ({passage.anchor}), a known error "
            f"listed under known_issues: \"{flag.issue}\" Say so where it is cited (name the error and what is known "
            f"instead), or cite another passage", line, [passage]))
    return findings


def _finding(code: str, message: str, line: int, passages=None) -> Finding:
    return Finding(code, CODES[code][0], message, line, passages or [])


def _unquote(quote: str) -> str:
    quote = quote.strip()
    for left, right in (('"', '"'), ("“", "”"), ("'", "'")):
        if len(quote) >= 2 and quote.startswith(left) and quote.endswith(right):
            return quote[1:-1]
    return quote


def _exempt(fact: F.Fact, text: str) -> bool:
    if POINTER.search(text[max(0, fact.start - 12):fact.start]):
        return True
    if fact.kind == "number" and not any(ch.isdigit() for ch in fact.text) and \
            max(fact.value) <= SMALL_WORD_NUMBER:
        return True
    return False


def _line_of_fact(unit: Unit, shown: str) -> int:
    for line, text in unit.lines:
        if shown in " ".join(prose_of(text).split()):
            return line
    return unit.lines[0][0]


@lru_cache(maxsize=4096)
def prose_of(text: str) -> str:
    """The unit's own words: citations, inline code, link targets and markup taken out."""
    text = ROLE.sub(" ", text)
    text = re.sub(r"\{(?:term|abbr)\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    text = re.sub(r"\{[a-z-]+\}`[^`]*`", " ", text)
    text = re.sub(r"``.*?``|`[^`]*`", " ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[\^[^\]]*\]", " ", text)
    return text


def units(text: str):
    """Paragraphs, list items and table cells of a MyST Markdown chapter, with their lines."""
    lines = text.splitlines()
    i = 0
    if lines and lines[0].strip() == "---":  # front matter
        for j in range(1, len(lines)):
            if lines[j].strip() == "---":
                i = j + 1
                break
    current: Unit | None = None
    stack: list[tuple[str, bool, bool]] = []   # (fence, skip content, exempt) of open fences
    in_options = False

    def flush():
        nonlocal current
        if current is not None and current.text.strip():
            yield current
        current = None

    while i < len(lines):
        number, line = i + 1, lines[i]
        i += 1
        fence = FENCE.match(line)
        skipping = any(skip or exempt for _, skip, exempt in stack)
        if fence and stack and fence["fence"][0] == stack[-1][0][0] and len(fence["fence"]) >= len(stack[-1][0]) \
                and not fence["directive"] and not fence["arg"]:
            yield from flush()
            stack.pop()
            in_options = False
            continue
        if fence and not (stack and stack[-1][1]):
            yield from flush()
            directive = (fence["directive"] or "").strip()
            name = directive.split()[0] if directive else ""
            code = not directive or name in CODE_DIRECTIVES
            exempt = name == "admonition" and bool(BEYOND.match(fence["arg"] or ""))
            stack.append((fence["fence"], code, exempt))
            in_options = bool(directive)
            continue
        if skipping:
            continue
        if in_options:
            if re.match(r"^\s*:[\w-]+:", line) or (not line.strip() and current is None):
                continue
            in_options = False
        stripped = line.strip()
        if not stripped:
            yield from flush()
            continue
        if stripped.startswith("#") or re.match(r"^\(.+\)=\s*$", stripped) or stripped.startswith("%") \
                or stripped == "+++" or stripped.startswith("<!--"):
            yield from flush()
            continue
        if stripped.startswith("|"):
            yield from flush()
            if re.fullmatch(r"\|?[\s:|-]+\|?", stripped):
                continue
            for cell in _cells(stripped):
                if cell.strip():
                    yield Unit([(number, cell)], "table cell", stripped)
            continue
        if LIST_ITEM.match(line):
            yield from flush()
            current = Unit([(number, LIST_ITEM.sub("", line, count=1))], "list item")
            continue
        if current is None:
            current = Unit()
        current.lines.append((number, line))
    yield from flush()


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row; a `|` inside backticks (a role) does not split."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells, current, in_code = [], [], False
    for ch in row:
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
    cells.append("".join(current))
    return cells
