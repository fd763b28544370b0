"""What the fact finder returns: a Date, one Fact, and the Facts of a text."""

from __future__ import annotations

from dataclasses import dataclass, field

from .words import MONTH_NAMES

@dataclass(frozen=True)
class Date:
    """A calendar date; any part may be unknown (None)."""

    year: int | None
    month: int | None
    day: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.month:
            parts.append(MONTH_NAMES[self.month - 1])
        if self.day:
            parts.append(str(self.day) + ("," if self.year else ""))
        if self.year:
            parts.append(str(self.year))
        return " ".join(parts)

    def sort_range(self) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
        """The earliest and latest (year, month, day) this date can be; None without a year."""
        if self.year is None:
            return None
        if self.month is None:
            return (self.year, 1, 1), (self.year, 12, 31)
        if self.day is None:
            return (self.year, self.month, 1), (self.year, self.month, 31)
        return ((self.year, self.month, self.day),) * 2


@dataclass(frozen=True)
class Fact:
    """One fact found in a text, with where it is (offsets into the normalised text)."""

    kind: str                       # number | date | year | name | term
    text: str                       # as written
    start: int
    end: int
    value: object = None            # number: frozenset of floats; date: Date; year: int; name/term: str
    percent: bool = False
    ordinal: bool = False
    weak: bool = False              # "one", "a": matched when asked for, never required
    unit: str = ""                  # for numbers: the stem of the noun that follows ("month")
    joined: str = ""                # for a part of a hyphenated word: the whole word without hyphens

    def __str__(self) -> str:
        return self.text


def term_fact(text: str, start: int, end: int, value: str, joined: str) -> Fact:
    """Fact("term", text, start, end, value, joined=joined), made three times faster: texts hold key terms by
    the dozen, and a frozen dataclass sets each field through object.__setattr__."""
    fact = _new(Fact)
    fact.__dict__.update(kind="term", text=text, start=start, end=end, value=value, percent=False, ordinal=False,
                         weak=False, unit="", joined=joined)
    return fact


_new = object.__new__


@dataclass(frozen=True)
class Facts:
    text: str                                   # the normalised text the offsets point into
    numbers: tuple[Fact, ...] = ()
    dates: tuple[Fact, ...] = ()
    years: tuple[Fact, ...] = ()
    names: tuple[Fact, ...] = ()
    terms: tuple[Fact, ...] = ()
    words: frozenset[str] = field(default_factory=frozenset)   # every word, lower case, aliased
    stems: frozenset[str] = field(default_factory=frozenset)   # every word's stem

    @property
    def required(self) -> list[Fact]:
        """The facts a supporting text must state: numbers (not weak), dates, years and names."""
        return [f for f in (*self.numbers, *self.dates, *self.years, *self.names) if not f.weak]

    @property
    def all(self) -> list[Fact]:
        return sorted((*self.numbers, *self.dates, *self.years, *self.names, *self.terms),
                      key=lambda f: (f.start, f.kind))

    def number_values(self) -> set[float]:
        values: set[float] = set()
        for fact in self.numbers:
            values |= fact.value
        values.update(float(y.value) for y in self.years)
        for date in self.dates:
            if date.value.year:
                values.add(float(date.value.year))
            if date.value.day:
                values.add(float(date.value.day))
        return values

    def year_values(self) -> set[int]:
        years = {y.value for y in self.years}
        years.update(d.value.year for d in self.dates if d.value.year)
        return years
