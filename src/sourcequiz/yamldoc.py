"""Reading YAML safely, keeping the line of every value.

Banks come from anywhere (written by hand, converted, passed around), so the reader is
built from the parser's event stream rather than PyYAML's recursive composer: deep nesting
cannot exhaust the stack, aliases cannot multiply a small file into a huge document ("billion
laughs"), and every refusal is a `YamlSyntaxError` with a line and column. Only plain data
comes out: mappings, lists, text, numbers, booleans, null and dates (as ISO text).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

# libyaml's parser when PyYAML has it (several times faster); on a syntax error the pure parser reports it.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2_000_000    # 25 times the largest bank of the course (82 kB, some 80 questions)
MAX_DEPTH = 40           # a bank nests five levels deep; a converter gone wrong nests thousands
MAX_VALUES = 300_000     # every value counted, aliases as often as they are used

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
Path_ = tuple[Any, ...]


class YamlSyntaxError(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


@dataclass
class Document:
    """Plain data read from YAML, with the line of every node by its path of keys and indices."""

    data: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int:
        """The line of the deepest node along `path` that exists."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def read_text(path: Path) -> str:
    """A YAML file's text, refused before reading when it is too large; a UTF-8 BOM is dropped.

    Raises UnicodeDecodeError for text that is not UTF-8 and YamlSyntaxError for a huge file.
    """
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlSyntaxError(1, 1, f"the file is {size / 1e6:.1f} MB; a YAML file here may be at most "
                                    f"{MAX_BYTES / 1e6:.0f} MB (split a big bank into several files)")
    return path.read_bytes().decode("utf-8-sig")


def parse_yaml(text: str) -> Document:
    """Parse one YAML document keeping line numbers. Duplicate keys are an error, as a typo must not pass silently."""
    try:
        return Builder(text, FAST_LOADER).document()
    except YamlSyntaxError:
        raise
    except yaml.YAMLError:  # parse again with the pure-Python parser for its clearer message
        try:
            return Builder(text, yaml.SafeLoader).document()
        except yaml.YAMLError as exc:
            raise located(exc, text) from None


def located(exc: yaml.YAMLError, text: str) -> YamlSyntaxError:
    if isinstance(exc, yaml.MarkedYAMLError) and (exc.problem_mark or exc.context_mark):
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{what} ({exc.context})"
        return YamlSyntaxError(mark.line + 1, mark.column + 1, what)
    position = getattr(exc, "position", None)
    if isinstance(exc, yaml.reader.ReaderError) and position is not None:
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return YamlSyntaxError(line, column, f"the character U+{code:04X} is not allowed in YAML text "
                                             f"(remove it, or write it as an escape in double quotes)")
    return YamlSyntaxError(1, 1, str(exc).splitlines()[0] if str(exc) else "invalid YAML")


def where(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


@dataclass
class Frame:
    """A mapping or list being read."""

    container: dict | list
    path: Path_
    anchor: str | None
    values_before: int       # the count of values when it opened: what an alias to it is worth
    key: tuple | None = None  # (key,) while a mapping waits for that key's value

    def wants_key(self) -> bool:
        return isinstance(self.container, dict) and self.key is None


class Builder:
    """Plain data from the parser's events, with an explicit stack instead of recursion."""

    def __init__(self, text: str, loader_class):
        self.loader = loader_class(text)
        self.resolver = Resolver()
        self.scalars = SafeConstructor()
        self.lines: dict[Path_, int] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, how many values it holds)
        self.values = 0

    def document(self) -> Document:
        try:
            return self._document()
        finally:
            self.loader.dispose()

    def _document(self) -> Document:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return Document(None, self.lines)
        loader.get_event()  # document start
        data = self._node()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            line, column = where(loader.peek_event())
            raise YamlSyntaxError(line, column, "a second YAML document ('---') in one file; "
                                                "a bank is a single document")
        return Document(data, self.lines)

    def _count(self, event: yaml.Event, how_many: int = 1) -> None:
        self.values += how_many
        if self.values > MAX_VALUES:
            line, column = where(event)
            raise YamlSyntaxError(line, column, f"the file holds more than {MAX_VALUES:,} values (counting each "
                                                f"use of an alias); a bank this large is refused")

    def _node(self) -> Any:
        """Read one whole node (a scalar, or a collection with everything in it)."""
        stack: list[Frame] = []
        while True:
            event = self.loader.get_event()
            if stack and stack[-1].wants_key() and isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                line, column = where(event)
                raise YamlSyntaxError(line, column, "a key must be plain text or a number, not a list or mapping")
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.container, self.values - frame.values_before)
                value = frame.container
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                path = self._child_path(stack)
                self._check_tag(event)
                if len(stack) >= MAX_DEPTH:
                    line, column = where(event)
                    raise YamlSyntaxError(line, column, f"nested more than {MAX_DEPTH} levels deep; a bank needs "
                                                        f"a handful")
                self._count(event)
                self.lines.setdefault(path, event.start_mark.line + 1)
                container = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append(Frame(container, path, event.anchor, self.values))
                continue
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    line, column = where(event)
                    raise YamlSyntaxError(line, column, f"the alias *{event.anchor} names no anchor defined before it")
                value, size = self.anchors[event.anchor]
                self._count(event, size)
                self.lines.setdefault(self._child_path(stack), event.start_mark.line + 1)
            elif isinstance(event, yaml.ScalarEvent):
                self._count(event)
                value = self._scalar(event)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                self.lines.setdefault(self._child_path(stack), event.start_mark.line + 1)
            else:  # pragma: no cover - the parser emits nothing else inside a document
                line, column = where(event)
                raise YamlSyntaxError(line, column, f"unexpected {type(event).__name__}")
            if not stack:
                return value
            self._add(stack[-1], value, event)

    @staticmethod
    def _child_path(stack: list[Frame]) -> Path_:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.container, dict):
            return frame.path + (("<key>",) if frame.key is None else frame.key)
        return frame.path + (len(frame.container),)

    def _add(self, frame: Frame, value: Any, event: yaml.Event) -> None:
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        if frame.key is None:  # this value is a key
            if not isinstance(value, (str, int, float, bool)) and value is not None:
                line, column = where(event)
                raise YamlSyntaxError(line, column, "a key must be plain text or a number")
            if value in frame.container:
                line, column = where(event)
                raise YamlSyntaxError(line, column, f"the key {value!r} appears twice in the same mapping")
            self.lines[frame.path + (value,)] = event.start_mark.line + 1
            frame.key = (value,)
        else:
            frame.container[frame.key[0]] = value
            frame.key = None

    def _check_tag(self, event: yaml.Event) -> None:
        expected = MAP_TAG if isinstance(event, yaml.MappingStartEvent) else SEQ_TAG
        if event.tag not in (None, "!", expected):
            line, column = where(event)
            raise YamlSyntaxError(line, column, f"the tag {event.tag} is not supported here; write plain "
                                                f"mappings, lists and text")

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.scalars.construct_object(node)
            self.scalars.constructed_objects.clear()  # it would keep every scalar ever read
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            line, column = where(event)
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise YamlSyntaxError(line, column, f"cannot read the value {shorten(event.value)!r}: {reason}") from None
        if isinstance(value, bytes):
            line, column = where(event)
            raise YamlSyntaxError(line, column, "binary data (!!binary) is not allowed; write text")
        return value.isoformat() if hasattr(value, "isoformat") else value


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
