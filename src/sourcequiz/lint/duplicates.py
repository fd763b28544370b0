"""The `duplicate-question` rule: two questions, in one bank or in two, that ask the same thing of
the same passage. Their keys say the same (a token-set ratio of at least `KEY_SCORE`, once folded),
they quote the same passage (one quote holds most of another: a partial ratio of at least
`QUOTE_SCORE` over quotes of `MIN_QUOTE` characters or more), and their prompts, source names left
out, share their words (a token-set ratio of at least `PROMPT_SCORE`: a longer prompt that only adds
context to the other still asks the same). An instructor's set or a page quiz would hold both; keep one.
Reported once, at the later question."""

from __future__ import annotations

from rapidfuzz import fuzz

from ..loader import LoadedBank
from ..problems import Problem
from ..vocabulary import fold, strip_source_names
from .banks import remove_punctuation
from .common import Context, finding

KEY_SCORE = 95
QUOTE_SCORE = 90
PROMPT_SCORE = 85
MIN_QUOTE = 25


def _key(question) -> str:
    """What the question keys, as text."""
    kind = question.type
    if kind in ("single", "multiple"):
        text = " ".join(o.text for o in question.options if o.correct)
    elif kind == "true_false":
        text = question.prompt
    elif kind == "numeric":
        text = f"{question.answer:g}"
    elif kind == "text":
        text = question.answers[0]
    elif kind == "order":
        text = " ".join(question.items)
    else:
        text = " ".join(f"{p.left} {p.right}" for p in question.pairs)
    return fold(remove_punctuation(text))


def _quotes(question) -> list[str]:
    return [q for q in (fold(remove_punctuation(e.quote)) for e in question.evidence) if len(q) >= MIN_QUOTE]


def duplicate_questions(banks: list[LoadedBank], ctx: Context) -> list[Problem]:
    entries = [(loaded, q) for loaded in banks for q in loaded.bank.questions]
    keys = [_key(q) for _, q in entries]
    quotes = [_quotes(q) for _, q in entries]
    prompts = [fold(remove_punctuation(strip_source_names(q.prompt))) for _, q in entries]
    found: list[Problem] = []
    for j, (loaded, question) in enumerate(entries):
        for i in range(j):
            if entries[i][1].type != question.type and "true_false" in (entries[i][1].type, question.type):
                continue
            if fuzz.token_set_ratio(keys[i], keys[j]) < KEY_SCORE:
                continue
            if not any(fuzz.partial_ratio(a, b) >= QUOTE_SCORE for a in quotes[i] for b in quotes[j]):
                continue
            score = fuzz.token_set_ratio(prompts[i], prompts[j])
            if score < PROMPT_SCORE:
                continue
            first_bank, first = entries[i]
            where = "in this bank" if first_bank is loaded else f"in bank {first_bank.bank.bank!r}"
            problem = finding(loaded, question, "duplicate-question",
                              f"it asks what {first.id!r} {where} asks ({first_bank.display}:"
                              f"{first_bank.line(first.id, 'prompt')}): the same key from the same passage "
                              f"(prompts {round(score)}% alike); keep one, or ask another point of the passage",
                              "prompt")
            problem.extra["duplicates"] = first.id
            found.append(problem)
            break
    return found
