"""The independent checkers of export formats, loaded from ../shared/validators (offline)."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from lxml import etree

from conftest import SHARED

VALIDATORS = SHARED / "validators"
# The IMS CP schema imports xml.xsd by URL; this machine has no network, so map it to the local copy.
LOCAL_COPIES = {
    "http://www.w3.org/2001/03/xml.xsd": VALIDATORS / "qti21" / "w3" / "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": VALIDATORS / "qti21" / "w3" / "xml.xsd",
}


class LocalResolver(etree.Resolver):
    def resolve(self, url, public_id, context):
        if url in LOCAL_COPIES:
            return self.resolve_filename(str(LOCAL_COPIES[url]), context)
        return None


def _schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalResolver())
    return etree.XMLSchema(etree.parse(str(path), parser))


@lru_cache(maxsize=None)
def qti21_schema() -> etree.XMLSchema:
    return _schema(VALIDATORS / "qti21" / "qtiv2p1" / "imsqti_v2p1.xsd")


@lru_cache(maxsize=None)
def content_package_schema() -> etree.XMLSchema:
    return _schema(VALIDATORS / "qti12" / "imscp_v1p1.xsd")


@lru_cache(maxsize=None)
def qti12_dtd() -> etree.DTD:
    return etree.DTD(str(VALIDATORS / "qti12" / "ims_qtiasiv1p2p1.dtd"))


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


def assert_valid(schema, root, what: str) -> None:
    if not schema.validate(root):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"{what} is not valid: {errors}")
