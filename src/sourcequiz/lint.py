"""The question-quality lint (`sourcequiz lint`): questions that are valid and true but poor.

Every finding is a `Problem` with severity "warning" and a stable `code`, located at the line of
the field concerned (question rules) or of the bank's `bank:` key (bank rules). One small function
per rule; `lint(banks, sources)` runs them all.

Question rules
- `distractor-kind`: a distractor of another kind than the key (a name offered for a date
  question). `kind()` sorts an option into date, year, number, name or "other" (a statement);
  a date and a year are one family (time). Only keys of a definite kind are judged; a statement
  offered for a name is let pass, and so is a statement that still states a fact of the key's
  family ("8,600 by June" for "8,600").
- `all-none-of-the-above`: an option such as "all of the above", "none of these", "both of them".
- `prompt-gives-away`: the key's distinctive content appears in the prompt and no distractor's
  does. Distinctive content: a number, date, year or name of the key's kind that no distractor
  states, or the key's whole text. Words that only name the source ("Tariq's article") are
  ignored. For keys that are statements only the whole text counts (their names are the subject
  of the question, not its answer). numeric and text questions: the answer is in the prompt.
- `repeated-option`: two options (or order items, or match left-hand sides) the same once case,
  punctuation, articles, number and date forms and name aliases are folded (5000 = 5,000).
- `missing-explanation`: no explanation, or one of fewer than `MIN_EXPLANATION_WORDS` words.
- `missing-feedback`: a distractor without feedback that is a likely confusion: of the key's kind
  and either stated in a cited source (numbers and dates anywhere in its text; names within
  `NEAR_SENTENCES` sentences of the quoted passage; numbers under 10 and names that every source
  states do not count), or close to the key (numbers within `CLOSE_SHARE` of each other, dates
  within `CLOSE_DAYS` days, years one apart).
- `unknown-tag`: a tag outside `vocabulary.TAGS`.
- `missing-year`: no `year` while the prompt or the key names a year or a dated day (a year in
  an author-date reference such as "(Thomas, 2020)" does not count).
- `explanation-no-source`: the explanation names none of the sources its evidence cites
  (aliases in `vocabulary.SOURCE_ALIASES`).

Bank rules (statistics over one bank)
- `key-longest`: among the bank's single-choice questions with 3 or more options, the correct
  option is strictly the longest in more than half, when there are at least `MIN_FOR_STATS` of
  them (by chance it is about one in four). Multiple-choice questions are left out: with
  several keys, "the longest is correct" has no fixed chance to compare with.
- `key-position`: the stored position of the correct option over the bank's single-choice
  questions is unbalanced: a chi-square test of the counts per position against what an even
  spread would give each question (1/n for each of its n positions), p < `POSITION_P`, with at
  least `MIN_FOR_STATS` questions. Positions whose expected count is under 2 are pooled with the
  one before. The finding reports the counts.
- `few-hard`: fewer than a fifth of the bank's questions are `hard`.

Corpus rule
- `near-duplicate-prompt`: two prompts, in one bank or in two, whose words (folded, source names
  left out, sorted) have a `rapidfuzz` ratio of at least `DUPLICATE_SCORE`, i.e. a token-sort
  ratio (a token-set ratio would call any short prompt whose words all occur in a longer one a
  duplicate). Only questions that ask alike are compared: a statement (true_false) with a
  statement, a question with a question using the same question words, so "why did X ..." never
  repeats "in which year did X ...". Order and match questions are compared with their items or
  pairs, since their prompts are instructions. Reported once, at the later question. Texts are
  compared only when their lengths allow the score (a sliding window over texts sorted by length),
  which keeps 400 questions to a few thousand comparisons.
"""

from __future__ import annotations

import difflib
import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date as Day
from typing import Callable, Iterable

from rapidfuzz import fuzz

from . import facts as F
from .loader import LoadedBank
from .problems import Problem
from .sources import SourceRegistry
from .textmatch import Normalized, fragments, normalize, norm
from .vocabulary import SOURCE_ALIASES, SOURCE_NAMES, TAGS, fold, sources_named, strip_source_names

MIN_FOR_STATS = 6            # questions a bank needs before its statistics are judged
LONGEST_SHARE = 0.5          # key-longest: more than this share of eligible questions
POSITION_P = 0.01            # key-position: chi-square p-value below this
HARD_SHARE = 0.2             # few-hard: at least a fifth hard
DUPLICATE_SCORE = 90         # near-duplicate-prompt: token-sort ratio, 0-100
MIN_EXPLANATION_WORDS = 5
CLOSE_SHARE = 0.2            # missing-feedback: numbers within 20% of each other are close
CLOSE_DAYS = 7
NEAR_SENTENCES = 2         # missing-feedback: a name is a likely confusion within this many sentences
FACT_WORDS = 2             # kind(): other content words a date, year or number option may have

FAMILY = {"date": "time", "year": "time", "number": "number", "name": "name", "other": "other"}
CHOICE_TYPES = ("single", "multiple")
ABOVE = re.compile(r"\b(?:all|none|both|neither|any)\s+(?:of\s+)?(?:the\s+)?"
                   r"(?:above|below|these|those|them|options|answers|others|other\s+(?:options|answers))\b",
                   re.IGNORECASE)
# "(Thomas, 2020)", "(Lamothe, Hudson, & Constable, 2019)": a reference, not a date ("(March 10, 2020)" is one)
CITATION = re.compile(r"\(\s*(?!(?i:" + "|".join(F.MONTHS) + r")\b)[A-Z][^()]{0,60}?,?\s+\d{4}[a-z]?\s*\)")
DECADE = re.compile(r"\b\d{3}0'?s\b")
QUESTION_WORDS = re.compile(r"\b(?:who|whom|whose|what|when|where|why|which|how)\b", re.IGNORECASE)
CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z']+")


# ---------------------------------------------------------------------------------- context

@dataclass
class Context:
    """What the rules share: the sources (optional) and facts worked out once per run."""

    sources: SourceRegistry | None = None
    known: frozenset[str] = frozenset()
    _near_facts: dict[tuple[str, str], F.Facts | None] = field(default_factory=dict)
    _normalized: dict[str, Normalized] = field(default_factory=dict)

    def facts(self, text: str) -> F.Facts:
        """The facts of a sentence (a prompt, a passage)."""
        return F.extract(text, self.known)

    def option_facts(self, text: str) -> F.Facts:
        """The facts of an option: not a sentence, so a capitalised first word is a name. The
        same extraction as `kind()`, so each option is read once."""
        return F.extract(f"and {text}", self.known)

    def source_facts(self, source_id: str) -> F.Facts | None:
        """The facts of a whole source text (None without sources or for an unknown id)."""
        if self.sources is None or source_id not in self.sources:
            return None
        return F.extract(self.sources[source_id].text)

    def commonplace(self, fact: F.Fact) -> bool:
        """A number under 10, or a name every source states ("Afghanistan", "the US"): found
        near anything, so finding it in a source says nothing about confusion."""
        if fact.kind == "number":
            return max(fact.value) < 10
        if fact.kind != "name" or self.sources is None or not len(self.sources):
            return False
        return all(F.fact_in(fact, self.source_facts(s.id)) for s in self.sources)

    def near_facts(self, source_id: str, quote: str) -> F.Facts | None:
        """The facts of the quoted passage and the `NEAR_SENTENCES` sentences either side of it."""
        if self.sources is None or source_id not in self.sources:
            return None
        key = (source_id, quote)
        if key not in self._near_facts:
            source = self.sources[source_id]
            if source_id not in self._normalized:  # textmatch's own cache is small: keep ours
                self._normalized[source_id] = normalize(source.text)
            haystack = self._normalized[source_id]
            spans, position = [], 0
            for part in fragments(quote):
                found = haystack.text.find(part, position)
                if found < 0:
                    break
                spans.append(haystack.span(found, found + len(part)))
                position = found + len(part)
            else:
                segments = source.segments
                first = segments.index(source.segment_at(spans[0][0]))
                last = segments.index(source.segment_at(spans[-1][1] - 1))
                start = segments[max(0, first - NEAR_SENTENCES)].start
                end = segments[min(len(segments) - 1, last + NEAR_SENTENCES)].end
                self._near_facts[key] = self.facts(source.text[start:end])
                return self._near_facts[key]
            self._near_facts[key] = None
        return self._near_facts[key]


_KNOWN: "weakref.WeakKeyDictionary[SourceRegistry, frozenset[str]]" = weakref.WeakKeyDictionary()


def known_names(sources: SourceRegistry | None) -> frozenset[str]:
    """Words the sources capitalise inside sentences and never write in lower case (so "Pakistan"
    at the start of an option is still a name), with their possessive forms."""
    if sources is None:
        return frozenset()
    if sources not in _KNOWN:
        names: set[str] = set()
        lower: set[str] = set()
        for source in sources:
            for name in F.extract(source.text).names:
                names.update(name.value.split())
            lower.update(re.findall(r"(?<![A-Za-z'])[a-z][a-z]+", source.text))
        known = {n for n in names if n not in lower and n.isalpha()}
        _KNOWN[sources] = frozenset(known | {f"{n}'s" for n in known})
    return _KNOWN[sources]


def finding(loaded: LoadedBank, question, code: str, message: str, *fields) -> Problem:
    return Problem(loaded.display, loaded.line(question.id, *fields), f"question {question.id!r}: {message}",
                   code=code, severity="warning", extra={"bank": loaded.bank.bank, "question": question.id})


def bank_finding(loaded: LoadedBank, code: str, message: str, **extra) -> Problem:
    return Problem(loaded.display, loaded.document.line(("bank",)), f"bank {loaded.bank.bank!r}: {message}",
                   code=code, severity="warning", extra={"bank": loaded.bank.bank, **extra})


# ------------------------------------------------------------------------------------ kinds

@lru_cache(maxsize=4096)
def kind(text: str, known: frozenset[str] = frozenset()) -> str:
    """What an option is: "date" (a day or a month), "year", "number", "name" or "other".

    An option is a date, year or number when that fact is what it says: besides its dates, years
    and numbers it has at most `FACT_WORDS` content words (names included), as in "5,000 Taliban
    prisoners" or "in 2018 in Doha, Qatar". It is a name when it has a name and at most one other
    content word ("the Afghan government's", "Zalmay Khalilzad"). A capitalised first word counts as
    a name. Anything longer is a statement: "other", whatever facts it mentions.
    """
    if DECADE.search(text) and len(CONTENT_WORD.findall(DECADE.sub("", text))) <= FACT_WORDS:
        return "year"
    facts = F.extract(f"and {text}", known)  # "and": the first word is not a sentence start
    numbers = [n for n in facts.numbers if not n.weak]
    spans = [(f.start, f.end) for f in (*facts.dates, *facts.years, *numbers)]
    name_spans = [(f.start, f.end) for f in facts.names]
    rest = name_words = 0
    for match in CONTENT_WORD.finditer(facts.text):
        low = match.group(0).lower().removesuffix("'s").rstrip("'")
        if low in F.STOPWORDS or low in ("the", "s") or any(s <= match.start() < e for s, e in spans):
            continue
        if any(s <= match.start() < e for s, e in name_spans):
            name_words += 1
        else:
            rest += 1
    if rest + name_words <= FACT_WORDS:
        if any(d.value.month for d in facts.dates):
            return "date"
        if facts.years or facts.dates:
            return "year"
        if numbers:
            return "number"
    if name_words and rest <= 1 and not (numbers or facts.years or facts.dates):
        return "name"
    return "other"


def key_family(question, known: frozenset[str]) -> str:
    """The family (time, number, name, other) of a choice question's keys; "other" when they differ."""
    families = {FAMILY[kind(o.text, known)] for o in question.options if o.correct}
    return families.pop() if len(families) == 1 else "other"


@lru_cache(maxsize=8192)
def canonical(text: str) -> str:
    """`facts.canonical`, remembered: rules compare the same options many times."""
    return F.canonical(text)


def plain(text: str) -> str:
    """The words of `text`, lower case, without articles or punctuation: for whole-text matches."""
    return " ".join(w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in ("the", "a", "an"))


def distinctive_facts(text: str, others: Iterable[str], ctx: Context) -> list[F.Fact]:
    """The numbers, dates, years and names of `text` that none of `others` states."""
    other_facts = [ctx.option_facts(o) for o in others]
    return [f for f in ctx.option_facts(text).required if not any(F.fact_in(f, o) for o in other_facts)]


# --------------------------------------------------------------------------- question rules

def distractor_kind(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    """A distractor whose kind differs from the key's (a name offered for a date question)."""
    if question.type not in CHOICE_TYPES:
        return []
    family = key_family(question, ctx.known)
    if family == "other":
        return []
    key_kind = kind(question.correct_options()[0].text, ctx.known)
    found = []
    for i, option in enumerate(question.options):
        if option.correct:
            continue
        other = kind(option.text, ctx.known)
        if FAMILY[other] == family or (other == "other" and family == "name"):
            continue
        if other == "other" and has_family(ctx.option_facts(option.text), family):
            continue  # a statement that still gives a date for a date, a number for a number
        found.append(finding(loaded, question, "distractor-kind",
                             f"the distractor {option.text!r} is {describe(other)}, the key is "
                             f"{describe(key_kind)}; offer distractors of the key's kind",
                             "options", i, "text"))
    return found


def has_family(facts: F.Facts, family: str) -> bool:
    if family == "time":
        return bool(facts.dates or facts.years)
    if family == "number":
        return any(not n.weak for n in facts.numbers)
    return bool(facts.names)


def in_family(fact: F.Fact, family: str) -> bool:
    return FAMILY.get(fact.kind) == family


def describe(kind_name: str) -> str:
    return "a statement" if kind_name == "other" else f"{article(kind_name)} {kind_name}"


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def all_none_of_the_above(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    found = []
    for i, option in enumerate(getattr(question, "options", [])):
        match = ABOVE.search(option.text)
        if match:
            found.append(finding(loaded, question, "all-none-of-the-above",
                                 f"the option {option.text!r} is an 'all/none of the above' option: it tests "
                                 f"reading the list, not the sources, and breaks when options are shuffled; "
                                 f"offer a real answer instead", "options", i, "text"))
    return found


def prompt_gives_away(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    """The key's distinctive content appears in the prompt and no distractor's does."""
    prompt = strip_source_names(question.prompt)
    prompt_words = f" {plain(prompt)} "
    if question.type in CHOICE_TYPES:
        keys = [o.text for o in question.options if o.correct]
        distractors = [o.text for o in question.options if not o.correct]
        family = key_family(question, ctx.known)
        prompt_facts = ctx.facts(prompt) if family != "other" else None

        def shows(text: str, others: list[str]) -> str | None:
            if prompt_facts is not None:  # a statement's names and numbers are its subject, not its answer
                for fact in distinctive_facts(text, others, ctx):
                    if in_family(fact, family) and F.fact_in(fact, prompt_facts):
                        return fact.text
            whole = plain(text)
            if whole and f" {whole} " in prompt_words and not any(f" {whole} " in f" {plain(o)} " for o in others):
                return text
            return None

        given = [(k, shows(k, distractors)) for k in keys]
        given = [(k, what) for k, what in given if what]
        if not given or any(shows(d, keys) for d in distractors):
            return []
        key, what = given[0]
        index = next(i for i, o in enumerate(question.options) if o.text == key)
        return [finding(loaded, question, "prompt-gives-away",
                        f"the prompt states {what!r}, from the key {key!r}, and nothing from any distractor",
                        "options", index, "text")]
    if question.type == "numeric":
        value = float(question.answer)
        prompt_facts = ctx.facts(prompt)
        pool = list(prompt_facts.numbers) + ([*prompt_facts.years] if 1600 <= value <= 2199 else [])
        for fact in pool:
            values = fact.value if fact.kind == "number" else {float(fact.value)}
            if value in values:
                return [finding(loaded, question, "prompt-gives-away",
                                f"the prompt states {fact.text!r}, the answer", "answer")]
        return []
    if question.type == "text":
        for answer in question.answers:
            whole = plain(answer)
            if whole and f" {whole} " in prompt_words:
                return [finding(loaded, question, "prompt-gives-away",
                                f"the prompt states {answer!r}, an accepted answer", "answers")]
    return []


def repeated_option(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    """Two options (order items, match left sides) that say the same once forms are folded."""
    lists = []
    if question.type in CHOICE_TYPES:
        lists.append(("option", [o.text for o in question.options], ("options", "{}", "text")))
    elif question.type == "order":
        lists.append(("item", question.items, ("items", "{}")))
    elif question.type == "match":
        lists.append(("left side", [p.left for p in question.pairs], ("pairs", "{}", "left")))
    found = []
    for what, texts, where in lists:
        # Only options with the same facts and key terms can be the same; compare those in full.
        signatures = Counter(signature(t, ctx) for t in texts)
        seen: dict[str, int] = {}
        for i, text in enumerate(texts):
            if signatures[signature(text, ctx)] < 2:
                continue
            key = canonical(text) or fold(text)
            if key in seen:
                fields = [i if part == "{}" else part for part in where]
                found.append(finding(loaded, question, "repeated-option",
                                     f"the {what} {text!r} repeats {what} {seen[key] + 1} "
                                     f"({texts[seen[key]]!r})", *fields))
            else:
                seen[key] = i
    return found


def signature(text: str, ctx: Context) -> tuple:
    """What `canonical` keeps of a text, roughly and cheaply: its facts' values and its key terms."""
    facts = ctx.option_facts(text)
    values = []
    for fact in (*facts.numbers, *facts.dates, *facts.years, *facts.names, *facts.terms):
        values.append(str(max(fact.value)) if fact.kind == "number" else str(fact.value))
    return tuple(sorted(values))


def missing_explanation(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    text = (question.explanation or "").strip()
    words = len(text.split())
    if words >= MIN_EXPLANATION_WORDS:
        return []
    what = "no explanation" if not words else f"an explanation of {words} word{'s' * (words != 1)}"
    return [finding(loaded, question, "missing-explanation",
                    f"{what}; say in plain words why the key is right and name the source",
                    "explanation" if words else "id")]


def missing_feedback(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    """A distractor that is a common confusion (same kind as the key and in the cited source, or
    close to the key) needs `feedback` saying what it is."""
    if question.type not in CHOICE_TYPES:
        return []
    family = key_family(question, ctx.known)
    if family == "other":
        return []
    keys = [o.text for o in question.options if o.correct]
    found = []
    for i, option in enumerate(question.options):
        if option.correct or (option.feedback or "").strip() or FAMILY[kind(option.text, ctx.known)] != family:
            continue
        facts = [f for f in distinctive_facts(option.text, keys, ctx) if in_family(f, family)]
        if not facts:
            continue
        read = [f for f in facts if not ctx.commonplace(f)]
        if family == "name":  # names recur everywhere: only those beside the quoted passage count
            where = "next to the quoted passage"
            texts = [ctx.near_facts(e.source, e.quote) for e in question.evidence]
        else:
            where = "in the cited source"
            texts = [ctx.source_facts(s) for s in dict.fromkeys(e.source for e in question.evidence)]
        why = None
        if read and any(text and all(F.fact_in(f, text) for f in read) for text in texts):
            why = f"it is stated {where}"
        else:
            close = next((k for k in keys if is_close(option.text, k, family, ctx)), None)
            if close is not None:
                why = f"it is close to the key {close!r}"
        if why:
            found.append(finding(loaded, question, "missing-feedback",
                                 f"the distractor {option.text!r} is a likely confusion ({why}) but has no "
                                 f"feedback saying what it is", "options", i, "text"))
    return found


def is_close(text: str, key: str, family: str, ctx: Context) -> bool:
    """Numbers within CLOSE_SHARE of each other, dates within CLOSE_DAYS days, years one apart."""
    if family == "name":
        return False
    a, b = ctx.option_facts(text), ctx.option_facts(key)
    if family == "number":
        for x in (v for n in a.numbers for v in n.value):
            for y in (v for n in b.numbers for v in n.value):
                if x != y and abs(x - y) <= CLOSE_SHARE * max(abs(x), abs(y)):
                    return True
        return False
    days_a, days_b = [full_day(d.value) for d in a.dates], [full_day(d.value) for d in b.dates]
    if any(x and y and x != y and abs((x - y).days) <= CLOSE_DAYS for x in days_a for y in days_b):
        return True
    if not a.dates and not b.dates:
        return any(x != y and abs(x - y) <= 1 for x in a.year_values() for y in b.year_values())
    return False


def full_day(date: F.Date) -> Day | None:
    if date.year and date.month and date.day:
        try:
            return Day(date.year, date.month, date.day)
        except ValueError:
            return None
    return None


def unknown_tag(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    found = []
    for i, tag in enumerate(question.tags):
        if tag not in TAGS:
            guess = difflib.get_close_matches(tag, list(TAGS), n=1)
            hint = f"did you mean {guess[0]!r}?" if guess else "see sourcequiz.vocabulary.TAGS"
            found.append(finding(loaded, question, "unknown-tag",
                                 f"the tag {tag!r} is not in the tag vocabulary ({hint})", "tags", i))
    return found


def missing_year(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    """No `year` on a question whose prompt or key names a year or a dated day."""
    if question.year is not None:
        return []
    texts = [question.prompt, *key_texts(question)]
    for text in texts:
        facts = ctx.facts(CITATION.sub(" ", strip_source_names(text)))
        dated = [d for d in facts.dates if d.value.year or d.value.day] + list(facts.years)
        if dated:
            return [finding(loaded, question, "missing-year",
                            f"no 'year', but the {'prompt' if text is question.prompt else 'key'} names "
                            f"{dated[0].text!r}; add the year (or [first, last]) the question is about", "id")]
    if question.type == "numeric" and float(question.answer).is_integer() and 1600 <= question.answer <= 2199 \
            and re.search(r"\byear\b", question.prompt, re.IGNORECASE):
        return [finding(loaded, question, "missing-year",
                        f"no 'year', but the answer is the year {int(question.answer)}", "id")]
    return []


def key_texts(question) -> list[str]:
    if question.type in CHOICE_TYPES:
        return [o.text for o in question.options if o.correct]
    if question.type == "true_false":
        return [question.correction] if question.correction else []
    if question.type == "text":
        return list(question.answers)
    if question.type == "order":
        return list(question.items)
    if question.type == "match":
        return [f"{p.left}: {p.right}" for p in question.pairs]
    return []


def explanation_no_source(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    if not (question.explanation or "").strip():
        return []  # missing-explanation says it
    cited = list(dict.fromkeys(e.source for e in question.evidence))
    named = sources_named(question.explanation)
    if set(named) & set(cited):
        return []
    example = next((SOURCE_NAMES.get(s, SOURCE_ALIASES[s][0]) for s in cited if s in SOURCE_ALIASES), None)
    hint = f", e.g. \"{example}\"" if example else ""
    if named:
        message = (f"the explanation names {', '.join(named)} but not the cited source "
                   f"{' or '.join(cited)}; name it in words{hint}")
    else:
        message = f"the explanation does not name its source ({' or '.join(cited)}) in words{hint}"
    return [finding(loaded, question, "explanation-no-source", message, "explanation")]


QUESTION_RULES: list[Callable[[LoadedBank, object, Context], list[Problem]]] = [
    distractor_kind, all_none_of_the_above, prompt_gives_away, repeated_option, missing_explanation,
    missing_feedback, unknown_tag, missing_year, explanation_no_source,
]


# ------------------------------------------------------------------------------- bank rules

def key_longest(loaded: LoadedBank, ctx: Context) -> list[Problem]:
    """The correct option is strictly the longest in more than half of the single-choice
    questions with 3+ options (when the bank has at least MIN_FOR_STATS of them)."""
    eligible = [q for q in loaded.bank.questions if q.type == "single" and len(q.options) >= 3]
    if len(eligible) < MIN_FOR_STATS:
        return []
    longest = []
    for question in eligible:
        key = len(norm(question.correct_options()[0].text))
        if all(key > len(norm(o.text)) for o in question.options if not o.correct):
            longest.append(question.id)
    if len(longest) <= LONGEST_SHARE * len(eligible):
        return []
    chance = sum(1 / len(q.options) for q in eligible)
    shown = ", ".join(longest[:8]) + (f" and {len(longest) - 8} more" if len(longest) > 8 else "")
    return [bank_finding(loaded, "key-longest",
                         f"the correct option is the longest in {len(longest)} of {len(eligible)} single-choice "
                         f"questions with 3 or more options (by chance about {chance:.0f}): {shown}",
                         questions=longest)]


def key_position(loaded: LoadedBank, ctx: Context) -> list[Problem]:
    """The stored position of the correct option is unbalanced over the bank's single questions."""
    singles = [q for q in loaded.bank.questions if q.type == "single"]
    if len(singles) < MIN_FOR_STATS:
        return []
    width = max(len(q.options) for q in singles)
    observed = [0] * width
    expected = [0.0] * width
    for question in singles:
        observed[next(i for i, o in enumerate(question.options) if o.correct)] += 1
        for i in range(len(question.options)):
            expected[i] += 1 / len(question.options)
    bins_o, bins_e = pooled(observed, expected)
    if len(bins_o) < 2:
        return []
    statistic = sum((o - e) ** 2 / e for o, e in zip(bins_o, bins_e))
    p = chi2_sf(statistic, len(bins_o) - 1)
    if p >= POSITION_P:
        return []
    counts = ", ".join(f"{ordinal(i + 1)} {observed[i]} (even: {expected[i]:.1f})" for i in range(width))
    return [bank_finding(loaded, "key-position",
                         f"the correct option's stored position is unbalanced over {len(singles)} single-choice "
                         f"questions: {counts}; chi-square p = {p:.3g}",
                         counts=observed, expected=[round(e, 2) for e in expected], p=round(p, 5))]


def pooled(observed: list[int], expected: list[float], least: float = 2.0) -> tuple[list[int], list[float]]:
    """Pool each position whose expected count is under `least` into the position before it."""
    bins_o, bins_e = [], []
    for o, e in zip(observed, expected):
        if bins_e and e < least:
            bins_o[-1] += o
            bins_e[-1] += e
        elif e > 0:
            bins_o.append(o)
            bins_e.append(e)
    return bins_o, bins_e


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for a chi-square variable with `df` degrees of freedom (exact for whole df)."""
    if x <= 0:
        return 1.0
    half = x / 2
    if df % 2 == 0:
        term = total = 1.0
        for i in range(1, df // 2):
            term *= half / i
            total += term
        return min(1.0, math.exp(-half) * total)
    series = sum(half ** (i - 0.5) / math.gamma(i + 0.5) for i in range(1, (df - 1) // 2 + 1))
    return min(1.0, math.erfc(math.sqrt(half)) + math.exp(-half) * series)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def few_hard(loaded: LoadedBank, ctx: Context) -> list[Problem]:
    questions = loaded.bank.questions
    hard = sum(q.difficulty == "hard" for q in questions)
    if not questions or hard >= HARD_SHARE * len(questions):
        return []
    return [bank_finding(loaded, "few-hard",
                         f"{hard} of {len(questions)} questions are 'hard', fewer than a fifth "
                         f"(need {math.ceil(HARD_SHARE * len(questions))}); hard means two passages, two "
                         f"sources or a step of reasoning", hard=hard, questions=len(questions))]


BANK_RULES: list[Callable[[LoadedBank, Context], list[Problem]]] = [key_longest, key_position, few_hard]


# ----------------------------------------------------------------------------- corpus rule

def near_duplicate_prompts(banks: list[LoadedBank], ctx: Context) -> list[Problem]:
    """Pairs of prompts whose words nearly coincide, in one bank or across banks."""

    entries = [(loaded, q) for loaded in banks for q in loaded.bank.questions]
    if len(entries) < 2:
        return []
    # token-sort ratio = the plain ratio of the words, sorted once here
    texts = [" ".join(sorted(fold(remove_punctuation(strip_source_names(compared_text(q)))).split()))
             for _, q in entries]
    asks = [asked(q) for _, q in entries]
    scores: dict[tuple[int, int], int] = {}
    # ratio >= S needs the shorter text to be at least S / (200 - S) of the longer: compare only
    # texts whose lengths are that close (sorted by length, a sliding window).
    share = DUPLICATE_SCORE / (200 - DUPLICATE_SCORE)
    order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
    for position, a in enumerate(order):
        for b in order[position + 1:]:
            if len(texts[a]) < share * len(texts[b]):
                break
            if asks[a] != asks[b]:
                continue
            score = fuzz.ratio(texts[a], texts[b], score_cutoff=DUPLICATE_SCORE)
            if score:
                scores[min(a, b), max(a, b)] = round(score)
    found = []
    reported: set[int] = set()
    pairs = sorted((j, i) for i, j in scores)
    for j, i in pairs:  # each later question once, against the first question it repeats
        if j in reported:
            continue
        reported.add(j)
        first_bank, first = entries[i]
        loaded, question = entries[j]
        where = "in this bank" if first_bank is loaded else f"in bank {first_bank.bank.bank!r}"
        found.append(finding(loaded, question, "near-duplicate-prompt",
                             f"the prompt nearly repeats that of {first.id!r} {where} "
                             f"({first_bank.display}:{first_bank.line(first.id, 'prompt')}; "
                             f"similarity {scores[i, j]})", "prompt"))
        found[-1].extra["duplicates"] = first.id
    return found


def compared_text(question) -> str:
    """What two questions are compared by: the prompt, and for order and match questions (whose
    prompts are instructions such as "Put these events in order") the items or pairs too."""
    if question.type == "order":
        return " ".join([question.prompt, *question.items])
    if question.type == "match":
        return " ".join([question.prompt, *(f"{p.left} {p.right}" for p in question.pairs)])
    return question.prompt


def asked(question) -> tuple[str, frozenset[str]]:
    """The question's type family and its question words: "why did X ... in 1979?" does not repeat
    "in which year did X ...?" however many words they share."""
    family = "statement" if question.type == "true_false" else "question"
    return family, frozenset(w.lower() for w in QUESTION_WORDS.findall(question.prompt))


def remove_punctuation(text: str) -> str:
    return re.sub(r"[^\w\s'\-]+", " ", text)


# ------------------------------------------------------------------------------------- run

def lint(banks: list[LoadedBank], sources: SourceRegistry | None = None) -> list[Problem]:
    """Every lint finding over `banks`, sorted by file and line."""
    ctx = Context(sources, known_names(sources))
    found: list[Problem] = []
    for loaded in banks:
        for question in loaded.bank.questions:
            for rule in QUESTION_RULES:
                found.extend(rule(loaded, question, ctx))
        for rule in BANK_RULES:
            found.extend(rule(loaded, ctx))
    found.extend(near_duplicate_prompts(banks, ctx))
    return sorted(found, key=lambda p: (p.path, p.line or 0, p.code))


def summary(findings: list[Problem]) -> dict:
    return {
        "findings": len(findings),
        "by_code": dict(sorted(Counter(p.code for p in findings).items())),
        "by_bank": dict(sorted(Counter(p.extra.get("bank", p.path) for p in findings).items())),
    }


CODES = ("near-duplicate-prompt", "distractor-kind", "key-longest", "key-position", "all-none-of-the-above",
         "prompt-gives-away", "repeated-option", "missing-explanation", "missing-feedback", "unknown-tag",
         "missing-year", "explanation-no-source", "few-hard")
