"""An IMS content package of QTI 2.1 items: one assessmentItem per question and a manifest.

Every type maps to a native interaction: choice (single, multiple, true/false), text entry
(numeric, with the tolerance in response processing; text, matched ignoring case), order
and match. The explanation and the evidence come back as modal feedback after a response.
"""

from __future__ import annotations

from lxml import etree

from .package import zip_package
from .present import evidence_lines, present

EXTENSION = ".zip"
QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
QTI_LOCATION = f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_LOCATION = f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"


def q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def sub(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, q(tag), {k.rstrip("_"): str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def identifier(question_id: str) -> str:
    return f"Q-{question_id}"  # QTI identifiers must not start with a digit


def declare(item, cardinality: str, base_type: str, correct: list[str]):
    declaration = sub(item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality,
                      baseType=base_type)
    values = sub(declaration, "correctResponse")
    for value in correct:
        sub(values, "value", value)
    return declaration


def outcomes(item):
    score = sub(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    sub(sub(score, "defaultValue"), "value", "0")
    sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")


def processing(item, scoring: str, tolerance: float | None = None, feedback_on_choice: bool = False):
    """Score, then show the explanation (and the chosen options' feedback) whatever the answer."""
    rules = sub(item, "responseProcessing")
    if scoring == "map":
        set_score = sub(rules, "setOutcomeValue", identifier="SCORE")
        sub(set_score, "mapResponse", identifier="RESPONSE")
    else:
        condition = sub(rules, "responseCondition")
        when = sub(condition, "responseIf")
        if tolerance is not None:
            test = sub(when, "equal", toleranceMode="absolute", tolerance=f"{tolerance:g} {tolerance:g}")
        else:
            test = sub(when, "match")
        sub(test, "variable", identifier="RESPONSE")
        sub(test, "correct", identifier="RESPONSE")
        sub(sub(when, "setOutcomeValue", identifier="SCORE"), "baseValue", "1", baseType="float")
        sub(sub(sub(condition, "responseElse"), "setOutcomeValue", identifier="SCORE"), "baseValue", "0",
            baseType="float")
    shown = sub(sub(rules, "setOutcomeValue", identifier="FEEDBACK"), "multiple")
    sub(shown, "baseValue", "EXPLANATION", baseType="identifier")
    if feedback_on_choice:
        sub(shown, "variable", identifier="RESPONSE")


def modal(item, ident: str, text: str, title: str | None = None):
    attributes = {"title": title} if title else {}
    feedback = sub(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=ident, showHide="show",
                   **attributes)
    for line in text.split("\n"):
        sub(feedback, "p", line)


def prompt_paragraphs(body, text: str):
    for line in text.split("\n"):
        sub(body, "p", line)


def build_item(qset, question, sources) -> etree._Element:
    shown = present(qset.seed, question)
    kind = question.type
    item = etree.Element(q("assessmentItem"), nsmap={None: QTI, "xsi": XSI})
    item.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
    for key, value in (("identifier", identifier(question.id)), ("title", question.id),
                       ("adaptive", "false"), ("timeDependent", "false")):
        item.set(key, value)
    choice_feedback: list[tuple[str, str]] = []
    if kind in ("single", "multiple", "true_false"):
        if kind == "true_false":
            choices = [("TRUE", "True", question.answer, None), ("FALSE", "False", not question.answer,
                                                                  question.correction)]
        else:
            choices = [(f"C{i + 1}", o.text, o.correct, o.feedback) for i, o in enumerate(shown.options)]
        correct = [ident for ident, _, right, _ in choices if right]
        cardinality = "multiple" if kind == "multiple" else "single"
        declaration = declare(item, cardinality, "identifier", correct)
        if kind == "multiple":
            mapping = sub(declaration, "mapping", lowerBound="0", upperBound="1", defaultValue="0")
            share = 1 / len(correct)
            for ident, _, right, _ in choices:
                sub(mapping, "mapEntry", mapKey=ident, mappedValue=f"{share if right else -share:.5g}")
        outcomes(item)
        body = sub(item, "itemBody")
        interaction = sub(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false",
                          maxChoices="1" if cardinality == "single" else "0")
        sub(interaction, "prompt", question.prompt)
        for ident, text, _, feedback in choices:
            sub(interaction, "simpleChoice", text, identifier=ident)
            if feedback:
                choice_feedback.append((ident, feedback))
        processing(item, "map" if kind == "multiple" else "match", feedback_on_choice=True)
    elif kind in ("numeric", "text"):
        if kind == "numeric":
            declare(item, "single", "float", [f"{question.answer:g}"])
        else:
            declaration = declare(item, "single", "string", [question.answers[0]])
            mapping = sub(declaration, "mapping", lowerBound="0", upperBound="1", defaultValue="0")
            for accepted in dict.fromkeys(a.casefold() for a in question.answers):
                sub(mapping, "mapEntry", mapKey=accepted, mappedValue="1", caseSensitive="false")
        outcomes(item)
        body = sub(item, "itemBody")
        prompt_paragraphs(body, question.prompt)
        line = sub(body, "p")
        entry = sub(line, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="20")
        if kind == "numeric" and question.unit:
            entry.tail = f" {question.unit}"
        processing(item, "map" if kind == "text" else "match",
                   tolerance=question.tolerance if kind == "numeric" else None)
    elif kind == "order":
        order_ids = {text: f"I{i + 1}" for i, text in enumerate(question.items)}
        declare(item, "ordered", "identifier", [order_ids[text] for text in question.items])
        outcomes(item)
        body = sub(item, "itemBody")
        interaction = sub(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="false")
        sub(interaction, "prompt", question.prompt)
        for text in shown.items:
            sub(interaction, "simpleChoice", text, identifier=order_ids[text])
        processing(item, "match")
    else:
        rights = {text: f"R{i + 1}" for i, text in enumerate(shown.rights)}
        pairs = [(f"L{i + 1}", rights[p.right]) for i, p in enumerate(shown.pairs)]
        declaration = declare(item, "multiple", "directedPair", [f"{left} {right}" for left, right in pairs])
        mapping = sub(declaration, "mapping", lowerBound="0", upperBound="1", defaultValue="0")
        for left, right in pairs:
            sub(mapping, "mapEntry", mapKey=f"{left} {right}", mappedValue=f"{1 / len(pairs):.5g}")
        outcomes(item)
        body = sub(item, "itemBody")
        interaction = sub(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="false",
                          maxAssociations=str(len(pairs)))
        sub(interaction, "prompt", question.prompt)
        lefts = sub(interaction, "simpleMatchSet")
        for (left, _), pair in zip(pairs, shown.pairs):
            sub(lefts, "simpleAssociableChoice", pair.left, identifier=left, matchMax="1")
        right_set = sub(interaction, "simpleMatchSet")
        for text in shown.rights:
            sub(right_set, "simpleAssociableChoice", text, identifier=rights[text], matchMax="1")
        processing(item, "map")
    explanation = "\n".join([question.explanation or "", *("Evidence: " + e for e in evidence_lines(question, sources))])
    modal(item, "EXPLANATION", explanation.strip(), title="Why")
    for ident, text in choice_feedback:
        modal(item, ident, text)
    return item


def manifest(qset, files: list[tuple[str, str]], cp: str = CP, location: str = CP_LOCATION,
             resource_type: str = "imsqti_item_xmlv2p1", schema: tuple[str, str] = ("IMS Content", "1.1.4")
             ) -> etree._Element:
    root = etree.Element(f"{{{cp}}}manifest", nsmap={None: cp, "xsi": XSI}, identifier=f"MANIFEST-{qset.name}")
    root.set(f"{{{XSI}}}schemaLocation", location)
    metadata = etree.SubElement(root, f"{{{cp}}}metadata")
    etree.SubElement(metadata, f"{{{cp}}}schema").text = schema[0]
    etree.SubElement(metadata, f"{{{cp}}}schemaversion").text = schema[1]
    etree.SubElement(root, f"{{{cp}}}organizations")
    resources = etree.SubElement(root, f"{{{cp}}}resources")
    for ident, href in files:
        resource = etree.SubElement(resources, f"{{{cp}}}resource", identifier=f"RES-{ident}",
                                    type=resource_type, href=href)
        etree.SubElement(resource, f"{{{cp}}}file", href=href)
    return root


def package(qset, sources, item=build_item, package_manifest=manifest) -> bytes:
    """The zip: one file per question made by `item`, and the manifest listing them."""
    def xml(root) -> bytes:
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    files, entries = [], []
    for question in qset.questions:
        href = f"items/{question.id}.xml"
        files.append((question.id, href))
        entries.append((href, xml(item(qset, question, sources))))
    entries.append(("imsmanifest.xml", xml(package_manifest(qset, files))))
    return zip_package(entries)


def export(qset, sources, result) -> bytes:
    return package(qset, sources)
