"""LMS profiles (`export --lms`): each changes only what its importer reads differently, on awkward text.

Every profile's output also climbs the import ladder on the injection set (test_export_ladder.py).
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from conftest import DATA, ROOT, missing, node_available
from sourcequiz.export import export_set, render
from sourcequiz.export.ladder import check_set, report
from sourcequiz.export.profiles import PROFILES, short_title
from sourcequiz.problems import UserError
from sourcequiz.selection import Query, select

QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
CP = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}


@pytest.fixture(scope="module")
def awkward():
    return select(Query(), seed=42, name="awkward-set", title="Awkward – “set” & <more>", banks_dir=DATA / "export",
                  sources_dir=ROOT / "sources")


def files_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def assessment_of(files: dict[str, bytes]) -> etree._Element:
    name = next(n for n in files if n != "imsmanifest.xml" and not n.endswith("assessment_meta.xml"))
    return etree.fromstring(files[name])


def profiled(qset, sources, lms: str, fmt: str | None = None) -> bytes:
    return render(qset, fmt, sources, lms)[1][""]


def assert_accepted(qset, sources, lms: str):
    if not node_available():
        missing("node and node_modules (gift-pegjs) are needed to parse GIFT")
    verdicts = check_set(qset, sources, lms=lms, course_root=ROOT)
    assert verdicts and all(v.status == "accepted" for v in verdicts), report(verdicts)


def test_canvas_profiles_keep_canvas_shape_with_matching_identifiers(awkward, sources):
    default = render(awkward, "qti12", sources)[1][""]
    for lms in ("canvas-classic", "canvas-new"):
        data = profiled(awkward, sources, lms)
        assert data == default  # the default QTI 1.2 already is Canvas's own shape
        files = files_of(data)
        manifest = etree.fromstring(files["imsmanifest.xml"])
        ident = manifest.xpath("//cp:resource[@type='imsqti_xmlv1p2']/@identifier", namespaces=CP)[0]
        meta = etree.fromstring(files[f"{ident}/assessment_meta.xml"])
        assessment = assessment_of(files).find("q:assessment", QTI)
        assert meta.get("identifier") == assessment.get("ident") == ident
        assert meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}title") == awkward.title
        items = assessment.findall(".//q:item", QTI)
        assert len(items) == 7 and all(i.find(".//q:response_lid", QTI) is not None or
                                       i.find(".//q:response_str", QTI) is not None for i in items)
        order = next(i for i in items if i.get("ident") == "awk-order")
        assert "(Match each item to its position" in "".join(order.find("q:presentation", QTI).itertext())
        assert_accepted(awkward, sources, lms)


def test_brightspace_titles_each_item_with_its_id_and_prompt(awkward, sources):
    files = files_of(profiled(awkward, sources, "brightspace"))
    titles = {i.get("ident"): i.get("title") for i in assessment_of(files).iterfind(".//q:item", QTI)}
    questions = {q.id: q for q in awkward.questions}
    assert titles == {i: short_title(q) for i, q in questions.items()}
    assert titles["awk-single"].startswith("awk-single: Which text is {odd}? a=b ~ c # d : e \\ f & <g>")
    assert all(len(t) <= len(i) + 2 + 62 and "\n" not in t for i, t in titles.items())
    default = files_of(render(awkward, "qti12", sources)[1][""])
    assert files.keys() == default.keys() and files["imsmanifest.xml"] == default["imsmanifest.xml"]
    assert_accepted(awkward, sources, "brightspace")


def test_blackboard_gets_a_question_pool(awkward, sources):
    files = files_of(profiled(awkward, sources, "blackboard"))
    assert [n for n in files if n.endswith("assessment_meta.xml")] == []
    root = assessment_of(files)
    assert root.find("q:assessment", QTI) is None
    bank = root.find("q:objectbank", QTI)
    assert bank.xpath("string(q:qtimetadata/q:qtimetadatafield[q:fieldlabel='qmd_title']/q:fieldentry)",
                      namespaces=QTI) == awkward.title
    assert [i.get("ident") for i in bank.findall("q:item", QTI)] == awkward.ids
    manifest = etree.fromstring(files["imsmanifest.xml"])
    assert manifest.xpath("//cp:dependency", namespaces=CP) == []
    assert manifest.xpath("//cp:resource/@type", namespaces=CP) == ["imsqti_xmlv1p2"]
    assert_accepted(awkward, sources, "blackboard")


def test_moodle_categories_name_no_context_and_nothing_else_changes(awkward, sources):
    for fmt in ("moodle-xml", "gift"):
        default = render(awkward, fmt, sources)[1][""].decode("utf-8")
        moodle = profiled(awkward, sources, "moodle", fmt).decode("utf-8")
        assert "$course$" in default and "$course$" not in moodle
        assert moodle == default.replace("$course$/top/", "top/")
    xml = etree.fromstring(profiled(awkward, sources, "moodle"))
    assert xml.xpath("question[@type='category']/category/text/text()") == ["top/sourcequiz/awkward-set/awkward"]
    assert xml.find(".//file") is None
    assert_accepted(awkward, sources, "moodle")


def test_profile_picks_its_format_and_refuses_one_its_lms_cannot_import(awkward, sources, tmp_path):
    written = export_set(awkward, None, tmp_path / "pool", sources, lms="blackboard").files
    assert [p.name for p in written] == ["pool.zip"]
    assert export_set(awkward, None, tmp_path / "moodle", sources, lms="moodle").files[0].name == "moodle.xml"
    with pytest.raises(UserError, match="imports moodle-xml or gift, not 'qti21'"):
        render(awkward, "qti21", sources, "moodle")
    with pytest.raises(UserError, match="unknown LMS profile 'sakai'; expected one of canvas-classic"):
        render(awkward, "qti12", sources, "sakai")
    assert set(PROFILES) == {"canvas-classic", "canvas-new", "blackboard", "brightspace", "moodle"}


# --- the command line ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def set_file(awkward, tmp_path_factory):
    path = tmp_path_factory.mktemp("set") / "awkward.yml"
    awkward.write(path)
    return path


def test_cli_export_with_a_profile(set_file, tmp_path, cli):
    done = cli("export", str(set_file), "--lms", "brightspace", "-o", str(tmp_path / "quiz"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "quiz.zip").is_file() and "wrote" in done.stdout
    wrong = cli("export", str(set_file), "--lms", "moodle", "--to", "qti12", "-o", str(tmp_path / "x"))
    assert wrong.returncode == 2 and "imports moodle-xml or gift, not 'qti12'" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    bare = cli("export", str(set_file), "-o", str(tmp_path / "x"))
    assert bare.returncode == 2 and "give --to FORMAT (or --lms LMS)" in bare.stderr


def test_cli_check_reports_each_consumer_per_format(set_file, cli):
    if not node_available():
        missing("node and node_modules (gift-pegjs) are needed to parse GIFT")
    done = cli("export", str(set_file), "--check", "--lms", "moodle")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^moodle-xml:\n  accepted +Moodle importer rules ", done.stdout, re.M)
    assert re.search(r"^gift:\n  accepted +gift-pegjs \(npm\) +gift-pegjs [\d.]+ parsed 7 questions$", done.stdout,
                     re.M)
    assert done.stdout.rstrip().endswith("3 accepted, 0 rejected, 0 not available")


def test_cli_check_outside_the_course_says_what_is_not_available(set_file, tmp_path, cli):
    done = cli("export", str(set_file), "--check", "--to", "qti21", "--sources", str(ROOT / "sources"), cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert re.search(r"^qti21:\n  not available +QTI 2.1 and IMS CP 1.1 XSD +the QTI schemas are not here",
                     done.stdout, re.M)
