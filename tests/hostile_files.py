"""Hostile bank files for the robustness tests and `make bench`: each built in memory, none kept in the repo."""

from __future__ import annotations

import random

import yaml

from sourcequiz.sources import SourceRegistry


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """"Billion laughs": a few hundred bytes whose aliases expand to width**levels values."""
    lines = ["bank: bomb", "title: Bomb", "a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    lines.append(f"questions: *a{levels}")
    return "\n".join(lines) + "\n"


def deep_nesting(depth: int = 100_000) -> str:
    return "bank: deep\ntitle: Deep\nquestions: " + "[" * depth + "]" * depth + "\n"


def huge_file(megabytes: float = 6) -> str:
    line = "# " + "x" * 98 + "\n"
    return "bank: huge\ntitle: Huge\n" + line * int(megabytes * 10_000)


def _word_picker(sources: SourceRegistry, seed: int):
    rng = random.Random(seed)
    words = [w for s in sources for w in s.text.split()]
    return rng, lambda n: " ".join(rng.choice(words) for _ in range(n))


def long_quotes_bank(sources: SourceRegistry, questions: int = 15, seed: int = 0) -> str:
    """Quotes as long as the model allows (about 4,000 characters), stitched from the sources' words in a
    scrambled order: never found, so each one sends the checker looking for the closest passage."""
    rng, words = _word_picker(sources, seed)
    bank = [{"id": f"long-{n}", "type": "single", "prompt": words(20),
             "options": [{"text": words(3) + f" {1979 + i}", "correct": i == 0} for i in range(26)],
             "evidence": [{"source": rng.choice(sources.ids), "quote": words(600)[:4000]} for _ in range(30)]}
            for n in range(questions)]
    return _dump("long-quotes", bank)


def crowded_bank(sources: SourceRegistry, questions: int = 1150, seed: int = 0) -> str:
    """Close to the 2 MB limit: over a thousand questions, each with 26 options holding years and names."""
    rng, words = _word_picker(sources, seed)
    bank = [{"id": f"crowded-{n}", "type": "single", "prompt": words(20),
             "options": [{"text": words(3) + f" {1979 + i}", "correct": i == 0} for i in range(26)],
             "evidence": [{"source": rng.choice(sources.ids), "quote": words(8)}]}
            for n in range(questions)]
    return _dump("crowded", bank)


def _dump(name: str, questions: list[dict]) -> str:
    return yaml.safe_dump({"bank": name, "title": name, "questions": questions}, allow_unicode=True, sort_keys=False)
