"""An IMS content package of QTI 3.0 items, one per question.

QTI 3 keeps QTI 2.1's model and renames it: every QTI element takes the `qti-` prefix in kebab case
(`choiceInteraction` becomes `qti-choice-interaction`), every attribute is kebab case
(`responseIdentifier` becomes `response-identifier`), and a modal feedback's content sits in a
`qti-content-body`. XHTML content such as `p` keeps its name. So each item is the QTI 2.1 item
(`qti21.build_item`, the same interactions and scoring) renamed, and one mapping serves both versions.
"""

from __future__ import annotations

import re

from lxml import etree

from . import qti21

EXTENSION = ".zip"
QTI = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_LOCATION = f"{QTI} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP_LOCATION = f"{CP} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
XHTML = {"p"}  # the content elements our items use


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


def renamed(source: etree._Element, parent: etree._Element | None = None) -> etree._Element:
    """The QTI 3 copy of a QTI 2.1 element and everything in it."""
    local = etree.QName(source).localname
    tag = f"{{{QTI}}}{local if local in XHTML else 'qti-' + kebab(local)}"
    attributes = {kebab(k): v for k, v in source.attrib.items() if not k.startswith("{")}
    if parent is None:
        target = etree.Element(tag, attributes, nsmap={None: QTI, "xsi": XSI})
        target.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
    else:
        target = etree.SubElement(parent, tag, attributes)
    target.text, target.tail = source.text, source.tail
    holder = etree.SubElement(target, f"{{{QTI}}}qti-content-body") if local == "modalFeedback" else target
    for child in source:
        renamed(child, holder)
    return target


def manifest(qset, files: list[tuple[str, str]]) -> etree._Element:
    return qti21.manifest(qset, files, CP, CP_LOCATION, "imsqti_item_xmlv3p0", ("QTI Package", "3.0.0"))


def build_item(qset, question, sources) -> etree._Element:
    return renamed(qti21.build_item(qset, question, sources))


def export(qset, sources, result) -> bytes:
    return qti21.package(qset, sources, build_item, manifest)
