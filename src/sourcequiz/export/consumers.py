"""The programs and standards that read an export, each as one check: the import ladder's rungs.

A check gets the rendered export and returns what the consumer made of it in a few words; it raises
`Rejected` when the consumer refuses the file or loses something, and `Unavailable` when the consumer
is not installed here. The most real consumer of each format is a real importer (Anki's own backend);
the others are independent parsers, or the official schema with the importer's documented rules.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import schemas
from .moodle_fractions import ALLOWED

QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
NODE_VARIABLE = "SOURCEQUIZ_NODE_MODULES"


class Rejected(Exception):
    """The consumer refused the export, or read it and lost something."""


class Unavailable(Exception):
    """The consumer is not installed here."""


@dataclass
class Exported:
    """One format rendered in memory for the ladder, with what the checks need to know about the set."""

    fmt: str
    files: dict[str, bytes]
    qset: object
    lms: str | None = None
    skipped: list[str] = field(default_factory=list)
    course_root: Path | None = None

    @property
    def data(self) -> bytes:
        return self.files[""]

    @property
    def expected_ids(self) -> list[str]:
        left_out = {message.split(":", 1)[0] for message in self.skipped}
        return [q.id for q in self.qset.questions if q.id not in left_out]


def same_ids(found: list[str], exported: Exported, what: str) -> None:
    expected = exported.expected_ids
    if sorted(found) != sorted(expected):
        lost = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        raise Rejected(f"{what}: expected the {len(expected)} questions of the set; "
                       f"missing {lost or 'none'}, unexpected {extra or 'none'}")


# --- Anki ---------------------------------------------------------------------------------------

def anki_backend(exported: Exported) -> str:
    """Import the deck twice into a fresh collection with Anki's own backend: every note once, no duplicate."""
    try:
        from anki.buildinfo import version  # noqa: PLC0415 - optional, AGPL, installed for tests only
        from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: PLC0415
    except ImportError as missing:
        raise Unavailable("the `anki` package (Anki's backend) is not installed") from missing
    with tempfile.TemporaryDirectory() as folder:
        deck = Path(folder) / "deck.apkg"
        deck.write_bytes(exported.data)
        collection = Collection(str(Path(folder) / "collection.anki2"))
        try:
            request = ImportAnkiPackageRequest(package_path=str(deck),
                                               options=ImportAnkiPackageOptions(with_scheduling=False))
            first = collection.import_anki_package(request)
            ids = [collection.get_note(n)["Id"] for n in collection.find_notes("")]
            same_ids(ids, exported, "Anki imported")
            empty = [collection.get_note(c.nid)["Id"] for c in map(collection.get_card, collection.find_cards(""))
                     if not c.question().strip() or not c.answer().strip()]
            if empty:
                raise Rejected(f"Anki rendered an empty card side for {', '.join(empty)}")
            second = collection.import_anki_package(request)
            if second.log.new or collection.note_count() != len(ids):
                raise Rejected(f"a second import of the same deck added {len(second.log.new)} notes "
                               f"instead of none (the note guids are not stable)")
        finally:
            collection.close()
    return f"Anki {version} imported {len(first.log.new)} notes; importing again added none"


def anki_sqlite(exported: Exported) -> str:
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        archive.extract("collection.anki2", folder)
        with contextlib.closing(sqlite3.connect(Path(folder) / "collection.anki2")) as db:
            ids = [row[0].split("\x1f")[0] for row in db.execute("select flds from notes")]
    same_ids(ids, exported, "the deck's notes table")
    return f"{len(ids)} notes, one per question"


# --- GIFT ---------------------------------------------------------------------------------------

PARSE_GIFT = """const {parse} = require("gift-pegjs");
let text = ""; process.stdin.on("data", d => text += d).on("end", () => {
  try { process.stdout.write(JSON.stringify(parse(text))); }
  catch (e) { const at = e.location ? e.location.start.line + ":" + e.location.start.column : "?";
              process.stderr.write("line " + at + ": " + e.message); process.exit(1); } });"""


def node_modules(course_root: Path | None) -> Path | None:
    candidates = [Path(os.environ[NODE_VARIABLE])] if os.environ.get(NODE_VARIABLE) else []
    if course_root is not None:
        candidates.append(course_root / "node_modules")
    return next((c for c in candidates if (c / "gift-pegjs").is_dir()), None)


def gift_pegjs(exported: Exported) -> str:
    modules = node_modules(exported.course_root)
    if shutil.which("node") is None or modules is None:
        raise Unavailable("node and the npm package gift-pegjs are needed (npm install gift-pegjs)")
    parsed = subprocess.run(["node", "-e", PARSE_GIFT], input=exported.data, cwd=modules.parent,
                            capture_output=True, timeout=120)
    if parsed.returncode != 0:
        raise Rejected(f"gift-pegjs could not parse the file: {parsed.stderr.decode(errors='replace')[:300]}")
    read = json.loads(parsed.stdout)
    contexts = [q["title"] for q in read if q["type"] == "Category" and q["title"].startswith("$")]
    if exported.lms == "moodle" and contexts:
        raise Rejected(f"category {contexts[0]!r} names a context, which Moodle 5 question banks refuse")
    questions = [q for q in read if q["type"] not in ("Category", "Description")]
    same_ids([q["title"] for q in questions], exported, "gift-pegjs read")
    version = json.loads((modules / "gift-pegjs" / "package.json").read_text(encoding="utf-8"))["version"]
    return f"gift-pegjs {version} parsed {len(questions)} questions"


# --- Moodle XML ---------------------------------------------------------------------------------

MOODLE_REQUIRED = {
    "multichoice": ["name/text", "questiontext/text", "single", "answer"],
    "truefalse": ["name/text", "questiontext/text", "answer"],
    "numerical": ["name/text", "questiontext/text", "answer/tolerance"],
    "shortanswer": ["name/text", "questiontext/text", "usecase", "answer"],
    "matching": ["name/text", "questiontext/text", "subquestion/answer/text"],
}


def moodle_rules(exported: Exported) -> str:
    """What Moodle's XML importer (question/format/xml/format.php) needs, and the profile's promises."""
    try:
        root = etree.fromstring(exported.data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise Rejected(f"not well-formed XML: {error}") from error
    real = [q for q in root.findall("question") if q.get("type") != "category"]
    problems = []
    for question in real:
        name = question.findtext("name/text")
        for path in MOODLE_REQUIRED.get(question.get("type"), ["unknown question type"]):
            if question.find(path) is None:
                problems.append(f"{name}: no {path}")
        for answer in question.findall("answer"):
            if abs(float(answer.get("fraction"))) not in ALLOWED:
                problems.append(f"{name}: grade {answer.get('fraction')}% is not one Moodle accepts")
    if root.find(".//file") is not None:  # an unused embedded file makes the import fail without a word
        problems.append("holds embedded <file> elements")
    if exported.lms == "moodle":
        contexts = [c.text for c in root.iterfind("question/category/text") if c.text.startswith("$")]
        if contexts:
            problems.append(f"category {contexts[0]!r} names a context, which Moodle 5 question banks refuse")
    if problems:
        raise Rejected("; ".join(problems[:5]))
    same_ids([q.findtext("name/text") for q in real], exported, "the questions")
    return f"{len(real)} questions, each with the elements and grades Moodle's importer needs"


def moodle_xml_parser(exported: Exported) -> str:
    try:
        from moodle_xml_parser.parser import parse_file  # noqa: PLC0415 - optional, for tests
    except ImportError as missing:
        raise Unavailable("the `moodle-xml-parser` package is not installed") from missing
    expected = [q.id for q in exported.qset.questions if q.type in ("single", "multiple")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "questions.xml"
        path.write_bytes(exported.data)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):  # it prints, rather than raises, what it cannot read
            parsed = parse_file(str(path))["multichoice"]
    if printed.getvalue().strip() or sorted(q.name for q in parsed) != sorted(expected):
        raise Rejected(f"moodle-xml-parser read {len(parsed)} of {len(expected)} multiple-choice questions "
                       f"{printed.getvalue().strip()[:200]}")
    return f"read all {len(parsed)} multiple-choice questions"


# --- QTI ----------------------------------------------------------------------------------------

def validators_folder(exported: Exported) -> Path:
    folder = schemas.find_validators(exported.course_root)
    if folder is None:
        raise Unavailable(f"the QTI schemas are not here (../shared/validators or ${schemas.VARIABLE})")
    return folder


def read_package(exported: Exported) -> tuple[dict[str, bytes], etree._Element]:
    try:
        with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        manifest = etree.fromstring(files["imsmanifest.xml"])
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as error:
        raise Rejected(f"not a content package with an imsmanifest.xml: {error}") from error
    missing = [h for h in manifest.xpath("//cp:file/@href", namespaces={"cp": CP}) if h not in files]
    if missing:
        raise Rejected(f"the manifest names {missing[0]}, which is not in the zip")
    return files, manifest


def qti12_schema(exported: Exported) -> str:
    folder = validators_folder(exported)
    files, manifest = read_package(exported)
    problems = schemas.errors(schemas.xml_schema(folder, schemas.CP_XSD), manifest)
    href = manifest.find(f".//{{{CP}}}resource[@type='imsqti_xmlv1p2']/{{{CP}}}file").get("href")
    plain = schemas.without_namespaces(etree.fromstring(files[href]))
    problems += schemas.errors(schemas.dtd(folder, schemas.QTI12_DTD), plain)
    if problems:
        raise Rejected("; ".join(problems[:5]))
    same_ids([i.get("ident") for i in plain.iter("item")], exported, "the QTI 1.2 items")
    return "the manifest fits IMS CP 1.1 and the questions the QTI 1.2.1 DTD"


def lms_shape(exported: Exported) -> str:
    """The package's shape that the profile's LMS looks for (Canvas's by default)."""
    files, manifest = read_package(exported)
    resource = manifest.find(f".//{{{CP}}}resource[@type='imsqti_xmlv1p2']")
    root = etree.fromstring(files[resource.find(f"{{{CP}}}file").get("href")])
    items = list(root.iter(f"{{{QTI12}}}item"))
    kinds = [i.xpath("string(.//*[local-name()='fieldlabel'][.='question_type']/../*[local-name()='fieldentry'])")
             for i in items]
    if exported.lms == "blackboard":
        if root.find(f"{{{QTI12}}}objectbank") is None or root.find(f"{{{QTI12}}}assessment") is not None:
            raise Rejected("Blackboard imports QTI 1.2 only as a pool: expected an objectbank, no assessment")
        return f"a question pool (objectbank) of {len(items)} items"
    assessment = root.find(f"{{{QTI12}}}assessment")
    meta_href = f"{resource.get('identifier')}/assessment_meta.xml"
    if assessment is None or meta_href not in files:
        raise Rejected("Canvas needs an assessment and its assessment_meta.xml beside it")
    meta = etree.fromstring(files[meta_href])
    if not (resource.get("identifier") == assessment.get("ident") == meta.get("identifier")):
        raise Rejected("the manifest, assessment and assessment_meta.xml identifiers differ; Canvas then drops "
                       "the quiz's title, description and settings")
    if meta.findtext(f"{{{CANVAS}}}title") != assessment.get("title"):
        raise Rejected("the quiz title in assessment_meta.xml is not the assessment's")
    if "text_only_question" in kinds or any(i.find(f".//{{{QTI12}}}response_lid") is None and
                                            i.find(f".//{{{QTI12}}}response_str") is None for i in items):
        raise Rejected("a text-only item: Canvas New Quizzes drops it on import")
    if exported.lms == "brightspace":
        untitled = [i.get("ident") for i in items if i.get("title") in (None, "", "Question", i.get("ident"))]
        if untitled:
            raise Rejected(f"Brightspace names an item by its title; these have none of their own: {untitled[:3]}")
        return f"{len(items)} items, each titled with its id and the start of its prompt"
    return f"Canvas's package shape: matching identifiers, {len(items)} items of Canvas question types"


def qti21_schema(exported: Exported) -> str:
    folder = validators_folder(exported)
    files, manifest = read_package(exported)
    problems = schemas.errors(schemas.xml_schema(folder, schemas.CP_XSD), manifest)
    items = manifest.xpath("//cp:resource[@type='imsqti_item_xmlv2p1']/cp:file/@href", namespaces={"cp": CP})
    item_schema = schemas.xml_schema(folder, schemas.QTI21_XSD)
    titles = []
    for href in items:
        item = etree.fromstring(files[href])
        problems += [f"{href}: {p}" for p in schemas.errors(item_schema, item)]
        titles.append(item.get("title"))
    if problems:
        raise Rejected("; ".join(problems[:5]))
    same_ids(titles, exported, "the QTI 2.1 items")
    return f"{len(items)} items fit the QTI 2.1 XSD, the manifest IMS CP 1.1"


QTI3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
QTI3_CP = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"


def qti3_shape(exported: Exported) -> str:
    """No QTI 3 schema installs from a registry: check the renaming that QTI 3 asks of every element."""
    files, manifest = read_package(exported)
    hrefs = manifest.xpath("//cp:resource[@type='imsqti_item_xmlv3p0']/cp:file/@href", namespaces={"cp": QTI3_CP})
    titles, problems = [], []
    for href in hrefs:
        if href not in files:
            raise Rejected(f"the manifest names {href}, which is not in the zip")
        item = etree.fromstring(files[href])
        titles.append(item.get("title"))
        for element in item.iter(etree.Element):
            name = etree.QName(element)
            if name.namespace != QTI3 or not (name.localname.startswith("qti-") or name.localname == "p"):
                problems.append(f"{href}: <{name.localname}> is not a QTI 3 element")
            problems += [f"{href}: attribute {a} is not QTI 3's kebab case" for a in element.attrib
                         if not a.startswith("{") and a != a.lower()]
        if etree.QName(item).localname != "qti-assessment-item":
            problems.append(f"{href}: the root is not qti-assessment-item")
    if problems:
        raise Rejected("; ".join(problems[:5]))
    same_ids(titles, exported, "the QTI 3 items")
    return f"{len(hrefs)} items in QTI 3's names, listed in a QTI 3 manifest"


# --- the other formats --------------------------------------------------------------------------

def csv_reader(exported: Exported) -> str:
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    same_ids([r["id"] for r in rows], exported, "the CSV rows")
    return f"{len(rows)} rows, one per question"


def html_parser(exported: Exported) -> str:
    import lxml.html  # noqa: PLC0415 - lxml's HTML parser, only here

    for suffix, data in exported.files.items():
        page = lxml.html.document_fromstring(data)
        if page.xpath("//script | //iframe | //@*[starts-with(local-name(), 'on')]"):
            raise Rejected(f"the page{suffix} holds a script, frame or event handler")
        text = " ".join(page.text_content().split())
        lost = [q.id for q in exported.qset.questions if " ".join(q.prompt.split()) not in text]
        if lost:
            raise Rejected(f"the page{suffix} does not show the prompt of {', '.join(lost[:3])}")
    return "each page parses, shows every prompt and runs nothing"


def pdf_reader(exported: Exported) -> str:
    try:
        from pypdf import PdfReader  # noqa: PLC0415 - optional, for tests
    except ImportError as missing:
        raise Unavailable("the `pypdf` package is not installed") from missing
    pages = 0
    for suffix, data in exported.files.items():
        reader = PdfReader(io.BytesIO(data))
        pages += len(reader.pages)
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        lost = [q.id for q in exported.qset.questions if " ".join(q.prompt.split())[:40] not in text]
        if lost:
            raise Rejected(f"the PDF{suffix} does not show the prompt of {', '.join(lost[:3])}")
    return f"{pages} pages with every prompt in their text"


def nbformat_validator(exported: Exported) -> str:
    import nbformat  # noqa: PLC0415 - a runtime dependency, needed only here

    try:
        notebook = nbformat.reads(exported.data.decode("utf-8"), as_version=4)
        nbformat.validate(notebook)
    except (nbformat.ValidationError, ValueError) as error:
        raise Rejected(f"not a valid notebook: {str(error)[:300]}") from error
    return f"a valid nbformat {notebook.nbformat} notebook of {len(notebook.cells)} cells"

