"""The accuracy checker: a corpus of deliberately wrong questions (each declares the code it must
raise in a `# expect: CODE` comment) and of correct but awkward ones (which must raise no error),
plus the report, the chapters, the known issues and the command line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from sourcequiz.check import JsonReporter, TextReporter, check_banks, check_course
from sourcequiz.check.chapters import units
from sourcequiz.check.engine import engine_for
from sourcequiz.loader import load_banks
from sourcequiz.textmatch import normalize

from conftest import DATA, ROOT

CORPUS = DATA / "check"
EXPECT = re.compile(r"^\s*#\s*expect:\s*(.+?)\s*$")
QUESTION_ID = re.compile(r"^\s*-\s+id:\s*(\S+)")


def expectations(folder: Path) -> dict[str, list[str]]:
    """question id -> the codes its `# expect:` comment declares."""
    expected: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yml")):
        pending = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := EXPECT.match(line):
                pending = [c.strip() for c in m.group(1).split(",")]
            elif (m := QUESTION_ID.match(line)) and pending:
                expected[m.group(1)] = pending
                pending = None
    return expected


def question_ids(folder: Path) -> list[str]:
    ids = []
    for path in sorted(folder.glob("*.yml")):
        ids += [q["id"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    return ids


WRONG = expectations(CORPUS / "wrong")
CORRECT = question_ids(CORPUS / "correct")


@pytest.fixture(scope="module")
def wrong_report(sources):
    return check_banks(load_banks([CORPUS / "wrong"], sources), sources)


@pytest.fixture(scope="module")
def correct_report(sources):
    return check_banks(load_banks([CORPUS / "correct"], sources), sources)


def codes(report, question_id):
    return [f.code for q in report.questions if q.id == question_id for f in q.findings]


# ---------------------------------------------------------------------------------- corpus

def test_corpus_is_large_and_every_wrong_question_declares_a_code():
    wrong_ids = question_ids(CORPUS / "wrong")
    assert len(wrong_ids) >= 60 and len(CORRECT) >= 60
    assert sorted(WRONG) == sorted(wrong_ids), "every wrong question needs an '# expect: CODE' comment"
    kinds = {code for declared in WRONG.values() for code in declared}
    assert kinds >= {"quote-not-found", "unknown-source", "key-unsupported", "numeric-unsupported",
                     "text-unsupported", "correction-unsupported", "correction-same", "order-dates",
                     "order-undated", "match-missing", "option-duplicate-key", "distractor-in-evidence",
                     "sources-disagree", "known-issue"}


@pytest.mark.parametrize("question_id", sorted(WRONG))
def test_wrong_question_raises_its_code(wrong_report, question_id):
    raised = codes(wrong_report, question_id)
    for code in WRONG[question_id]:
        assert code in raised, f"{question_id}: expected {code}, got {raised}"


@pytest.mark.parametrize("question_id", CORRECT)
def test_correct_question_has_no_error(correct_report, question_id):
    report = next(q for q in correct_report.questions if q.id == question_id)
    errors = [f"{f.code}: {f.message}" for f in report.findings if f.severity == "error"]
    assert errors == []


def test_every_correct_question_was_checked(correct_report):
    assert sorted(q.id for q in correct_report.questions) == sorted(CORRECT)
    assert correct_report.files == []


def test_course_banks_check_clean(root, sources):
    report = check_course(root)
    errors = [f"{getattr(w, 'id', w.file)}: {f.code}: {f.message}" for w, f in report.findings()
              if f.severity == "error"]
    assert len(report.questions) >= 12
    assert errors == []


# ----------------------------------------------------------------------------- messages

def message(report, question_id, code):
    return next(f for q in report.questions if q.id == question_id for f in q.findings if f.code == code)


def test_quote_from_another_source_names_it(wrong_report):
    finding = message(wrong_report, "bad-q-wrong-source", "quote-not-found")
    assert "found in peace-talks-essay, not in peace-agreement-taliban" in finding.message
    assert finding.passages[0].source == "peace-talks-essay"
    assert finding.passages[0].anchor.startswith("peace-talks-essay-s")


def test_changed_number_points_at_the_closest_passage(wrong_report):
    finding = message(wrong_report, "bad-q-changed-number", "quote-not-found")
    assert "closest passage" in finding.message and "% similar" in finding.message
    assert "'8,500' where the source has '8,600'" in finding.message
    assert "8,600" in finding.passages[0].excerpt


def test_capital_letter_and_order_are_explained(wrong_report):
    assert "capital letters differ" in message(wrong_report, "bad-q-capital-letter", "quote-not-found").message
    assert "not in this order" in message(wrong_report, "bad-q-fragments-out-of-order", "quote-not-found").message
    header = message(wrong_report, "bad-q-across-page-header", "quote-not-found").message
    assert "page header" in header


def test_findings_are_located_at_the_field(wrong_report):
    finding = message(wrong_report, "bad-k-wrong-number", "key-unsupported")
    text = (CORPUS / "wrong" / "keys.yml").read_text(encoding="utf-8").splitlines()
    assert text[finding.line - 1].strip() == "correct: true" or "8,000" in text[finding.line - 1]
    question = next(q for q in wrong_report.questions if q.id == "bad-k-wrong-number")
    assert text[question.line - 1].strip() == "- id: bad-k-wrong-number"
    assert question.file.endswith("keys.yml")


def test_key_message_says_what_is_missing(wrong_report):
    assert "'8,000'" in message(wrong_report, "bad-k-wrong-number", "key-unsupported").message
    assert "the name 'Suhail Shaheen'" in message(wrong_report, "bad-k-wrong-name", "key-unsupported").message


def test_disagreement_gives_both_passages_with_anchors(wrong_report):
    finding = message(wrong_report, "bad-s-disagree-2012", "sources-disagree")
    assert finding.severity == "warning" and not finding.accepted
    mine, theirs = finding.passages
    assert mine.source == "us-afghan-peace-agreement" and "February 2012" in mine.excerpt
    assert theirs.source != mine.source and "2020" in theirs.excerpt
    assert theirs.anchor.startswith(theirs.source + "-s")


def test_disagreement_with_a_known_error_is_accepted(wrong_report):
    finding = message(wrong_report, "bad-s-disagree-essay", "sources-disagree")
    assert finding.accepted and "known error" in finding.message
    assert next(q for q in wrong_report.questions if q.id == "bad-s-disagree-essay").status == "ok"


def test_teaching_question_accepts_disagreement_and_known_issue(correct_report):
    report = next(q for q in correct_report.questions if q.id == "ok-k-teaches-known-issue-2012")
    assert "known-issue" not in [f.code for f in report.findings]
    disagreements = [f for f in report.findings if f.code == "sources-disagree"]
    assert disagreements and all(f.accepted for f in disagreements)
    assert report.status == "ok"


def test_source_criticism_tag_alone_does_not_silence_a_known_issue(wrong_report):
    assert "known-issue" in codes(wrong_report, "bad-s-known-teaching-tag-without-saying")


# --------------------------------------------------------------------------- known issues

def test_known_issue_passages_come_from_sources_yml(sources):
    flags = engine_for(sources).flags
    flagged = {(source, f.fragment) for source, items in flags.items() for f in items}
    fragments = {fragment for _, fragment in flagged}
    for expected in ["in February 2012", "Chorasan", "guarantee of tickets", "Khalizad", "Khalizad Zalmay",
                     "Talbans", "AlQaeda", "Vol. V, No. I (Winter 2020)", "Page | 105", "Muhammad Tariq"]:
        assert expected in fragments, expected
    assert ("tariq-2020", "signed in February 2020") in flagged
    assert any("after the fall of the U.S. invasion in 2001" in f for f in fragments)
    assert "Khalilzad" not in fragments and "Khorasan" not in fragments
    furniture = {f.fragment for f in flags["tariq-2020"] if f.furniture}
    assert furniture == {"Vol. V, No. I (Winter 2020)", "Page | 105", "Muhammad Tariq"}


def test_flags_follow_the_registry_not_our_texts(tmp_path):
    from sourcequiz.sources import SourceRegistry

    (tmp_path / "a.txt").write_text("The envoy Smyth met Smith. Smith and Smith spoke.", encoding="utf-8")
    (tmp_path / "sources.yml").write_text(
        "sources:\n  - id: a\n    file: a.txt\n    title: A\n"
        "    known_issues:\n      - \"Spells him both 'Smyth' and 'Smith'.\"\n", encoding="utf-8")
    flags = engine_for(SourceRegistry.load(tmp_path)).flags["a"]
    assert [f.fragment for f in flags] == ["Smyth"]   # the more frequent spelling is the usual one


# ------------------------------------------------------------------------------- report

def test_summary_counts_by_code_and_bank(wrong_report):
    summary = wrong_report.summary()
    assert summary["questions"] == len(WRONG)
    assert summary["banks"].keys() == {"corpus-wrong-quotes", "corpus-wrong-keys", "corpus-wrong-options"}
    assert summary["by_code"]["quote-not-found"] >= 14
    assert summary["errors"] == sum(b["errors"] for b in summary["banks"].values())
    assert wrong_report.exit_code() == 1


def test_reporters_render_every_question(wrong_report):
    data = json.loads(JsonReporter().render(wrong_report))
    assert {q["id"] for q in data["questions"]} == set(WRONG)
    first = data["questions"][0]
    assert {"bank", "id", "file", "line", "status", "problems"} <= first.keys()
    assert {"code", "severity", "message"} <= first["problems"][0].keys()
    text = TextReporter().render(wrong_report)
    assert re.search(r"^tests/data/check/wrong/quotes\.yml:\d+: error: bad-q-changed-number: .*\[quote-not-found\]$",
                     text, re.M)
    assert "checked 74 questions" in text or f"checked {len(WRONG)} questions" in text


# ------------------------------------------------------------------------------ chapters

CHAPTER = """---
jupytext: {}
---
# February 29, 2020: a heading is exempt

Signed on February 29, 2020 {cite-source}`peace-talks-essay: "A final agreement was signed on February 29, 2020"`, with 5,000 prisoners freed.

- An item citing {cite-source}`tariq-2020: "release of 5,000 Taliban and 1,000 Afghan security personnel"`: 1,000 and five thousand.
- An item from 1979 with no citation.

| When | What |
| --- | --- |
| March 12, 2020 | {cite-source}`tariq-2020: "March 11, 2020"` |
| March 11, 2020 | {cite-source}`tariq-2020: "on March 11, 2020 in which"` |

```{admonition} Beyond the sources
:class: note
Doha had 2 million people in 2020.
```

```{code-cell} ipython3
x = 2019
```

A wrong quote {cite-source}`tariq-2020: "within 15 months"`, an unknown source {cite-source}`tariq-2021: "x"`, and as chapter 8 shows the two sides met.
"""


def test_chapter_citations_and_uncited_numbers(tmp_path, sources):
    chapter = tmp_path / "ch.md"
    chapter.write_text(CHAPTER, encoding="utf-8")
    report = check_banks(load_banks([DATA / "good"], sources), sources, [chapter])
    found = sorted((f.line, f.code, f.message.split(":")[0]) for f in report.chapters[0].findings)
    assert found == [
        (6, "uncited-fact", "number '5,000'"),
        (9, "uncited-fact", "year '1979'"),
        (13, "uncited-fact", "date 'March 12, 2020'"),
        (25, "quote-not-found", "citation of tariq-2020"),
        (25, "unknown-source", "the citation names 'tariq-2021', which sources.yml does not list (it lists us-afghan-peace-agreement, us-taliban-peace-agreement, peace-agreement-taliban, peace-talks-essay, tariq-2020)"),
    ]
    assert report.chapters[0].citations == 6
    assert report.exit_code() == 1


def test_units_split_paragraphs_items_and_cells():
    found = [(u.kind, u.lines[0][0]) for u in units(CHAPTER)]
    assert found == [("paragraph", 6), ("list item", 8), ("list item", 9), ("table cell", 11), ("table cell", 11),
                     ("table cell", 13), ("table cell", 13), ("table cell", 14), ("table cell", 14), ("paragraph", 25)]


def test_course_chapters_are_checked_by_default(root, sources):
    report = check_course(root)
    if (root / "chapters").is_dir():
        assert report.chapters and sum(c.citations for c in report.chapters) > 0


# ---------------------------------------------------------------------------- set files

def test_a_set_file_is_checked_like_a_bank(tmp_path, sources):
    bank = yaml.safe_load((DATA / "good" / "starter.yml").read_text(encoding="utf-8"))
    questions = bank["questions"][:2]
    questions[0]["evidence"][0]["quote"] = "A final agreement was signed on February 28, 2020"
    snapshot = {"set": "my-set", "title": "A set", "seed": 1, "ids": [q["id"] for q in questions],
                "questions": questions}
    path = tmp_path / "my-set.yml"
    path.write_text(yaml.safe_dump(snapshot, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = check_banks(load_banks([path], sources), sources)
    assert [q.bank for q in report.questions] == ["my-set", "my-set"]
    assert codes(report, "starter-signing-date") == ["quote-not-found"]


# ------------------------------------------------------------------------------ the CLI

def test_cli_check_clean_bank_exits_0(cli):
    result = cli("check", "tests/data/good")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 7 questions in 1 bank: 0 errors" in result.stdout


def test_cli_check_errors_exit_1_and_json_lists_every_question(cli):
    result = cli("check", "tests/data/check/wrong", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert len(data["questions"]) == len(WRONG)
    assert data["summary"]["errors"] > 0 and "by_code" in data["summary"]
    statuses = {q["id"]: q["status"] for q in data["questions"]}
    assert statuses["bad-o-distractor-other-role"] == "warning"
    assert statuses["bad-q-changed-number"] == "error"


def test_cli_strict_fails_on_warnings(cli, tmp_path):
    bank = (CORPUS / "wrong" / "options-sources.yml").read_text(encoding="utf-8")
    text = bank.split("  # expect: distractor-in-evidence\n")[1].split("  # expect:")[0]
    (tmp_path / "w.yml").write_text("bank: w\ntitle: W\nquestions:\n" + text, encoding="utf-8")
    assert cli("check", str(tmp_path)).returncode == 0
    strict = cli("check", str(tmp_path), "--strict")
    assert strict.returncode == 1 and "[distractor-in-evidence]" in strict.stdout


def test_cli_unusable_input_exits_2_without_traceback(cli, tmp_path):
    (tmp_path / "broken.yml").write_text("bank: x\n  title: [\n", encoding="utf-8")
    result = cli("check", str(tmp_path))
    assert result.returncode == 2 and "yaml-syntax" in result.stdout
    for args in (["check", "no/such/folder"], ["check", "--sources", str(tmp_path)],
                 ["check", "tests/data/good", "--chapters", "no/such/dir"]):
        result = cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and result.stderr.startswith("sourcequiz: ")


def test_cli_default_paths_check_banks_and_chapters(cli):
    result = cli("check", "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["questions"] >= 12
    if (ROOT / "chapters").is_dir():
        assert data["chapters"] and all({"file", "citations", "status", "problems"} <= c.keys()
                                        for c in data["chapters"])


def test_check_never_writes_a_file(cli, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "sources", course / "sources")
    shutil.copytree(CORPUS / "wrong", course / "quizzes")
    (course / "chapters").mkdir()
    (course / "chapters" / "c.md").write_text(CHAPTER, encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in course.rglob("*")}
    result = cli("check", cwd=course)
    assert result.returncode == 1
    after = {p: p.stat().st_mtime_ns for p in course.rglob("*")}
    assert after == before


def test_sentence_lookups_match_a_scan_of_every_sentence(sources):
    """The engine finds sentences by binary search; a plain scan over all of them must agree."""
    engine = engine_for(sources)
    for source_id, sentences in engine.sentences.items():
        last = sentences[-1].end
        for start in range(0, last + 40, 37):
            for end in (start + 1, start + 90, start + 700):
                scanned = [s for s in sentences if s.start < end and start < s.end]
                before = [s for s in sentences if s.start <= start]
                at = before[-1] if before else sentences[0]
                assert engine.sentences_over(source_id, start, end) == (scanned or [at])
                assert engine.sentence_at(source_id, start) == at
                assert sources[source_id].segment_at(start).anchor == at.anchor


@pytest.mark.parametrize("fragment", ["the", "Taliban", "US", "in the", "2020", "an", "e", "s", "-", ".", "Doha,"])
def test_known_issue_occurrences_are_whole_words(sources, fragment):
    """_occurrences finds what the regular expression (?<!\\w)fragment(?!\\w) finds, and nothing else."""
    for source in sources:
        haystack = normalize(source.text)
        pattern = re.compile(r"(?<!\w)" + re.escape(fragment) + r"(?!\w)")
        expected = [haystack.span(m.start(), m.end()) for m in pattern.finditer(haystack.text)]
        assert engine_for(sources)._occurrences(source, fragment) == expected
