"""Every export format, checked by an independent parser or the official schema, with awkward text."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import subprocess
import zipfile

import pytest
from lxml import etree

from sourcequiz.export import FORMATS, export_set
from sourcequiz.export.consumers import MOODLE_REQUIRED
from sourcequiz.export.moodle_fractions import ALLOWED
from sourcequiz.problems import UserError
from sourcequiz.selection import Query, select

from conftest import DATA, ROOT, missing, node_available

AWKWARD = DATA / "export"
ESCAPED_IN_GIFT = "~=#{}:\\"


@pytest.fixture(scope="module")
def qset():
    return select(Query(), seed=42, name="awkward-set", title="Awkward – set", banks_dir=AWKWARD,
                  sources_dir=ROOT / "sources")


@pytest.fixture(scope="module")
def exported(qset, tmp_path_factory, sources):
    folder = tmp_path_factory.mktemp("exports")
    files = {}
    for name in FORMATS:
        result = export_set(qset, name, folder / f"out-{name}", sources)
        assert not result.skipped, result.skipped  # every type maps faithfully in every format
        files[name] = result.files
    return files


@pytest.fixture(scope="module")
def validators(shared):
    import validators as module  # noqa: PLC0415 - needs ../shared, which the fixture checks

    return module


def by_id(qset):
    return {q.id: q for q in qset.questions}


def strip_html(text: str) -> str:
    """Our HTML is one <p> per line of plain text; undo that (parsers differ on unescaping)."""
    return html.unescape(re.sub(r"</p><p>", "\n", re.sub(r"^<p>|</p>$", "", text)))


def gift_text(text: str) -> str:
    """gift-pegjs leaves its internal placeholder (`&&061;` for an escaped `=`) in matching
    sub-answers; Moodle's importer turns them back into the characters. Do the same."""
    return re.sub(r"&&0(\d\d);", lambda m: chr(int(m.group(1))), text)


# --- GIFT, parsed by gift-pegjs --------------------------------------------------------------

@pytest.fixture(scope="module")
def gift(exported):
    if not node_available():
        missing("node and node_modules (gift-pegjs) are needed to parse GIFT")
    path = exported["gift"][0]
    parsed = subprocess.run(["node", str(ROOT / "tests" / "js" / "parse_gift.js"), str(path)],
                            capture_output=True, text=True, timeout=60)
    assert parsed.returncode == 0, parsed.stderr
    return [q for q in json.loads(parsed.stdout) if q["type"] != "Category"]


def test_gift_parses_and_keeps_types_answers_and_feedback(gift, qset):
    questions = by_id(qset)
    kinds = {q["title"]: q["type"] for q in gift}
    assert kinds == {"awk-single": "MC", "awk-multiple": "MC", "awk-true-false": "TF", "awk-numeric": "Numerical",
                     "awk-text": "Short", "awk-order": "Matching", "awk-match": "Matching"}
    for parsed in gift:
        original = questions[parsed["title"]]
        assert parsed["stem"]["text"].startswith(original.prompt)  # every special character survived
        assert original.explanation in parsed["globalFeedback"]["text"]
        if original.type in ("single", "multiple"):
            texts = [c["text"]["text"] for c in parsed["choices"]]
            assert sorted(texts) == sorted(o.text for o in original.options)
            right = {c["text"]["text"] for c in parsed["choices"] if c["isCorrect"] or (c["weight"] or 0) > 0}
            assert right == {o.text for o in original.options if o.correct}
            feedback = {c["text"]["text"]: (c["feedback"] or {}).get("text") for c in parsed["choices"]}
            for option in original.options:
                assert feedback[option.text] == option.feedback
        if original.type == "true_false":
            assert parsed["isTrue"] is original.answer
        if original.type == "numeric":
            assert parsed["choices"]["number"] == original.answer
            assert parsed["choices"]["range"] == original.tolerance
        if original.type == "text":
            assert [c["text"]["text"] for c in parsed["choices"]] == original.answers
        if original.type == "match":
            assert {(m["subquestion"]["text"], gift_text(m["subanswer"])) for m in parsed["matchPairs"]} == {
                (p.left, p.right) for p in original.pairs}
        if original.type == "order":
            assert {m["subquestion"]["text"]: m["subanswer"] for m in parsed["matchPairs"]} == {
                item: f"{n}{suffix}" for item, n, suffix in zip(original.items, (1, 2, 3), ("st", "nd", "rd"))}


def test_gift_escapes_every_special_character(exported):
    text = exported["gift"][0].read_text(encoding="utf-8")
    body = text.split("::awk-single::", 1)[1].split("####", 1)[0]
    for char in ESCAPED_IN_GIFT:
        assert f"\\{char}" in body, char


# --- Moodle XML: the importer's rules, and a round trip through moodle-xml-parser --------------

def test_moodle_xml_follows_the_importer_rules(exported, qset):
    root = etree.parse(str(exported["moodle-xml"][0])).getroot()
    assert root.tag == "quiz"
    questions = root.findall("question")
    categories = [q for q in questions if q.get("type") == "category"]
    assert categories and categories[0].findtext("category/text") == "$course$/top/sourcequiz/awkward-set/awkward"
    real = [q for q in questions if q.get("type") != "category"]
    assert [q.findtext("name/text") for q in real] == qset.ids
    for question in real:
        for path in MOODLE_REQUIRED[question.get("type")]:
            assert question.find(path) is not None, (question.findtext("name/text"), path)
        for answer in question.findall("answer"):
            assert abs(float(answer.get("fraction"))) in ALLOWED
    tags = {q.findtext("name/text"): [t.text for t in q.findall("tags/tag/text")] for q in real}
    assert tags["awk-single"] == ["dates"]


def test_moodle_multichoice_round_trips_through_moodle_xml_parser(exported, qset):
    try:
        from moodle_xml_parser import parser
    except ImportError:
        missing("moodle-xml-parser (in the test extra) is not installed")
    parsed = parser.parse_file(str(exported["moodle-xml"][0]))["multichoice"]
    questions = by_id(qset)
    assert {q.name for q in parsed} == {"awk-single", "awk-multiple"}
    for item in parsed:
        original = questions[item.name]
        assert strip_html(item.text_pre_parse) == original.prompt
        assert item.single is (original.type == "single")
        scored = {strip_html(o.answer): o.score_fraction for o in item.options}
        assert set(scored) == {o.text for o in original.options}
        assert {t for t, f in scored.items() if f > 0} == {o.text for o in original.options if o.correct}
        assert abs(sum(f for f in scored.values() if f > 0) - 100) < 0.01
        feedback = {strip_html(o.answer): strip_html(o.feedback) if o.feedback else "" for o in item.options}
        for option in original.options:
            assert feedback[option.text] == (option.feedback or "")


# --- QTI 2.1: the official XSD ------------------------------------------------------------------

def test_qti21_items_and_manifest_validate(exported, qset, validators):
    archive = zipfile.ZipFile(exported["qti21"][0])
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    validators.assert_valid(validators.content_package_schema(), manifest, "imsmanifest.xml")
    hrefs = manifest.xpath("//cp:file/@href", namespaces={"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"})
    assert hrefs == [f"items/{i}.xml" for i in qset.ids]
    for href in hrefs:
        item = etree.fromstring(archive.read(href))
        validators.assert_valid(validators.qti21_schema(), item, href)


def test_qti21_numeric_tolerance_is_in_response_processing(exported):
    archive = zipfile.ZipFile(exported["qti21"][0])
    item = etree.fromstring(archive.read("items/awk-numeric.xml"))
    ns = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
    equal = item.find(".//q:responseProcessing//q:equal", ns)
    assert equal.get("toleranceMode") == "absolute" and equal.get("tolerance") == "10 10"
    assert item.findtext(".//q:correctResponse/q:value", namespaces=ns) == "2500"
    order = etree.fromstring(archive.read("items/awk-order.xml"))
    correct = [v.text for v in order.findall(".//q:correctResponse/q:value", ns)]
    labels = {c.get("identifier"): c.text for c in order.findall(".//q:simpleChoice", ns)}
    assert [labels[c] for c in correct] == ['Soviet invasion: 1979 & “communism”', "Taliban control – 1996 <Kabul>",
                                            "Agreement — 2020 {Doha}"]


# --- QTI 1.2 for Canvas: the DTD, the manifest schema and Canvas's structure ---------------------

def test_qti12_validates_and_has_canvas_structure(exported, qset, validators):
    archive = zipfile.ZipFile(exported["qti12"][0])
    names = archive.namelist()
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    validators.assert_valid(validators.content_package_schema(), manifest, "imsmanifest.xml")
    ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
    for href in manifest.xpath("//cp:file/@href", namespaces=ns):
        assert href in names, f"the manifest names {href}, which is not in the zip"
    qti_resource = manifest.xpath("//cp:resource[@type='imsqti_xmlv1p2']", namespaces=ns)[0]
    ident = qti_resource.get("identifier")
    assessment = etree.fromstring(archive.read(f"{ident}/{ident}.xml"))
    validators.assert_valid(validators.qti12_dtd(), validators.without_namespaces(assessment), "assessment")
    meta = etree.fromstring(archive.read(f"{ident}/assessment_meta.xml"))
    assert meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}title") == qset.title
    plain = validators.without_namespaces(assessment)
    kinds = {item.get("ident"): item.xpath("string(.//qtimetadatafield[fieldlabel='question_type']/fieldentry)")
             for item in plain.iter("item")}
    assert kinds == {"awk-single": "multiple_choice_question", "awk-multiple": "multiple_answers_question",
                     "awk-true-false": "true_false_question", "awk-numeric": "numerical_question",
                     "awk-text": "short_answer_question", "awk-order": "matching_question",
                     "awk-match": "matching_question"}
    single = next(i for i in plain.iter("item") if i.get("ident") == "awk-single")
    right = single.xpath("string(.//respcondition[setvar='100']/conditionvar/varequal)")
    label = single.xpath(f"string(.//response_label[@ident='{right}']//mattext)")
    assert strip_html(label) == "February 29, 2020 {signed} = ~ # : \\"


# --- Anki: the package is a zip holding an SQLite collection -------------------------------------

def anki_notes(path, tmp_path):
    with zipfile.ZipFile(path) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        return {row[0]: row[1].split("\x1f") for row in db.execute("select guid, flds from notes")}


def test_anki_notes_match_the_set_and_ids_are_stable(exported, qset, sources, tmp_path):
    notes = anki_notes(exported["anki"][0], tmp_path / "a")
    assert sorted(fields[0] for fields in notes.values()) == sorted(qset.ids)
    prompts = {fields[0]: html.unescape(fields[1]) for fields in notes.values()}
    assert prompts == {q.id: q.prompt for q in qset.questions}
    again = export_set(qset, "anki", tmp_path / "again.apkg", sources).files[0]
    assert set(anki_notes(again, tmp_path / "b")) == set(notes)  # same guids: re-import updates


# --- CSV, worksheets, notebook -------------------------------------------------------------------

def from_cell(cell: str) -> str:
    """A cell as the exporter meant it: without the `'` that stops a spreadsheet running it as a formula."""
    return re.sub(r"^'(?=[=+\-@\t\r])", "", cell)


def test_csv_round_trips(exported, qset):
    rows = list(csv.DictReader(io.StringIO(exported["csv"][0].read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == qset.ids
    questions = by_id(qset)
    for row in rows:
        assert [cell for cell in row.values() if re.match(r"[=+\-@\t\r]", cell)] == []
        assert from_cell(row["prompt"]) == questions[row["id"]].prompt
        assert from_cell(row["explanation"]) == questions[row["id"]].explanation
    assert next(r for r in rows if r["id"] == "awk-numeric")["explanation"].startswith("'=2,500")


def test_option_order_is_the_same_in_every_format(exported, qset, gift):
    single = by_id(qset)["awk-single"]
    from sourcequiz.export.present import present

    expected = [o.text for o in present(qset.seed, single).options]
    assert [c["text"]["text"] for c in next(q for q in gift if q["title"] == "awk-single")["choices"]] == expected
    moodle = etree.parse(str(exported["moodle-xml"][0])).getroot()
    node = moodle.xpath("//question[name/text='awk-single']")[0]
    assert [strip_html(a.findtext("text")) for a in node.findall("answer")] == expected
    rows = list(csv.DictReader(io.StringIO(exported["csv"][0].read_text(encoding="utf-8-sig"))))
    assert next(r for r in rows if r["id"] == "awk-single")["choices"].split("\n") == expected
    worksheet = exported["html"][0].read_text(encoding="utf-8")
    positions = [worksheet.index(html.escape(text)) for text in expected]
    assert positions == sorted(positions)


def test_worksheet_and_answer_key(exported, qset):
    sheet, key = (p.read_text(encoding="utf-8") for p in exported["html"])
    assert exported["html"][1].name.endswith("-answers.html")
    for question in qset.questions:
        assert html.escape(question.prompt) in sheet
        assert html.escape(question.evidence[0].quote) in key
    assert "Evidence" not in sheet and html.escape(qset.questions[0].explanation) not in sheet
    assert "<script" not in sheet and "&lt;start&gt;" in sheet


def test_pdf_worksheet_and_key_hold_the_questions_and_evidence(exported, qset):
    from pypdf import PdfReader

    sheet, key = exported["pdf"]
    assert key.name.endswith("-answers.pdf")
    sheet_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(sheet).pages)
    key_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(key).pages)
    for question in qset.questions:
        assert " ".join(question.prompt.split()) in sheet_text
        assert " ".join(question.evidence[0].quote.split())[:40] in key_text
    assert "Evidence" not in sheet_text and qset.questions[0].explanation not in sheet_text


def test_notebook_export_runs_in_a_real_kernel(exported, qset):
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    notebook = nbformat.read(exported["notebook"][0], as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    outputs = notebook.cells[-1].outputs
    assert outputs, "the quiz cell displayed nothing"
    shown = outputs[0]["data"]
    assert "text/plain" in shown and ("application/vnd.jupyter.widget-view+json" in shown or "text/html" in shown)
    assert html.escape(qset.questions[0].prompt) in shown.get("text/html", html.escape(qset.questions[0].prompt))


# --- writing ---------------------------------------------------------------------------------------

def test_export_never_overwrites_without_force(qset, sources, tmp_path, cli):
    target = tmp_path / "quiz.gift"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(UserError, match="already exists"):
        export_set(qset, "gift", target, sources)
    assert target.read_text(encoding="utf-8") == "precious"
    key = tmp_path / "sheet-answers.html"
    key.write_text("precious", encoding="utf-8")
    with pytest.raises(UserError, match="sheet-answers.html: already exists"):
        export_set(qset, "html", tmp_path / "sheet.html", sources)
    assert not (tmp_path / "sheet.html").exists()  # all or nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quiz.gift", "sheet-answers.html"]


def test_cli_export_and_unknown_format(qset, tmp_path, cli):
    qset.write(tmp_path / "set.yml")
    ok = cli("export", str(tmp_path / "set.yml"), "--to", "csv", "-o", str(tmp_path / "out"))
    assert ok.returncode == 0 and (tmp_path / "out.csv").is_file()
    bad = cli("export", str(tmp_path / "set.yml"), "--to", "docx", "-o", str(tmp_path / "out"))
    assert bad.returncode == 2 and "unknown format 'docx'" in bad.stderr and "Traceback" not in bad.stderr
