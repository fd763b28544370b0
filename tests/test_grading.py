"""The grading rules exist once, in static/quiz.js: every row of tests/data/grading_cases.json is graded by that
module's exported `grade`, run in node as the browser runs it (an ES module; nothing else loaded)."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import util

import pytest

from conftest import DATA, ROOT, missing

QUIZ_JS = ROOT / "src" / "sourcequiz" / "static" / "quiz.js"
CASES = json.loads((DATA / "grading_cases.json").read_text(encoding="utf-8"))["cases"]
RUNNER = """
const fs = await import("node:fs");
const source = fs.readFileSync(process.argv[1], "utf8");
const { grade } = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map((c) => grade(c.question, c.answer))));
"""


@pytest.fixture(scope="module")
def graded() -> list[dict]:
    if shutil.which("node") is None:
        missing("node is not installed (apt-get install nodejs)")
    done = subprocess.run(["node", "--input-type=module", "-e", RUNNER, str(QUIZ_JS)], input=json.dumps(CASES),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_quiz_js_grades_each_case(graded, index):
    assert graded[index] == CASES[index]["expect"]


def test_the_table_covers_every_type_right_wrong_and_unanswered():
    seen = {(c["question"]["type"], c["expect"]["answered"], c["expect"]["correct"]) for c in CASES}
    for kind in ("single", "multiple", "true_false", "numeric", "text", "order", "match"):
        assert (kind, True, True) in seen and (kind, True, False) in seen
        assert kind == "order" or (kind, False, False) in seen  # an order always has an answer


def test_python_has_no_second_copy_of_the_rules():
    assert util.find_spec("sourcequiz.grading") is None
    widget_code = (ROOT / "src" / "sourcequiz" / "widgets.py").read_text(encoding="utf-8")
    assert "def grade" not in widget_code and "import grade" not in widget_code
