"""Chapter prose against its citations: a sentence whose cited passage says the opposite.

Each run of citations in a chapter sentence, with the words before it, is a claim ("A says X {cite}
and B says Y {cite}" makes two). It is aligned with the clauses of the source sentences its quotes
stand in and read by the same meaning checks as a quiz key: negation (claim-negated), antonyms,
event order, quantifiers and bounds (claim-opposite), and swapped sides (claim-role,
claim-opposite). Only a claim that paraphrases its passage (half its words in the cited clause) is
judged; a sentence that discusses its source loosely is not. Nor is a sentence that teaches a
source's error on purpose ("the essay compresses ...", "Tariq's figure is wrong"): contradicting the
source is its point.
"""

from __future__ import annotations

import re

from ..textmatch import Match
from .opposites import antonym, bound, order, quantifier
from .polarity import conflict
from .swaps import swapped
from .claims import Claim, Clause, align, sentence_parts
from .context import TEACHING_WORDS
from .engine import Engine
from .report import CODES, Finding

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“{(])")
QUOTE_MARKS = re.compile(r"[\"“”]")
CLOSE = 0.5              # share of the sentence's words its cited clause must hold for the sentence to paraphrase it


def sentences(text: str, role: re.Pattern) -> list[tuple[int, str]]:
    """(offset, sentence) of a unit's text; citations that follow a full stop belong to the sentence before it."""
    masked = role.sub(lambda m: "\0" * len(m.group(0)), text)
    parts, start = [], 0
    for match in SENTENCE_END.finditer(masked):
        if masked[match.end():match.end() + 1] == "\0":
            continue                               # "... agreement. {cite-source}`...`": the citation ends this sentence
        parts.append((start, text[start:match.start()]))
        start = match.end()
    parts.append((start, text[start:]))
    return [(offset, part) for offset, part in parts if part.strip()]


def claims(sentence: str, role: re.Pattern) -> list[tuple[str, list[re.Match]]]:
    """(the words, the citations after them) for each run of citations in a sentence: "A says X {cite} and B
    says Y {cite}" makes two claims. Words after the last citation belong to the last claim."""
    found, start, run = [], 0, []
    matches = list(role.finditer(sentence))
    for i, match in enumerate(matches):
        run.append(match)
        following = matches[i + 1] if i + 1 < len(matches) else None
        if following and not sentence[match.end():following.start()].strip(" ,;.()"):
            continue                               # citations side by side support the same words
        found.append((sentence[start:run[0].start()], run))
        start, run = match.end(), []
    if found and sentence[start:].strip(" .;,)"):
        words, last = found[-1]
        found[-1] = (words + " " + sentence[start:], last)
    return found


def check_sentence(engine: Engine, cited: list[tuple[str, Match]], prose: str, line: int) -> list[Finding]:
    """Findings for one prose sentence (its words without citations) against its cited passages, each
    (source id, where its quote was found)."""
    if TEACHING_WORDS.search(prose):
        return []
    clauses: list[Clause] = []
    for index, (source_id, match) in enumerate(cited):
        for source_sentence in engine.sentences_over(source_id, match.start, match.end):
            clauses += [Clause(source_sentence, part, index) for part in sentence_parts(source_sentence.text)]
    if not clauses:
        return []
    words = QUOTE_MARKS.sub("", prose)           # a quoted phrase is the sentence's own claim too
    claim = Claim("statement", words, words, "", ())
    align(engine, claim, clauses)
    if claim.clause is None or _share(claim) < CLOSE:
        return []                                 # a sentence that discusses its source is not a paraphrase of it
    found = conflict(claim, clauses)
    if found:
        return [_finding(engine, "claim-negated", claim, "contradicts its citation", found, line)]
    for what, test in (("an opposite", antonym), ("the reverse order", order), ("another quantifier", quantifier),
                       ("another bound", bound)):
        found = test(claim, clauses)
        if found:
            return [_finding(engine, "claim-opposite", claim, f"says {what} of its citation", found, line)]
    found = swapped(claim)
    if found:
        evidence_says, claim_says, relation = found
        code = "claim-opposite" if relation else "claim-role"
        return [_finding(engine, code, claim, "swaps the sides of its citation", (evidence_says, claim_says), line)]
    return []


def _share(claim: Claim) -> float:
    mine = {t.stem for t in claim.toks if t.content}
    return len(mine & claim.clause.stems) / len(mine) if mine else 0.0


def _finding(engine: Engine, code: str, claim: Claim, verdict: str, found: tuple[str, str], line: int) -> Finding:
    evidence_says, claim_says = found
    sentence = claim.clause.sentence
    passage = engine.passage(sentence.source, sentence.start, sentence.end)
    return Finding(code, CODES[code][0],
                   f"the sentence {verdict}: the citation says '{evidence_says}' ({passage.anchor}); the sentence "
                   f"says '{claim_says}'", line, [passage],
                   extra={"claim": claim.text, "clause": claim.clause.text})
