"""The `no-context` rule: a prompt that leans on text it does not contain.

- A demonstrative ("those attacks", "these demands", "this figure") whose noun the prompt has not
  yet introduced. Nouns that point at the question's own options ("which of these statements")
  are fine.
- "The agreement", "the signing", "the talks" ... with no date and no party, in a bank that
  names several agreements.
- A person named without a role ("What did Javid Faisal say?"): persons are read from the
  course's `data/people.yml`, when there is one beside `sources/`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from snowballstemmer import stemmer

from .. import facts as F
from ..loader import LoadedBank
from ..problems import Problem
from ..vocabulary import strip_source_names
from .common import Context, finding

DEMONSTRATIVE = re.compile(r"\b(those|these|this)\s+(?:(?:two|three|four|five|several|many)\s+)?([a-z][a-z-]+)",
                           re.IGNORECASE)
# a quotation: the source's own words may say "these attacks"; the prompt has then quoted them
QUOTED = re.compile(r"(?<![A-Za-z])'[^']*?'(?![A-Za-z])|\"[^\"]*\"|“[^”]*”|‘[^’]*’")
# nouns with which "these"/"this" point at the question itself, not at an earlier text
OWN_NOUNS = frozenset("statement statements option options answer answers event events item items pair "
                      "pairs figure figures date dates number numbers claim claims source sources text texts "
                      "passage passages quote quotes word words phrase phrases term terms description "
                      "descriptions reason reasons step steps development developments people persons "
                      "places countries organisations groups question questions sentence sentences".split())
OCCASION = re.compile(r"\bthe\s+(signing|agreement|deal|accord|ceremony|talks|negotiations|declaration)\b",
                      re.IGNORECASE)
AGREEMENT_NAMES = re.compile(r"\b(Geneva|Bonn|Doha|US[–-]Taliban|joint declaration|joint statement|"
                             r"US[–-]Afghan|intra-Afghan|reduction in violence)\b", re.IGNORECASE)
# what names one agreement or round of talks by itself ("the reduction in violence" was before a signing)
NAMED = re.compile(r"\b(Geneva|Bonn|Doha|US[–-]Taliban|joint declaration|joint statement|US[–-]Afghan|"
                   r"intra-Afghan)\b", re.IGNORECASE)
PARTY = re.compile(r"\b(US|U\.S\.|United States|America|American|Washington|Taliban|Afghan|Kabul|Doha|Qatar|"
                   r"Pakistan|Soviet|Geneva|Bonn|NATO|Ghani|Khalilzad|Baradar|Trump|Pompeo)\b")
MONTH_OR_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|" + "|".join(F.MONTHS) + r")\b", re.IGNORECASE)
ROLE_WORDS = re.compile(r"\b(president|secretary|envoy|ambassador|representative|spokes(?:man|woman|person)|"
                        r"negotiator|leader|chief|commander|general|minister|adviser|advisor|official|"
                        r"founder|head|chairman|emir|deputy|analyst|author|scholar|researcher|senator|"
                        r"king|prime|governor|director|co-founder|mullah's|fellow)\b", re.IGNORECASE)
_STEM = stemmer("english")


def no_context(loaded: LoadedBank, question, ctx: Context) -> list[Problem]:
    prompt = strip_source_names(question.prompt)
    reason = (_dangling_demonstrative(prompt) or _unanchored_occasion(prompt, loaded)
              or _person_without_role(prompt, _persons(ctx)))
    if not reason:
        return []
    return [finding(loaded, question, "no-context", f"the prompt {reason}; a student meets it in a quiz with "
                    f"no page around it, so name what it refers to", "prompt")]


def _dangling_demonstrative(prompt: str) -> str | None:
    quotes = [m.span() for m in QUOTED.finditer(prompt)]
    for match in DEMONSTRATIVE.finditer(prompt):
        noun = match.group(2).lower()
        if noun in OWN_NOUNS or noun in F.STOPWORDS or noun.endswith("ed"):
            continue  # "which of these statements", "those freed by the Taliban"
        if any(start < match.start() for start, _ in quotes):
            continue  # inside or after a quotation, which it points at
        before = {_STEM.stemWord(w) for w in re.findall(r"[a-z]+", prompt[:match.start()].lower())}
        if _STEM.stemWord(noun) not in before:
            return f"says {match.group(0)!r} without saying earlier which {noun} it means"
    return None


def _unanchored_occasion(prompt: str, loaded: LoadedBank) -> str | None:
    match = OCCASION.search(prompt)
    if (not match or PARTY.search(prompt) or NAMED.search(prompt) or MONTH_OR_YEAR.search(prompt)
            or not _several_agreements(loaded)):
        return None
    return (f"says {match.group(0)!r} with no date and no party, in a bank that names several agreements "
            f"and talks")


def _person_without_role(prompt: str, persons: dict[str, str]) -> str | None:
    if ROLE_WORDS.search(prompt):
        return None
    for surname, name in persons.items():
        if re.search(rf"\b{re.escape(surname)}\b", prompt):
            return f"names {name} without saying who he or she is (a role such as envoy, spokesman, president)"
    return None


def _several_agreements(loaded: LoadedBank) -> bool:
    return _agreements_named(loaded.bank.bank, tuple(q.prompt + " " + (q.explanation or "")
                                                     for q in loaded.bank.questions)) >= 2


@lru_cache(maxsize=64)
def _agreements_named(bank: str, texts: tuple[str, ...]) -> int:
    return len({m.group(1).lower().replace("–", "-") for text in texts for m in AGREEMENT_NAMES.finditer(text)})


def _persons(ctx: Context) -> dict[str, str]:
    """Surname -> full name of each person in the course's data/people.yml (none without one)."""
    if ctx.sources is None:
        return {}
    return _people_file(ctx.sources.directory.parent / "data" / "people.yml")


@lru_cache(maxsize=8)
def _people_file(path: Path) -> dict[str, str]:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return {}  # the people file is the book's; its own checks report a broken one
    persons = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("kind") == "person" and isinstance(entry.get("name"), str):
            name = entry["name"]
            persons[name.replace("Osama bin ", "bin ").split()[-1] if "bin Laden" not in name else "bin Laden"] = name
    return persons
