"""The question-quality lint, on its own corpus of bad questions (tests/data/lint/).

In the corpus, `# lint: CODE, ...` on a question's `id` line (or on a bank's `bank` line) names
exactly the codes the lint must report for that question (or bank); everything unmarked must be
clean. `clean.yml` is a bank that follows every rule.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from sourcequiz import lint as L
from sourcequiz.loader import load_banks
from sourcequiz.vocabulary import SOURCE_ALIASES, TAGS, names_source, sources_named, strip_source_names

CORPUS = Path(__file__).parent / "data" / "lint"
MARK = re.compile(r"^\s*(?:-\s+id:\s*(?P<id>[a-z0-9-]+)|bank:\s*(?P<bank>[a-z0-9-]+))\s*#\s*lint:\s*(?P<codes>.+)$")
ID_LINE = re.compile(r"^\s*-\s+id:\s*(?P<id>[a-z0-9-]+)")


def expectations() -> set[tuple[str, str]]:
    """(question id, or 'bank:' + bank id; code) for every `# lint:` mark in the corpus."""
    expected = set()
    for path in sorted(CORPUS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = MARK.match(line)
            if match:
                subject = match["id"] or f"bank:{match['bank']}"
                expected.update((subject, code.strip()) for code in match["codes"].split(","))
    return expected


def subject(problem) -> str:
    return problem.extra["question"] if "question" in problem.extra else f"bank:{problem.extra['bank']}"


@pytest.fixture(scope="module")
def corpus(sources):
    result = load_banks([CORPUS], sources)
    assert not result.problems, [str(p) for p in result.problems]  # the corpus is valid banks
    return result, L.lint(result.banks, sources)


def lint_text(tmp_path, sources, yaml_text: str, name: str = "bank.yml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    result = load_banks([path], sources)
    assert not result.problems, [str(p) for p in result.problems]
    return L.lint(result.banks, sources)


# ------------------------------------------------------------------------------------ corpus

def test_corpus_marks_every_rule():
    marked = {code for _, code in expectations()}
    assert marked == set(L.CODES)


def test_each_bad_question_raises_exactly_its_codes(corpus):
    _, findings = corpus
    found = {(subject(p), p.code) for p in findings}
    expected = expectations()
    assert found - expected == set(), "reported but not expected"
    assert expected - found == set(), "expected but not reported"


def test_findings_are_warnings_located_inside_their_question(corpus):
    result, findings = corpus
    blocks: dict[tuple[str, str], tuple[int, int]] = {}
    bank_lines: dict[str, tuple[str, int]] = {}
    for loaded in result.banks:
        lines = loaded.path.read_text(encoding="utf-8").splitlines()
        starts = [(n, ID_LINE.match(line)["id"]) for n, line in enumerate(lines, 1) if ID_LINE.match(line)]
        for (start, qid), (end, _) in zip(starts, starts[1:] + [(len(lines) + 1, None)]):
            blocks[(loaded.display, qid)] = (start, end)
        bank_lines[loaded.bank.bank] = (loaded.display, loaded.document.line(("bank",)))
    for problem in findings:
        assert problem.severity == "warning" and problem.code in L.CODES
        if "question" in problem.extra:
            start, end = blocks[(problem.path, problem.extra["question"])]
            assert start <= problem.line < end, str(problem)
            assert problem.message.startswith(f"question {problem.extra['question']!r}: ")
        else:
            assert (problem.path, problem.line) == bank_lines[problem.extra["bank"]], str(problem)


def test_the_clean_bank_alone_is_clean(sources):
    result = load_banks([CORPUS / "clean.yml"], sources)
    assert L.lint(result.banks, sources) == []


def test_findings_point_at_the_field(corpus):
    _, findings = corpus
    by = {(subject(p), p.code): p for p in findings}
    text = (CORPUS / "questions.yml").read_text(encoding="utf-8").splitlines()
    assert text[by[("lq-name-for-date", "distractor-kind")].line - 1].strip() == "- text: Mullah Baradar"
    assert text[by[("lq-repeated", "repeated-option")].line - 1].strip() == "- text: '13000'"
    assert text[by[("lq-bad-tag", "unknown-tag")].line - 1].strip().startswith("tags:")
    assert "did you mean 'numbers'?" in by[("lq-bad-tag", "unknown-tag")].message
    assert "fh-doha-again" in by[("lq-doha-city", "near-duplicate-prompt")].message
    assert "tests/data/lint/few-hard.yml:" in by[("lq-doha-city", "near-duplicate-prompt")].message
    position = by[("bank:lint-key-position", "key-position")]
    assert position.extra["counts"] == [8, 0, 0] and "1st 8" in position.message
    assert by[("bank:lint-key-longest", "key-longest")].extra["questions"] == [
        "kl-precondition", "kl-annexes", "kl-rural-areas", "kl-soviet-aim"]


# -------------------------------------------------------------------------------- the rules

@pytest.mark.parametrize("text, expected", [
    ("February 29, 2020", "date"), ("29 February 2020", "date"), ("March 10th", "date"),
    ("in 2018 in Doha, Qatar", "year"), ("2001", "year"), ("the 1990s", "year"),
    ("5,000", "number"), ("five thousand", "number"), ("8,600 troops", "number"),
    ("within 14 months", "number"), ("$86.4 billion", "number"),
    ("Zalmay Khalilzad", "name"), ("Pakistan", "name"), ("the Afghan government's", "name"),
    ("al-Qaeda", "name"),
    ("a lasting ceasefire in Afghanistan", "other"),
    ("the Taliban remained in close contact with Al Qaeda", "other"),
    ("the Taliban released all the prisoners on March 10, 2020", "other"),
])
def test_kind_of_an_option(text, expected):
    assert L.kind(text) == expected


@pytest.mark.parametrize("x, df, p", [(3.841, 1, 0.05), (5.991, 2, 0.05), (7.815, 3, 0.05),
                                      (9.488, 4, 0.05), (6.635, 1, 0.01), (11.345, 3, 0.01), (0, 3, 1.0)])
def test_chi_square_tail(x, df, p):
    assert L.chi2_sf(x, df) == pytest.approx(p, abs=2e-4)


def single(qid: str, correct: int, options: list[str], difficulty: str = "hard") -> str:
    lines = [f"  - id: {qid}", "    type: single",
             f"    prompt: Question {qid} about the peace-talks essay, number {len(qid)}?", "    options:"]
    for i, text in enumerate(options):
        lines.append(f"      - text: {text}")
        if i == correct:
            lines.append("        correct: true")
    lines += ["    explanation: The peace-talks essay says the Soviet Army invaded in 1979.",
              "    evidence:", "      - source: peace-talks-essay",
              "        quote: Since the Soviet Army invaded the country to fight for a communist government in 1979",
              f"    difficulty: {difficulty}", "    tags: [chronology]", "    year: 1979"]
    return "\n".join(lines)


WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def bank_of(questions: list[str]) -> str:
    return "bank: stats\ntitle: Statistics\nquestions:\n" + "\n".join(questions) + "\n"


def test_key_position_balanced_is_quiet_and_skewed_is_reported(tmp_path, sources):
    def bank(positions):
        return bank_of([single(f"q-{WORDS[i]}", p, ["red one", "blue one", "green one", "grey one"])
                        for i, p in enumerate(positions)])

    def codes(text):
        return [p.code for p in lint_text(tmp_path, sources, text)]

    assert "key-position" not in codes(bank([0, 1, 2, 3, 0, 1, 2, 3]))
    assert "key-position" not in codes(bank([1, 1, 2, 2, 1, 2, 0, 3]))  # middle-heavy, within chance
    assert "key-position" in codes(bank([1, 1, 1, 1, 1, 1, 1, 2]))
    assert "key-position" not in codes(bank([1, 1, 1, 1, 1]))  # too few to judge


def test_key_longest_needs_more_than_half(tmp_path, sources):
    def bank(longest: int, total: int = 6):
        questions = []
        for i in range(total):
            options = ["a short one", "a much longer correct option" if i < longest else "mid one", "the other"]
            questions.append(single(f"q-{WORDS[i]}", 1 if i % 2 else 0, options if i % 2 else
                                    [options[1], options[0], options[2]]))
        return bank_of(questions)

    assert "key-longest" not in [p.code for p in lint_text(tmp_path, sources, bank(3))]  # exactly half
    assert "key-longest" in [p.code for p in lint_text(tmp_path, sources, bank(4))]
    assert "key-longest" not in [p.code for p in lint_text(tmp_path, sources, bank(5, total=5))]


def test_few_hard_threshold_is_a_fifth(tmp_path, sources):
    questions = [single(f"q-{WORDS[i]}", i % 3, ["red one", "blue one", "green one"],
                        "hard" if i < 2 else "easy") for i in range(10)]
    assert "few-hard" not in [p.code for p in lint_text(tmp_path, sources, bank_of(questions))]  # 2 of 10
    questions[1] = questions[1].replace("difficulty: hard", "difficulty: easy")
    found = [p for p in lint_text(tmp_path, sources, bank_of(questions)) if p.code == "few-hard"]
    assert len(found) == 1 and "1 of 10" in found[0].message


def test_explanation_names_the_cited_source(tmp_path, sources):
    template = """\
        bank: names
        title: Names
        questions:
          - id: n-one
            type: true_false
            prompt: The Soviet Army invaded Afghanistan in 1979.
            answer: true
            explanation: {explanation}
            evidence:
              - source: {source}
                quote: {quote}
            difficulty: hard
            tags: [dates]
            year: 1979
        """
    essay = ("peace-talks-essay",
             "Since the Soviet Army invaded the country to fight for a communist government in 1979")
    afghan = ("us-afghan-peace-agreement", "launched on 12 September")

    def codes(explanation, source_quote):
        text = template.format(explanation=explanation, source=source_quote[0], quote=source_quote[1])
        return [p.code for p in lint_text(tmp_path, sources, text)]

    assert codes("As the peace-talks essay says, the invasion came in 1979.", essay) == []
    assert codes("As Tariq's article says, the invasion came in 1979.", essay) == ["explanation-no-source"]
    assert codes("The invasion came in 1979, ten years before the withdrawal.", essay) == ["explanation-no-source"]
    assert codes("See the essay.", essay) == ["missing-explanation"]
    assert codes("The US–Afghan article reports the talks in its own words.", afghan) == []


def test_missing_year_ignores_author_date_references(tmp_path, sources):
    template = """\
        bank: years
        title: Years
        questions:
          - id: y-one
            type: text
            prompt: {prompt}
            answers: [Abstract]
            explanation: Tariq's article opens with an Abstract, as journal articles do.
            evidence:
              - source: tariq-2020
                quote: Abstract
            difficulty: hard
            tags: [sources]
        """

    def codes(prompt):
        return [p.code for p in lint_text(tmp_path, sources, template.format(prompt=prompt))]

    assert codes("Tariq cites (Thomas, 2020) and (Lamothe, Hudson, & Constable, 2019). What opens his text?") == []
    assert codes("What opens the text Tariq wrote in the winter of 2020?") == ["missing-year"]
    assert codes("What opens the text Tariq published after (February 29, 2020)?") == ["missing-year"]


def test_vocabulary_matches_the_authoring_rules(root):
    rules = (root / "docs" / "authoring-rules.md").read_text(encoding="utf-8")
    listed = re.search(r"`tags` from the vocabulary:(.+?)\.\n", rules, re.S).group(1)
    assert set(TAGS) == {t.strip() for t in listed.replace("\n", " ").split(",")}
    assert all(meaning and "\n" not in meaning for meaning in TAGS.values())


def test_source_aliases_ignore_case_dashes_and_quotes(sources):
    assert set(SOURCE_ALIASES) == set(sources.ids)
    assert names_source("as TARIQ’s article puts it", "tariq-2020")
    assert names_source("the ‘Us Afghan Peace-Agreement’ article", "us-afghan-peace-agreement")
    assert names_source("the US-Afghan article", "us-afghan-peace-agreement")
    assert names_source("the “Peace Agreement – Taliban” piece", "peace-agreement-taliban")
    assert not names_source("Tariqs", "tariq-2020") and not names_source("essayist", "peace-talks-essay")
    assert sources_named("the essay and Tariq") == ["tariq-2020", "peace-talks-essay"]
    assert strip_source_names("According to Tariq's article, when?") == "According to 's article, when?"


def test_close_values_for_missing_feedback():
    ctx = L.Context()
    assert L.is_close("12,000", "13,000", "number", ctx)
    assert not L.is_close("1,000", "5,000", "number", ctx)
    assert L.is_close("February 22, 2020", "February 29, 2020", "time", ctx)
    assert not L.is_close("January 14, 2020", "February 14, 2020", "time", ctx)
    assert L.is_close("2019", "2020", "time", ctx) and not L.is_close("2017", "2020", "time", ctx)


def test_lint_works_without_sources(sources):
    result = load_banks([CORPUS], sources)
    codes = {p.code for p in L.lint(result.banks, None)}
    assert "missing-feedback" in codes  # numerically close still counts without the texts
    assert "explanation-no-source" in codes


# -------------------------------------------------------------------------------------- CLI

def test_cli_text_output_and_exit_code(cli):
    result = cli("lint", "tests/data/lint")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    findings = [line for line in lines if re.match(r"^tests/data/lint/[\w-]+\.yml:\d+: \[[a-z-]+\] ", line)]
    assert len(findings) == len(expectations())
    assert "10 banks, 72 questions: 29 findings" in lines
    assert re.search(r"^  missing-feedback\s+3$", result.stdout, re.M)


def test_cli_json(cli):
    result = cli("lint", "tests/data/lint", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["summary"]["banks"] == 10 and data["summary"]["questions"] == 72
    assert data["summary"]["findings"] == len(data["findings"]) == len(expectations())
    assert data["summary"]["by_code"]["missing-feedback"] == 3
    assert "lint-clean" not in data["summary"]["by_bank"]
    first = data["findings"][0]
    assert {"path", "line", "message", "code", "severity", "bank"} <= first.keys()


def test_cli_clean_bank_exits_0(cli):
    result = cli("lint", "tests/data/lint/clean.yml")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "1 bank, 8 questions: no findings"


def test_cli_unusable_input_exits_2(cli, tmp_path):
    (tmp_path / "broken.yml").write_text("bank: x\nquestions: [\n", encoding="utf-8")
    result = cli("lint", str(tmp_path))
    assert result.returncode == 2
    assert "[yaml-syntax]" in result.stdout and "Traceback" not in result.stderr
    missing = cli("lint", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr


def test_cli_on_the_course_banks_never_crashes(cli):
    result = cli("lint", "--format", "json")
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1, 2)
    data = json.loads(result.stdout)
    lint_codes = {f["code"] for f in data["findings"] if f["severity"] == "warning"}
    assert lint_codes <= set(L.CODES)


def test_instructor_guide_lists_every_rule_and_tag(root):
    guide = root / "instructors" / "writing_questions.md"
    if not guide.is_file():
        pytest.fail(f"{guide} is missing: the lint's rules are documented there")
    text = guide.read_text(encoding="utf-8")
    section = text[text.index("## The quality lint"):]
    for code in L.CODES:
        assert f"| `{code}` |" in section, code
    for tag, meaning in TAGS.items():
        assert f"| `{tag}` | {meaning} |" in section, tag
