"""Golden-file tests: deliberately wrong banks yield each mistake at its file:line."""

import json

import pytest

from sourcequiz.loader import load_banks

from conftest import DATA


def test_golden_mistakes(cli):
    result = cli("validate", "tests/data/bad")
    expected = (DATA / "bad" / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.returncode == 2  # one file is not parseable YAML
    assert "Traceback" not in result.stderr + result.stdout


def test_mistakes_without_syntax_errors_exit_1(cli):
    result = cli("validate", "tests/data/bad/mistakes.yml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_each_deliberate_mistake_is_located(sources):
    result = load_banks([DATA / "bad" / "mistakes.yml"], sources)
    found = {(p.line, p.message.split(": ", 1)[1].split(":")[0]) for p in result.problems}
    assert (6, "promt") in found                  # misspelled key
    assert (14, "prompt") in found                # missing prompt
    assert (23, "options") in found               # two correct options in a single question
    assert (34, "answer") in found                # numeric answer given as a word
    assert (38, "id") in found                    # duplicate id
    assert (50, "evidence[0].source") in found    # unknown source id
    assert (52, "type") in found                  # unknown type
    assert (61, "options") in found               # empty options
    assert (68, "items") in found                 # an order question with one item
    assert len(result.problems) >= 10


def test_duplicate_ids_across_banks(tmp_path, sources):
    bank = (DATA / "good" / "starter.yml").read_text(encoding="utf-8")
    (tmp_path / "a.yml").write_text(bank, encoding="utf-8")
    (tmp_path / "b.yml").write_text(bank.replace("bank: starter", "bank: other"), encoding="utf-8")
    result = load_banks([tmp_path], sources)
    assert len(result.problems) == 7
    assert all(p.path.endswith("b.yml") and "already used at" in p.message for p in result.problems)


def test_duplicate_yaml_key_is_an_error(tmp_path, sources):
    (tmp_path / "dup.yml").write_text("bank: x\nbank: y\ntitle: t\nquestions: []\n", encoding="utf-8")
    result = load_banks([tmp_path], sources)
    assert result.unusable
    assert result.problems[0].line == 2 and "appears twice" in result.problems[0].message


def test_good_bank_loads_with_lines(sources):
    result = load_banks([DATA / "good"], sources)
    assert result.problems == []
    loaded = result.banks[0]
    assert [q.type for q in loaded.bank.questions] == [
        "single", "multiple", "true_false", "numeric", "text", "order", "match"]
    assert loaded.line("starter-signing-date") == 6
    assert loaded.line("starter-signing-date", "evidence", 0, "quote") == 19


def test_json_output_lists_problems(cli):
    result = cli("validate", "tests/data/bad/mistakes.yml", "--format", "json")
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert {"path", "line", "message", "code", "severity"} <= data["problems"][0].keys()


def test_missing_path_is_unusable_input(cli):
    result = cli("validate", "no/such/folder")
    assert result.returncode == 2
    assert "no/such/folder: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


QUESTION = ('{id: q, type: single, prompt: P, options: [{text: a, correct: true}, {text: b}], '
            'evidence: [{source: peace-talks-essay, quote: Q}]')


@pytest.mark.parametrize("text, line, expected", [
    # each of these once ended in a traceback, a hang or a crash; now a located message
    ("bank: b\ntitle: t\nquestions: \x00\n", 3, "U+0000 is not allowed in YAML text"),
    ("bank: b\ntitle: !foo t\nquestions: []\n", 2, "could not determine a constructor for the tag '!foo'"),
    ("bank: b\ntitle: !!float abc\nquestions: []\n", 2, "cannot read the value 'abc'"),
    ("bank: b\ntitle: 2020-02-30\nquestions: []\n", 2, "day is out of range for month"),
    ("bank: b\ntitle: " + "9" * 5000 + "\nquestions: []\n", 2, "Exceeds the limit (4300 digits)"),
    ("bank: b\n? [a, b]\n: c\n", 2, "a key must be plain text or a number"),
    ("bank: b\ntitle: !!binary aGVsbG8=\n", 2, "binary data (!!binary) is not allowed"),
    ("bank: b\ntitle: !!set {a, b}\n", 2, "the tag tag:yaml.org,2002:set is not supported"),
    ("bank: b\ntitle: t\n---\nbank: c\n", 3, "a second YAML document"),
    ("bank: b\ntitle: t\nquestions: " + "[" * 50 + "]" * 50 + "\n", 3, "nested more than 40 levels deep"),
    ("bank: b\ntitle: t\nquestions:\n- " + QUESTION.replace("prompt: P", 'prompt: "P\\x07"') + "}\n", 4,
     "prompt: the character U+0007 (a control character) at position 2 is not text"),
    ("bank: b\ntitle: t\nquestions:\n- " + QUESTION.replace("text: b", 'text: "b\\ud800"') + "}\n", 4,
     "holds a lone surrogate escape"),
    ("bank: b\ntitle: t\nquestions:\n- " + QUESTION + ", year: [1, 99999999]}\n", 4,
     "year: expected a year from 1000 to 2999"),
    ("bank: b\ntitle: t\nquestions:\n- " + QUESTION.replace("single", "numeric").replace(
        "options: [{text: a, correct: true}, {text: b}]", "answer: .inf") + "}\n", 4,
     "answer: expected an ordinary number, found inf"),
    ("set: s\ntitle: t\nseed: 0\nids: [q]\nbanks:\n  ? " + "a" * 2000 + "\n  : b\nquestions:\n- " + QUESTION + "}\n",
     6, "at most 80 characters, found 2,000"),
])
def test_hostile_yaml_gets_a_located_message(tmp_path, sources, text, line, expected):
    path = tmp_path / "hostile.yml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = load_banks([path], sources)
    assert any(p.line == line and expected in p.message for p in result.problems), result.problems
