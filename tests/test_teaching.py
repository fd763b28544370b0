"""Page quizzes test what their page taught, and no question of a quiz gives another away.

Each question records where the course teaches it (`taught`, default: its bank's chapter); a
chapter's page quiz draws only questions taught there or earlier (`teaching.taught_by`), and a
quiz with a limit, like a drawn selection, never holds two questions of which one states the
other's answer (`giveaway.apart`).
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from sourcequiz import giveaway
from sourcequiz.check import check_course
from sourcequiz.loader import load_banks
from sourcequiz.payload import build_payload
from sourcequiz.selection import select
from sourcequiz.teaching import chapter_order, taught_by, taught_chapter

ROOT = Path(__file__).resolve().parent.parent
QUIZ_CELL = re.compile(r"^quiz\((.*)\)\s*$", re.MULTILINE)


def page_quizzes() -> list[tuple[str, str, dict]]:
    """(chapter, bank, keyword arguments) of each chapter page's quiz cell."""
    found = []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        for match in QUIZ_CELL.finditer(path.read_text(encoding="utf-8")):
            call = ast.parse(f"f({match.group(1)})").body[0].value
            found.append((path.stem, ast.literal_eval(call.args[0]),
                          {k.arg: ast.literal_eval(k.value) for k in call.keywords}))
    return found


@pytest.fixture(scope="module")
def course():
    result = load_banks([ROOT / "quizzes"])
    chapter_of = {}
    questions = {}
    for loaded, question in result.questions:
        chapter_of[question.id] = taught_chapter(question, loaded.bank.chapter)
        questions[question.id] = question
    order = chapter_order(ROOT, set(chapter_of.values()))
    return chapter_of, questions, order


def test_every_chapter_page_has_a_quiz():
    assert {c for c, _, _ in page_quizzes()} == {p.stem for p in (ROOT / "chapters").glob("*.md")}


@pytest.mark.parametrize("chapter,bank,kwargs", page_quizzes(), ids=lambda v: v if isinstance(v, str) else "")
def test_page_quiz_draws_only_questions_taught_by_then(chapter, bank, kwargs, course):
    chapter_of, questions, order = course
    payload = build_payload(bank, root=ROOT, **kwargs)
    ids = [q["id"] for q in payload["questions"]]
    assert ids, f"{chapter}: the page quiz is empty"
    late = {i: chapter_of[i] for i in ids if order.index(chapter_of[i]) > order.index(chapter)}
    assert not late, f"{chapter}'s quiz asks questions taught later: {late}"
    if kwargs.get("limit"):
        assert len(ids) == kwargs["limit"], f"{chapter}: fewer taught questions than the page asks for"
    chosen = [questions[i] for i in ids]
    pairs = [(a.id, b.id) for a in chosen for b in chosen if giveaway.gives_away(b, a)]
    assert not pairs, f"{chapter}'s quiz holds questions that give each other away: {pairs}"


def test_every_question_can_reach_a_page_quiz(course):
    """A page quiz draws from its chapter's bank what that chapter or an earlier one taught: a question taught
    after its bank's chapter would be on no page quiz. It belongs in the bank of the chapter that teaches it."""
    chapter_of, _, order = course
    result = load_banks([ROOT / "quizzes"])
    stranded = {question.id: (loaded.bank.bank, chapter_of[question.id]) for loaded, question in result.questions
                if order.index(chapter_of[question.id]) > order.index(loaded.bank.chapter)}
    assert not stranded, f"taught after their bank's chapter, so on no page quiz: {stranded}"


def test_chapter_order_follows_the_table_of_contents(course):
    _, _, order = course
    chapters = [c for c in order if c.startswith("ch")]
    assert chapters == sorted(chapters) and len(chapters) == 8
    assert order.index("intro") < order.index("ch01_conflict_1979_1996")


BANK = """\
bank: tiny
title: Tiny
chapter: ch02
questions:
  - id: q-first
    type: true_false
    prompt: The Taliban took control of Kabul in 1996.
    answer: true
    evidence: [{source: s, quote: "took Kabul in 1996"}]
    taught: {chapter: ch01}
  - id: q-second
    type: true_false
    prompt: The Taliban were toppled in 2001.
    answer: true
    evidence: [{source: s, quote: "toppled in 2001"}]
  - id: q-later
    type: true_false
    prompt: The talks began in 2020.
    answer: true
    evidence: [{source: s, quote: "began in 2020"}]
    taught: {chapter: ch03, section: ch3-talks}
"""


def tiny_course(tmp_path: Path, toc: str | None) -> Path:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "tiny.yml").write_text(BANK, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "sources.yml").write_text(
        "sources:\n  - id: s\n    file: s.txt\n    title: S\n", encoding="utf-8")
    (tmp_path / "sources" / "s.txt").write_text(
        "They took Kabul in 1996. They were toppled in 2001. The talks began in 2020.\n", encoding="utf-8")
    if toc is not None:
        (tmp_path / "_toc.yml").write_text(toc, encoding="utf-8")
    return tmp_path


def test_a_bank_quiz_leaves_out_what_later_chapters_teach(tmp_path):
    root = tiny_course(tmp_path, None)
    ids = [q["id"] for q in build_payload("tiny", root=root)["questions"]]
    assert ids == ["q-first", "q-second"]
    every = [q["id"] for q in build_payload("tiny", root=root, taught_only=False)["questions"]]
    assert every == ["q-first", "q-second", "q-later"]
    picked = [q["id"] for q in build_payload("tiny", ids=["q-later"], root=root)["questions"]]
    assert picked == ["q-later"], "questions picked by id are given whatever chapter teaches them"


def test_the_table_of_contents_orders_chapters_over_their_names(tmp_path):
    root = tiny_course(tmp_path, "root: intro\nchapters:\n  - file: ch03\n  - file: ch01\n  - file: ch02\n")
    ids = [q["id"] for q in build_payload("tiny", root=root)["questions"]]
    assert ids == ["q-first", "q-second", "q-later"], "ch03 comes first in this book, so ch02's quiz may ask it"
    questions = load_banks([root / "quizzes"]).banks[0].bank.questions
    assert [q.id for q in taught_by(list(questions), "ch03", root)] == ["q-second", "q-later"]


def test_check_reports_an_unknown_taught_chapter_or_section(tmp_path):
    root = tiny_course(tmp_path, None)
    (root / "chapters").mkdir()
    (root / "chapters" / "ch01.md").write_text("# One\n", encoding="utf-8")
    (root / "chapters" / "ch03.md").write_text("# Three\n\n(ch3-other)=\n## Other\n", encoding="utf-8")
    report = check_course(root)
    found = {(q.id, f.code, f.message) for q in report.questions for f in q.findings
             if f.code == "taught-unknown"}
    assert {(q, code) for q, code, _ in found} == {("q-later", "taught-unknown")}
    message = next(m for _, _, m in found)
    assert "no section labelled 'ch3-talks'" in message
    text = (root / "quizzes" / "tiny.yml").read_text(encoding="utf-8").replace("chapter: ch01}", "chapter: ch9}")
    (root / "quizzes" / "tiny.yml").write_text(text, encoding="utf-8")
    report = check_course(root)
    assert any(f.code == "taught-unknown" and "no chapter 'ch9'" in f.message
               for q in report.questions if q.id == "q-first" for f in q.findings)


GIVEAWAY = textwrap.dedent("""\
    bank: pairs
    title: Pairs
    questions:
      - id: p-date
        type: single
        prompt: When did the United States and the Taliban sign their agreement?
        options:
          - {text: "February 29, 2020", correct: true}
          - {text: "March 10, 2020"}
        evidence: [{source: s, quote: "signed"}]
      - id: p-city
        type: single
        prompt: The United States and the Taliban signed their agreement on 29 February 2020. In which city?
        options:
          - {text: Doha, correct: true}
          - {text: Kabul}
        evidence: [{source: s, quote: "signed"}]
      - id: p-explains
        type: numeric
        prompt: How many US troops were to remain after 135 days?
        answer: 8600
        explanation: The agreement the United States and the Taliban signed on February 29, 2020 set 8,600.
        evidence: [{source: s, quote: "signed"}]
      - id: p-other
        type: single
        prompt: Whom did the US envoy meet when he visited Doha in 2019?
        options:
          - {text: Zalmay Khalilzad, correct: true}
          - {text: Mike Pompeo}
        evidence: [{source: s, quote: "signed"}]
    """)


def test_gives_away_needs_the_key_and_the_subject_of_the_question(tmp_path):
    (tmp_path / "pairs.yml").write_text(GIVEAWAY, encoding="utf-8")
    questions = {q.id: q for q in load_banks([tmp_path]).banks[0].bank.questions}
    told = giveaway.gives_away(questions["p-city"], questions["p-date"])
    assert told and told.field == "prompt", "29 February 2020 = February 29, 2020, with 'sign' and 'agreement'"
    assert giveaway.gives_away(questions["p-explains"], questions["p-date"]) is None, "explanations: only with explanation=True"
    assert giveaway.gives_away(questions["p-explains"], questions["p-date"], explanation=True).field == "explanation"
    assert giveaway.gives_away(questions["p-other"], questions["p-city"]) is None, "'Doha' alone is named, not told"
    assert giveaway.gives_away(questions["p-other"], questions["p-date"]) is None
    four = [questions[i] for i in ("p-date", "p-city", "p-explains", "p-other")]
    kept = giveaway.apart(four, limit=2)
    assert [q.id for q in kept] == ["p-date", "p-other"], "the two that tell p-date's answer are left out"
    kept = giveaway.apart(four, limit=3)
    assert [q.id for q in kept] == ["p-date", "p-explains", "p-other"], \
        "short of the limit, a question whose explanation alone tells comes back; one whose prompt tells never"


def test_a_drawn_selection_keeps_such_pairs_apart(root):
    chosen = select(banks=("doha-agreement",), count=20, seed=3, root=root)
    ids = chosen.questions
    assert len(ids) == 20
    assert not [(a.id, b.id) for a in ids for b in ids if giveaway.gives_away(b, a, explanation=True)]


def test_the_notebook_quiz_follows_the_same_rule_and_its_reference_keeps_it(tmp_path):
    from sourcequiz.widgets import quiz

    root = tiny_course(tmp_path, None)
    shown = quiz("tiny", root=root)
    assert [r["id"] for r in shown.results] == ["q-first", "q-second"]
    whole = quiz("tiny", root=root, taught_only=False)
    assert [r["id"] for r in whole.results] == ["q-first", "q-second", "q-later"]
    bundle = whole._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert bundle["application/vnd.sourcequiz.quiz+json"]["taught_only"] is False
