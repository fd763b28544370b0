"""The facts in a piece of text: numbers, dates, years, names and key terms.

`extract(text)` finds them; `contains_fact(text, fact)` says whether a text states a fact
given as a string. Facts compare by meaning, not by form:

- numbers: 5,000 = 5000 = five thousand = a thousand x 5; 80% = 80 percent = 80 per cent;
  $86.4 billion matches 86.4 billion and 86.4; ordinals 3rd = third;
- dates: February 29, 2020 = 29 February 2020 = Feb. 29, 2020 = 29th of February, 2020;
  a month and day without a year ("March 10th") matches that day in any year stated nearby;
- years: 2020 (also inside a date);
- names: capitalised words or phrases (case-insensitive, forgiving one or two letters of
  spelling, so the sources' "Khalizad" and "Beradar" match "Khalilzad" and "Baradar");
  common aliases are one name (US = U.S. = United States = America);
- key terms: the other content words, stemmed (agreed = agreement, prisoners = prisoner).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from .textmatch import norm

try:  # Snowball's English stemmer (pure Python, small); a crude fallback keeps the module importable
    import snowballstemmer

    _STEMMER = snowballstemmer.stemmer("english")
except ImportError:  # pragma: no cover - snowballstemmer is a declared dependency
    _STEMMER = None

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "hundredth": 100,
}
NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALES) | set(ORDINALS) | {"dozen"}

STOPWORDS = frozenset("""
a about above according across actually after afterwards again against all almost alone along already also
although always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at
back be became because become becomes becoming been before beforehand being below beside besides between
beyond both but by can cannot could did do does doing done down due during each either else elsewhere enough
etc even ever every everyone everything everywhere except few for former formerly from further had has have
having he hence her here hereafter hereby herein hers herself him himself his how however i ie if in indeed
into is it its itself just last latter least less let like made make many may me meanwhile might mine more
moreover most mostly much must my myself namely neither never nevertheless next no nobody none noone nor not
nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out over
own per perhaps quite rather really said same say says see seem seemed seems several she should since so some
somehow someone something sometime sometimes somewhere still such than that the their theirs them themselves
then thence there thereafter thereby therefore therein thereupon these they this those though through
throughout thus to together too toward towards under until up upon us very via was we well were what whatever
when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither
who whoever whole whom whose why will with within without would yet you your yours yourself yourselves
approximately around nearly roughly some up least just also percent cent
""".split())

# Words in names that are titles, not the name: they count as ordinary key terms.
TITLES = frozenset("mr mrs ms dr president general gen secretary commander chief mullah special envoy "
                   "representative ambassador minister prime senator spokesman spokesperson head".split())

# One name, several spellings or forms. Keys and values are lower case; multi-word forms are joined.
ALIASES = {
    "u.s.": "us", "u.s": "us", "usa": "us", "united states": "us", "united states of america": "us",
    "america": "us", "american": "us", "americans": "us",
    "al qaeda": "alqaeda", "al-qaeda": "alqaeda", "al qaida": "alqaeda", "al-qaida": "alqaeda",
    "qaeda": "alqaeda",
    "islamic state": "isis", "isil": "isis", "daesh": "isis",
    "afghans": "afghan", "afghanistan": "afghan", "afghanistan's": "afghan",
    "pakistani": "pakistan", "qatari": "qatar", "soviets": "soviet", "soviet union": "soviet",
    "ussr": "soviet", "u.n.": "un", "united nations": "un",
    "north atlantic treaty organization": "nato",
}
ALIAS_TARGETS = frozenset(ALIASES.values())
_ALIAS_PHRASES = sorted((k for k in ALIASES if " " in k or "." in k or "-" in k), key=len, reverse=True)
_ALIAS_RE = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(p) for p in _ALIAS_PHRASES) + r")(?![\w])",
                       re.IGNORECASE)

WORD_RE = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z']*(?:-[A-Za-z']+)*")


# --------------------------------------------------------------------------------------- model

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


# ---------------------------------------------------------------------------------- helpers

@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """A light stem: lower case, no possessive, Snowball's English stemmer, -ment dropped."""
    word = word.lower().replace("'", "")
    if word.endswith("s'"):
        word = word[:-1]
    if _STEMMER is None:  # pragma: no cover
        return word.rstrip("s")
    result = _STEMMER.stemWord(word)
    if result.endswith("ment") and len(result) > 7:
        result = _STEMMER.stemWord(result[:-4])
    return result


def alias(word: str) -> str:
    low = word.lower()
    return ALIASES.get(low, low)


def canonical_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 12):start].rstrip(" \"'([“‘-*")
    if not before and start > 12:
        return False
    return not before or before[-1] in ".!?:;\n" or before.endswith("...")


# --------------------------------------------------------------------------------- dates

def _month_alternation() -> str:
    names = sorted(MONTHS, key=len, reverse=True)
    forms = []
    for name in names:
        forms.append(name.capitalize())
        forms.append(name.upper())
    return "|".join(forms)


_M = rf"(?P<m>(?:{_month_alternation()})\b\.?)"
_D = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<y>1[6-9]\d\d|20\d\d|21\d\d)"
_NOT_MORE = r"(?![\d,]\d)(?!\d)"
DATE_PATTERNS = [
    re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}{_NOT_MORE}"),                    # February 29, 2020
    re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}{_NOT_MORE}"),           # 29 February 2020
    re.compile(r"\b(?P<y>1[6-9]\d\d|20\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b"),   # 2020-02-29
    re.compile(r"(?<![\d/])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)(?:/(?P<y>(?:19|20)?\d\d))?(?![\d/])"),  # 2/29/2020, 9/11
    re.compile(rf"\b{_M}\s+{_D}(?![\d,]\d)(?!\d)(?!\s*(?:%|percent))"),   # March 10th
    re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}"),                               # 1st July
    re.compile(rf"\b{_M},?\s+(?:of\s+)?{_Y}{_NOT_MORE}"),                  # February 2020
    re.compile(rf"\b{_M}"),                                                # December
]


def _month_number(raw: str) -> int:
    return MONTHS[raw.rstrip(".").lower()]


def _dates(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    found: list[Fact] = []
    for index, pattern in enumerate(DATE_PATTERNS):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            groups = match.groupdict()
            if "a" in groups and groups.get("a"):
                month, day = int(groups["a"]), int(groups["b"])
                year = groups.get("y")
                year = int(year) + (2000 if year and len(year) == 2 else 0) if year else None
            elif groups.get("mn"):
                month, day, year = int(groups["mn"]), int(groups["d"]), int(groups["y"])
            else:
                raw_month = groups["m"]
                if raw_month.rstrip(".").lower() == "may" and index == len(DATE_PATTERNS) - 1:
                    continue  # "May" alone is far more often the verb
                if raw_month.endswith(".") and raw_month.rstrip(".").lower() in (
                        "january", "february", "march", "april", "may", "june", "july", "august",
                        "september", "october", "november", "december"):
                    end -= 1  # a full stop after a full month name ends the sentence
                month = _month_number(raw_month)
                day = int(groups["d"]) if groups.get("d") else None
                year = int(groups["y"]) if groups.get("y") else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= DAYS_IN_MONTH[month - 1]):
                continue
            taken.append((start, end))
            found.append(Fact("date", text[start:end], start, end, Date(year, month, day)))
    return found


# ------------------------------------------------------------------------------- numbers

NUMBER_RE = re.compile(
    r"(?<![\w.,])(?P<cur>\$\s?)?(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?P<ord>st|nd|rd|th)?\b"
    r"(?P<pct>\s?%|\s+per\s?cent\b)?"
    r"(?P<scale>\s+(?:thousand|million|billion)\b)?"
)
YEAR_RE = re.compile(r"(?<![\w.,$/-])(?P<y>1[6-9]\d\d|20\d\d|21\d\d)(?![\d%])(?!,\d{3})(?!\.\d)(?!\s?%)")


def _unit_after(text: str, end: int) -> str:
    """The stem of the first content word after a number (skipping hyphens and small words)."""
    for word in re.findall(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z']+)*|\d|[.;:!?()]", text[end:end + 40])[:3]:
        if not word[0].isalpha():
            return ""
        low = word.lower()
        if low in STOPWORDS or low in ("to", "and", "or", "out"):
            continue
        if low in NUMBER_WORDS:
            return ""
        return stem(low.split("-")[0])
    return ""


def _digit_numbers(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    found: list[Fact] = []
    for match in NUMBER_RE.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        base = float(match["n"].replace(",", "") + (match["dec"] or ""))
        values = {base}
        if match["scale"]:
            values.add(base * SCALES[match["scale"].strip().lower()])
        ordinal = bool(match["ord"])
        percent = bool(match["pct"])
        raw = match.group(0).strip()
        if ordinal and not base.is_integer():
            continue
        taken.append((start, end))
        found.append(Fact("number", raw, start, end, frozenset(values), percent=percent, ordinal=ordinal,
                          unit="percent" if percent else _unit_after(text, end)))
    return found


def _word_numbers(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """Numbers written in words: 'five thousand', 'a thousand', 'twenty-one', 'seven-day', 'third'."""
    found: list[Fact] = []
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[A-Za-z]+", text)]
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        low = word.lower()
        if any(s < end and start < e for s, e in taken):
            i += 1
            continue
        if low in ORDINALS:
            found.append(Fact("number", word, start, end, frozenset({float(ORDINALS[low])}),
                              ordinal=True, unit=_unit_after(text, end)))
            i += 1
            continue
        is_a = low in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1][2].lower() in SCALES \
            and _joined(text, end, tokens[i + 1][0])
        if low not in UNITS and low not in TENS and low != "dozen" and not is_a:
            i += 1
            continue
        total, current, j, last_end, words = 0, 0, i, end, 0
        while j < len(tokens):
            s, e, w = tokens[j]
            lw = w.lower()
            if j > i and not _joined(text, last_end, s):
                break
            if lw in ("a", "an") and j == i:
                current = 1
            elif lw in UNITS:
                if words and current % 10 != 0 and current < 100 and current != 0:
                    break
                current += UNITS[lw]
            elif lw in TENS:
                if words and current % 100 != 0:
                    break
                current += TENS[lw]
            elif lw == "dozen":
                current = (current or 1) * 12
            elif lw in SCALES and words:
                scale = SCALES[lw]
                if scale == 100:
                    current *= 100
                else:
                    total += current * scale
                    current = 0
            elif lw == "and" and words and j + 1 < len(tokens) and \
                    tokens[j + 1][2].lower() in (set(UNITS) | set(TENS)) and (total or current >= 100):
                last_end = e
                j += 1
                continue
            else:
                break
            words += 1
            last_end = e
            j += 1
        value = total + current
        span_text = text[start:last_end]
        weak = span_text.lower() in ("one", "a", "an") or (span_text.lower() == "zero")
        if words == 0 or (is_a and words < 2):
            i += 1
            continue
        taken.append((start, last_end))
        found.append(Fact("number", span_text, start, last_end, frozenset({float(value)}), weak=weak,
                          unit=_unit_after(text, last_end)))
        i = j
    return found


def _joined(text: str, end: int, start: int) -> bool:
    """Are two words separated only by a space or a hyphen (parts of one number)?"""
    gap = text[end:start]
    return gap in (" ", "-")


# --------------------------------------------------------------------------------- names

def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(text)]


def _names(text: str, known: frozenset[str], taken: list[tuple[int, int]]) -> list[Fact]:
    """Capitalised words and phrases not at a sentence start (or known as names from elsewhere)."""
    found: list[Fact] = []
    phrase: list[tuple[int, int, str]] = []

    def close():
        if phrase:
            start, end = phrase[0][0], phrase[-1][1]
            found.append(Fact("name", text[start:end], start, end, name_value(text[start:end])))
            phrase.clear()

    previous_end = -1
    for start, end, word in _words(text):
        for part_start, part in _hyphen_parts(start, word):
            part_end = part_start + len(part)
            low = part.lower()
            capital = part[0].isupper()
            all_caps = part.isupper() and len(part) >= 2
            is_name = False
            if capital and not any(s <= part_start < e for s, e in taken) and low not in WEEKDAYS \
                    and low not in MONTHS and low not in NUMBER_WORDS and len(part) >= 2:
                if all_caps:
                    is_name = True
                elif low in STOPWORDS:
                    is_name = False
                elif not _sentence_start(text, part_start) or part_start == start and start > 0 and \
                        text[start - 1] == "-":
                    is_name = True
                else:
                    is_name = low in known or alias(low) in known
            if is_name and low.rstrip("'s") not in TITLES and low not in TITLES:
                if phrase and not re.fullmatch(r"[ \-]|\s+(?:of|for|bin|al|de|van|von)\s+", text[previous_end:part_start]):
                    close()
                phrase.append((part_start, part_end, part.removesuffix("'s").removesuffix("'")))
                previous_end = part_end
            else:
                close()
    close()
    return found


def name_value(phrase: str) -> str:
    """A name's comparable form: lower case, aliases folded ('United States' -> 'us')."""
    words = re.findall(r"[A-Za-z_][A-Za-z_']*", _aliased(phrase.replace("-", " ")))
    return " ".join(ALIASES.get(w.lower(), w.lower()).removesuffix("'s").strip("'") for w in words)


def _hyphen_parts(start: int, word: str):
    position = start
    for part in word.split("-"):
        if part:
            yield position, part
        position += len(part) + 1


# ---------------------------------------------------------------------------------- terms

def _aliased(text: str) -> str:
    return _ALIAS_RE.sub(lambda m: ALIASES[m.group(0).lower()].replace(" ", "_"), text)


def _word_set(text: str) -> tuple[frozenset[str], frozenset[str]]:
    words: set[str] = set()
    for word in re.findall(r"[A-Za-z_][A-Za-z_']*", _aliased(text).replace("-", " ")):
        low = word.lower().removesuffix("'s").strip("'")
        if low:
            words.add(ALIASES.get(low, low))
    joined = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", text)  # counter-terrorism = counterterrorism
    words.update(w.replace("-", "").lower() for w in joined)
    if "$" in text:
        words.update(("dollar", "dollars"))
    return frozenset(words), frozenset(stem(w) for w in words)


def _terms(text: str, taken_words: set[int]) -> list[Fact]:
    found = []
    for start, end, word in _words(text):
        for part_start, part in _hyphen_parts(start, word):
            low = part.lower().removesuffix("'s").strip("'")
            if part_start in taken_words or len(low) < 3 or low in STOPWORDS or low in NUMBER_WORDS \
                    or low in MONTHS or low in WEEKDAYS:
                continue
            joined = word.replace("-", "").lower() if "-" in word else ""
            found.append(Fact("term", part, part_start, part_start + len(part), stem(ALIASES.get(low, low)),
                              joined=joined))
    return found


# -------------------------------------------------------------------------------- extract

@lru_cache(maxsize=8192)
def extract(text: str, known_names: frozenset[str] = frozenset()) -> Facts:
    """The facts stated in `text`. `known_names`: lower-case words known to be names (so a
    capitalised word at a sentence start still counts as a name)."""
    text = norm(text)
    taken: list[tuple[int, int]] = []
    dates = sorted(_dates(text, taken), key=lambda f: f.start)
    numbers = _digit_numbers(text, list(taken))
    years = [f for f in numbers if _is_year(f, text)]
    numbers = [f for f in numbers if f not in years]
    years = [Fact("year", f.text, f.start, f.end, int(min(f.value))) for f in years]
    taken += [(f.start, f.end) for f in (*numbers, *years)]
    numbers += _word_numbers(text, taken)
    taken += [(f.start, f.end) for f in numbers]
    names = _names(text, known_names, taken)
    name_starts = {name.start + m.start() for name in names  # words of names are not also key terms
                   for m in re.finditer(r"[A-Za-z][A-Za-z'.]*", text[name.start:name.end])}
    terms = _terms(text, name_starts)
    words, stems = _word_set(text)
    numbers.sort(key=lambda f: f.start)
    return Facts(text, tuple(numbers), tuple(dates), tuple(years), tuple(names), tuple(terms), words, stems)


def _is_year(fact: Fact, text: str) -> bool:
    if fact.percent or fact.ordinal or len(fact.value) != 1 or "," in fact.text or "." in fact.text:
        return False
    if fact.text.startswith("$"):
        return False
    value = min(fact.value)
    if not (1600 <= value <= 2199 and value.is_integer() and re.fullmatch(r"\d{4}", fact.text)):
        return False
    return True


# ------------------------------------------------------------------------------ matching

def _fuzzy_word(word: str, words: Iterable[str]) -> bool:
    """Is `word` among `words`, forgiving a letter or two in longer words ('Khalizad', 'Beradar')?"""
    if word in words:
        return True
    if len(word) < 5:
        return False
    allowed = 1 if len(word) < 8 else 2
    for other in words:
        if abs(len(other) - len(word)) <= allowed and other[:1] == word[:1] or \
                (len(word) >= 7 and abs(len(other) - len(word)) <= 1 and other[1:3] == word[1:3]):
            if Levenshtein.distance(word, other, score_cutoff=allowed) <= allowed:
                return True
    return False


def name_in(name: Fact, facts: Facts) -> bool:
    parts = [p for p in name.value.replace("_", " ").split() if p not in ("of", "for", "the", "bin", "al")]
    parts = [p for p in parts if p not in TITLES]
    if len(parts) == 2 and not (set(parts) & ALIAS_TARGETS):
        parts = parts[1:]   # "Michael Pompeo" is supported by "Pompeo"; a longer name needs every word
    words = facts.words
    for part in parts:
        if not (_fuzzy_word(part, words) or stem(part) in facts.stems or _fuzzy_word(stem(part), facts.stems)):
            return False
    return True


def term_in(term: Fact, facts: Facts) -> bool:
    if term.value in facts.stems:
        return True
    word = term.text.lower()
    if word in facts.words or (term.joined and term.joined in facts.words):  # counter-terrorism = counterterrorism
        return True
    return len(term.value) >= 6 and _fuzzy_word(term.value, facts.stems)


def number_in(number: Fact, facts: Facts) -> bool:
    for other in facts.numbers:
        if number.value & other.value and (not number.percent or other.percent):
            return True
    if number.percent:
        return False
    values = number.value
    if any(float(y.value) in values for y in facts.years):
        return True
    for date in facts.dates:
        if date.value.year and float(date.value.year) in values:
            return True
        if date.value.day and float(date.value.day) in values:
            return True
    return False


def year_in(year: Fact, facts: Facts) -> bool:
    return year.value in facts.year_values() or any(float(year.value) in n.value for n in facts.numbers)


def date_in(date: Fact, facts: Facts) -> bool:
    want: Date = date.value
    years = facts.year_values()
    for other in facts.dates:
        have: Date = other.value
        if want.month is not None and have.month != want.month:
            continue
        if want.day is not None and have.day != want.day:
            continue
        if want.year is None or have.year == want.year or (have.year is None and want.year in years):
            return True
    if want.month is None and want.year in years:
        return True
    return False


def fact_in(fact: Fact, facts: Facts) -> bool:
    """Does `facts` (of some text) state `fact`?"""
    return {"number": number_in, "date": date_in, "year": year_in, "name": name_in, "term": term_in}[
        fact.kind](fact, facts)


def missing_facts(wanted: Facts, have: Facts) -> tuple[list[Fact], list[Fact], int]:
    """(required facts missing, terms missing, number of terms) of `wanted` in `have`."""
    required = [f for f in wanted.required if not fact_in(f, have)]
    terms = [t for t in wanted.terms if not term_in(t, have)]
    return required, terms, len(wanted.terms)


def contains_fact(text: str, fact: str) -> bool:
    """Does `text` state the fact named by the string `fact`?

    A number, date or year matches in any common form ("5,000" matches "five thousand",
    "February 29, 2020" matches "29 February 2020"); a name or term matches case-insensitively in
    its usual forms. A `fact` of several words must have all its facts in `text`; one with no
    fact in it (only small words) must occur in `text` as written, ignoring case and spacing.
    """
    if not fact or not fact.strip() or not text:
        return False
    wanted = extract(fact)
    have = extract(text)
    facts = [f for f in (*wanted.numbers, *wanted.dates, *wanted.years, *wanted.names, *wanted.terms)]
    if not facts:
        words = " ".join(re.findall(r"\w+", norm(fact).casefold()))
        return bool(words) and f" {words} " in " " + " ".join(re.findall(r"\w+", have.text.casefold())) + " "
    return all(fact_in(f, have) for f in facts)


def canonical(text: str) -> str:
    """A form of a short text in which equal meanings are equal strings: case, punctuation,
    articles, number and date forms and name aliases are folded ('5,000' = 'five thousand',
    '29 February 2020' = 'February 29, 2020', 'the United States' = 'US')."""
    facts = extract(text)
    pieces: list[tuple[int, int, str]] = []
    for fact in (*facts.dates, *facts.numbers, *facts.years):
        if fact.kind == "date":
            d = fact.value
            token = f"<date {d.year or '?'}-{d.month or '?'}-{d.day or '?'}>"
        elif fact.kind == "year":
            token = f"<num {fact.value}>"
        else:
            token = f"<num {canonical_number(max(fact.value))}{'%' if fact.percent else ''}>"
        pieces.append((fact.start, fact.end, token))
    out, position = [], 0
    source = facts.text
    for start, end, token in sorted(pieces):
        out.append(source[position:start])
        out.append(f" {token} ")
        position = end
    out.append(source[position:])
    joined = _aliased("".join(out).lower())
    tokens = re.findall(r"<[^>]+>|[a-z0-9_]+", joined)
    tokens = [ALIASES.get(t, t) for t in tokens if t not in ("the", "a", "an")]
    return " ".join(tokens)
