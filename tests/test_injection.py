"""Injection: each payload of injection_corpus sits in every text field of every question type, and every
renderer shows it as inert text: the live widget (its markup, the answers it sends back, and its front end in
Chromium), the static quiz, the nine export formats (each read back
by an independent parser, under that format's own rules) and, in Chromium, the static quiz and worksheets.

Each payload's bank has a harmless twin of the same shape (injection_corpus.twin). Where bank text goes into
markup, the payload's elements and attributes must be exactly the twin's: none of them comes from bank text.
"""

from __future__ import annotations

import ast
import csv
import functools
import io
import json
import re
import sqlite3
import string
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import nbformat
import pytest
import yaml
from lxml import etree

import injection_corpus as corpus
from conftest import ROOT, missing, node_available
from quiz_support import make_course
from sourcequiz import html as static
from sourcequiz import quiz
from sourcequiz.export import export_set
from sourcequiz.payload import build_payload
from sourcequiz.selection import read_set

PAYLOADS = corpus.PAYLOADS
# (payload index, tagged): untagged, the payload starts and ends most fields; tagged, each field is findable alone
CASES = [(i, tagged) for tagged in (False, True) for i in range(len(PAYLOADS))]
each_case = pytest.mark.parametrize("case", CASES, ids=[f"{'t' if t else 'p'}{i:02d}" for i, t in CASES])
ACTIVE_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "svg", "math", "img", "link", "meta",
               "base", "form", "details", "template", "textarea"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"}
FORMULA = re.compile(r"[=+\-@\t\r]")  # a cell starting so is a formula to a spreadsheet ...
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")  # ... unless it is a plain number
GIFT_TYPES = {"single": "MC", "multiple": "MC", "true_false": "TF", "numeric": "Numerical", "text": "Short",
              "order": "Matching", "match": "Matching"}
QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"


# --- helpers ---------------------------------------------------------------------------------------

def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def name_of(case) -> str:
    index, tagged = case
    return f"{'tag' if tagged else 'inj'}-{index:02d}"


def bank_data(case, shape=str) -> dict:
    """The case's bank (bank format): seven questions, ids `pNN-<type>` (`tNN-` tagged), titled by the payload.
    `shape` makes its twin."""
    index, tagged = case
    return corpus.bank([shape(PAYLOADS[index])], name_of(case), first=index, tagged=tagged)


def set_data(case, shape=str) -> dict:
    """The case's set (bank format, `set:` at the top): the same questions, titled by the payload."""
    index, tagged = case
    return corpus.question_set([shape(PAYLOADS[index])], name=name_of(case), first=index, tagged=tagged)


def flat(text: str) -> str:
    """Text as a browser or a PDF shows it: runs of white space as one space."""
    return " ".join(text.split())


def at(data, path: str):
    """The value at a `text_fields` path such as `options[1].feedback`."""
    for name, position in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        data = data[int(position)] if position else data[name]
    return data


def assert_same_text(original: dict, copy: dict) -> None:
    """Every text field of a bank-format question holds the same text in `copy` (a payload, a notebook's data)."""
    fields = dict(corpus.text_fields(original))
    assert {path: at(copy, path) for path in fields} == fields


def assert_shown(data: dict, texts: list[str], leave_out=(), squash=lambda text: text) -> None:
    """Every text field of `data` (a question, or {"title": ...}) appears as typed in one of `texts`,
    except the fields named in `leave_out`, which the renderer does not carry."""
    shown = [squash(t) for t in texts]
    lost = [path for path, text in corpus.text_fields(data)
            if re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1] not in leave_out
            and not any(squash(text) in s for s in shown)]
    assert lost == [], f"not shown as typed: {lost}"


def tag_of(node) -> str:
    return node.tag.lower() if isinstance(node.tag, str) else type(node).__name__  # a comment, an entity, ...


def skeleton(root) -> list[tuple[str, tuple[str, ...]]]:
    """Every node in document order with its attribute names: what markup the text made."""
    return [(tag_of(n), tuple(sorted(n.attrib)) if isinstance(n.tag, str) else ()) for n in root.iter()]


def active(root) -> list[str]:
    """What a browser would run or load: scripts, styles, frames, SVG ..., comments, on* handlers, script URLs."""
    found = []
    for node in root.iter():
        tag = tag_of(node)
        if tag in ACTIVE_TAGS or not isinstance(node.tag, str):
            found.append(tag)
            continue
        for name, value in node.attrib.items():
            if name.lower().startswith("on") or (
                    name.lower() in URL_ATTRIBUTES and re.match(r"\s*(javascript|vbscript|data):", value, re.I)):
                found.append(f"{tag}[{name}]")
    return found


def visible_text(root) -> str:
    return "".join(root.xpath("//text()[not(ancestor::script) and not(ancestor::style)]"))


def html_fragment(markup: str):
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def paragraphs(markup: str) -> str:
    """Text from our HTML fields (Moodle, QTI 1.2): only attribute-less <p> elements holding text, one a line."""
    if not markup:
        return ""
    nodes = lxml.html.fragments_fromstring(markup)
    assert all(not isinstance(n, str) and n.tag == "p" and not n.attrib and len(n) == 0 for n in nodes), markup
    return "\n".join(n.text or "" for n in nodes)


def xml_root(data: bytes):
    """XML as an importer reads it; bank text must never make a DTD, an entity or a processing instruction."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    assert root.getroottree().docinfo.doctype == ""
    assert [tag_of(n) for n in root.iter() if not isinstance(n.tag, str) and tag_of(n) != "_Comment"] == []
    return root


# --- courses and exports -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def courses(tmp_path_factory) -> dict[str, Path]:
    """Two courses with a bank per case: in `hostile` the payload, in `twin` its harmless twin."""
    made = {}
    for kind, shape in (("hostile", str), ("twin", corpus.twin)):
        folder = make_course(tmp_path_factory.mktemp(kind) / "course")
        for case in CASES:
            write_yaml(folder / "quizzes" / f"{name_of(case)}.yml", bank_data(case, shape))
        made[kind] = folder
    return made


@pytest.fixture(scope="module")
def exports(tmp_path_factory, sources):
    """exports(case, fmt, twin=False): the ExportResult of the case's set (or its twin's), read from a set
    file as `sourcequiz export` reads it."""
    folder = tmp_path_factory.mktemp("exports")

    @functools.cache
    def question_set(case, twin: bool):
        stem = f"{name_of(case)}{'-twin' if twin else ''}"
        return read_set(write_yaml(folder / f"{stem}.yml", set_data(case, corpus.twin if twin else str)), sources)

    @functools.cache
    def export(case, fmt: str, twin: bool = False):
        return export_set(question_set(case, twin), fmt, folder / f"{name_of(case)}{'-twin' if twin else ''}-{fmt}",
                          sources)

    return export


# --- the live widget: its markup, and the answers that come back ---------------------------------------------

def every_answer(question: dict) -> dict:
    """The message the front end sends for an answer that names every text of a question: both options of a
    multiple choice, the first of a single choice, items and pairs as shown, the first accepted text."""
    value = {"single": 0, "multiple": [0, 1], "true_false": True, "numeric": "1500",
             "text": (question.get("answers") or [""])[0], "order": [0, 1, 2], "match": [0, 1, 2]}[question["type"]]
    return {"event": "answer", "id": question["id"], "answer": value, "correct": False}


@each_case
def test_widget_markup_is_the_static_quiz_and_results_give_text_back_as_typed(case, courses):
    made = {kind: quiz(name_of(case), root=folder) for kind, folder in courses.items()}
    hostile = made["hostile"]
    tree = html_fragment(hostile.markup)
    assert hostile.markup == static.render(hostile.payload)  # the markup the static test below proves inert
    assert skeleton(tree) == skeleton(html_fragment(made["twin"].markup))
    assert active(tree) == ["script"]  # the payload's JSON block, nothing else
    heard = []
    hostile.on_answer(heard.append)
    for question in hostile.payload["questions"]:
        hostile._handle_custom_msg(every_answer(question), [])
    assert hostile.rejected == 0 and len(heard) == 7
    results = hostile.results
    assert json.loads(json.dumps(results)) == results
    data = bank_data(case)
    for question, result in zip(data["questions"], results, strict=True):
        assert result["prompt"] == question["prompt"]
        assert result["answer_text"] == expected_words(question), question["id"]


def expected_words(question: dict):
    """What `every_answer` chose, in the bank's own words (the payload keeps the bank's order of options)."""
    kind = question["type"]
    options = [o["text"] for o in question.get("options", ())]
    return {"single": options[:1] and options[0], "multiple": options[:2], "true_false": True, "numeric": "1500",
            "text": (question.get("answers") or [""])[0], "order": question.get("items"),
            "match": {p["left"]: p["right"] for p in question.get("pairs", ())}}[kind]


# --- the static quiz ------------------------------------------------------------------------------------

@each_case
def test_static_quiz_keeps_bank_text_out_of_markup_and_script(case, courses):
    pages = {kind: static.render(build_payload(name_of(case), root=folder), inline_assets=True)
             for kind, folder in courses.items()}
    page = pages["hostile"]
    data = re.search(r'<script type="application/json" class="sq-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and ">" not in data  # so neither `</script` nor `<!--` can occur inside the block
    tree = html_fragment(page)
    assert skeleton(tree) == skeleton(html_fragment(pages["twin"]))
    assert active(tree) == ["style", "script", "script"]  # the quiz's own CSS, payload block and quiz.js
    assert next(tree.iter("script")).text == data  # the parser ends the block where the renderer did
    classes = tree.find("section").get("class").split()
    assert {"sq-quiz", "tex2jax_ignore", "mathjax_ignore"} <= set(classes)  # MathJax leaves the quiz alone
    loaded = json.loads(data)
    bank = bank_data(case)
    assert loaded["title"] == bank["title"]
    for original, rendered in zip(bank["questions"], loaded["questions"], strict=True):
        assert_same_text(original, rendered)
    shown = [visible_text(tree)] + [n.get("aria-label") for n in tree.iter() if n.get("aria-label")]
    assert_shown({"title": bank["title"]}, shown)
    for question in bank["questions"]:  # the rest shows after an answer (see the browser test)
        assert_shown(question, shown, leave_out={"explanation", "feedback", "correction", "answers", "quote"})


# --- export formats ---------------------------------------------------------------------------------------

@each_case
def test_moodle_xml(case, exports):
    result = exports(case, "moodle-xml")
    assert result.skipped == []
    root = xml_root(result.files[0].read_bytes())
    texts = []
    for node in root.iter("text", "unit_name"):
        holder = node.getparent()
        texts.append(paragraphs(node.text) if holder.get("format") == "html" else node.text or "")
    for question in set_data(case)["questions"]:
        assert_shown(question, texts)


@each_case
def test_qti12(case, exports):
    result = exports(case, "qti12")
    assert result.skipped == []
    texts = []
    with zipfile.ZipFile(result.files[0]) as archive:
        for name in archive.namelist():
            for node in xml_root(archive.read(name)).iter(etree.Element):
                if etree.QName(node).localname == "mattext":
                    assert node.get("texttype") == "text/html"
                    texts.append(paragraphs(node.text))
                else:
                    texts += [node.text or "", *node.attrib.values()]
    data = set_data(case)
    assert_shown({"title": data["title"]}, texts)
    for question in data["questions"]:
        assert_shown(question, texts, leave_out={"unit"})  # Canvas's numerical question has no unit


@each_case
def test_qti21(case, exports):
    result = exports(case, "qti21")
    assert result.skipped == []
    texts = []
    with zipfile.ZipFile(result.files[0]) as archive:
        for name in archive.namelist():
            root = xml_root(archive.read(name))
            if name.startswith("items/"):
                assert {etree.QName(n).namespace for n in root.iter(etree.Element)} == {QTI21}
            for node in root.iter(etree.Element):
                texts += [node.text or "", (node.tail or "").strip()]
                lines = [p.text or "" for p in node.iterfind(f"{{{QTI21}}}p")]
                texts.append("\n".join(lines))
    for question in set_data(case)["questions"]:
        assert_shown(question, texts)


def anki_text(field: str) -> str:
    """An Anki field is HTML: only our bare <br> elements; gives back the text, a line per <br>."""
    root = html_fragment(field)
    assert [(n.tag, dict(n.attrib), len(n)) for n in root] == [("br", {}, 0)] * len(root), field
    return (root.text or "") + "".join("\n" + (n.tail or "") for n in root)


@each_case
def test_anki(case, exports, tmp_path):
    result = exports(case, "anki")
    with zipfile.ZipFile(result.files[0]) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = [row[0].split("\x1f") for row in db.execute("select flds from notes")]
        decks = [d["name"] for d in json.loads(db.execute("select decks from col").fetchone()[0]).values()]
    data = set_data(case)
    deck = next(name for name in decks if name.startswith("sourcequiz::"))
    assert deck.count("::") == 1 and flat(deck.split("::")[1]) == re.sub(r":{2,}", ":", flat(data["title"]))
    texts = [anki_text(field) for fields in notes for field in fields[1:]]
    for question in data["questions"]:
        assert_shown(question, texts, leave_out={"feedback"})  # a card shows no per-option feedback


def from_cell(cell: str) -> str:
    """A cell as the exporter meant it: without the `'` that stops a spreadsheet running it."""
    return re.sub(r"^'(?=[=+\-@\t\r])", "", cell)


@each_case
def test_csv(case, exports):
    result = exports(case, "csv")
    rows = list(csv.reader(io.StringIO(result.files[0].read_text(encoding="utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert [c for c in cells if FORMULA.match(c) and not NUMBER.fullmatch(c)] == []  # nothing a spreadsheet runs
    for question in set_data(case)["questions"]:
        assert_shown(question, [from_cell(c) for c in cells], leave_out={"feedback"})


def parse_gift(path: Path) -> list[dict] | str:
    """What gift-pegjs reads from a GIFT file (categories too), or its error."""
    done = subprocess.run(["node", str(ROOT / "tests" / "js" / "parse_gift.js"), str(path)],
                          capture_output=True, text=True, timeout=60)
    return json.loads(done.stdout) if done.returncode == 0 else done.stderr


@pytest.fixture(scope="module")
def gift(exports, tmp_path_factory) -> dict:
    """Case -> what gift-pegjs read from the case's GIFT file: its questions and category, or the parse error.
    The files are parsed together (node starts once) and split where each file's category line begins."""
    if not node_available():
        missing("node and node_modules (gift-pegjs) are needed to parse GIFT")
    files = {case: exports(case, "gift").files[0] for case in CASES}
    joined = tmp_path_factory.mktemp("gift") / "all.gift"
    joined.write_text("\n".join(p.read_text(encoding="utf-8") for p in files.values()), encoding="utf-8")
    parsed = parse_gift(joined)
    if isinstance(parsed, list):
        starts = [i for i, q in enumerate(parsed) if q["type"] == "Category"] + [len(parsed)]
        if len(starts) == len(files) + 1 and starts[0] == 0:
            return {case: parsed[a:b] for case, a, b in zip(files, starts, starts[1:])}
    return {case: parse_gift(path) for case, path in files.items()}  # one by one, to tell which file is wrong


def gift_skips(payload: str, question_id: str) -> bool:
    """GIFT cannot write `->` in a short answer (it makes a matching question); the exporter leaves it out."""
    return question_id.endswith("-text") and "->" in payload


def gift_texts(question: dict) -> list[str]:
    """The texts gift-pegjs read, as Moodle shows them: plain text as is, and HTML only as escaped text."""
    found = []

    def rich(value):
        if not value:
            return
        assert value["format"] in ("plain", "html"), value
        if value["format"] == "html":
            root = html_fragment(value["text"])
            assert len(root) == 0, value  # text, no element
            found.append(root.text or "")
        else:
            found.append(value["text"])

    for key in ("stem", "globalFeedback", "trueFeedback", "falseFeedback"):
        rich(question.get(key))
    for choice in question.get("choices") if isinstance(question.get("choices"), list) else ():
        rich(choice["text"])
        rich(choice["feedback"])
    for pair in question.get("matchPairs") or ():
        rich(pair["subquestion"])
        # gift-pegjs leaves its placeholders for escaped characters here (`&&061;`, `&&010`); Moodle restores them
        found.append(re.sub(r"&&(\d{3});?", lambda m: chr(int(m.group(1))), pair["subanswer"]))
    return found


@each_case
def test_gift(case, exports, gift):
    payload = PAYLOADS[case[0]]
    result = exports(case, "gift")
    data = set_data(case)
    assert result.files[0].read_text(encoding="utf-8").splitlines()[1].startswith("$CATEGORY:")  # title: one line
    kept = [q for q in data["questions"] if not gift_skips(payload, q["id"])]
    assert [m.split(":")[0] for m in result.skipped] == [q["id"] for q in data["questions"] if q not in kept]
    found = gift[case]
    assert isinstance(found, list), found  # gift-pegjs's parse error
    assert [q["type"] for q in found[:1]] == ["Category"]
    assert [q["title"] for q in found[1:]] == [q["id"] for q in kept]  # no question made from text
    for question, read in zip(kept, found[1:]):
        assert read["type"] == GIFT_TYPES[question["type"]]  # text never changes a question's type ...
        if read["type"] in ("MC", "Short"):  # ... nor its grading
            marks = sorted((c["isCorrect"], c["weight"]) for c in read["choices"])
            assert marks == {"single": [(False, None), (True, None)], "multiple": [(False, -100), (False, 100)],
                             "text": [(True, None)]}[question["type"]]
        # gift-pegjs folds white space in matching answers; Moodle keeps it
        assert_shown(question, gift_texts(read), leave_out={"unit"}, squash=flat)  # GIFT has no unit


# What the worksheet does not show (the key's), and what the key does not show (the sheet's: every option and
# left side; the key names only the right ones)
NOT_ON_SHEET = {"explanation", "feedback", "correction", "answers", "quote"}
NOT_IN_KEY = {"text", "feedback", "left"}


@functools.cache
def drawable_chars() -> frozenset[int]:
    """The characters every worksheet font can draw."""
    from reportlab.pdfbase import pdfmetrics

    from sourcequiz.export.worksheet_pdf import fonts

    return frozenset.intersection(*(frozenset(pdfmetrics.getFont(name).face.charToGlyph) for name in fonts()))


def drawable(text: str) -> str:
    """Text as a PDF can hold it: without characters its fonts lack (an emoji: DejaVu has none)."""
    return flat("".join(c for c in text if ord(c) in drawable_chars() or c.isspace()))


@each_case
def test_pdf_worksheet(case, exports):
    from pypdf import PdfReader

    result = exports(case, "pdf")
    data = set_data(case)
    texts = []
    for path, suffix in zip(result.files, ("", ": answer key")):
        reader = PdfReader(path)
        assert reader.metadata.title == data["title"] + suffix
        texts.append(drawable(" ".join(page.extract_text() for page in reader.pages)))
    assert texts[0].startswith(drawable(data["title"]))  # markup in it would be drawn, not shown
    for question in data["questions"]:
        assert_shown(question, texts[:1], leave_out=NOT_ON_SHEET, squash=drawable)
        assert_shown(question, texts[1:], leave_out=NOT_IN_KEY, squash=drawable)


@each_case
def test_html_worksheet_and_key(case, exports):
    texts = []
    for path, twin in zip(exports(case, "html").files, exports(case, "html", twin=True).files):
        tree = lxml.html.document_fromstring(path.read_text(encoding="utf-8"))
        assert skeleton(tree) == skeleton(lxml.html.document_fromstring(twin.read_text(encoding="utf-8")))
        assert active(tree) == ["meta", "style"]  # the worksheet's own charset and CSS
        texts.append(visible_text(tree))
    data = set_data(case)
    for text in texts:
        assert_shown({"title": data["title"]}, [text])
    for question in data["questions"]:
        assert_shown(question, texts[:1], leave_out=NOT_ON_SHEET)
        assert_shown(question, texts[1:], leave_out=NOT_IN_KEY)


@each_case
def test_notebook(case, exports):
    from IPython.core.inputtransformer2 import TransformerManager
    from markdown_it import MarkdownIt

    notebook = nbformat.read(exports(case, "notebook").files[0], as_version=4)
    nbformat.validate(notebook)
    heading, code, run = notebook.cells
    data = set_data(case)
    # the data cell holds the imports and one assignment whose value is json.loads of one string literal
    tree = ast.parse(code.source)
    imports = ast.parse("import json\nfrom sourcequiz import quiz").body
    assert [ast.dump(n) for n in tree.body[:2]] == [ast.dump(n) for n in imports]
    [assign] = tree.body[2:]
    assert isinstance(assign, ast.Assign) and [ast.unparse(t) for t in assign.targets] == ["SET"]
    call = assign.value
    assert isinstance(call, ast.Call) and ast.unparse(call.func) == "json.loads" and not call.keywords
    [literal] = call.args
    assert isinstance(literal, ast.Constant) and isinstance(literal.value, str)
    loaded = json.loads(literal.value)
    assert loaded["title"] == data["title"]
    for original, written in zip(data["questions"], loaded["questions"], strict=True):
        assert_same_text(original, written)
    assert ast.dump(ast.parse(run.source)) == ast.dump(ast.parse('quiz(questions=SET["questions"], seed=SET["seed"])'))
    # IPython runs the cell as written: no line reads as a magic, a shell escape or a help request
    assert TransformerManager().transform_cell(code.source).rstrip("\n") == code.source
    # the title is text in markdown, HTML and math alike
    first_line = heading.source.split("\n", 1)[0]
    inner = re.fullmatch(r'# <span class="tex2jax_ignore mathjax_ignore">(.*)</span>', first_line).group(1)
    assert not set(re.sub(r"&#\d+;", "", inner)) & set(string.punctuation)  # no `$`, `\`, `<`, `[` ...
    rendered = html_fragment(MarkdownIt("commonmark").render(heading.source))
    title = rendered.find("h1")
    assert [(n.tag, n.get("class")) for n in title.iter()] == [("h1", None), ("span", "tex2jax_ignore mathjax_ignore")]
    assert title.text_content() == flat(data["title"])
    assert active(rendered) == []


# --- in a real browser ------------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Injection</title></head>'
        '<body>{}</body></html>\n')
ANSWER_EVERY_QUESTION = """() => {
  for (const q of document.querySelectorAll(".sq-q")) {
    const type = q.dataset.type;
    if (type === "single" || type === "true_false") { q.querySelector("input").checked = true; }
    if (type === "multiple") { q.querySelectorAll("input").forEach((box) => { box.checked = true; }); }
    if (type === "numeric" || type === "text") { q.querySelector(".sq-input").value = "1500"; }
    if (type === "match") { q.querySelectorAll("select").forEach((choice) => { choice.selectedIndex = 1; }); }
    if (type === "order") { q.querySelector(".sq-down").click(); }
    q.querySelector(".sq-check").click();
  }
  return document.querySelectorAll(".sq-feedback:not(:empty)").length;
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        missing(f"{CHROMIUM} is not installed (make browser, or apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, sources) -> dict[str, Path]:
    """Every payload in one static quiz page, one worksheet and one answer key; the title holds as many
    payloads as a title may (300 characters)."""
    folder = tmp_path_factory.mktemp("pages")
    title = functools.reduce(lambda t, p: f"{t} | {p}" if len(t) + len(p) + 3 <= 300 else t, PAYLOADS[1:], PAYLOADS[0])
    course = make_course(folder / "course")
    write_yaml(course / "quizzes" / "inj-all.yml", corpus.bank(PAYLOADS, "inj-all", title=title))
    page = folder / "quiz.html"
    page.write_text(PAGE.format(static.render(build_payload("inj-all", root=course), inline_assets=True)),
                    encoding="utf-8")
    qset = read_set(write_yaml(folder / "set.yml", corpus.question_set(PAYLOADS, title=title)), sources)
    sheet, key = export_set(qset, "html", folder / "worksheet", sources).files
    return {"quiz": page, "worksheet": sheet, "answer-key": key}


@pytest.mark.parametrize("name", ["quiz", "worksheet", "answer-key"])
def test_browser_shows_every_payload_and_runs_none(browser, pages, name):
    url = pages[name].as_uri()
    page = browser.new_page()
    requests, dialogs, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.goto(url)
    if name == "quiz":
        page.wait_for_selector(".sq-quiz[data-sq-ready]")
        total = page.locator(".sq-q").count()
        assert total == 7 * len(PAYLOADS)
        assert page.evaluate(ANSWER_EVERY_QUESTION) == total  # feedback, explanation and evidence are shown
        assert page.locator("script").count() == 2 and page.locator("style").count() == 1
    else:
        assert page.locator("script").count() == 0 and page.locator("style").count() == 1
    page.wait_for_timeout(100)  # the announcer writes after 50 ms; an injected handler would have fired by now
    shown = flat(page.inner_text("body"))
    assert [p for p in PAYLOADS if flat(p) not in shown] == []
    assert page.locator("iframe, img, svg, details, font, a, b, textarea, object, embed, math").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == [] and errors == []
    assert set(requests) == {url}  # nothing left the file
    page.close()


WIDGET_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Widget</title><style>{css}</style></head><body>
<div id="host"></div><script type="application/json" id="markup">{markup}</script>
<script type="module">{module}
const state = {{ markup: JSON.parse(document.getElementById("markup").textContent), kind: "quiz", progress: {{}} }};
window.__sent = [];
render({{ el: document.getElementById("host"),
          model: {{ get: (key) => state[key], send: (m) => window.__sent.push(m), on() {{}}, off() {{}} }} }});
</script></body></html>
"""


def test_widget_front_end_shows_every_payload_runs_none_and_sends_answers_the_kernel_takes(browser, pages, tmp_path):
    """The notebook path end to end: quiz.js's render({model, el}) draws the kernel's markup in Chromium (the model
    played by the page), every question is answered, and the messages it sends are fed to the kernel's widget."""
    shown = quiz("inj-all", root=pages["quiz"].parent / "course")
    page_file = tmp_path / "widget.html"
    page_file.write_text(WIDGET_PAGE.format(css=static.asset("quiz.css"), markup=static.script_json(shown.markup),
                                            module=static.asset("quiz.js")), encoding="utf-8")
    url = page_file.as_uri()
    page = browser.new_page()
    requests, dialogs, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.goto(url)
    page.wait_for_selector("#host .sq-quiz[data-sq-ready]")
    total = page.locator(".sq-q").count()
    assert total == 7 * len(PAYLOADS)
    assert page.evaluate(ANSWER_EVERY_QUESTION) == total
    page.wait_for_timeout(100)
    text = flat(page.inner_text("body"))
    assert [p for p in PAYLOADS if flat(p) not in text] == []
    assert page.locator("#host iframe, #host img, #host svg, #host details, #host font, #host a, #host b, "
                        "#host textarea, #host object, #host embed, #host math").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == [] and errors == [] and set(requests) == {url}
    sent = page.evaluate("window.__sent")
    page.close()
    assert len(sent) == total and {m["event"] for m in sent} == {"answer"}
    for message in sent:
        shown._handle_custom_msg(message, [])
    assert shown.rejected == 0 and all(r["answered"] for r in shown.results)
    assert shown.score == sum(m["correct"] for m in sent)
