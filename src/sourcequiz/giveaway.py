"""Questions that give each other away: one question's text states what another one asks.

Question B gives A away when one sentence that B shows holds A's key (a correct option, the
numeric answer or an accepted text answer) and at least `SHARED_WORDS` of the content words of
A's prompt (all of them when it has fewer). A key is held word for word, or, when it has at least
`KEY_WORDS` content words that A's prompt lacks, by a sentence with all its content words in any
order and form, close together, and its numbers and dates ("President-elect Joe Biden" in "the
Taliban urged Joe Biden, the President-elect"). A key made of the prompt's own topic words ("the Afghan government",
asked about the Afghan government's talks) is only held word for word. The second condition makes it B stating A's claim,
not merely naming A's answer: "Pakistan" in a prompt gives nothing away; "the agreement was
signed on 29 February 2020" gives away "When was the agreement signed?". Dates, numbers and name
aliases are compared in `facts.canonical` form, and source names are left out first, so the
title "Peace Agreement Taliban" states no "peace agreement".

A true/false statement is given away by a sentence that states its claim (the statement when it
is true, the correction when it is false): at least `CLAIM_SHARE` of the claim's content words
(and at least `CLAIM_WORDS` of them), with every number and date of the claim. Order and match
questions have no key that another text could state alone, so they are never given away.

An author can also declare a pair the text comparison cannot see, a paraphrase ("the incoming US
president" for "Joe Biden"), in either question's `overlaps`: such a pair counts as given away too.

What B shows: while it is answered, its prompt, correct options, order items, match pairs and
correction; once answered, its explanation and the options' feedback too. Explanations and
feedback restate facts on purpose, since that is how they teach, but they can hand over another
question's answer all the same. The lint rule `gives-away` reports each pair in a bank;
`apart()` keeps pairs out of one page quiz or drawn selection, those told only after answering
as far as the quiz's length allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from snowballstemmer import stemmer

from . import facts as F
from .vocabulary import strip_source_names

SHARED_WORDS = 2
CLAIM_SHARE = 0.6
CLAIM_WORDS = 4
TOKEN = re.compile(r"<[^>]+>|[a-z0-9]+")
# a sentence ends at . ! ? or ; and a space, but not after an initial or an abbreviation ("U.S. President")
SENTENCE_END = re.compile(r"(?<=[.!?;])(?<!\b[A-Z]\.)(?<!\b(?:Mr|Dr|St|No)\.)(?<!\bGen\.)\s+")
KEY_WORDS = 2  # a key with this many content words its prompt lacks is stated by a sentence holding them all
KEY_SPREAD = 4  # ... close together: within the key's length and this many more words
ASKING = frozenset("who whom whose what when where why which how did does do was were is are according "
                   "statement true false following best describes article articles essay text texts source "
                   "sources".split())  # and the words that only say which source
_STEM = stemmer("english")


@dataclass(frozen=True)
class Told:
    """Where B states A's key: the field of B and its sentence."""

    field: str
    sentence: str


@lru_cache(maxsize=16384)
def tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(F.canonical(text).lower()))


@lru_cache(maxsize=16384)
def content_stems(text: str) -> frozenset[str]:
    words = TOKEN.findall(strip_source_names(text).lower())
    return frozenset(_STEM.stemWord(w) for w in words
                     if len(w) > 2 and not w.isdigit() and w not in F.STOPWORDS and w not in ASKING)


@lru_cache(maxsize=16384)
def sentences(text: str) -> tuple[str, ...]:
    return tuple(SENTENCE_END.split(text))


@lru_cache(maxsize=16384)
def said(sentence: str) -> tuple[str, ...]:
    """The tokens of a sentence, source names left out."""
    return tokens(strip_source_names(sentence))


def keys(question) -> list[tuple[str, ...]]:
    """The token sequences of what `question` asks a student to give, that its own prompt does not state."""
    if question.type in ("single", "multiple"):
        texts = [o.text for o in question.options if o.correct]
    elif question.type == "numeric":
        texts = [f"{question.answer:g}" if isinstance(question.answer, float) else str(question.answer)]
    elif question.type == "text":
        texts = list(question.answers)
    else:
        return []
    prompt = tokens(question.prompt)
    found = []
    for text in texts:
        key = tokens(text)
        meaningful = [t for t in key if t.startswith("<") or t not in F.STOPWORDS]
        if meaningful and not _holds(prompt, key):
            found.append(key)
    return found


def statements(question, explanation: bool = False) -> list[tuple[str, str]]:
    """(field, text) of what `question` shows as true while it is answered, and with `explanation`
    what it shows once answered too."""
    shown = [("prompt", question.prompt)]
    if question.type in ("single", "multiple"):
        shown += [("options", o.text) for o in question.options if o.correct]
    elif question.type == "order":
        shown += [("items", item) for item in question.items]
    elif question.type == "match":
        shown += [("pairs", f"{pair.left}: {pair.right}") for pair in question.pairs]
    for name in ("correction", "explanation") if explanation else ("correction",):
        value = getattr(question, name, None)
        if value:
            shown.append((name, value))
    if explanation and question.type in ("single", "multiple"):
        shown += [("feedback", o.feedback) for o in question.options if o.feedback]
    return shown


def gives_away(b, a, explanation: bool = False) -> Told | None:
    """Where question `b` states the key of question `a`, or None."""
    if a.id == b.id:
        return None
    if a.id in getattr(b, "overlaps", ()) or b.id in getattr(a, "overlaps", ()):
        return Told("overlaps", "declared in the bank")
    if a.type == "true_false":
        return _states_claim(b, a, explanation)
    asked = content_stems(a.prompt)
    needed = min(SHARED_WORDS, len(asked))
    for key in keys(a):
        for field, text in statements(b, explanation):
            for sentence in sentences(text):
                if len(asked & content_stems(sentence)) >= needed and _states_key(sentence, key, asked):
                    return Told(field, sentence.strip())
    return None


def _states_claim(b, a, explanation: bool) -> Told | None:
    claim = a.prompt if a.answer else a.correction
    words = content_stems(claim)
    if len(words) < CLAIM_WORDS:
        return None
    values = {t for t in tokens(strip_source_names(claim)) if t.startswith("<")}
    for field, text in statements(b, explanation):
        for sentence in sentences(text):
            if (len(words & content_stems(sentence)) >= CLAIM_SHARE * len(words)
                    and values <= set(said(sentence))):
                return Told(field, sentence.strip())
    return None


def pairs(questions: list, explanation: bool = False) -> list[tuple[object, object, Told]]:
    """Every (a, b, where) in `questions` such that b gives a away."""
    found = []
    for a in questions:
        if a.type != "true_false" and not keys(a):
            continue
        for b in questions:
            told = gives_away(b, a, explanation)
            if told:
                found.append((a, b, told))
    return found


def apart(questions: Iterable, limit: int | None = None) -> list:
    """`questions` in their order, leaving out any that gives away, or is given away by, one kept
    before it; stops at `limit`. A question whose explanation alone tells another's answer is left
    out too, unless the quiz would otherwise fall short of `limit`: then it comes back, in order."""
    questions = list(questions)
    strict = _keep(questions, limit, explanation=True)
    if limit is None or len(strict) >= limit:
        return strict
    return _keep(questions, limit, explanation=False, first=strict)


def _keep(questions: list, limit: int | None, explanation: bool, first: list | None = None) -> list:
    kept: list = list(first or [])
    for question in questions:
        if limit is not None and len(kept) >= limit:
            break
        if question in kept:
            continue
        if not any(gives_away(question, k, explanation) or gives_away(k, question, explanation) for k in kept):
            kept.append(question)
    order = {id(q): i for i, q in enumerate(questions)}
    return sorted(kept, key=lambda q: order[id(q)])


def _states_key(sentence: str, key: tuple[str, ...], asked: frozenset[str]) -> bool:
    told = said(sentence)
    if _holds(told, key):
        return True
    words = _key_stems(key)
    return (len(words - asked) >= KEY_WORDS and words <= content_stems(sentence)
            and {t for t in key if t.startswith("<")} <= set(told)
            and _narrowest(_stem_sequence(sentence), words) <= len(key) + KEY_SPREAD)


@lru_cache(maxsize=16384)
def _stem_sequence(text: str) -> tuple[str, ...]:
    return tuple(_STEM.stemWord(w) for w in TOKEN.findall(strip_source_names(text).lower()))


def _narrowest(sequence: tuple[str, ...], words: frozenset[str]) -> int:
    """The length of the shortest stretch of `sequence` that holds every one of `words`."""
    best, seen, start = len(sequence) + 1, {}, 0
    for end, word in enumerate(sequence):
        if word in words:
            seen[word] = seen.get(word, 0) + 1
        while len(seen) == len(words):
            best = min(best, end - start + 1)
            first = sequence[start]
            if first in seen:
                seen[first] -= 1
                if not seen[first]:
                    del seen[first]
            start += 1
    return best


@lru_cache(maxsize=4096)
def _key_stems(key: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_STEM.stemWord(t) for t in key
                     if len(t) > 2 and not t.isdigit() and not t.startswith("<") and t not in F.STOPWORDS
                     and t not in ASKING)


def _holds(sequence: tuple[str, ...], part: tuple[str, ...]) -> bool:
    if not part or len(part) > len(sequence):
        return False
    first = part[0]
    return any(sequence[i:i + len(part)] == part
               for i in range(len(sequence) - len(part) + 1) if sequence[i] == first)
