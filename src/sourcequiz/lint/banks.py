"""Bank rules (statistics over one bank) and the corpus rule (near-duplicate prompts across banks)."""

from __future__ import annotations

import math
import re
from typing import Callable

from rapidfuzz import fuzz

from ..loader import LoadedBank
from ..problems import Problem
from ..textmatch import norm
from ..vocabulary import fold, strip_source_names
from .common import (
    DUPLICATE_SCORE,
    HARD_SHARE,
    LONGEST_SHARE,
    MIN_FOR_STATS,
    POSITION_P,
    QUESTION_WORDS,
    Context,
    bank_finding,
    finding,
)

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


# ---------------------------------------------------------------------------- corpus rules

def true_false_skewed(banks: list[LoadedBank], ctx: Context) -> list[Problem]:
    """Over the banks linted together, the true/false keys lean one way (a two-sided binomial test,
    p < `POSITION_P`, from `MIN_FOR_STATS` statements): reported at each bank that leans that way."""
    keyed = [(loaded, [q.answer for q in loaded.bank.questions if q.type == "true_false"]) for loaded in banks]
    answers = [a for _, bank in keyed for a in bank]
    if len(answers) < MIN_FOR_STATS:
        return []
    trues = sum(answers)
    p = binomial_two_sided(trues, len(answers))
    if p >= POSITION_P:
        return []
    majority = trues * 2 > len(answers)
    word, other = ("true", "false") if majority else ("false", "true")
    count = trues if majority else len(answers) - trues
    found = []
    for loaded, bank in keyed:
        same = sum(a == majority for a in bank)
        if bank and same * 2 > len(bank):
            found.append(bank_finding(loaded, "true-false-skewed",
                                      f"{same} of its {len(bank)} true/false statements are keyed {word}, and "
                                      f"{count} of all {len(answers)} in the banks linted (binomial p = {p:.4f}); a "
                                      f"student who always answers {word!r} does well: make some statements {other}",
                                      same=same, statements=len(bank)))
    return found


def binomial_two_sided(k: int, n: int) -> float:
    """P(a fair coin gives a count at least as far from n/2 as k), in n tosses."""
    far = abs(k - n / 2)
    return min(1.0, sum(math.comb(n, i) for i in range(n + 1) if abs(i - n / 2) >= far) / 2 ** n)


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

