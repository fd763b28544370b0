"""Custom question sets: filter the banks, draw a reproducible set, save it with a snapshot.

Same banks, same query, same seed: same set, in the same order. Every format that
shows a set's options shuffles them with `option_order`, so they agree.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from itertools import chain, zip_longest
from pathlib import Path

import yaml

from .fileio import write_new
from .loader import LoadResult, load_banks
from .model import Bank, Question
from .problems import Problem, UserError, display_path
from .project import find_root
from .sources import SourceRegistry

DIFFICULTIES = ("easy", "medium", "hard")
BALANCE_KEYS = ("difficulty", "type", "bank")


class SelectionError(UserError):
    """The filters leave fewer questions than asked: a problem with the request, not unusable input."""

    exit_code = 1


@dataclass(frozen=True)
class Query:
    banks: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    sources: tuple[str, ...] = ()
    count: int | None = None
    per_bank: int | None = None
    balance: str | None = None
    exclude_sets: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The non-empty filters, as plain YAML-friendly data."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v not in ((), None)}


@dataclass
class QuestionSet:
    name: str
    title: str
    seed: int
    query: Query
    questions: list[Question]
    banks: dict[str, str] = field(default_factory=dict)  # question id -> bank id
    path: Path | None = None

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def as_bank(self) -> Bank:
        return Bank.model_construct(bank=self.name, title=self.title, chapter=None, questions=self.questions)

    def to_yaml(self) -> str:
        data = {
            "set": self.name,
            "title": self.title,
            "seed": self.seed,
            "query": self.query.as_dict(),
            "ids": self.ids,
            "banks": {q.id: self.banks[q.id] for q in self.questions},
            "questions": [question_data(q) for q in self.questions],
        }
        header = ("# A question set drawn by `sourcequiz select`. The questions below are a snapshot:\n"
                  "# the set stays the same if the banks change. Check it with `sourcequiz check`.\n")
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

    def write(self, path: Path, force: bool = False) -> Path:
        self.path = write_new(Path(path), self.to_yaml(), force=force)
        return self.path


def question_data(question: Question) -> dict:
    """A question as bank-format data: id, type and prompt first, defaults left out."""
    data = question.model_dump(mode="json", exclude_defaults=True)
    first = {k: data.pop(k) for k in ("id", "type", "prompt")}
    return {**first, **data}


def option_order(seed: int, question: Question, count: int | None = None) -> list[int]:
    """The shown order of a question's options (or order items, or match right-hand sides).

    Derived from the set's seed and the question id only, so every export format agrees.
    """
    size = count if count is not None else len(getattr(question, "options", ()))
    order = list(range(size))
    random.Random(f"{seed}:{question.id}").shuffle(order)
    return order


def answer_hiding_order(seed: int, question: Question, count: int) -> list[int]:
    """The shown order of order items or match right-hand sides: shuffled like `option_order`, but never
    the keyed order itself, which would show the answer (items already in order, rights beside their lefts)."""
    order = option_order(seed, question, count)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def parse_years(text: str) -> tuple[int, int]:
    parts = text.replace("–", "-").split("-")
    try:
        years = [int(p) for p in parts if p.strip()]
    except ValueError:
        years = []
    if len(years) not in (1, 2) or years[0] > years[-1]:
        raise UserError(f"--years: expected a year such as 2020 or a range such as 2019-2020, found {text!r}")
    return years[0], years[-1]


def chapter_matches(wanted: str, chapter: str | None) -> bool:
    """`5`, `05`, `ch05` and `ch05_doha_agreement` all name chapter ch05_doha_agreement."""
    if not chapter:
        return False
    if wanted.isdigit():
        return chapter.startswith(f"ch{int(wanted):02d}")
    return chapter == wanted or chapter.startswith(wanted)


def question_years(question: Question) -> tuple[int, int] | None:
    if question.year is None:
        return None
    return tuple(question.year) if isinstance(question.year, tuple) else (question.year, question.year)


def matches(query: Query, bank: Bank, question: Question) -> bool:
    if query.banks and bank.bank not in query.banks:
        return False
    if query.chapters and not any(chapter_matches(c, bank.chapter) for c in query.chapters):
        return False
    if query.tags and not set(query.tags) & set(question.tags):
        return False
    if query.types and question.type not in query.types:
        return False
    if query.difficulties and question.difficulty not in query.difficulties:
        return False
    if query.sources and not {e.source for e in question.evidence} & set(query.sources):
        return False
    if query.years:
        span = question_years(question)
        if span is None or span[1] < query.years[0] or span[0] > query.years[1]:
            return False
    return True


def balanced(questions: list[Question], key: str, bank_of: dict[str, str]) -> list[Question]:
    """Interleave the groups (easy, medium, hard, easy, ...) so any prefix is as even as the bank allows."""
    def group_key(q: Question) -> str:
        return bank_of[q.id] if key == "bank" else getattr(q, key)

    groups: dict[str, list[Question]] = {}
    for question in questions:
        groups.setdefault(group_key(question), []).append(question)
    order = sorted(groups, key=lambda g: (DIFFICULTIES.index(g) if g in DIFFICULTIES else 9, g))
    return [q for q in chain.from_iterable(zip_longest(*(groups[g] for g in order))) if q is not None]


def draw(candidates: list[tuple[str, Question]], query: Query, seed: int) -> list[tuple[str, Question]]:
    rng = random.Random(seed)
    pool = sorted(candidates, key=lambda pair: (pair[0], pair[1].id))
    rng.shuffle(pool)
    bank_of = {q.id: b for b, q in pool}

    def arrange(items: list[tuple[str, Question]]) -> list[tuple[str, Question]]:
        if not query.balance:
            return items
        ordered = balanced([q for _, q in items], query.balance, bank_of)
        return [(bank_of[q.id], q) for q in ordered]

    if query.per_bank:
        chosen = []
        for bank in sorted({b for b, _ in pool}):
            from_bank = _apart(arrange([pair for pair in pool if pair[0] == bank]), query.per_bank)
            if len(from_bank) < query.per_bank:
                raise SelectionError(f"the filters leave {len(from_bank)} questions in bank {bank!r} that do not "
                                     f"give each other away, fewer than the {query.per_bank} asked per bank; "
                                     f"relax a filter or lower --per-bank")
            chosen.extend(from_bank)
        rng.shuffle(chosen)
        pool = chosen
    pool = arrange(pool)
    if query.count is not None:
        if len(pool) < query.count:
            raise SelectionError(f"the filters leave {len(pool)} questions, fewer than the {query.count} asked; "
                                 f"relax a filter or lower --count")
        pool = _apart(pool, query.count)
        if len(pool) < query.count:
            raise SelectionError(f"the filters leave only {len(pool)} questions that do not give each other's "
                                 f"answers away (sourcequiz lint: gives-away), fewer than the {query.count} "
                                 f"asked; relax a filter or lower --count")
    return pool


def _apart(pairs: list[tuple[str, Question]], count: int) -> list[tuple[str, Question]]:
    """The first `count` of `pairs` of which no question gives another away (`giveaway.apart`)."""
    bank_of = {id(q): b for b, q in pairs}
    from .giveaway import apart  # noqa: PLC0415 - its fact extraction loads only when needed
    return [(bank_of[id(q)], q) for q in apart([q for _, q in pairs], count)]


def select(query: Query | None = None, *, seed: int = 0, name: str = "custom-set", title: str | None = None,
           root: Path | str | None = None, banks_dir: Path | None = None, sources_dir: Path | None = None,
           **filters) -> QuestionSet:
    """Draw a question set. From Python: `select(chapters=["5"], types=["single"], count=10, seed=1)`."""
    query = query or Query(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in filters.items()})
    if query.balance and query.balance not in BALANCE_KEYS:
        raise UserError(f"--balance: expected one of {', '.join(BALANCE_KEYS)}, found {query.balance!r}")
    base = Path(root) if root else (None if banks_dir and sources_dir else find_root())
    sources = SourceRegistry.load(sources_dir or base / "sources")
    result = load_banks([banks_dir or base / "quizzes"], sources)
    if result.problems:
        raise UserError("the banks have format problems; fix them first (sourcequiz validate)", result.problems)
    excluded = set()
    for path in query.exclude_sets:
        excluded.update(read_set(Path(path)).ids)
    candidates = [(loaded.bank.bank, question) for loaded, question in result.questions
                  if matches(query, loaded.bank, question) and question.id not in excluded]
    if not candidates:
        raise SelectionError("no question matches these filters")
    chosen = draw(candidates, query, seed)
    return QuestionSet(name=name, title=title or name.replace("-", " ").capitalize(), seed=seed, query=query,
                       questions=[q for _, q in chosen], banks={q.id: b for b, q in chosen})


def read_set(path: Path, sources: SourceRegistry | None = None) -> QuestionSet:
    """Read a set file; its format problems are a UserError naming each file:line."""
    return set_from(load_banks([path], sources), path)


def set_from(result: LoadResult, path: Path) -> QuestionSet:
    """The set of a set file already loaded (`load_banks([path])`)."""
    if result.problems or not result.banks:
        raise UserError(f"{display_path(path)}: not a usable question set", result.problems)
    loaded = result.banks[0]
    header = loaded.set_header
    if header is None:
        raise UserError(f"{display_path(path)}:1: this is a bank, not a set file (a set starts with 'set:')")
    if header.ids != [q.id for q in loaded.bank.questions]:
        raise UserError(f"{display_path(path)}:{loaded.document.line(('ids',))}: ids: must list the ids of "
                        f"the questions below, in the same order")
    query = Query(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in header.query.items()
                     if k in Query.__dataclass_fields__})
    return QuestionSet(name=header.set, title=header.title, seed=header.seed, query=query,
                       questions=list(loaded.bank.questions), banks=dict(header.banks), path=Path(path))


def changes_since_snapshot(qset: QuestionSet, banks_dir: Path, sources: SourceRegistry) -> list[Problem]:
    """Warnings for questions of the set that the banks have changed or removed since it was drawn."""
    current = {q.id: (loaded, q) for loaded, q in load_banks([banks_dir], sources).questions}
    shown = display_path(qset.path) if qset.path else qset.name
    warnings = []
    for question in qset.questions:
        if question.id not in current:
            message = f"question {question.id!r} is no longer in the banks; the set keeps its snapshot"
        elif current[question.id][1] != question:
            loaded = current[question.id][0]
            message = (f"question {question.id!r} has changed in {loaded.display} since the set was drawn; "
                       f"the set keeps its snapshot (draw the set again to take the change)")
        else:
            continue
        warnings.append(Problem(shown, None, message, code="set-snapshot-changed", severity="warning",
                                extra={"question": question.id}))
    return warnings
