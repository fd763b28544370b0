"""Question rules of the lint: each looks at one question (see the package docstring)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from datetime import date as Day
from typing import Callable

from .. import facts as F
from ..loader import LoadedBank
from ..problems import Problem
from ..vocabulary import (
    SOURCE_ALIASES,
    SOURCE_NAMES,
    TAGS,
    fold,
    sources_named,
    strip_source_names,
)
from .common import (
    ABOVE,
    CHOICE_TYPES,
    CITATION,
    CLOSE_DAYS,
    CLOSE_SHARE,
    FAMILY,
    MIN_EXPLANATION_WORDS,
    Context,
    canonical,
    distinctive_facts,
    finding,
    key_family,
    kind,
    plain,
)

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

