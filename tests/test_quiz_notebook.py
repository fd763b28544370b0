"""A notebook that uses quiz(...) runs top to bottom in a real kernel (the venv's ipykernel) through nbclient."""

from __future__ import annotations

import sys

import nbformat
import pytest
from nbclient import NotebookClient

from quiz_support import kernel_python, make_course
from sourcequiz.payload import EXERCISE_MIME, MIME_TYPE

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CELLS = [
    "import sys\nimport sourcequiz\nprint(sys.prefix)",
    "from sourcequiz import quiz\nshown = quiz('starter')\nshown",
    "shown._handle_custom_msg({'event': 'answer', 'id': 'starter-troops-135-days', 'answer': '8,600', "
    "'correct': True}, [])\nprint(shown.score, shown.results[3]['answer_text'], shown.results[3]['attempts'])",
    "quiz(['starter-order', 'starter-match'], shuffle=True, seed=2, exam=True)",
    "from sourcequiz.exercises import passage_exercise\n"
    "passage_exercise('Paste the passage that dates the signing.', needs=['February 29, 2020'])",
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    kernel_python()
    course = make_course(tmp_path_factory.mktemp("course"))
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    client = NotebookClient(nb, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(course)}})
    client.execute()
    return nb


def outputs(nb, index):
    return nb.cells[index].outputs


def test_the_kernel_is_the_venv(executed):
    [out] = outputs(executed, 0)
    assert out.text.strip() == sys.prefix


def test_displaying_a_quiz_gives_the_full_mime_bundle(executed):
    [out] = outputs(executed, 1)
    assert out.output_type == "execute_result"
    assert {WIDGET_VIEW, "text/html", MIME_TYPE, "text/plain"} <= set(out.data)
    assert out.data[MIME_TYPE]["source"] == "starter"
    assert 'class="sq-quiz ' in out.data["text/html"]
    assert out.data["text/plain"].startswith("Quiz: A starter bank (7 questions)")
    state = executed.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    model = state[out.data[WIDGET_VIEW]["model_id"]]  # the live widget exists in the kernel: one anywidget model
    assert model["model_name"] == "AnyModel" and model["state"]["kind"] == "quiz"
    assert 'class="sq-quiz ' in model["state"]["markup"] and "export default" in model["state"]["_esm"]
    assert [m["model_name"] for m in state.values()] == ["AnyModel"] * len(state)  # no Layout or other models


def test_a_notebook_saved_without_widget_state_converts_to_the_static_quiz(executed, tmp_path):
    """nbconvert (like nbviewer) shows the widget view only when the notebook holds widget state; a notebook saved
    from JupyterLab or Notebook 7 holds none by default, so the static quiz shows (test_jupyter_servers.py opens it)."""
    from nbconvert import HTMLExporter

    saved = nbformat.from_dict(executed)
    saved.metadata.pop("widgets")
    body, _ = HTMLExporter().from_notebook_node(saved)
    assert 'data-sq-key="starter"' in body  # the static quiz's markup, in the page itself
    assert 'window.sourcequiz = Object.assign' in body and 'type="application/vnd.jupyter.widget-view+json"' not in body


def test_an_answer_from_the_front_end_reaches_the_score(executed):
    [out] = outputs(executed, 2)
    assert out.text.split() == ["1", "8,600", "1"]


def test_exam_quiz_and_exercise_outputs(executed):
    [quiz_out] = outputs(executed, 3)
    assert quiz_out.data[MIME_TYPE]["ids"] == ["starter-order", "starter-match"]
    assert quiz_out.data[MIME_TYPE]["exam"] is True
    assert "exam mode" in quiz_out.data["text/plain"]
    [exercise] = outputs(executed, 4)
    assert exercise.data[EXERCISE_MIME]["needs"] == ["February 29, 2020"]
    assert WIDGET_VIEW in exercise.data
