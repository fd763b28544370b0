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

- `no-context` (lint/no_context.py): a prompt that leans on text it does not contain: a
  demonstrative whose noun it has not introduced ("those attacks"), "the agreement" or "the
  signing" with no date or party in a bank naming several agreements, a person without a role.
- `trivia`, `wording-tell` (lint/standard.py): a question about spelling, an acronym, citation marks or
  a phrase's meaning outside the source-criticism tag; a key that repeats a rare word of its evidence
  that no distractor matches.
- `single-source` (lint/single_source.py): a question resting on a value another source contradicts
  (the checker's disagreement data), with no source named in its prompt and no disagreement taught.

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
- `gives-away` (lint/giveaways.py): a question whose prompt, correct option or correction states
  another question's key, with that question's subject (`giveaway.py`); pairs declared in `overlaps`
  are kept apart instead. `unknown-overlap`: an `overlaps` id that names no question linted.

Corpus rules
- `true-false-skewed`: over the banks linted together, the true/false keys lean one way (a
  two-sided binomial test, p < `POSITION_P`, from `MIN_FOR_STATS` statements); reported at each
  bank whose statements lean that way.
- `near-duplicate-prompt`: two prompts, in one bank or in two, whose words (folded, source names
  left out, sorted) have a `rapidfuzz` ratio of at least `DUPLICATE_SCORE`, i.e. a token-sort
  ratio (a token-set ratio would call any short prompt whose words all occur in a longer one a
  duplicate). Only questions that ask alike are compared: a statement (true_false) with a
  statement, a question with a question using the same question words, so "why did X ..." never
  repeats "in which year did X ...". Order and match questions are compared with their items or
  pairs, since their prompts are instructions. Reported once, at the later question. Texts are
  compared only when their lengths allow the score (a sliding window over texts sorted by length),
  which keeps 400 questions to a few thousand comparisons.
- `duplicate-question` (lint/duplicates.py): two questions, in one bank or two, with the same key
  from the same passage and prompts that share their words (one may only add context).
"""

from __future__ import annotations

from collections import Counter

from ..loader import LoadedBank
from ..problems import Problem
from ..sources import SourceRegistry
from .banks import BANK_RULES, chi2_sf, near_duplicate_prompts, true_false_skewed
from .common import Context, kind, known_names
from .duplicates import duplicate_questions
from .giveaways import gives_away, unknown_overlaps
from .no_context import no_context
from .single_source import single_source
from .standard import trivia, wording_tell
from .questions import QUESTION_RULES, is_close

__all__ = ["lint", "summary", "CODES", "Context", "kind", "is_close", "chi2_sf"]

# ------------------------------------------------------------------------------------- run

def lint(banks: list[LoadedBank], sources: SourceRegistry | None = None) -> list[Problem]:
    """Every lint finding over `banks`, sorted by file and line."""
    ctx = Context(sources, known_names(sources))
    found: list[Problem] = []
    for loaded in banks:
        for question in loaded.bank.questions:
            for rule in (*QUESTION_RULES, no_context, trivia, wording_tell, single_source):
                found.extend(rule(loaded, question, ctx))
        for rule in (*BANK_RULES, gives_away):
            found.extend(rule(loaded, ctx))
    found.extend(near_duplicate_prompts(banks, ctx))
    found.extend(duplicate_questions(banks, ctx))
    found.extend(true_false_skewed(banks, ctx))
    found.extend(unknown_overlaps(banks, ctx))
    return sorted(found, key=lambda p: (p.path, p.line or 0, p.code))


def summary(findings: list[Problem]) -> dict:
    return {
        "findings": len(findings),
        "by_code": dict(sorted(Counter(p.code for p in findings).items())),
        "by_bank": dict(sorted(Counter(p.extra.get("bank", p.path) for p in findings).items())),
    }


CODES = ("near-duplicate-prompt", "distractor-kind", "key-longest", "key-position", "all-none-of-the-above",
         "prompt-gives-away", "repeated-option", "missing-explanation", "missing-feedback", "unknown-tag",
         "missing-year", "explanation-no-source", "few-hard", "gives-away", "unknown-overlap", "no-context",
         "true-false-skewed", "trivia", "wording-tell", "single-source",
         "duplicate-question")

