"""The claims a question makes, and the evidence clause each one rests on.

A claim is a sentence built from the question: the prompt with the key put in place of its
question word ("Mullah Baradar signed the agreement for the United States"), a true statement,
a correction, an order item, a match pair. Each claim is aligned with the clause of its evidence
(the whole sentences its quotes stand in, cut at clause breaks) that shares the most of its rare
words, the answer's words counting double. The checks of polarity, opposites and roles then
compare the claim with that clause word by word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple
from functools import cached_property, lru_cache

from .. import facts as F
from ..textmatch import norm
from ..vocabulary import strip_source_names
from .context import QuestionContext
from .engine import Engine, Sentence
from .lexicon import IRREGULAR

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z']*|\d+(?:,\d{3})*(?:\.\d+)?%?|[;:.!?()\[\]\",]")
BREAK_TOKENS = frozenset(";:.!?()[]\"")
CLAUSE_WORDS = frozenset("but whereas although however".split())
WH = re.compile(r"\b(?:how (?:many|much|long|far)|who(?:m|se)?|what|which|when|where|why)\b", re.IGNORECASE)
AUXILIARY = frozenset("was were is are be been being did does do has have had will would should could can "
                      "must might may".split())
BLANK = re.compile(r"_{2,}|\.\.\.|…")
NEGATIVE_PROMPT = re.compile(r"\b(?:not|never|except|false|untrue|incorrect|wrong|least likely|no)\b", re.IGNORECASE)
MULTIWORD = {("united", "states"): "us", ("al", "qaeda"): "alqaeda", ("islamic", "state"): "isis",
             ("soviet", "union"): "soviet", ("united", "nations"): "un"}
MULTIWORD_FIRST = frozenset(first for first, _ in MULTIWORD)


class Tok(NamedTuple):
    text: str            # as written (normalised)
    low: str             # lower case, name aliases folded ('America' -> 'us')
    stem: str
    start: int           # offsets into the normalised text
    end: int
    content: bool        # a word that carries meaning (not a stop word, not punctuation)

    @property
    def brk(self) -> bool:
        return self.text in BREAK_TOKENS


@lru_cache(maxsize=20_000)
def tokenize(text: str) -> tuple[Tok, ...]:
    text = norm(text)
    toks: list[Tok] = []
    append, make, word_of = toks.append, tuple.__new__, _word      # Tok(...) without the Python-level __new__
    first = None                  # a word that may begin a two-word name ('United' of 'United States'), held back
    for match in TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        if first is not None:
            held, held_start, held_end = first
            first = None
            pair = (held.lower(), word.lower())
            if pair in MULTIWORD:
                append(make(Tok, (text[held_start:end], MULTIWORD[pair], MULTIWORD[pair], held_start, end, True)))
                continue
            low, stem, content = word_of(held)
            append(make(Tok, (held, low, stem, held_start, held_end, content)))
        if word.lower() in MULTIWORD_FIRST:
            first = (word, start, end)
            continue
        low, stem, content = word_of(word)
        append(make(Tok, (word, low, stem, start, end, content)))
    if first is not None:
        held, held_start, held_end = first
        low, stem, content = word_of(held)
        append(make(Tok, (held, low, stem, held_start, held_end, content)))
    return tuple(toks)


@lru_cache(maxsize=50_000)
def _word(word: str) -> tuple[str, str, bool]:
    """(low, stem, content) of one token."""
    if word in BREAK_TOKENS or word == ",":
        return word, "", False
    if word[0].isdigit():
        digits = word.rstrip("%").replace(",", "")
        try:
            value = F.canonical_number(float(digits))
        except ValueError:
            value = digits
        return value, value, True                   # "80%" and "80 percent" share the number
    low = F.alias(word.lower().removesuffix("'s").strip("'"))
    stem = F.stem(IRREGULAR.get(low, low)) if low else ""
    return low, stem, stem != "" and len(low) > 1 and low not in F.STOPWORDS


@dataclass
class Clause:
    """A stretch of one evidence sentence between clause breaks."""

    sentence: Sentence
    toks: tuple[Tok, ...]
    evidence: int                      # the index of the evidence item it comes from

    @property
    def text(self) -> str:
        return self.sentence.text[self.toks[0].start:self.toks[-1].end] if self.toks else ""

    @cached_property
    def stems(self) -> set[str]:
        """Its content words' stems (read only: shared by every claim aligned with it)."""
        return {t.stem for t in self.toks if t.content}


@dataclass
class Claim:
    kind: str                         # key | distractor | statement | correction | item | pair
    text: str                         # the claim as a sentence
    focus: str                        # the answer part: an option, the answer, a pair side ...
    prompt: str                       # the question it answers ('' for a statement)
    fields: tuple                     # where it is in the bank, for the line number
    evidence: int | None = None       # an order item or match pair rests on one evidence entry
    clause: Clause | None = None
    score: float = 0.0
    toks: tuple[Tok, ...] = field(default=(), repr=False)

    def __post_init__(self):
        self.text = strip_source_names(self.text)       # "According to Tariq's article" names, it does not claim
        self.toks = tokenize(self.text)


def claim_text(prompt: str, answer: str) -> str:
    """The prompt with the answer in place of its blank or its question word."""
    answer = answer.strip().rstrip(".")
    if BLANK.search(prompt):
        return BLANK.sub(answer, prompt, count=1).rstrip("?")
    match = WH.search(prompt)
    if not match:
        return f"{prompt.rstrip('?:. ')}: {answer}"
    end = match.end()
    if match.group(0).lower() == "when":           # "when did X happen?" -> "did X happen <answer>"
        return f"{prompt[:match.start()]}{prompt[end:].strip().rstrip('?. ')} {answer}"
    rest = prompt[end:]
    following = re.match(r"\s+([A-Za-z]+)", rest)
    if match.group(0).lower() in ("which", "what") and following and following.group(1).lower() not in AUXILIARY:
        end += following.end()            # "which group claimed ..." -> "<answer> claimed ..."
    return (prompt[:match.start()] + answer + prompt[end:]).rstrip("? ")


@lru_cache(maxsize=4096)
def negative_prompt(prompt: str) -> bool:
    """'Which of these did the agreement NOT include?': its key is what the evidence does not say."""
    return bool(NEGATIVE_PROMPT.search(prompt or ""))


def claims_of(ctx: QuestionContext) -> list[Claim]:
    q = ctx.question
    claims: list[Claim] = []
    if q.type in ("single", "multiple"):
        for i, option in enumerate(q.options):
            kind = "key" if option.correct else "distractor"
            claims.append(Claim(kind, claim_text(q.prompt, option.text), option.text, q.prompt,
                                ("options", i, "text")))
    elif q.type == "numeric":
        answer = F.canonical_number(float(q.answer)) + (f" {q.unit}" if q.unit else "")
        claims.append(Claim("key", claim_text(q.prompt, answer), answer, q.prompt, ("answer",)))
    elif q.type == "text":
        claims.append(Claim("key", claim_text(q.prompt, q.answers[0]), q.answers[0], q.prompt, ("answers",)))
    elif q.type == "true_false":
        if q.answer:
            claims.append(Claim("statement", q.prompt, q.prompt, "", ("prompt",)))
        elif q.correction:
            claims.append(Claim("correction", q.correction, q.correction, "", ("correction",)))
    elif q.type == "order":
        for i, item in enumerate(q.items):
            claims.append(Claim("item", item, item, "", ("items", i), evidence=i))
    elif q.type == "match":
        for i, pair in enumerate(q.pairs):
            claims.append(Claim("pair", f"{pair.left}: {pair.right}", pair.right, pair.left,
                                ("pairs", i, "right"), evidence=i))
    return claims


def evidence_clauses(ctx: QuestionContext) -> list[Clause]:
    """The clauses of every sentence the found quotes stand in."""
    clauses: list[Clause] = []
    for item in ctx.evidence:
        if not item.found:
            continue
        for sentence in ctx.engine.sentences_over(item.source, item.match.start, item.match.end):
            clauses.extend(Clause(sentence, part, item.index) for part in sentence_parts(sentence.text))
    return clauses


@lru_cache(maxsize=4096)
def sentence_parts(text: str) -> tuple[tuple[Tok, ...], ...]:
    """The clauses of a text, as token runs (a source sentence is split once per process)."""
    return tuple(split_clauses(tokenize(text)))


def split_clauses(toks: tuple[Tok, ...]) -> list[tuple[Tok, ...]]:
    parts, current = [], []
    for tok in toks:
        if tok.brk or tok.low in CLAUSE_WORDS:
            if any(t.content for t in current):
                parts.append(tuple(current))
            current = []
            continue
        current.append(tok)
    if any(t.content for t in current):
        parts.append(tuple(current))
    return parts


def align(engine: Engine, claim: Claim, clauses: list[Clause], focus_weight: float = 2.0) -> None:
    """Set the claim's clause: the one sharing the most rarity-weighted words with it."""
    focus = {t.stem for t in tokenize(claim.focus) if t.content}
    wanted = {t.stem for t in claim.toks if t.content}
    idf, unknown = engine.idf, engine.default_idf       # engine.rarity, without a call per word
    best, best_score = None, 0.0
    for clause in clauses:
        if claim.evidence is not None and clause.evidence != claim.evidence:
            continue
        shared = wanted & clause.stems
        score = sum(idf.get(s, unknown) * (focus_weight if s in focus else 1.0) for s in shared)
        if score > best_score:
            best, best_score = clause, score
    claim.clause, claim.score = best, best_score


def shared_stems(claim: Claim) -> set[str]:
    return ({t.stem for t in claim.toks if t.content} & claim.clause.stems) if claim.clause else set()


def aligned_claims(ctx: QuestionContext) -> tuple[list[Claim], list[Clause]]:
    """The question's claims, each aligned with its evidence clause (worked out once per question)."""
    cached = ctx.__dict__.get("_aligned_claims")
    if cached is None:
        clauses = evidence_clauses(ctx)
        claims = claims_of(ctx)
        for claim in claims:
            align(ctx.engine, claim, clauses)
        cached = ctx.__dict__["_aligned_claims"] = (claims, clauses)
    return cached


def phrase(toks: tuple[Tok, ...], text: str, start: int, end: int) -> str:
    """The words of toks[start:end] as they stand in `text`."""
    start, end = max(0, start), min(len(toks), end)
    if start >= end:
        return ""
    return text[toks[start].start:toks[end - 1].end].strip(' ,;"')


def label(claim: Claim) -> str:
    return {"key": f"the key {claim.focus!r}", "distractor": f"the distractor {claim.focus!r}",
            "statement": "the statement (keyed true)", "correction": "the correction",
            "item": f"the item {claim.focus!r}", "pair": f"the pair {claim.prompt!r} – {claim.focus!r}"}[claim.kind]


def judged(ctx: QuestionContext, skip: tuple[str, ...] = ("distractor",)):
    """(claim, all evidence clauses) for each claim the question asserts, once its quotes are all found;
    none for a prompt that asks what is *not* so."""
    if not ctx.evidence or not ctx.all_found:
        return
    claims, clauses = aligned_claims(ctx)
    for claim in claims:
        if claim.kind not in skip and not negative_prompt(claim.prompt):
            yield claim, clauses


def contradiction(ctx: QuestionContext, code: str, claim: Claim, verdict: str, evidence_says: str,
                  claim_says: str):
    """The finding for a claim its evidence clause contradicts, showing both sides' words."""
    sentence = claim.clause.sentence
    passage = ctx.engine.passage(sentence.source, sentence.start, sentence.end)
    return ctx.finding(
        code, f"{label(claim)} {verdict}: the evidence says '{evidence_says}' ({passage.anchor}); "
              f"the key says '{claim_says}'", *claim.fields, passages=[passage],
        claim=claim.text, clause=claim.clause.text, evidence_says=evidence_says, key_says=claim_says)
