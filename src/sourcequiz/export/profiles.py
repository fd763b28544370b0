"""LMS profiles (`sourcequiz export --lms NAME`): what one importer needs beyond the standard format.

A profile takes the format's default output and changes only what its LMS reads differently, so the
default stays exactly what it was. `instructors/building_sets.md` says, for each profile, which
importer behaviour it answers and where that behaviour was reported.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from ..problems import UserError
from ..selection import QuestionSet
from .package import zip_package

QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
TITLE_WORDS = 60  # characters of the prompt in a Brightspace item title
MOODLE_CONTEXT = r"\$[a-z]+\$/"  # `$course$/`, `$system$/`, ... at the start of a category path


@dataclass(frozen=True)
class Profile:
    name: str
    lms: str
    formats: tuple[str, ...]  # the formats the LMS imports; the first is the one used without --to
    adjust: Callable[[str, bytes, QuestionSet], bytes]


def as_xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def assessment_name(files: dict[str, bytes]) -> str:
    manifest = etree.fromstring(files["imsmanifest.xml"])
    resource = manifest.find(f".//{{{CP}}}resource[@type='imsqti_xmlv1p2']")
    return resource.find(f"{{{CP}}}file").get("href")


def unchanged(fmt: str, data: bytes, qset: QuestionSet) -> bytes:
    """Canvas: the default QTI 1.2 is Canvas's own shape (matching identifiers, assessment_meta.xml)."""
    return data


def short_title(question) -> str:
    prompt = " ".join(question.prompt.split())
    if len(prompt) > TITLE_WORDS:
        prompt = prompt[:TITLE_WORDS].rsplit(" ", 1)[0] + " …"
    return f"{question.id}: {prompt}"


def titled_items(fmt: str, data: bytes, qset: QuestionSet) -> bytes:
    """Brightspace shows an item's `title` as the question's name, so each title says what it asks."""
    files = read_zip(data)
    name = assessment_name(files)
    root = etree.fromstring(files[name])
    questions = {q.id: q for q in qset.questions}
    for item in root.iter(f"{{{QTI12}}}item"):
        item.set("title", short_title(questions[item.get("ident")]))
    files[name] = as_xml(root)
    return zip_package(list(files.items()))


def question_pool(fmt: str, data: bytes, qset: QuestionSet) -> bytes:
    """Blackboard imports QTI 1.2 only as a question pool: the items go in an `objectbank` (QTI 1.2's
    pool), with no assessment around them and no Canvas quiz settings beside them."""
    files = read_zip(data)
    name = assessment_name(files)
    root = etree.fromstring(files[name])
    assessment = root.find(f"{{{QTI12}}}assessment")
    bank = etree.Element(f"{{{QTI12}}}objectbank", ident=assessment.get("ident"))
    field = etree.SubElement(etree.SubElement(bank, f"{{{QTI12}}}qtimetadata"), f"{{{QTI12}}}qtimetadatafield")
    etree.SubElement(field, f"{{{QTI12}}}fieldlabel").text = "qmd_title"
    etree.SubElement(field, f"{{{QTI12}}}fieldentry").text = qset.title
    for item in assessment.iter(f"{{{QTI12}}}item"):
        bank.append(item)
    root.replace(assessment, bank)
    manifest = etree.fromstring(files["imsmanifest.xml"])
    for dependency in manifest.iter(f"{{{CP}}}dependency"):
        dependency.getparent().remove(dependency)
    for resource in manifest.findall(f".//{{{CP}}}resource"):
        if resource.get("type") != "imsqti_xmlv1p2":
            resource.getparent().remove(resource)
    kept = {name: as_xml(root), "imsmanifest.xml": as_xml(manifest)}
    return zip_package([(n, kept[n]) for n in files if n in kept])


def moodle_bank(fmt: str, data: bytes, qset: QuestionSet) -> bytes:
    """Moodle 5 keeps questions in question-bank activities, not in the course: a category path without a
    context (`$course$/`) lands in the bank the instructor imports into."""
    text = data.decode("utf-8")
    category = r"^(\$CATEGORY: )" if fmt == "gift" else r"(<category>\s*<text>)"  # bank text cannot form these
    return re.sub(category + MOODLE_CONTEXT, r"\1", text, flags=re.M).encode("utf-8")


PROFILES = {p.name: p for p in (
    Profile("canvas-classic", "Canvas (Classic Quizzes)", ("qti12",), unchanged),
    Profile("canvas-new", "Canvas (New Quizzes)", ("qti12",), unchanged),
    Profile("blackboard", "Blackboard (question pool)", ("qti12",), question_pool),
    Profile("brightspace", "D2L Brightspace", ("qti12",), titled_items),
    Profile("moodle", "Moodle 4.x and 5.x", ("moodle-xml", "gift"), moodle_bank),
)}


def find_profile(name: str) -> Profile:
    if name not in PROFILES:
        raise UserError(f"--lms: unknown LMS profile {name!r}; expected one of {', '.join(PROFILES)}")
    return PROFILES[name]


def format_for(profile: Profile, fmt: str | None) -> str:
    """The format to write: the one asked for, when this LMS imports it, else the profile's first."""
    if fmt is None:
        return profile.formats[0]
    if fmt not in profile.formats:
        raise UserError(f"--lms {profile.name}: {profile.lms} imports {' or '.join(profile.formats)}, "
                        f"not {fmt!r}; leave out --to or pick one of those")
    return fmt
