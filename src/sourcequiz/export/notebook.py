"""A Jupyter notebook that runs the set as a live quiz, standalone: the questions travel inside it.

Bank text never becomes code or markup: the questions are JSON inside Python string literals made
by `repr()` (which also writes invisible and bidirectional characters as escapes), and the title in
the markdown cell has its ASCII punctuation as character references, inside a span MathJax skips.
"""

from __future__ import annotations

import json
import string

import nbformat

from ..selection import question_data

EXTENSION = ".ipynb"


def python_string(text: str) -> str:
    """`text` as a parenthesised Python expression, one `repr()` literal per line."""
    return "(\n" + "".join(f"    {line!r}\n" for line in text.splitlines(keepends=True)) + ")"


def markdown_text(text: str) -> str:
    """One line of text that markdown, HTML and math renderers all show as typed."""
    line = " ".join(text.split())
    return "".join(f"&#{ord(c)};" if c in string.punctuation else c for c in line)


def export(qset, sources, result) -> bytes:
    questions = [question_data(q) for q in qset.questions]
    titles = {e.source: sources[e.source].title for q in qset.questions for e in q.evidence}
    payload = json.dumps({"title": qset.title, "seed": qset.seed, "questions": questions,
                          "source_titles": titles}, ensure_ascii=False, indent=1)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata.update({
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "sourcequiz": {"set": qset.name, "seed": qset.seed},
    })
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            f'# <span class="tex2jax_ignore mathjax_ignore">{markdown_text(qset.title)}</span>\n\n'
            f"{len(questions)} questions drawn from the course's verified bank "
            f"(set `{qset.name}`, seed {qset.seed}). Run the cells below; each answer shows its "
            f"explanation and the evidence it rests on.\n\nThis notebook needs the `sourcequiz` package "
            f"in its kernel (`pip install sourcequiz`, or the course's `make test`)."),
        nbformat.v4.new_code_cell(f"import json\nfrom sourcequiz import quiz\n\n"
                                  f"SET = json.loads{python_string(payload)}"),
        nbformat.v4.new_code_cell("quiz(questions=SET[\"questions\"], seed=SET[\"seed\"])"),
    ]
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{qset.name}-{index}"[:64]  # stable cell ids, never random
    return nbformat.writes(notebook).encode("utf-8")
