"""The import ladder: each export read by the most real consumer installed here, on awkward and hostile text.

Anki's own backend (PyPI `anki`, a test-only dependency: it is AGPL) imports the deck into a fresh
collection; the other formats go through their independent parsers and official schemas, the same
checks that `sourcequiz export --check` runs on an instructor's set.
"""

from __future__ import annotations

import functools
import html
import io
import json
import re
import subprocess
import time
import zipfile

import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import ValidationError

import injection_corpus as corpus
from conftest import DATA, ROOT, fuzz_count, missing, node_available
from sourcequiz.export import FORMATS, ExportResult, export_set, render
from sourcequiz.export import consumers
from sourcequiz.export.ladder import LADDER, check_set, climb, report
from sourcequiz.export.present import answer_text, present
from sourcequiz.export.profiles import PROFILES
from sourcequiz.model import SingleQuestion, TrueFalseQuestion
from sourcequiz.selection import Query, QuestionSet, read_set, select

AWKWARD = DATA / "export"
CARD_MARKUP = {"html", "head", "body", "style", "br", "hr", "b", "div"}  # all the markup our card templates write


@pytest.fixture(scope="module")
def awkward():
    return select(Query(), seed=42, name="awkward-set", title="Awkward – set", banks_dir=AWKWARD,
                  sources_dir=ROOT / "sources")


@pytest.fixture(scope="module")
def injected(tmp_path_factory, sources):
    """Every injection payload in every text field of every question type, as a set file."""
    title = functools.reduce(lambda t, p: f"{t} | {p}" if len(t) + len(p) + 3 <= 300 else t,
                             corpus.PAYLOADS[1:], corpus.PAYLOADS[0])
    path = tmp_path_factory.mktemp("injected") / "set.yml"
    path.write_text(yaml.safe_dump(corpus.question_set(corpus.PAYLOADS, title=title), allow_unicode=True),
                    encoding="utf-8")
    return read_set(path, sources)


def require_every_consumer():
    """The ladder's consumers that live outside Python: node with gift-pegjs, the schemas in ../shared."""
    if not node_available():
        missing("node and node_modules (gift-pegjs) are needed to parse GIFT")
    if not (ROOT.parent / "shared" / "validators").is_dir():
        missing("../shared/validators (the QTI schemas) is absent")


def as_text(card_html: str) -> str:
    """What a card shows: our style element dropped, line breaks kept, markup removed."""
    shown = re.sub(r"<style>.*?</style>", "", card_html, flags=re.S)
    shown = re.sub(r"<br\s*/?>|<hr[^>]*>", "\n", shown)
    return html.unescape(re.sub(r"<[^>]+>", "", shown))


# --- Anki: the real backend ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def anki():
    try:
        from anki import collection
    except ImportError:
        missing("the `anki` package (Anki's backend, in the test extra) is not installed")
    return collection


def import_deck(anki, collection, deck):
    """Import as Anki's File > Import does by default: notes with a known guid are updated when newer."""
    options = anki.ImportAnkiPackageOptions(with_scheduling=False)
    return collection.import_anki_package(anki.ImportAnkiPackageRequest(package_path=str(deck), options=options))


@pytest.fixture
def imported(anki, awkward, sources, tmp_path):
    deck = export_set(awkward, "anki", tmp_path / "deck.apkg", sources).files[0]
    collection = anki.Collection(str(tmp_path / "collection.anki2"))
    first = import_deck(anki, collection, deck)
    yield collection, deck, first
    collection.close()


def test_anki_imports_one_note_per_question_with_its_fields(imported, awkward, sources):
    collection, _, first = imported
    assert collection.note_count() == len(first.log.new) == len(awkward.questions)
    notes = {n["Id"]: n for n in map(collection.get_note, collection.find_notes(""))}
    assert sorted(notes) == sorted(awkward.ids)
    for question in awkward.questions:
        note = notes[question.id]
        assert note.keys() == ["Id", "Question", "Choices", "Answer", "Explanation", "Evidence"]
        assert html.unescape(note["Question"]) == question.prompt
        assert html.unescape(note["Answer"]) == answer_text(question)
        assert html.unescape(note["Explanation"]) == question.explanation
        assert "awkward" in note.tags
    decks = {d.name for d in collection.decks.all_names_and_ids()}
    assert "sourcequiz::Awkward – set" in decks


def test_anki_renders_the_front_and_back_of_every_question_type(imported, awkward, sources):
    collection, _, _ = imported
    cards = {collection.get_note(c.nid)["Id"]: c for c in map(collection.get_card, collection.find_cards(""))}
    assert {q.type for q in awkward.questions} == {"single", "multiple", "true_false", "numeric", "text",
                                                   "order", "match"}
    for question in awkward.questions:
        front, back = as_text(cards[question.id].question()), as_text(cards[question.id].answer())
        assert front.startswith(question.prompt), question.id
        shown = ([o.text for o in getattr(question, "options", [])] + list(getattr(question, "items", []))
                 + [t for p in getattr(question, "pairs", []) for t in (p.left, p.right)])
        for text in shown:
            assert text in front, (question.id, text)
        assert back.startswith(front)  # {{FrontSide}}, then the answer
        after = back[len(front):]
        assert answer_text(question) in after and question.explanation in after
        assert question.evidence[0].quote in after


def test_anki_reimport_adds_nothing_and_a_changed_export_updates(anki, imported, awkward, sources, tmp_path):
    collection, deck, _ = imported
    again = import_deck(anki, collection, deck)
    assert len(again.log.new) == 0 and len(again.log.duplicate) == len(awkward.questions)
    assert collection.note_count() == len(awkward.questions)
    first = awkward.questions[0]
    changed = awkward.__class__(awkward.name, awkward.title, awkward.seed, awkward.query,
                                [first.model_copy(update={"explanation": "Revised: ~ = # { } : \\"}),
                                 *awkward.questions[1:]], awkward.banks)
    time.sleep(1.1)  # Anki updates a note whose modification time (whole seconds, set at export) is newer
    revised = export_set(changed, "anki", tmp_path / "revised.apkg", sources).files[0]
    result = import_deck(anki, collection, revised)
    assert len(result.log.new) == 0 and first.id in [n.fields[0] for n in result.log.updated]
    assert collection.note_count() == len(awkward.questions)
    note = collection.get_note(collection.find_notes(f"Id:{first.id}")[0])
    assert html.unescape(note["Explanation"]) == "Revised: ~ = # { } : \\"


def test_anki_shows_injected_markup_as_text_and_runs_none(anki, injected, sources, tmp_path):
    deck = export_set(injected, "anki", tmp_path / "injected.apkg", sources).files[0]
    collection = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        import_deck(anki, collection, deck)
        assert collection.note_count() == len(injected.questions)
        for card in map(collection.get_card, collection.find_cards("")):
            for side in (card.question(), card.answer()):
                tags = {element.tag for element in lxml.html.document_fromstring(side).iter()
                        if isinstance(element.tag, str)}
                assert tags <= CARD_MARKUP, (collection.get_note(card.nid)["Id"], tags - CARD_MARKUP)
        prompts = {as_text(c.question()).split("\n")[0] for c in map(collection.get_card, collection.find_cards(""))}
        assert {q.prompt.split("\n")[0] for q in injected.questions} <= prompts
    finally:
        collection.close()


# --- the whole ladder -----------------------------------------------------------------------------

def assert_all_accepted(verdicts):
    assert verdicts
    refused = [v for v in verdicts if v.status != "accepted"]
    assert not refused, report(refused)


def test_every_format_climbs_the_whole_ladder_on_awkward_text(awkward, sources, anki):
    require_every_consumer()
    verdicts = check_set(awkward, sources, course_root=ROOT)
    assert {v.fmt for v in verdicts} == set(FORMATS)
    assert [(v.fmt, v.consumer) for v in verdicts] == [(f, r.consumer) for f in FORMATS for r in LADDER[f]]
    assert_all_accepted(verdicts)


@pytest.mark.parametrize("lms", list(PROFILES))
def test_every_profile_is_accepted_on_the_injection_set(lms, injected, sources):
    require_every_consumer()
    verdicts = check_set(injected, sources, lms=lms, course_root=ROOT)
    assert {v.fmt for v in verdicts} == set(PROFILES[lms].formats)
    assert_all_accepted(verdicts)


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "qti12", "qti21", "csv", "html", "notebook"])
def test_every_format_is_accepted_on_the_injection_set(fmt, injected, sources):
    require_every_consumer()
    verdicts = check_set(injected, sources, [fmt], course_root=ROOT)
    assert_all_accepted(verdicts)


# --- each rung can refuse ---------------------------------------------------------------------------

def exported(qset, sources, fmt, lms=None):
    result = ExportResult()
    fmt, files = render(qset, fmt, sources, lms, result)
    return consumers.Exported(fmt, files, qset, lms, result.skipped, ROOT)


def rezip(data: bytes, change) -> bytes:
    from sourcequiz.export.package import zip_package

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return zip_package([(n, change(n, archive.read(n))) for n in archive.namelist()])


def verdict_of(exported_set, consumer_index: int = 0):
    return climb(exported_set)[consumer_index]


def test_a_gift_file_that_does_not_parse_is_rejected_with_its_line(awkward, sources):
    if not node_available():
        missing("node and node_modules (gift-pegjs) are needed to parse GIFT")
    broken = exported(awkward, sources, "gift")
    broken.files[""] = broken.data.replace(b"::awk-single::[plain]", b"::awk-single::[plain]{=", 1)
    verdict = verdict_of(broken)
    assert verdict.status == "rejected" and "gift-pegjs could not parse" in verdict.detail and "line " in verdict.detail


def test_a_lost_question_is_rejected_by_name(awkward, sources):
    short = exported(awkward, sources, "csv")
    short.files[""] = b"\n".join(short.data.split(b"\n")[:-2]) + b"\n"
    verdict = verdict_of(short)
    assert verdict.status == "rejected" and "missing ['awk-text']" in verdict.detail


def test_canvas_identifiers_that_differ_are_rejected(awkward, sources):
    package = exported(awkward, sources, "qti12", "canvas-classic")
    package.files[""] = rezip(package.data, lambda name, data: data.replace(b'<quiz xmlns', b'<quiz x="1" xmlns')
                              .replace(b'identifier="g', b'identifier="other-g') if name.endswith("meta.xml") else data)
    verdict = verdict_of(package)
    assert verdict.status == "rejected" and "identifiers differ" in verdict.detail


def test_a_blackboard_package_with_an_assessment_is_rejected(awkward, sources):
    quiz_shaped = exported(awkward, sources, "qti12")
    quiz_shaped.lms = "blackboard"
    verdict = verdict_of(quiz_shaped)
    assert verdict.status == "rejected" and "only as a pool" in verdict.detail


def test_moodle_profile_rejects_a_category_with_a_context(awkward, sources):
    default = exported(awkward, sources, "moodle-xml")
    default.lms = "moodle"
    verdict = verdict_of(default)
    assert verdict.status == "rejected" and "Moodle 5 question banks" in verdict.detail
    with_file = exported(awkward, sources, "moodle-xml", "moodle")
    with_file.files[""] = with_file.data.replace(b"</questiontext>", b'<file name="a.png" encoding="base64">AA==</file>'
                                                 b"</questiontext>", 1)
    verdict = verdict_of(with_file)
    assert verdict.status == "rejected" and "embedded <file>" in verdict.detail


def test_anki_rejects_a_deck_whose_notes_are_not_the_set(anki, awkward, sources):
    deck = exported(awkward, sources, "anki")
    deck.qset = select(Query(), seed=1, name="other", banks_dir=ROOT / "quizzes", sources_dir=ROOT / "sources")
    verdict = verdict_of(deck)
    assert verdict.status == "rejected" and verdict.consumer.startswith("Anki") and "missing" in verdict.detail


def test_a_missing_consumer_is_reported_not_available(awkward, sources, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("SOURCEQUIZ_VALIDATORS", raising=False)
    monkeypatch.delenv("SOURCEQUIZ_NODE_MODULES", raising=False)
    verdicts = check_set(awkward, sources, ["gift", "qti21"], course_root=ROOT / "nowhere")
    assert [(v.fmt, v.status) for v in verdicts] == [("gift", "not available"), ("qti21", "not available")]
    assert "npm install gift-pegjs" in verdicts[0].detail and "SOURCEQUIZ_VALIDATORS" in verdicts[1].detail
    assert report(verdicts).endswith("0 accepted, 0 rejected, 2 not available")


# --- escaping, fuzzed: what an instructor might type, through GIFT and Moodle XML -----------------

FRAGMENTS = ["~", "=", "#", "{", "}", ":", "\\", "->", "[html]", "[", "%50%", "%", "//", "::", "$CATEGORY:",
             "<b>", "</p>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;", "&lt;", "&#61;",
             "“", "”", "‘", "’", "„", "–", "—", "‑", "…", "\n", " ", "\t", "\\n", "TRUE", "a", "Z", "7", "é"]
typed = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="ab ~=#{}:\\<>&\"'“”–—", max_size=4)),
                 min_size=1, max_size=12).map("".join)
fuzz_settings = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def typed_set(texts: list[str]):
    """A single-choice and a true/false question carrying the typed texts; None if the model refuses one."""
    prompt, right, wrong, feedback, explanation = texts
    evidence = [{"source": "peace-talks-essay", "quote": "A final agreement was signed on February 29, 2020"}]
    try:
        questions = [
            SingleQuestion.model_validate({
                "id": "fz-single", "type": "single", "prompt": prompt, "explanation": explanation,
                "evidence": evidence, "options": [{"text": f"{right} 1", "correct": True, "feedback": feedback},
                                                  {"text": f"{wrong} 2"}]}),
            TrueFalseQuestion.model_validate({
                "id": "fz-true-false", "type": "true_false", "prompt": wrong, "answer": False,
                "correction": feedback, "evidence": evidence}),
        ]
    except ValidationError:
        return None
    return QuestionSet("fuzz", "Fuzz", 3, Query(), questions, {q.id: "fuzz" for q in questions})


def spaced(text: str) -> str:
    """gift-pegjs gives runs of spaces as one, and trims each line, as a browser shows them; do the same."""
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


def shown(parsed_text: dict) -> str:
    """A text as gift-pegjs read it (escapes undone, `\\n` a new line), decoded when marked [html]."""
    text = parsed_text["text"]
    if parsed_text["format"] == "html":
        fragment = lxml.html.fragment_fromstring(text, create_parent="div")
        assert len(fragment) == 0, f"markup in an [html] text: {text!r}"  # escaped: shown, never run
        text = fragment.text_content()
    else:
        assert parsed_text["format"] in ("plain", "moodle"), parsed_text
    return spaced(text)


@fuzz_settings
@given(texts=st.lists(typed, min_size=5, max_size=5))
def test_gift_escaping_keeps_typed_text(texts, sources):
    if not node_available():
        missing("node and node_modules (gift-pegjs) are needed to parse GIFT")
    qset = typed_set(texts)
    assume(qset is not None)
    fuzz_count("gift texts")
    _, files = render(qset, "gift", sources)
    verdict = climb(consumers.Exported("gift", files, qset, course_root=ROOT))[0]
    assert verdict.status == "accepted", verdict.detail
    parsed = subprocess.run(["node", "-e", consumers.PARSE_GIFT], input=files[""], cwd=ROOT,
                            capture_output=True, timeout=60)
    single, true_false = [q for q in json.loads(parsed.stdout) if q["type"] != "Category"]
    question, statement = qset.questions
    assert shown(single["stem"]) == spaced(question.prompt)
    assert [shown(c["text"]) for c in single["choices"]] == [spaced(o.text) for o in present(3, question).options]
    feedback = {shown(c["text"]): c["feedback"] and shown(c["feedback"]) for c in single["choices"]}
    assert feedback == {spaced(o.text): o.feedback and spaced(o.feedback) for o in question.options}
    assert shown(single["globalFeedback"]).startswith(spaced(question.explanation))
    assert shown(true_false["stem"]) == spaced(statement.prompt)
    assert true_false["isTrue"] is False and shown(true_false["trueFeedback"]) == spaced(statement.correction)


def paragraphs(text_element) -> str:
    """Our Moodle HTML is one <p> per line; anything else would be markup the instructor did not write."""
    fragment = lxml.html.fragment_fromstring(text_element.text or "", create_parent="div")
    assert all(p.tag == "p" and len(p) == 0 for p in fragment), f"markup in {text_element.text!r}"
    return "\n".join(p.text_content() for p in fragment)


@fuzz_settings
@given(texts=st.lists(typed, min_size=5, max_size=5))
def test_moodle_xml_escaping_keeps_typed_text(texts, sources):
    qset = typed_set(texts)
    assume(qset is not None)
    fuzz_count("moodle xml texts")
    _, files = render(qset, "moodle-xml", sources)
    assert [v.status for v in climb(consumers.Exported("moodle-xml", files, qset))] == ["accepted", "accepted"]
    root = etree.fromstring(files[""])
    single, true_false = root.xpath("question[@type!='category']")
    question = qset.questions[0]
    assert paragraphs(single.find("questiontext/text")) == question.prompt
    options = {paragraphs(a.find("text")): paragraphs(a.find("feedback/text")) for a in single.findall("answer")}
    assert options == {o.text: o.feedback or "" for o in question.options}
    assert paragraphs(single.find("generalfeedback/text")).startswith(question.explanation)
    assert paragraphs(true_false.find("questiontext/text")) == qset.questions[1].prompt
    assert paragraphs(true_false.find("answer[@fraction='0']/feedback/text")) == qset.questions[1].correction



@pytest.mark.parametrize("fmt", ["anki", "qti12", "qti21", "moodle-xml", "notebook", "pdf"])
def test_a_corrupt_file_is_rejected_with_a_message_not_a_traceback(fmt, awkward, sources, anki):
    corrupt = exported(awkward, sources, fmt)
    corrupt.files = {suffix: data[: len(data) // 2] for suffix, data in corrupt.files.items()}
    verdicts = climb(corrupt)
    assert verdicts and all(v.status in ("rejected", "not available") for v in verdicts), report(verdicts)
    assert verdicts[0].status == "rejected" and verdicts[0].detail
