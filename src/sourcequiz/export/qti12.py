"""A QTI 1.2 zip that Canvas imports: a manifest, the assessment, and Canvas's quiz metadata.

Canvas's question types: multiple_choice, multiple_answers, true_false, numerical,
short_answer and matching. Order questions become matching questions (each item to its
position). Grading lives in `resprocessing`; the explanation and evidence are the
general feedback shown after an answer.
"""

from __future__ import annotations

import hashlib
import html

from lxml import etree

from .package import zip_package
from .present import evidence_lines, present

EXTENSION = ".zip"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CANVAS_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
                "true_false": "true_false_question", "numeric": "numerical_question",
                "text": "short_answer_question", "order": "matching_question", "match": "matching_question"}


def stable_id(*parts: str) -> str:
    """Canvas wants identifiers that start with a letter; derive them from names, never at random."""
    return "g" + hashlib.sha256(":".join(parts).encode()).hexdigest()[:31]


def el(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, tag, {k.rstrip("_"): str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def material(parent, text: str):
    mattext = el(el(parent, "material"), "mattext", texttype="text/html")
    mattext.text = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    return mattext


def outcomes(processing):
    el(el(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")


def condition(processing, test_builder, score: str | None, action: str = "Set", feedback: str | None = None,
              stop: bool = True):
    rule = el(processing, "respcondition", continue_="No" if stop else "Yes")
    test_builder(el(rule, "conditionvar"))
    if score is not None:
        el(rule, "setvar", score, action=action, varname="SCORE")
    if feedback:
        el(rule, "displayfeedback", feedbacktype="Response", linkrefid=feedback)
    return rule


def build_item(qset, question, sources, answer_ids: list[str]):
    shown = present(qset.seed, question)
    kind = question.type
    item = etree.Element("item", ident=question.id, title=question.id)
    points = "1.0"
    meta = {"question_type": CANVAS_TYPES[kind], "points_possible": points}
    presentation = el(item, "presentation")
    prompt = question.prompt + ("\n(Match each item to its position in the correct order.)" if kind == "order" else "")
    material(presentation, prompt)
    processing = etree.Element("resprocessing")
    outcomes(processing)
    feedbacks: list[tuple[str, str]] = []

    def general(conditionvar):
        el(conditionvar, "other")

    if kind in ("single", "multiple", "true_false"):
        if kind == "true_false":
            choices = [("true", "True", question.answer, None),
                       ("false", "False", not question.answer, question.correction)]
        else:
            choices = [(f"{question.id}-{i + 1}", o.text, o.correct, o.feedback) for i, o in enumerate(shown.options)]
        answer_ids.extend(ident for ident, *_ in choices)
        response = el(presentation, "response_lid", ident="response1",
                      rcardinality="Multiple" if kind == "multiple" else "Single")
        render = el(response, "render_choice")
        for ident, text, _, feedback in choices:
            material(el(render, "response_label", ident=ident), text)
            if feedback:
                feedbacks.append((f"{ident}_fb", feedback))
        condition(processing, general, None, feedback="general_fb", stop=False)
        for ident, _, _, feedback in choices:
            if feedback:
                condition(processing, lambda c, i=ident: el(c, "varequal", i, respident="response1"), None,
                          feedback=f"{ident}_fb", stop=False)
        if kind == "multiple":
            def all_right(conditionvar):
                both = el(conditionvar, "and")
                for ident, _, right, _ in choices:
                    test = el(both, "varequal", ident, respident="response1")
                    if not right:
                        both.remove(test)
                        el(el(both, "not"), "varequal", ident, respident="response1")
            condition(processing, all_right, "100")
        else:
            right = next(ident for ident, _, correct, _ in choices if correct)
            condition(processing, lambda c: el(c, "varequal", right, respident="response1"), "100")
    elif kind == "numeric":
        response = el(presentation, "response_str", ident="response1", rcardinality="Single")
        el(response, "render_fib", fibtype="Decimal")
        condition(processing, general, None, feedback="general_fb", stop=False)
        low, high = question.answer - question.tolerance, question.answer + question.tolerance

        def within(conditionvar):
            either = el(conditionvar, "or")
            el(either, "varequal", f"{question.answer:g}", respident="response1")
            both = el(either, "and")
            el(both, "vargte", f"{low:g}", respident="response1")
            el(both, "varlte", f"{high:g}", respident="response1")
        condition(processing, within, "100")
    elif kind == "text":
        response = el(presentation, "response_str", ident="response1", rcardinality="Single")
        el(response, "render_fib", fibtype="String")
        condition(processing, general, None, feedback="general_fb", stop=False)
        for accepted in question.answers:
            condition(processing, lambda c, a=accepted: el(c, "varequal", a, respident="response1", case="No"), "100")
    else:
        right_ids = {text: stable_id(question.id, "right", text) for text in shown.rights}
        answer_ids.extend(right_ids.values())
        share = f"{100 / len(shown.pairs):.4f}"
        condition(processing, general, None, feedback="general_fb", stop=False)
        for i, pair in enumerate(shown.pairs):
            response = el(presentation, "response_lid", ident=f"response_{i + 1}")
            material(response, pair.left)
            render = el(response, "render_choice")
            for text in shown.rights:
                material(el(render, "response_label", ident=right_ids[text]), text)
            condition(processing, lambda c, i=i, r=right_ids[pair.right]: el(c, "varequal", r,
                                                                              respident=f"response_{i + 1}"),
                      share, action="Add", stop=False)
    meta["original_answer_ids"] = ",".join(answer_ids)
    meta["assessment_question_identifierref"] = stable_id(qset.name, question.id, "bank")
    box = etree.Element("itemmetadata")
    qtimeta = el(box, "qtimetadata")
    for label, entry in meta.items():
        field = el(qtimeta, "qtimetadatafield")
        el(field, "fieldlabel", label)
        el(field, "fieldentry", entry)
    item.insert(0, box)  # the DTD wants metadata first, and the answer ids are known only now
    item.append(processing)
    explanation = "\n".join([question.explanation or "", *("Evidence: " + e for e in evidence_lines(question, sources))])
    feedbacks.insert(0, ("general_fb", explanation.strip()))
    for ident, text in feedbacks:
        material(el(el(item, "itemfeedback", ident=ident), "flow_mat"), text)
    return item


def assessment(qset, sources, ident: str) -> etree._Element:
    root = etree.Element(f"{{{QTI}}}questestinterop", nsmap={None: QTI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd")
    test = etree.SubElement(root, "assessment", ident=ident, title=qset.title)
    meta = el(el(test, "qtimetadata"), "qtimetadatafield")
    el(meta, "fieldlabel", "cc_maxattempts")
    el(meta, "fieldentry", "1")
    section = el(test, "section", ident="root_section")
    for question in qset.questions:
        section.append(build_item(qset, question, sources, []))
    for element in root.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = f"{{{QTI}}}{element.tag}"
    return root


def quiz_metadata(qset, ident: str) -> etree._Element:
    root = etree.Element(f"{{{CANVAS}}}quiz", nsmap={None: CANVAS, "xsi": XSI}, identifier=ident)
    root.set(f"{{{XSI}}}schemaLocation", f"{CANVAS} https://canvas.instructure.com/xsd/cccv1p0.xsd")
    for tag, text in (("title", qset.title),
                      ("description", f"Drawn by sourcequiz from the course's verified bank (set {qset.name}, "
                                      f"seed {qset.seed}). Every answer cites its evidence."),
                      ("shuffle_answers", "false"), ("scoring_policy", "keep_highest"),
                      ("hide_results", ""), ("quiz_type", "assignment"),
                      ("points_possible", f"{len(qset.questions):.1f}"), ("show_correct_answers", "true"),
                      ("allowed_attempts", "1"), ("one_question_at_a_time", "false"), ("cant_go_back", "false"),
                      ("available", "false")):
        etree.SubElement(root, f"{{{CANVAS}}}{tag}").text = text
    return root


def manifest(ident: str) -> etree._Element:
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "xsi": XSI}, identifier=f"{ident}_manifest")
    root.set(f"{{{XSI}}}schemaLocation", f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd")
    metadata_node = etree.SubElement(root, f"{{{CP}}}metadata")
    etree.SubElement(metadata_node, f"{{{CP}}}schema").text = "IMS Content"
    etree.SubElement(metadata_node, f"{{{CP}}}schemaversion").text = "1.1.3"
    etree.SubElement(root, f"{{{CP}}}organizations")
    resources = etree.SubElement(root, f"{{{CP}}}resources")
    resource = etree.SubElement(resources, f"{{{CP}}}resource", identifier=ident, type="imsqti_xmlv1p2")
    etree.SubElement(resource, f"{{{CP}}}file", href=f"{ident}/{ident}.xml")
    etree.SubElement(resource, f"{{{CP}}}dependency", identifierref=f"{ident}_meta")
    meta = etree.SubElement(resources, f"{{{CP}}}resource", identifier=f"{ident}_meta",
                            type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
                            href=f"{ident}/assessment_meta.xml")
    etree.SubElement(meta, f"{{{CP}}}file", href=f"{ident}/assessment_meta.xml")
    return root


def export(qset, sources, result) -> bytes:
    ident = stable_id(qset.name, "assessment")

    def xml(root) -> bytes:
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    return zip_package([("imsmanifest.xml", xml(manifest(ident))),
                        (f"{ident}/{ident}.xml", xml(assessment(qset, sources, ident))),
                        (f"{ident}/assessment_meta.xml", xml(quiz_metadata(qset, ident)))])
