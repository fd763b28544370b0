"""Script- and markup-injection payloads, and banks that put one in every text field of every question type.

A payload is printable text as a bank author could write it: no control characters but newline and tab, no
lone surrogates, no leading or trailing white space (the model strips it).
"""

from __future__ import annotations

import re

SOURCE = "peace-talks-essay"  # a real source id: evidence must name one

PAYLOADS = [
    "<script>window.__xss=1</script>",                       # a script element
    '<img src=x onerror="window.__xss=1">',                  # an event-handler attribute
    '"><svg onload=window.__xss=1>',                         # leaves an attribute value, opens SVG
    "</script><script>window.__xss=1</script>",              # ends the JSON <script> block of the static quiz
    "<details open ontoggle=alert(1)>",                      # fires a dialog without any click
    "<!--",                                                  # opens a comment that would swallow the rest
    "]]>",                                                   # ends a CDATA section
    "<![CDATA[x]]>",                                         # a CDATA section
    "javascript:window.__xss=1",                             # a URL where text might become a link
    "[click](javascript:window.__xss=1)",                    # a markdown link
    '<a href="javascript:window.__xss=1">x</a>',             # an HTML link
    '<iframe src="https://example.invalid/"></iframe>',      # a frame, and a request leaving the page
    "<style>*{display:none}</style>",                        # CSS that hides the page
    "</textarea><b>out</b>",                                 # ends a raw-text element
    "&lt;script&gt;",                                        # a pre-escaped entity must stay visible as typed
    "&amp;",                                                 # an entity must not be decoded
    "{{7*7}}",                                               # template engines: Jinja, Mustache, Anki fields
    "${window.__xss=1}",                                     # JavaScript template literals, shells
    "%s %(x)s {0}",                                          # Python %- and str.format
    "'''",                                                   # ends a Python ''' string (notebook export)
    '"""',                                                   # ends a Python """ string
    "\\'''); import os; os.system(\"touch /tmp/pwned\") #",  # leaves a Python string and runs code
    "'''+__import__('os').system('touch /tmp/pwned')+'''",  # leaves a ''' string, runs code, reopens it
    "trailing backslash \\",                                 # escapes whatever closing quote follows
    "literal \\n and \\u0041",                               # escape sequences must not be decoded
    "~ = # { } : \\",                                        # GIFT's special characters
    "[html]<b>bold</b>",                                     # GIFT: a leading [format] switches the format
    "%50% partial credit",                                   # GIFT: a leading %n% is an answer's weight
    "left -> right",                                         # GIFT: the matching separator
    "line one\n::q2::{=injected}\n// # heading",             # line-based formats: comments, GIFT, markdown
    '=HYPERLINK("http://x","y")',                            # a spreadsheet formula
    "+1+1",                                                  # a formula by its leading +
    "-1+1",                                                  # a formula by its leading -
    "@SUM(1)",                                               # a formula by its leading @
    "<font color=red>x</font>",                              # reportlab paragraph markup
    "<para>",                                                # reportlab: opens a paragraph
    "</para>",                                               # reportlab: ends the paragraph
    "<br/>",                                                 # reportlab and HTML line break
    "&nbsp;",                                                # an entity reportlab knows
    "\\(\\href{javascript:window.__xss=1}{x}\\)",            # MathJax inline math with a javascript: link
    "$$x$$",                                                 # MathJax display math
    "\\input{/etc/passwd}",                                  # LaTeX file inclusion
    "abc\u202edef",                                          # right-to-left override (Trojan Source)
    "zero\u200dwidth",                                       # zero-width joiner
    "🧨 emoji",                                              # outside the Basic Multilingual Plane
    "null",                                                  # YAML and JSON null
    "&xxe;",                                                 # an undeclared XML entity
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',  # an XML external entity
]

TEXT_FIELDS = ("prompt", "explanation", "text", "feedback", "correction", "unit", "answers", "items",
               "left", "right", "quote", "title")


def variant(payload: str, n: int) -> str:
    """The n-th distinct version of a payload: the bare payload first (it must reach the end of a field)."""
    return payload if n == 0 else f"{payload} {n + 1}"


def twin(text: str) -> str:
    """Harmless text of the same shape: every character but a newline becomes `a`."""
    return re.sub(r"[^\n]", "a", text)


def questions(payload: str, prefix: str = "inj", tagged: bool = False) -> list[dict]:
    """One question of each of the seven types, the payload in every text field; ids are `<prefix>-<type>`.

    With `tagged`, each field also starts with a label of its own (`f01 `, `f02 `, ...), so that a renderer's
    output can be searched for each field alone; untagged, the payload also starts and ends most fields.
    """
    labels = iter(range(1, 100))

    def text(n: int = 0) -> str:
        value = variant(payload, n)
        return f"f{next(labels):02d} {value}" if tagged else value

    def evidence(count: int = 1) -> list[dict]:
        return [{"source": SOURCE, "quote": text(n)} for n in range(count)]

    def choice(kind: str) -> dict:
        return {"id": f"{prefix}-{kind}", "type": kind, "prompt": text(), "explanation": text(),
                "options": [{"text": text(n), "correct": n == 0, "feedback": text(n)} for n in range(2)],
                "evidence": evidence()}

    return [
        choice("single"),
        choice("multiple"),
        {"id": f"{prefix}-true-false", "type": "true_false", "prompt": text(), "explanation": text(),
         "answer": False, "correction": text(), "evidence": evidence()},
        {"id": f"{prefix}-numeric", "type": "numeric", "prompt": text(), "explanation": text(),
         "answer": 1500, "tolerance": 10, "unit": text(), "evidence": evidence()},
        {"id": f"{prefix}-text", "type": "text", "prompt": text(), "explanation": text(),
         "answers": [text(1)], "evidence": evidence()},  # an answer needs a letter or digit
        {"id": f"{prefix}-order", "type": "order", "prompt": text(), "explanation": text(),
         "items": [text(n) for n in range(3)], "evidence": evidence(3)},
        {"id": f"{prefix}-match", "type": "match", "prompt": text(), "explanation": text(),
         "pairs": [{"left": text(n), "right": text(n)} for n in range(3)], "evidence": evidence(3)},
    ]


def bank(payloads: list[str], bank_id: str = "injection", title: str | None = None, first: int = 0,
         tagged: bool = False) -> dict:
    """A bank (bank format) with the seven questions of each payload, ids `p<first + index>-<type>`
    (`t...` when tagged); its title is the first payload unless given."""
    letter = "t" if tagged else "p"
    return {"bank": bank_id, "title": title if title is not None else payloads[0],
            "questions": [q for i, p in enumerate(payloads, first) for q in questions(p, f"{letter}{i:02d}", tagged)]}


def question_set(payloads: list[str], name: str = "injection-set", title: str | None = None,
                 first: int = 0, tagged: bool = False, seed: int = 7) -> dict:
    """A set file (bank format, `set:` at the top) over bank(payloads); its title is the first payload unless given."""
    drawn = bank(payloads, first=first, tagged=tagged)
    ids = [q["id"] for q in drawn["questions"]]
    return {"set": name, "title": title if title is not None else payloads[0], "seed": seed, "query": {},
            "ids": ids, "banks": {i: drawn["bank"] for i in ids}, "questions": drawn["questions"]}


def text_fields(data) -> list[tuple[str, str]]:
    """(path, text) of every text field in bank-format data, for counting and for round trips."""
    found: list[tuple[str, str]] = []

    def walk(node, path: str, key: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else k, k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]", key)
        elif isinstance(node, str) and key in TEXT_FIELDS:
            found.append((path, node))

    walk(data, "", "")
    return found
