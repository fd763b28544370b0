"""Every chapter has the parts a reader relies on: learning objectives, a five-point summary before the
quiz, exercises with model answers (a comparison of sources and an argued judgement among them, at most
one find-the-passage task), and, where the texts are thin, a "Beyond the sources" outline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sourcequiz.vocabulary import sources_named

CHAPTERS = sorted((Path(__file__).parents[1] / "chapters").glob("ch*.md"))
SOURCES = re.compile(r"\b(?:sources|texts|none of (?:them|our))\b", re.IGNORECASE)
OMITS = re.compile(r"\b(?:do not|does not|never|nothing|little|silent|thin|thinnest|none of)\b", re.IGNORECASE)
NEEDS_OUTLINE = {"ch01", "ch02", "ch03", "ch07"}     # the periods the five texts barely cover, and 2021
EXERCISE = re.compile(r"```\{exercise-start\}\n:label: (\S+)\n```\n(.*?)```\{exercise-end\}", re.S)
SOLUTION = re.compile(r"```\{solution-start\} (\S+)")
JUDGEMENT = re.compile(r"\bhow far\b|\bjudge?ment\b|\bargue\b|\bto what extent\b|\bhow (?:strong|convincing|reliable)",
                       re.IGNORECASE)


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2])}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem[:4])
def test_a_chapter_has_objectives_a_five_point_summary_before_its_quiz(path):
    text = path.read_text(encoding="utf-8")
    titles = re.findall(r"^## (.+)$", text, flags=re.M)
    assert "Learning objectives" in titles
    assert titles.index("Summary") + 1 == titles.index("Quiz")
    bullets = re.findall(r"^- ", sections(text)["Summary"], flags=re.M)
    assert len(bullets) == 5


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem[:4])
def test_a_chapter_has_a_comparison_and_a_judgement_exercise_each_with_a_model_answer(path):
    text = path.read_text(encoding="utf-8")
    exercises = {label: body for label, body in EXERCISE.findall(text)}
    assert len(exercises) >= 3
    assert set(SOLUTION.findall(text)) >= set(exercises)
    assert text.count("passage_exercise(") <= 1
    assert any(re.search(r"\bcompar", body, re.I) or len(sources_named(body)) >= 2 for body in exercises.values())
    assert any(JUDGEMENT.search(body) for body in exercises.values())


@pytest.mark.parametrize("path", [p for p in CHAPTERS if p.stem[:4] in NEEDS_OUTLINE], ids=lambda p: p.stem[:4])
def test_a_thinly_sourced_period_gets_a_dated_beyond_the_sources_outline(path):
    text = path.read_text(encoding="utf-8")
    boxes = re.findall(r"```\{admonition\} Beyond the sources[^\n]*\n(?::class:[^\n]*\n)?(.*?)```", text, re.S)
    dated = [box for box in boxes if len(re.findall(r"\b(?:19|20)\d\d\b", box)) >= 3]
    assert dated, "no dated outline in a Beyond the sources box"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem[:4])
def test_a_chapter_says_what_its_sources_do_not_cover(path):
    """A sentence near the start (objectives or first section) on what the chapter's texts leave out."""
    parts = list(sections(path.read_text(encoding="utf-8")).values())
    opening = " ".join(parts[:2])
    sentences = re.split(r"(?<=[.!?])\s+", opening)
    assert any(SOURCES.search(x) and OMITS.search(x) for x in sentences)
