"""Fuzzing with hypothesis: whatever a bank file holds, the tool answers with located messages.

Properties:
- no input ever raises out of the loader, the validator, the checker, lint, the renderers or
  the exporters, and the command line never ends in a traceback or an internal error;
- input that cannot be used exits 2 with a `path:line:` message;
- the same bank gives the same findings and the same exports twice.

The suite runs a fixed, derandomized budget so CI sees the same inputs every time; for a longer,
random run: `SOURCEQUIZ_FUZZ=long make test` (or `SOURCEQUIZ_FUZZ_EXAMPLES=N` for N per test).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import DATA, ROOT, fuzz_count
from sourcequiz import cli
from sourcequiz.check import JsonReporter, check_banks
from sourcequiz.export import FORMATS, export_set
from sourcequiz.html import render
from sourcequiz.lint import lint
from sourcequiz.loader import load_banks
from sourcequiz.model import NOT_TEXT
from sourcequiz.payload import build_payload
from sourcequiz.problems import UserError
from sourcequiz.selection import Query, QuestionSet
from sourcequiz.sources import SourceRegistry
from sourcequiz.payload import reference
from sourcequiz.widgets import Quiz

LONG_RUN = os.environ.get("SOURCEQUIZ_FUZZ") == "long"
EXAMPLES = int(os.environ.get("SOURCEQUIZ_FUZZ_EXAMPLES") or (2000 if LONG_RUN else 0))
settings.register_profile(
    "sourcequiz", deadline=None, database=None, derandomize=not LONG_RUN, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def budget(suite: int):
    """hypothesis settings: `suite` examples in make test, more on request."""
    return settings(settings.get_profile("sourcequiz"), max_examples=EXAMPLES or suite)


SOURCES = SourceRegistry.load(ROOT / "sources")
STARTER = yaml.safe_load((DATA / "good" / "starter.yml").read_text(encoding="utf-8"))
STARTER_SET: Path  # set by the starter_set fixture
LOCATED = re.compile(r"^(sourcequiz: )?\S+?:\d+: ", re.M)

# every Unicode category, surrogates included; YAML and the model must cope or refuse cleanly
any_character = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
any_text = st.one_of(
    st.text(any_character, max_size=40),
    st.text(st.sampled_from("\t\r\n \\\"'#:-[]{}&*!|>%@`,?\ufeff"), max_size=30),  # YAML's own characters
    st.builds(lambda c, n: c * n, st.text(any_character, min_size=1, max_size=3), st.integers(2000, 20000)),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), any_text)
structures = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.one_of(any_text, st.integers()), inner, max_size=5)),
    max_leaves=25)


def write(folder: Path, data: bytes) -> Path:
    path = folder / "fuzzed.yml"
    path.write_bytes(data)
    return path


def run_cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue() + err.getvalue()


def assert_answered(path: Path, *commands: str) -> None:
    """Each command answers with an exit code of 0, 1 or 2, and 2 comes with a located message."""
    for command in commands:
        code, output = run_cli(command, str(path), "--sources", str(ROOT / "sources"))
        assert code in (0, 1, 2), f"{command} exited {code}:\n{output}"
        assert "Traceback" not in output and "internal error" not in output, output
        if code == 2:
            assert LOCATED.search(output), f"{command}: exit 2 without a located message:\n{output}"


def everything(path: Path, tmp: Path) -> None:
    """Load, validate, check, lint; when questions survive, render and export them too."""
    result = load_banks([path], SOURCES)
    for problem in result.problems:
        assert problem.line is None or problem.line >= 1
    report = check_banks(result, SOURCES)
    again = check_banks(load_banks([path], SOURCES), SOURCES)
    assert JsonReporter().render(report) == JsonReporter().render(again)
    lint(result.banks, SOURCES)
    questions = [q for _, q in result.questions]
    if questions:
        render_and_export(questions, tmp)


def render_and_export(questions: list, tmp: Path) -> None:
    payload = build_payload(questions=questions, seed=3, shuffle=True)
    assert payload == build_payload(questions=questions, seed=3, shuffle=True)
    html = render(payload, inline_assets=False)
    etree.fromstring(f"<div>{html}</div>", etree.HTMLParser())
    Quiz(payload, reference(payload, questions=questions))
    qset = QuestionSet(name="fuzz", title="Fuzz", seed=1, query=Query(), questions=questions,
                       banks={q.id: "fuzz" for q in questions})
    for fmt in FORMATS:
        output = tmp / f"fuzz-{fmt}"
        first = export_set(qset, fmt, output, SOURCES, force=True)
        data = {p: p.read_bytes() for p in first.files}
        if fmt in ("moodle-xml",):
            etree.fromstring(data[first.files[0]])
        if fmt in ("qti12", "qti21"):
            with zipfile.ZipFile(first.files[0]) as archive:
                for name in archive.namelist():
                    if name.endswith(".xml"):
                        etree.fromstring(archive.read(name))
        if fmt != "anki":  # genanki stamps the deck with the time of writing
            export_set(qset, fmt, output, SOURCES, force=True)
            assert data == {p: p.read_bytes() for p in first.files}, f"{fmt}: not the same twice"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# --- raw bytes and text -----------------------------------------------------------------------

@budget(150)
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda b: b"\xef\xbb\xbf" + b, st.binary(max_size=200)),
    st.text(any_character, max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
))
def test_any_bytes_as_a_bank_file(folder, data):
    fuzz_count("bytes")
    path = write(folder, data)
    assert_answered(path, "validate", "check", "lint", "stats")


@budget(150)
@given(tree=structures, dressing=st.sampled_from(["plain", "bom", "crlf", "tabs", "flow", "truncated"]))
def test_any_yaml_structure(folder, tree, dressing):
    fuzz_count("yaml")
    text = yaml.safe_dump(tree, allow_unicode=True, default_flow_style=dressing == "flow")
    text = {"bom": "\ufeff" + text, "crlf": text.replace("\n", "\r\n"), "tabs": text.replace("  ", "\t"),
            "truncated": text[: len(text) // 2]}.get(dressing, text)
    path = write(folder, text.encode("utf-8", "surrogatepass"))
    assert_answered(path, "validate", "check")
    everything(path, folder)


# --- valid banks bent out of shape ------------------------------------------------------------

def paths_of(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_of(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_of(item, prefix + (index,))


@st.composite
def mutated_banks(draw):
    """The starter bank with a few of its values replaced, deleted or joined by unknown keys."""
    bank = json.loads(json.dumps(STARTER))
    for _ in range(draw(st.integers(1, 3))):
        question = draw(st.sampled_from(bank["questions"]))
        path = draw(st.sampled_from(list(paths_of(question))[1:]))
        parent = question
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(structures)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(any_text)] = draw(scalars)
    return bank


@st.composite
def mutated_sets(draw):
    """A set file drawn from the starter bank, with one or two of its header values replaced or deleted."""
    data = yaml.safe_load(STARTER_SET.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 2))):
        key = draw(st.sampled_from(["set", "title", "seed", "query", "ids", "banks", "questions"]))
        if key in data and draw(st.booleans()):
            del data[key]
        else:
            data[key] = draw(structures)
    return data


@pytest.fixture(scope="module")
def starter_set(tmp_path_factory) -> Path:
    global STARTER_SET
    folder = tmp_path_factory.mktemp("set")
    code, output = run_cli("select", str(DATA / "good"), "--sources", str(ROOT / "sources"),
                           "-o", str(folder / "starter-set.yml"))
    assert code == 0, output
    STARTER_SET = folder / "starter-set.yml"
    return STARTER_SET


@budget(80)
@given(data=mutated_sets())
def test_mutated_set_files_export_or_get_a_located_message(folder, starter_set, data):
    fuzz_count("sets")
    path = folder / "fuzzed-set.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8", errors="surrogatepass")
    for fmt in ("gift", "csv", "qti21"):
        code, output = run_cli("export", str(path), "--to", fmt, "-o", str(folder / f"set-out.{fmt}"), "--force",
                               "--sources", str(ROOT / "sources"))
        assert code in (0, 2), output
        assert "Traceback" not in output and "internal error" not in output, output
        if code == 2:
            assert LOCATED.search(output), output


@budget(80)
@given(tree=structures)
def test_any_sources_yml_loads_or_gets_a_located_message(folder, tree):
    fuzz_count("sources.yml")
    sources = folder / "sources"
    sources.mkdir(exist_ok=True)
    (sources / "text.txt").write_text("A text.\n", encoding="utf-8")
    (sources / "sources.yml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8",
                                         errors="surrogatepass")
    try:
        SourceRegistry.load(sources)
    except UserError as exc:
        assert re.match(r"\S*sources\.yml(:\d+)?: ", str(exc)), str(exc)


@budget(80)
@given(questions=st.one_of(st.lists(structures, max_size=3), st.lists(mutated_banks().map(lambda b: b["questions"][0]),
                                                                       min_size=1, max_size=3)))
def test_quiz_from_any_question_data(questions):
    fuzz_count("quiz()")
    try:
        payload = build_payload(questions=questions, root=ROOT)
    except UserError as exc:
        assert str(exc).startswith("quiz: "), str(exc)
        return
    Quiz(payload, reference(payload, questions=questions))
    render(payload)


@budget(120)
@given(bank=mutated_banks())
def test_mutated_starter_bank(folder, bank):
    fuzz_count("mutated")
    text = yaml.safe_dump(bank, allow_unicode=True, sort_keys=False)
    path = write(folder, text.encode("utf-8", "surrogatepass"))
    assert_answered(path, "validate")
    everything(path, folder)


# --- valid banks with any text ----------------------------------------------------------------

printable = st.text(st.characters(exclude_categories=("Cs", "Cc")).filter(lambda c: not NOT_TEXT.match(c)),
                    min_size=1, max_size=60).filter(lambda t: t.strip())
quotes = st.one_of(printable, st.sampled_from([s.text[seg.start:seg.end] for s in SOURCES
                                              for seg in s.segments[:40]]))


@st.composite
def valid_questions(draw):
    kind = draw(st.sampled_from(["single", "multiple", "true_false", "numeric", "text", "order", "match"]))
    number = draw(st.integers(0, 10**6))
    texts = draw(st.lists(printable, min_size=3, max_size=5, unique_by=lambda t: " ".join(t.casefold().split())))
    evidence = [{"source": draw(st.sampled_from(SOURCES.ids)), "quote": draw(quotes)}]
    question = {"id": f"{kind.replace('_', '-')}-{number}", "type": kind, "prompt": draw(printable),
                "explanation": draw(printable), "evidence": evidence}
    if kind in ("single", "multiple"):
        question["options"] = [{"text": t, "correct": i == 0, "feedback": draw(printable)} for i, t in enumerate(texts)]
    elif kind == "true_false":
        question.update(answer=False, correction=draw(printable))
    elif kind == "numeric":
        question.update(answer=draw(st.floats(-1e12, 1e12, allow_nan=False)), tolerance=draw(st.floats(0, 100)),
                        unit=draw(printable))
    elif kind == "text":
        question["answers"] = [f"{t} {i}" for i, t in enumerate(texts)]  # each needs a letter or digit
    elif kind == "order":
        question["items"] = texts
        question["evidence"] = evidence * len(texts)
    else:
        question["pairs"] = [{"left": draw(printable), "right": t} for t in texts]
        question["evidence"] = evidence * len(texts)
    return question


@budget(60)
@given(questions=st.lists(valid_questions(), min_size=1, max_size=4, unique_by=lambda q: q["id"]))
def test_valid_banks_with_any_text_render_and_export_the_same_twice(folder, questions):
    fuzz_count("valid")
    bank = {"bank": "fuzz", "title": "Fuzz", "questions": questions}
    path = write(folder, yaml.safe_dump(bank, allow_unicode=True, sort_keys=False).encode("utf-8"))
    result = load_banks([path], SOURCES)
    assert not result.problems, result.problems
    everything(path, folder)
