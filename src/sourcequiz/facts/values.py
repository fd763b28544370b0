"""Dates and numbers (in digits or in words) found in normalised text."""

from __future__ import annotations

import re

from .model import Date, Fact
from .words import DAYS_IN_MONTH, MONTHS, NUMBER_WORDS, ORDINALS, SCALES, STOPWORDS, TENS, UNITS, stem

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


MONTH_NAME = DATE_PATTERNS[-1]
DIGITS_ONLY = frozenset({2, 3})                 # the patterns with no month name: 2020-02-29, 2/29/2020
MONTH_ONLY = frozenset({len(DATE_PATTERNS) - 1})  # the pattern with no digit: a month alone


def _month_number(raw: str) -> int:
    return MONTHS[raw.rstrip(".").lower()]


def _dates(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    found: list[Fact] = []
    # Only the patterns that can match: each needs a digit, a month name (which the last pattern finds) or both.
    digit, month = DIGIT.search(text) is not None, MONTH_NAME.search(text) is not None
    for index, pattern in enumerate(DATE_PATTERNS):
        if not (digit or index in MONTH_ONLY) or not (month or index in DIGITS_ONLY):
            continue
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

DIGIT = re.compile(r"\d")
NUMBER_WORD_SET = frozenset({*NUMBER_WORDS, *ORDINALS, *SCALES, *TENS})
LETTERS = re.compile(r"[a-z]+")


def _may_hold_word_number(text: str) -> bool:
    return not NUMBER_WORD_SET.isdisjoint(LETTERS.findall(text.lower()))

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
    if DIGIT.search(text) is None:
        return found
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


LETTER_RUN = re.compile(r"[A-Za-z]+")
FIRST_NUMBER_WORDS = frozenset({*ORDINALS, *UNITS, *TENS, "dozen", "a", "an"})   # words a number in words starts with


def _word_numbers(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """Numbers written in words: 'five thousand', 'a thousand', 'twenty-one', 'seven-day', 'third'."""
    found: list[Fact] = []
    if not _may_hold_word_number(text):
        return found
    tokens = [(m.start(), m.end(), m.group()) for m in LETTER_RUN.finditer(text)]
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        low = word.lower()
        if low not in FIRST_NUMBER_WORDS:            # no number starts here (the test below would say so too)
            i += 1
            continue
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
