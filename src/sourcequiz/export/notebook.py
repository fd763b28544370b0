"""A Jupyter notebook that runs the set as a live quiz, standalone: the questions travel inside it."""

from __future__ import annotations

import json

import nbformat

from ..selection import question_data

EXTENSION = ".ipynb"


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
            f"# {qset.title}\n\n{len(questions)} questions drawn from the course's verified bank "
            f"(set `{qset.name}`, seed {qset.seed}). Run the cells below; each answer shows its "
            f"explanation and the evidence it rests on.\n\nThis notebook needs the `sourcequiz` package "
            f"in its kernel (`pip install sourcequiz`, or the course's `make test`)."),
        nbformat.v4.new_code_cell(f"import json\nfrom sourcequiz import quiz\n\nSET = json.loads(r'''{payload}''')"),
        nbformat.v4.new_code_cell("quiz(questions=SET[\"questions\"], seed=SET[\"seed\"])"),
    ]
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{qset.name}-{index}"[:64]  # stable cell ids, never random
    return nbformat.writes(notebook).encode("utf-8")
