"""The authoring helpers: `sourcequiz find` and `sourcequiz suggest`, on the checker's engine."""

import json

import pytest

from sourcequiz.find import find
from sourcequiz.loader import load_banks
from sourcequiz.problems import UserError
from sourcequiz.suggest import suggest
from sourcequiz.textmatch import find_quote

from conftest import DATA


def test_find_forgives_spelling(sources):
    hits = find("Khalilzad", sources, limit=50)
    matched = {h.matched for h in hits}
    assert "Khalilzad" in matched and "Khalizad" in matched
    assert all(h.score >= 80 for h in hits)
    exact = [h for h in hits if h.how == "exact"]
    assert exact and exact[0].score == 100


def test_find_forgives_word_order_and_form(sources):
    assert any(h.matched == "Khalizad Zalmay" for h in find("Zalmay Khalilzad", sources, limit=20))
    hits = find("5,000 prisoners", sources, limit=20)
    assert any(h.source == "peace-talks-essay" and "five thousand prisoners" in h.passage for h in hits)
    dates = find("29 February 2020", sources)
    assert {h.source for h in dates} >= {"peace-talks-essay", "tariq-2020"}


def test_find_passages_paste_as_evidence(sources):
    for phrase in ("Khalizad", "within 14 months", "five thousand", "Chorasan"):
        for hit in find(phrase, sources):
            assert find_quote(hit.passage, sources[hit.source].text), (phrase, hit.passage)
            assert hit.anchor.startswith(hit.source + "-s")


def test_find_leaves_page_furniture_out(sources):
    hits = [h for h in find("timeframe for complete withdrawal", sources) if h.source == "tariq-2020"]
    assert hits and " ... " in hits[0].passage and "Page | 105" not in hits[0].passage


def test_find_nothing_and_nonsense(sources):
    assert find("xylophone quartet", sources) == []
    with pytest.raises(UserError):
        find("  ", sources)


def test_suggest_ranks_the_evidence_first(sources):
    result = load_banks([DATA / "good"], sources)
    suggestion = suggest("starter-troops-135-days", result, sources, limit=3)
    assert suggestion.status == "ok"
    proposals = suggestion.groups[0][1]
    assert proposals[0].has_key_facts and "8,600" in proposals[0].quote
    assert all(find_quote(p.quote, sources[p.source].text) for p in proposals)


def test_suggest_for_a_question_whose_evidence_fails(sources, tmp_path):
    bank = (DATA / "good" / "starter.yml").read_text(encoding="utf-8")
    bank = bank.replace("quote: A final agreement was signed on February 29, 2020, between",
                        "quote: The agreement was signed on February 29, 2020, between")
    (tmp_path / "b.yml").write_text(bank, encoding="utf-8")
    suggestion = suggest("starter-signing-date", load_banks([tmp_path], sources), sources)
    assert suggestion.status == "error" and suggestion.problems[0].startswith("quote-not-found")
    best = suggestion.groups[0][1][0]
    assert best.has_key_facts and "February 29, 2020" in best.quote


def test_suggest_order_question_gets_one_group_per_item(sources):
    suggestion = suggest("starter-order", load_banks([DATA / "good"], sources), sources)
    assert len(suggestion.groups) == 3
    assert "1979" in suggestion.groups[0][1][0].quote


def test_suggest_unknown_question(sources):
    with pytest.raises(UserError, match="did you mean starter-order"):
        suggest("starter-ordr", load_banks([DATA / "good"], sources), sources)


def test_cli_find_and_suggest(cli):
    result = cli("find", "Khalizad")
    assert result.returncode == 0 and "tariq-2020" in result.stdout and "Khalizad" in result.stdout
    data = json.loads(cli("find", "five thousand", "--format", "json").stdout)
    assert data["hits"] and {"source", "anchor", "passage", "matched", "score"} <= data["hits"][0].keys()
    assert cli("find", "xylophone quartet").returncode == 1
    result = cli("suggest", "starter-troops-135-days", "tests/data/good")
    assert result.returncode == 0 and "- source: tariq-2020" in result.stdout and "quote: \"" in result.stdout
    missing = cli("suggest", "no-such-question", "tests/data/good")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
