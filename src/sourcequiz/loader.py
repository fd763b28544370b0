"""Reading bank files: YAML with line numbers in, models and located problems out.

Every problem in every file is collected and reported together as
`path:line: message`. A bad question spoils only itself: the header of a bank
and each question are validated on their own.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .model import FIRST_YEAR, LAST_YEAR, QUESTION_CLASSES, QUESTION_TYPES, Bank, BankHeader, Question, SetHeader
from .problems import Problem, UserError, display_path
from .sources import SourceRegistry
from .yamldoc import Document, Path_, YamlSyntaxError, parse_yaml, read_text

BANK_SUFFIXES = (".yml", ".yaml")
QUESTION_ADAPTER: TypeAdapter = TypeAdapter(Question)


@dataclass
class LoadedBank:
    """A bank that passed validation (possibly with some questions left out), and where things are."""

    path: Path
    bank: Bank
    document: Document
    question_index: dict[str, int] = field(default_factory=dict)  # question id -> index in the file
    set_header: SetHeader | None = None  # present when the file is a question set, not a bank

    @property
    def display(self) -> str:
        return display_path(self.path)

    def line(self, question_id: str, *fields: Any) -> int:
        return self.document.line(("questions", self.question_index[question_id], *fields))


@dataclass
class LoadResult:
    banks: list[LoadedBank] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unusable: bool = False  # some file could not be parsed at all

    @property
    def questions(self):
        for loaded in self.banks:
            for question in loaded.bank.questions:
                yield loaded, question


def bank_files(paths: list[Path]) -> list[Path]:
    """The YAML files named, or found (sorted) in the folders named."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise UserError(f"{display_path(path)}: not a file or folder of banks")
        else:
            raise UserError(f"{display_path(path)}: no such file or folder")
    return files


def load_banks(paths: list[Path], sources: SourceRegistry | None = None) -> LoadResult:
    result = LoadResult()
    first_bank: dict[str, str] = {}
    first_question: dict[str, str] = {}  # question id -> "path:line" where it first appears
    for path in bank_files(paths):
        loaded = load_bank_file(path, result, sources, first_question)
        if loaded is None:
            continue
        line = loaded.document.line(("bank",))
        if loaded.bank.bank in first_bank:
            result.problems.append(Problem(loaded.display, line, f"bank: the bank id {loaded.bank.bank!r} is "
                                                                 f"already used at {first_bank[loaded.bank.bank]}"))
        first_bank.setdefault(loaded.bank.bank, f"{loaded.display}:{line}")
        result.banks.append(loaded)
    result.problems.sort(key=lambda p: (p.path, p.line or 0))
    return result


def load_bank_file(path: Path, result: LoadResult, sources: SourceRegistry | None,
                   first_question: dict[str, str]) -> LoadedBank | None:
    shown = display_path(path)
    try:
        document = parse_yaml(read_text(path))
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        result.problems.append(Problem(shown, line, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                                    f"save the file as UTF-8"))
        result.unusable = True
        return None
    except OSError as exc:
        result.problems.append(Problem(shown, None, f"cannot be read: {exc.strerror or exc}"))
        result.unusable = True
        return None
    except YamlSyntaxError as exc:
        result.problems.append(Problem(shown, exc.line, f"column {exc.column}: YAML syntax error: {exc.message}",
                                       code="yaml-syntax"))
        result.unusable = True
        return None
    data = document.data
    if not isinstance(data, dict):
        found = "an empty file" if data is None else describe_value(data)
        result.problems.append(Problem(shown, 1, f"expected a bank: a mapping with 'bank', 'title' and "
                                                 f"'questions', found {found}"))
        return None

    problems: list[Problem] = []
    header_data = {k: v for k, v in data.items() if k != "questions"}
    is_set = "set" in data
    header = validated(SetHeader if is_set else BankHeader, header_data, document, (), problems, shown, label="")
    questions_data = data.get("questions")
    if questions_data is None:
        problems.append(Problem(shown, 1, "questions: required but missing (a list of questions)"))
        questions_data = []
    elif not isinstance(questions_data, list):
        problems.append(Problem(shown, document.line(("questions",)),
                                f"questions: expected a list of questions, found {describe_value(questions_data)}"))
        questions_data = []
    elif not questions_data:
        problems.append(Problem(shown, document.line(("questions",)), "questions: the list is empty"))

    good = []
    index: dict[str, int] = {}
    for i, raw in enumerate(questions_data):
        label = question_label(raw, i)
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw_id, str):
            line = document.line(("questions", i, "id"))
            if raw_id in first_question:
                problems.append(Problem(shown, line, f"{label}id: already used at {first_question[raw_id]}; "
                                                     f"question ids must be unique across all banks"))
                continue
            first_question[raw_id] = f"{shown}:{line}"
        question = validated(QUESTION_ADAPTER, raw, document, ("questions", i), problems, shown, label)
        if question is None:
            continue
        if sources is not None:
            unknown = [(j, e.source) for j, e in enumerate(question.evidence) if e.source not in sources]
            for j, source_id in unknown:
                problems.append(Problem(
                    shown, document.line(("questions", i, "evidence", j, "source")),
                    f"{label}evidence[{j}].source: unknown source {source_id!r}; sources.yml lists "
                    f"{', '.join(sources.ids)}", code="unknown-source",
                    extra={"question": question.id}))
            if unknown:
                continue
        good.append(question)
        index[question.id] = i
    result.problems.extend(problems)
    if header is None:
        return None
    if is_set:
        bank = Bank.model_construct(bank=header.set, title=header.title, chapter=None, questions=good)
        return LoadedBank(path, bank, document, index, set_header=header)
    bank = Bank.model_construct(**header.model_dump(), questions=good)
    return LoadedBank(path, bank, document, index)


def question_label(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"question {raw['id']!r}: "
    return f"question {index + 1}: "


def validated(schema, raw: Any, document: Document, base: Path_, problems: list[Problem], shown: str,
              label: str):
    """Validate `raw` against a model or adapter; on failure record located, plain-word problems."""
    try:
        if isinstance(schema, type) and issubclass(schema, BaseModel):
            return schema.model_validate(raw)
        return schema.validate_python(raw)
    except ValidationError as exc:
        seen: set[tuple[int, str]] = set()
        for error in exc.errors():
            path = data_path(raw, error)
            message = explain(error, raw, path)
            line = document.line(base + path)
            if (line, message) in seen:
                continue
            seen.add((line, message))
            problems.append(Problem(shown, line, f"{label}{message}"))
        return None


def data_path(raw: Any, error: dict) -> Path_:
    """Map pydantic's error location onto keys and indices that exist in the data.

    Union branch names (`single`, `int`, `tuple[int, int]`) are dropped; a cross-field
    rule's `field` context is appended.
    """
    path: list[Any] = []
    node = raw
    for part in error["loc"]:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and error["type"] in ("missing", "extra_forbidden") and part == error["loc"][-1]:
            path.append(part)
    if error["type"] == "rule":
        for part in str(error.get("ctx", {}).get("field", "")).split("."):
            if part:
                path.append(int(part) if part.isdigit() else part)
    return tuple(path)


def field_name(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def value_at(raw: Any, path: Path_) -> Any:
    for part in path:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def describe_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        short = len(value) <= 4 and all(isinstance(v, (int, float, str)) and len(str(v)) < 30 for v in value)
        return repr(value) if short else f"a list of {len(value)}"
    return repr(value)


def explain(error: dict, raw: Any, path: Path_) -> str:
    """One pydantic error in plain words: which field, what was expected, what was found."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = field_name(path)
    found = describe_value(value_at(raw, path))
    if kind == "rule":
        return error["msg"]
    if kind == "missing":
        return f"{name}: required but missing"
    if kind == "extra_forbidden":
        allowed = allowed_fields(raw, path[:-1])
        guess = difflib.get_close_matches(str(path[-1]), allowed, n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else f" (allowed here: {', '.join(allowed)})"
        return f"{name}: unknown field{hint}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = value_at(raw, ("type",))
        if tag is None:
            return f"type: required but missing (one of {', '.join(QUESTION_TYPES)})"
        return f"type: expected one of {', '.join(QUESTION_TYPES)}, found {tag!r}"
    if path and (path[-1] == "year" or (len(path) > 1 and path[-2] == "year")):
        return (f"year: expected a year from {FIRST_YEAR} to {LAST_YEAR} such as 2020, or a range such as "
                f"[2018, 2020], found {describe_value(value_at(raw, ('year',)))}")
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type", "int_from_float"):
        return f"{name}: expected a number, found {found}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{name}: expected true or false, found {found}"
    if kind == "string_unicode":
        return f"{name}: holds a lone surrogate escape (such as \\ud800), which is not text; remove it"
    if kind == "string_type":
        return f"{name}: expected text, found {found}"
    if kind == "string_pattern_mismatch":
        return f"{name}: expected lowercase letters, digits and hyphens (such as 'doha-signing-date'), found {found}"
    if kind == "string_too_short":
        return f"{name}: must not be empty"
    if kind == "string_too_long":
        return f"{name}: at most {ctx.get('max_length'):,} characters, found {len(str(error.get('input', ''))):,}"
    if kind == "too_long":
        return f"{name}: at most {ctx.get('max_length')} entries, found {ctx.get('actual_length')}"
    if kind == "finite_number":
        return f"{name}: expected an ordinary number, found {found}"
    if kind == "too_short":
        least = ctx.get("min_length")
        return f"{name}: expected at least {least} {'entry' if least == 1 else 'entries'}, found {ctx.get('actual_length')}"
    if kind == "list_type":
        return f"{name}: expected a list, found {found}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name or 'question'}: expected a mapping of fields, found {found}"
    if kind == "literal_error":
        return f"{name}: expected {ctx.get('expected')}, found {found}"
    if kind == "greater_than_equal":
        return f"{name}: expected a number of at least {ctx.get('ge')}, found {found}"
    return f"{name}: {error['msg']}"


def allowed_fields(raw: Any, path: Path_) -> list[str]:
    """The field names valid at `path`, for 'did you mean' hints."""
    from .model import Evidence, Option, Pair  # noqa: PLC0415 - keeps the top of the module short

    node = value_at(raw, path)
    if not path:
        if isinstance(raw, dict) and "type" in raw:
            cls = QUESTION_CLASSES.get(raw["type"])
            return sorted(cls.model_fields) if cls else []
        model = SetHeader if isinstance(raw, dict) and "set" in raw else BankHeader
        return sorted(list(model.model_fields) + ["questions"])
    parent = next((p for p in reversed(path) if isinstance(p, str)), "")
    model = {"evidence": Evidence, "options": Option, "pairs": Pair}.get(parent)
    return sorted(model.model_fields) if model and isinstance(node, dict) else []
