"""The quiz payload: built from a bank, ids, a set file or questions; deterministic."""

from __future__ import annotations

import json

import pytest
import yaml

from quiz_support import STARTER, make_course
from sourcequiz.payload import build_payload, from_reference, reference
from sourcequiz.problems import UserError
from sourcequiz.textmatch import find_quote

STARTER_IDS = [q["id"] for q in yaml.safe_load(STARTER.read_text(encoding="utf-8"))["questions"]]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("course"))


def test_bank_payload_has_every_type_and_is_json(course):
    payload = build_payload("starter", root=course)
    assert payload["key"] == "starter" and payload["title"] == "A starter bank"
    assert [q["id"] for q in payload["questions"]] == STARTER_IDS
    assert {q["type"] for q in payload["questions"]} == {"single", "multiple", "true_false", "numeric", "text",
                                                         "order", "match"}
    assert json.loads(json.dumps(payload)) == payload


def test_evidence_carries_source_title_and_the_anchor_of_its_sentence(course, sources):
    payload = build_payload("starter", root=course)
    for question in payload["questions"]:
        for evidence in question["evidence"]:
            source = sources[evidence["source"]]
            assert evidence["title"] == source.title
            match = find_quote(evidence["quote"], source.text)
            assert evidence["anchor"] == source.segment_at(match.start).anchor
            segment = next(s for s in source.segments if s.anchor == evidence["anchor"])
            assert segment.start <= match.start < segment.end


def test_question_ids_from_any_bank_keep_the_given_order(course):
    payload = build_payload(["starter-order", "starter-signing-date"], root=course)
    assert [q["id"] for q in payload["questions"]] == ["starter-order", "starter-signing-date"]
    assert payload["key"].startswith("set-")


def test_unknown_bank_or_question_is_a_user_error_naming_it(course):
    with pytest.raises(UserError, match="no bank 'nope'.*starter"):
        build_payload("nope", root=course)
    with pytest.raises(UserError, match="'starter-missing'"):
        build_payload(["starter-order", "starter-missing"], root=course)
    with pytest.raises(UserError, match="limit"):
        build_payload("starter", limit=0, root=course)


def test_a_set_file_made_by_select(course, tmp_path):
    from sourcequiz.selection import select

    qset = select(banks=["starter"], count=4, seed=3, name="practice", root=course)
    path = qset.write(tmp_path / "practice.yml")
    payload = build_payload(str(path), root=course)
    assert [q["id"] for q in payload["questions"]] == qset.ids
    assert payload["key"] == "set-practice" and payload["title"] == qset.title


def test_a_bank_file_by_path(course):
    payload = build_payload(STARTER, root=course)
    assert [q["id"] for q in payload["questions"]] == STARTER_IDS


def test_standalone_questions_need_no_course(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCEQUIZ_ROOT", raising=False)
    raw = yaml.safe_load(STARTER.read_text(encoding="utf-8"))["questions"][:2]
    payload = build_payload(questions=raw)
    assert [q["id"] for q in payload["questions"]] == STARTER_IDS[:2]
    assert payload["questions"][0]["evidence"][0]["anchor"] is None  # no sources here: shown without links
    with pytest.raises(UserError, match="question 1 is not in the bank format"):
        build_payload(questions=[{"id": "x", "type": "single"}])


def test_shuffle_with_a_seed_is_repeatable_and_limit_keeps_the_first(course):
    first = build_payload("starter", shuffle=True, seed=7, limit=5, root=course)
    again = build_payload("starter", shuffle=True, seed=7, limit=5, root=course)
    other = build_payload("starter", shuffle=True, seed=8, root=course)
    assert first == again
    assert len(first["questions"]) == 5
    full = build_payload("starter", shuffle=True, seed=7, root=course)
    assert [q["id"] for q in full["questions"]][:5] == [q["id"] for q in first["questions"]]
    assert sorted(q["id"] for q in other["questions"]) == sorted(STARTER_IDS)
    orders = {tuple(q["id"] for q in build_payload("starter", shuffle=True, seed=s, root=course)["questions"])
              for s in range(6)}
    assert len(orders) > 1


def test_without_shuffle_options_keep_bank_order_and_order_items_start_scrambled(course):
    payload = build_payload("starter", root=course)
    by_id = {q["id"]: q for q in payload["questions"]}
    assert by_id["starter-signing-date"]["display"] == [0, 1, 2]
    assert by_id["starter-order"]["display"] != [0, 1, 2]
    assert sorted(by_id["starter-match"]["display"]) == [0, 1, 2]


def test_a_reference_rebuilds_the_same_payload(course):
    payload = build_payload("starter", ids=["starter-match", "starter-order"], root=course)
    ref = reference(payload, "starter", ids=["starter-match", "starter-order"])
    assert json.loads(json.dumps(ref)) == ref
    assert from_reference(ref, root=course) == payload


def test_depends_lists_the_bank_sources_yml_and_texts(course):
    depends = []
    build_payload("starter", root=course, depends=depends)
    names = {p.name for p in depends}
    assert {"starter.yml", "sources.yml", "tariq-2020.txt", "peace-talks-essay.txt"} <= names


# Grading is quiz.js's alone (the browser grades): its cases, these included, are in tests/data/grading_cases.json,
# run by tests/test_grading.py.


def test_a_set_shows_options_in_the_order_of_its_exports(course, tmp_path):
    from sourcequiz.export.present import present
    from sourcequiz.selection import read_set, select

    path = select(banks=["starter"], count=7, seed=9, name="same-order", root=course).write(tmp_path / "s.yml")
    qset = read_set(path)
    payload = build_payload(str(path), root=course)
    for question, shown in zip(qset.questions, payload["questions"]):
        if question.type in ("single", "multiple"):
            exported = [o.text for o in present(qset.seed, question).options]
            assert [shown["options"][i]["text"] for i in shown["display"]] == exported
