"""The course's source texts: `sources/sources.yml`, the texts it lists, and their anchors."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .model import ID_PATTERN
from .problems import UserError, display_path
from .yamldoc import YamlSyntaxError, parse_yaml, read_text

MAX_SOURCE_BYTES = 20_000_000
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Segment:
    """A sentence of a source text, with a stable anchor: `<source>-s<n>`, counted from 1."""

    anchor: str
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    path: Path
    text: str
    author: str = "unknown"
    kind: str = ""
    written: str = ""
    known_issues: tuple[str, ...] = ()
    notes: dict = field(default_factory=dict, compare=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Spans of paragraphs: blocks of text separated by blank lines."""
        spans = []
        for match in re.finditer(r"\S(?:.*?\S)?(?=\n[ \t]*\n|\s*\Z)", self.text, re.S):
            spans.append((match.start(), match.end()))
        return spans

    @cached_property
    def segments(self) -> list[Segment]:
        """Every sentence, in order, with its anchor. The texts never change, so anchors are stable."""
        segments: list[Segment] = []
        for number, (start, end) in enumerate(self.paragraphs, 1):
            block = self.text[start:end]
            cut = 0
            for match in SENTENCE_END.finditer(block):
                segments.append(self._segment(len(segments) + 1, number, start + cut, start + match.start()))
                cut = match.end()
            segments.append(self._segment(len(segments) + 1, number, start + cut, end))
        return segments

    def _segment(self, n: int, paragraph: int, start: int, end: int) -> Segment:
        return Segment(f"{self.id}-s{n}", paragraph, start, end)

    def segment_at(self, offset: int) -> Segment:
        """The sentence holding the character at `offset` (or the nearest one before it)."""
        index = bisect_right(self._segment_starts, offset) - 1
        return self.segments[max(index, 0)]

    @cached_property
    def _segment_starts(self) -> list[int]:
        return [segment.start for segment in self.segments]


class SourceRegistry:
    """All sources of a course, by id."""

    def __init__(self, directory: Path, sources: list[Source]):
        self.directory = directory
        self._by_id = {s.id: s for s in sources}

    def __iter__(self):
        return iter(self._by_id.values())

    def __contains__(self, source_id: str) -> bool:
        return source_id in self._by_id

    def __getitem__(self, source_id: str) -> Source:
        return self._by_id[source_id]

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    @classmethod
    def load(cls, directory: Path | str) -> "SourceRegistry":
        """Read `sources.yml` and the texts it lists. A source's `file` must be a file name inside
        `directory`: an index passed around cannot make the tool read anything else."""
        directory = Path(directory)
        index = directory / "sources.yml"
        shown = display_path(index)
        if not index.is_file():
            raise UserError(f"{shown}: not found; pass --sources DIR, the folder holding sources.yml")
        try:
            document = parse_yaml(read_text(index))
        except YamlSyntaxError as exc:
            raise UserError(f"{shown}:{exc.line}: column {exc.column}: not valid YAML: {exc.message}") from None
        except UnicodeDecodeError as exc:
            raise UserError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        data = document.data
        entries = data.get("sources") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise UserError(f"{shown}:1: expected a 'sources:' list of entries with id, file and title")
        sources = []
        for number, entry in enumerate(entries):
            where = f"{shown}:{document.line(('sources', number))}"
            if not isinstance(entry, dict) or not {"id", "file"} <= entry.keys():
                raise UserError(f"{where}: source entry {number + 1} needs at least 'id' and 'file'")
            source_id, name = entry["id"], entry["file"]
            if not isinstance(source_id, str) or not re.fullmatch(ID_PATTERN, source_id):
                raise UserError(f"{where}: the source id {source_id!r} is not an id: expected lowercase "
                                f"letters, digits and hyphens")
            path = source_file(directory, name)
            if path is None:
                raise UserError(f"{where}: source {source_id!r} names file {name!r}; expected the name of a "
                                f"file in {display_path(directory)} (no folders, no '..', no absolute path)")
            try:
                text = read_source_text(path)
            except ValueError as exc:
                raise UserError(f"{display_path(path)}: {exc}") from None
            known = tuple(str(k) for k in entry.get("known_issues") or ())
            sources.append(Source(
                id=source_id, title=str(entry.get("title") or source_id), path=path,
                text=text, author=str(entry.get("author", "unknown")),
                kind=str(entry.get("kind", "")), written=str(entry.get("written", "")),
                known_issues=known, notes={k: v for k, v in entry.items() if str(k).endswith("_note")},
            ))
        return cls(directory, sources)


def source_file(directory: Path, name) -> Path | None:
    """`directory/name` when `name` is a plain file name of an existing file there; else None."""
    if not isinstance(name, str) or not name or name != Path(name).name or name in (".", ".."):
        return None
    path = directory / name
    if not path.is_file() or not path.resolve().is_relative_to(directory.resolve()):
        return None  # a symlink out of the folder counts as outside
    return path


def read_source_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise ValueError(f"{size / 1e6:.1f} MB; a source text may be at most {MAX_SOURCE_BYTES / 1e6:.0f} MB")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def read_checksums(path: Path) -> dict[str, str]:
    """A `sha256sum`-style file: `<hex>  <file name>` per line."""
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.strip().lstrip("*")] = digest
    return sums
