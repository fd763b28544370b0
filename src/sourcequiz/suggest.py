"""`sourcequiz suggest QUESTION_ID`: propose the best passages as evidence for a question.

Ranked retrieval (BM25, via rank_bm25) over every sentence of every source. Words are
stemmed, and numbers and dates become one token whatever their form, so "five thousand"
in a prompt finds "5,000" in a source. A sentence that states every number and date of the
key is ranked first. Order and match questions get proposals per item or pair, since each
needs its own quote. The question's current evidence is checked and its status shown.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from . import facts as F
from .check import check_question
from .check.engine import Engine, Sentence, engine_for
from .loader import LoadResult
from .problems import UserError
from .sources import SourceRegistry


@dataclass
class Proposal:
    source: str
    anchor: str
    score: float
    quote: str
    has_key_facts: bool = False

    def as_dict(self) -> dict:
        return {"source": self.source, "anchor": self.anchor, "score": round(self.score, 2),
                "has_key_facts": self.has_key_facts, "quote": self.quote}


@dataclass
class Suggestion:
    question_id: str
    file: str
    line: int | None
    status: str
    problems: list[str] = field(default_factory=list)
    groups: list[tuple[str, list[Proposal]]] = field(default_factory=list)   # (what for, proposals)

    def as_dict(self) -> dict:
        return {"question": self.question_id, "file": self.file, "line": self.line, "status": self.status,
                "problems": self.problems,
                "proposals": [{"for": label, "passages": [p.as_dict() for p in items]}
                              for label, items in self.groups]}


def tokens(facts: F.Facts) -> list[str]:
    """Stems of content words, plus one token per number ('#5000'), year ('#2020') and date ('@2020-2')."""
    out = [t.value for t in facts.terms]
    out += [part for n in facts.names for part in n.value.split()]
    for number in facts.numbers:
        if not number.weak:
            out += [f"#{F.canonical_number(v)}" for v in number.value]
    for year in facts.years:
        out.append(f"#{year.value}")
    for date in facts.dates:
        d = date.value
        if d.year:
            out.append(f"#{d.year}")
        if d.month:
            out.append(f"@{d.year or ''}-{d.month}")
            out.append(f"@m{d.month}")
        if d.day and d.month:
            out.append(f"@{d.month}-{d.day}")
    return out


class Index:
    """BM25 over all sentences of a registry (built once per registry)."""

    def __init__(self, engine: Engine):
        from rank_bm25 import BM25Okapi  # noqa: PLC0415 - numpy is slow to import; only suggest needs it

        self.engine = engine
        furniture = {(f.source, f.start) for flags in engine.flags.values() for f in flags if f.furniture}
        self.sentences: list[Sentence] = [
            s for sentences in engine.sentences.values() for s in sentences
            if len(s.text) > 20 and not any(src == s.source and s.start <= start < s.end for src, start in furniture
                                            if s.end - s.start < 60)
        ]
        self.bm25 = BM25Okapi([tokens(s.facts) or ["<empty>"] for s in self.sentences])

    def search(self, query: str, key: str = "", limit: int = 5) -> list[Proposal]:
        facts = self.engine.facts(f"{query} {key}")
        query_tokens = tokens(facts) + tokens(self.engine.facts(key))   # the key's words count twice
        if not query_tokens:
            return []
        scores = self.bm25.get_scores(query_tokens)
        wanted = [f for f in self.engine.facts(key).required if f.kind in ("number", "date", "year")] if key else []
        ranked = []
        for sentence, score in zip(self.sentences, scores):
            has = bool(wanted) and all(F.fact_in(f, sentence.facts) for f in wanted)
            ranked.append((score * (1.5 if has else 1.0), has, sentence))
        ranked.sort(key=lambda r: -r[0])
        return [Proposal(s.source, s.anchor, score, self.engine.pasteable(s.source, s.start, s.end), has)
                for score, has, s in ranked[:limit] if score > 0]


def index_for(engine: Engine) -> Index:
    index = engine.__dict__.get("_suggest_index")
    if index is None:
        index = engine.__dict__["_suggest_index"] = Index(engine)
    return index


def key_text(question) -> str:
    if question.type in ("single", "multiple"):
        return " ".join(o.text for o in question.options if o.correct)
    if question.type == "numeric":
        return F.canonical_number(float(question.answer)) + (f" {question.unit}" if question.unit else "")
    if question.type == "text":
        return " ".join(question.answers)
    if question.type == "true_false":
        return question.prompt if question.answer else (question.correction or "")
    return ""


def suggest(question_id: str, result: LoadResult, sources: SourceRegistry, limit: int = 5) -> Suggestion:
    found = [(loaded, q) for loaded, q in result.questions if q.id == question_id]
    if not found:
        ids = [q.id for _, q in result.questions]
        close = difflib.get_close_matches(question_id, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UserError(f"suggest: no question {question_id!r} in the banks{hint}")
    loaded, question = found[0]
    engine = engine_for(sources)
    report = check_question(loaded, question, sources)
    suggestion = Suggestion(question.id, loaded.display, report.line, report.status,
                            [f"{f.code}: {f.message}" for f in report.findings])
    index = index_for(engine)
    if question.type == "order":
        for i, item in enumerate(question.items):
            suggestion.groups.append((f"item {i + 1}: {item}", index.search(item, "", limit=min(limit, 3))))
    elif question.type == "match":
        for i, pair in enumerate(question.pairs):
            suggestion.groups.append((f"pair {i + 1}: {pair.left} – {pair.right}",
                                      index.search(question.prompt, f"{pair.left} {pair.right}", min(limit, 3))))
    else:
        suggestion.groups.append(("the question", index.search(question.prompt, key_text(question), limit)))
    return suggestion


def render_suggestions(suggestion: Suggestion) -> str:
    lines = [f"{suggestion.question_id} ({suggestion.file}:{suggestion.line}): evidence "
             + {"ok": "checks clean", "warning": "checks with warnings", "error": "fails"}[suggestion.status]]
    lines += [f"  {p}" for p in suggestion.problems]
    for label, proposals in suggestion.groups:
        lines.append("")
        lines.append(f"Passages for {label}:")
        if not proposals:
            lines.append("  (nothing in the sources matches)")
        for rank, p in enumerate(proposals, 1):
            mark = "  [states every number and date of the key]" if p.has_key_facts else ""
            lines.append(f"{rank:>2}. {p.anchor}  score {p.score:.1f}{mark}")
            lines.append(f"      - source: {p.source}")
            lines.append(f"        quote: {json.dumps(p.quote, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
