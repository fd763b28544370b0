"""The rules of the written standard that read a question's kind and wording
(instructors/writing_questions.md, "History, not trivia" and "No tells"):

- `trivia`: a question about spelling, an acronym, citation marks or the meaning of a phrase, when it
  is not tagged `source-criticism` (a question that teaches a source's garble may ask how it is written).
- `wording-tell`: a choice question whose key repeats an odd word of its evidence, one the five texts use
  at most `RARE_COUNT` times and English seldom uses (a Zipf frequency under `ODD_ZIPF` in `wordfreq`'s
  lists: "wherewithal" 2.6, "sporadic" 3.3; "official" is 5.1), that the prompt does not use, while no
  distractor has a word nearly as uncommon (under `MATCHING_ZIPF`): a student spots the key by the
  source's wording.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from snowballstemmer import stemmer

from ..loader import LoadedBank
from ..problems import Problem
from ..sources import SourceRegistry
from ..vocabulary import strip_source_names
from .common import Context, finding

TEACHING_TAG = "source-criticism"
TRIVIA = re.compile(
    r"\b(?:spell(?:s|ed|ing|t)?|misspel\w*|acronym|abbreviat\w*|stands? for|initials|"
    r"quotation marks?|citation marks?|inverted commas|in brackets|parenthe\w+|"
    r"what does the (?:word|phrase|term|expression)\b|what do the words\b|"
    r"which (?:word|phrase|expression) does\b|(?:word|phrase) (?:means?|meant)\b)", re.IGNORECASE)
RARE_COUNT = 2
ODD_ZIPF = 3.4
MATCHING_ZIPF = 4.0   # a distractor with a word this uncommon ("secular" 3.95) is of the same register
MIN_LENGTH = 5
_STEM = stemmer("english")
WORD = re.compile(r"(?<![A-Za-z'-])[a-z][a-z'-]+")   # lower-case words: names are left out


def trivia(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    if TEACHING_TAG in question.tags:
        return []
    asked = TRIVIA.search(strip_source_names(question.prompt))
    if not asked:
        return []
    return [finding(loaded, question, "trivia",
                    f"the prompt asks about wording ({asked.group(0)!r}), not history; ask what happened, why, "
                    f"or how the sources differ, or tag it {TEACHING_TAG} if it teaches a source's error",
                    "prompt")]


@lru_cache(maxsize=4)
def _counts(sources: SourceRegistry) -> Counter:
    """How often each lower-case word occurs in the five texts together."""
    return Counter(w for source in sources for w in WORD.findall(source.text.lower()))


@lru_cache(maxsize=8192)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # noqa: PLC0415 - its word lists load on first use, for this rule only

    return zipf_frequency(word, "en")


def _rare(text: str, counts: Counter) -> set[str]:
    """The words of `text` the texts use at most RARE_COUNT times and English seldom uses."""
    return {w for w in WORD.findall(text) if len(w) >= MIN_LENGTH and 0 < counts[w] <= RARE_COUNT and _zipf(w) < ODD_ZIPF}


def _uncommon(text: str) -> set[str]:
    return {w for w in WORD.findall(text) if len(w) >= MIN_LENGTH and _zipf(w) < MATCHING_ZIPF}


def wording_tell(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    if ctx.sources is None or question.type not in ("single", "multiple") or TEACHING_TAG in question.tags:
        return []
    counts = _counts(ctx.sources)
    evidence = " ".join(item.quote.lower() for item in question.evidence)
    prompt = set(_STEM.stemWords(WORD.findall(question.prompt.lower())))
    distractors = [o.text for o in question.options if not o.correct]
    if any(_uncommon(text) for text in distractors):
        return []
    for index, option in enumerate(question.options):
        if not option.correct:
            continue
        copied = sorted(w for w in _rare(option.text, counts) if w in evidence and _STEM.stemWord(w) not in prompt)
        if copied:
            return [finding(loaded, question, "wording-tell",
                            f"the key repeats the source's rare word(s) {', '.join(map(repr, copied))}, which no "
                            f"distractor matches: a student can spot the key by its wording; say it plainly, or "
                            f"give the distractors the same register", "options", index)]
    return []
