"""The published schemas that QTI exports are checked against, read offline from a validators folder.

The schemas are not ours to ship: they sit in a folder beside the course (`../shared/validators`, the
layout of the project's CI) or wherever $SOURCEQUIZ_VALIDATORS points. Without it, the checks that
need them report "not available".
"""

from __future__ import annotations

import copy
import os
from functools import lru_cache
from pathlib import Path

from lxml import etree

VARIABLE = "SOURCEQUIZ_VALIDATORS"
QTI21_XSD = Path("qti21/qtiv2p1/imsqti_v2p1.xsd")
CP_XSD = Path("qti12/imscp_v1p1.xsd")
QTI12_DTD = Path("qti12/ims_qtiasiv1p2p1.dtd")
XML_XSD = Path("qti21/w3/xml.xsd")  # the IMS schemas import xml.xsd by URL; this is the local copy
XML_XSD_URLS = ("http://www.w3.org/2001/03/xml.xsd", "http://www.w3.org/2001/xml.xsd")


def find_validators(course_root: Path | None = None) -> Path | None:
    """$SOURCEQUIZ_VALIDATORS, else ../shared/validators beside the course; None when neither exists."""
    candidates = [Path(os.environ[VARIABLE])] if os.environ.get(VARIABLE) else []
    if course_root is not None:
        candidates.append(course_root.resolve().parent / "shared" / "validators")
    return next((c for c in candidates if (c / QTI12_DTD).is_file()), None)


class LocalCopies(etree.Resolver):
    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def resolve(self, url, public_id, context):
        if url in XML_XSD_URLS:
            return self.resolve_filename(str(self.folder / XML_XSD), context)
        return None


@lru_cache(maxsize=None)
def xml_schema(folder: Path, relative: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalCopies(folder))
    return etree.XMLSchema(etree.parse(str(folder / relative), parser))


@lru_cache(maxsize=None)
def dtd(folder: Path, relative: Path) -> etree.DTD:
    return etree.DTD(str(folder / relative))


def without_namespaces(root: etree._Element) -> etree._Element:
    """A copy of the tree without namespaces, for the namespace-blind QTI 1.2 DTD."""
    tree = copy.deepcopy(root)
    for element in tree.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
        for key in [k for k in element.attrib if "}" in k]:
            del element.attrib[key]
    etree.cleanup_namespaces(tree)
    return tree


def errors(schema, root) -> list[str]:
    """The schema's complaints about `root`, each with its line; empty when valid."""
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
