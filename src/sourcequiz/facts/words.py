"""The words the fact finder knows: months, number words, stop words, titles, name aliases, and the stemmer."""

from __future__ import annotations

import re
from functools import lru_cache

from ..textmatch import norm

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


def sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 12):start].rstrip(" \"'([“‘-*")
    if not before and start > 12:
        return False
    return not before or before[-1] in ".!?:;\n" or before.endswith("...")


# ---------------------------------------------------------------------------------- terms

def _aliased(text: str) -> str:
    return _ALIAS_RE.sub(lambda m: ALIASES[m.group(0).lower()].replace(" ", "_"), text)


SET_WORD = re.compile(r"[A-Za-z_][A-Za-z_']*")
HYPHENATED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")


@lru_cache(maxsize=50_000)
def _set_form(word: str) -> str:
    """A word as a Facts.words entry: lower case, no possessive, aliases folded ('' for a bare apostrophe)."""
    low = word.lower().removesuffix("'s").strip("'")
    return ALIASES.get(low, low) if low else ""


@lru_cache(maxsize=8192)
def _word_set(text: str) -> tuple[frozenset[str], frozenset[str]]:
    words = {form for form in map(_set_form, SET_WORD.findall(_aliased(text).replace("-", " "))) if form}
    if "-" in text:                                         # counter-terrorism = counterterrorism
        words.update(w.replace("-", "").lower() for w in HYPHENATED.findall(text))
    if "$" in text:
        words.update(("dollar", "dollars"))
    return frozenset(words), frozenset(map(stem, words))


def stems_of(text: str) -> frozenset[str]:
    """The word stems of `text`, as `extract(text).stems` has them, without extracting the rest."""
    return _word_set(norm(text))[1]
