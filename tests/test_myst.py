"""Jupyter Book 2: `sourcequiz myst init` installs the mystmd plugin into a sample book in tmp_path, and the
real `myst` (mystmd from npm, node_modules/.bin/myst) builds the site content with the quiz and citation
nodes. Offline, `myst build --site` writes the content (_build/site/content/*.json) and then fails only
when it asks the network for the HTML theme; the tests read the content and check that this was the only
failure. Missing node or mystmd skips loudly (fails under CI=true)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, missing
from quiz_support import make_course

MYST = ROOT / "node_modules" / ".bin" / "myst"
THEME_FETCH = "templates/site/myst/book-theme"   # the only request of `myst build --site` to the network

PAGE = """# A page

The agreement was signed {cite-source}`peace-talks-essay: "A final agreement was signed on February 29, 2020"`.
Tariq writes {quote-source}`tariq-2020: "within 14 months"`.

```{quiz} starter
:questions: starter-signing-date, starter-envoy-name, starter-match
:shuffle:
:seed: 3
:exam:
```
"""

MISTAKES = """# Mistakes

A quote that is not there {cite-source}`tariq-2020: "nowhere in this text at all"`.

```{quiz} no-such-bank
```
"""

MYST_YML = """# the sample book's own comment stays
version: 1
project:
  title: JB2 sample   # so does this one
  toc:
    - file: index.md
    - file: page.md
    - file: mistakes.md
    - file: notebook.ipynb
    - file: progress.md
site:
  template: book-theme
"""


def requirements() -> None:
    if shutil.which("node") is None:
        missing("node is not installed (make test installs Node.js and npm)")
    if not MYST.is_file():
        missing(f"{MYST} is missing (npm ci installs mystmd from package.json)")


def jb2_book(folder: Path) -> Path:
    make_course(folder)
    (folder / "myst.yml").write_text(MYST_YML, encoding="utf-8")
    (folder / "index.md").write_text("# Home\n\nA sample Jupyter Book 2.\n", encoding="utf-8")
    (folder / "page.md").write_text(PAGE, encoding="utf-8")
    (folder / "mistakes.md").write_text(MISTAKES, encoding="utf-8")
    (folder / "progress.md").write_text("# Your progress\n\n```{quiz-progress}\n```\n", encoding="utf-8")
    notebook(folder)
    return folder


def notebook(folder: Path) -> None:
    """A notebook saved after running quiz(...): its outputs carry the reference quiz() writes (not executed here,
    as mystmd does not execute without --execute); one names a bank that does not exist (any more)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from sourcequiz.payload import MIME_TYPE, build_payload, reference

    ref = reference(build_payload("starter", ids=["starter-order"], root=folder), "starter", ids=["starter-order"])
    gone = dict(ref, source="no-such-bank", key="no-such-bank")
    cells = [new_markdown_cell("# A notebook"),
             new_code_cell("quiz('starter', ['starter-order'])", execution_count=1, outputs=[new_output(
                 "execute_result", execution_count=1, data={MIME_TYPE: ref, "text/plain": "Quiz: A starter bank"})]),
             new_code_cell("quiz('no-such-bank')", execution_count=2, outputs=[new_output(
                 "stream", name="stdout", text="a line first\n"), new_output(
                 "execute_result", execution_count=2, data={MIME_TYPE: gone, "text/plain": "Quiz: gone"})])]
    nbformat.write(new_notebook(cells=cells), folder / "notebook.ipynb")


def myst_build(folder: Path, path: str | None = None) -> tuple[subprocess.CompletedProcess, str]:
    shutil.rmtree(folder / "_build", ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCEQUIZ_PYTHON", "SOURCEQUIZ_ROOT")}
    if path is not None:
        env["PATH"] = path
    result = subprocess.run([str(MYST), "build", "--site"], cwd=folder, capture_output=True, text=True,
                            timeout=300, env=env)
    log = result.stdout + result.stderr
    if result.returncode != 0:  # offline: the theme's metadata cannot be fetched, after the content is written
        assert THEME_FETCH in log, log
    return result, log


def nodes(tree: dict, kind: str) -> list[dict]:
    found = [tree] if tree.get("type") == kind else []
    for child in tree.get("children") or []:
        found.extend(nodes(child, kind))
    return found


def embedded_payload(markup: str) -> dict:
    found = re.search(r'<script type="application/json" class="sq-data">(.*?)</script>', markup, re.S)
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    requirements()
    folder = jb2_book(tmp_path_factory.mktemp("jb2") / "book")
    init = run_cli("myst", "init", str(folder))
    assert init.returncode == 0, init.stderr
    result, log = myst_build(folder)
    return folder, init, log


def test_init_installs_the_plugin_and_keeps_myst_yml(built):
    folder, init, log = built
    config = (folder / "myst.yml").read_text(encoding="utf-8")
    assert "# the sample book's own comment stays" in config and "# so does this one" in config
    assert "    - _sourcequiz/sourcequiz.mjs\n" in config
    for name, shipped in {"sourcequiz.mjs": ROOT / "src/sourcequiz/myst/sourcequiz.mjs",
                          "quiz.js": ROOT / "src/sourcequiz/static/quiz.js",
                          "quiz.css": ROOT / "src/sourcequiz/static/quiz.css"}.items():
        assert (folder / "_sourcequiz" / name).read_bytes() == shipped.read_bytes()
    # progress.js with quiz.js's code inside: mystmd serves each module under a hashed name, so no imports
    progress = (folder / "_sourcequiz" / "progress.js").read_text(encoding="utf-8")
    assert "import " not in progress and "export function grade" not in progress and "function grade(" in progress
    assert progress.endswith((ROOT / "src/sourcequiz/static/progress.js").read_text(encoding="utf-8").split(
        'from "./quiz.js";', 1)[1])
    assert json.loads((folder / "_sourcequiz/settings.json").read_text())["python"] == sys.executable
    assert "sourcequiz (_sourcequiz/sourcequiz.mjs) loaded: 2 directives, 2 roles, 1 transform" in log
    again = run_cli("myst", "init", str(folder))
    assert again.returncode == 0 and "already listed" in again.stdout
    assert (folder / "myst.yml").read_text(encoding="utf-8") == config


def test_the_content_holds_the_quiz_with_its_payload(built):
    folder, _, log = built
    content = json.loads((folder / "_build/site/content/page.json").read_text(encoding="utf-8"))
    [widget] = nodes(content["mdast"], "anywidget")
    assert widget["model"]["kind"] == "quiz"
    assert widget["model"]["kernel"] is False  # a static page: answers kept in localStorage, nothing sent
    payload = embedded_payload(widget["model"]["markup"])
    assert {q["id"] for q in payload["questions"]} == {"starter-signing-date", "starter-envoy-name", "starter-match"}
    assert payload["exam"] is True and payload["shuffle"] is True and payload["seed"] == 3
    signing = next(q for q in payload["questions"] if q["id"] == "starter-signing-date")
    assert signing["evidence"][0]["source"] == "peace-talks-essay"
    assert "February 29, 2020" in signing["evidence"][0]["quote"]
    assert signing["evidence"][0]["anchor"].startswith("peace-talks-essay-s")
    from sourcequiz.payload import build_payload  # the same payload as the Sphinx directive's, same options

    for question in payload["questions"]:
        for item in question["evidence"]:
            assert item.pop("href") is None  # no page shows the sources in a JB2 book yet
    assert payload == build_payload("starter", ids=["starter-signing-date", "starter-envoy-name", "starter-match"],
                                    shuffle=True, seed=3, exam=True, root=folder)
    esm = folder / "_build/site/public" / widget["esm"].lstrip("/")
    assert esm.read_bytes() == (ROOT / "src/sourcequiz/static/quiz.js").read_bytes()  # the one front end
    assert (folder / "_build/site/public" / widget["css"].lstrip("/")).is_file()


def test_the_content_holds_the_citations(built):
    folder, _, _ = built
    content = json.loads((folder / "_build/site/content/page.json").read_text(encoding="utf-8"))
    cites = [n for n in nodes(content["mdast"], "superscript") if n.get("class") == "sq-cite"]
    assert [c["sourcequiz"]["source"] for c in cites] == ["peace-talks-essay", "tariq-2020"]
    essay, tariq = (c["sourcequiz"] for c in cites)
    assert essay["quote"] == "A final agreement was signed on February 29, 2020"
    assert re.fullmatch(r"peace-talks-essay-s\d+", essay["anchor"]) and essay["sentences"]
    assert tariq["label"] == "Tariq 2020" and cites[1]["children"][0]["value"] == "[Tariq 2020]"
    quoted = [n for n in nodes(content["mdast"], "span") if n.get("class") == "sq-quote"]
    assert quoted[0]["children"][0]["value"].startswith("“within 14 months”")


def test_mistakes_are_located_warnings(built):
    folder, _, log = built
    assert re.search(r"mistakes\.md:\d+:\d+ cite-source: quote not found in tariq-2020: "
                     r"'nowhere in this text at all'.*\[sourcequiz\.citation\]", log), log
    assert re.search(r"mistakes\.md:5 quiz: no bank 'no-such-bank'.*\[sourcequiz\.quiz\]", log), log
    content = json.loads((folder / "_build/site/content/mistakes.json").read_text(encoding="utf-8"))
    assert not nodes(content["mdast"], "anywidget")
    assert "(quiz no-such-bank: not built)" in json.dumps(content["mdast"])
    assert not re.search(r"(?<![\w/])page\.md:\d+", log), log  # the good page: no warning of ours or mystmd's


def test_stale_copies_and_a_missing_python_are_told(built, tmp_path):
    folder, _, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("_build"))
    (copy / "_sourcequiz/quiz.js").write_text("// an older quiz.js\n", encoding="utf-8")
    _, log = myst_build(copy)
    assert "run `sourcequiz myst init` again [sourcequiz.plugin]" in log
    (copy / "_sourcequiz/settings.json").write_text('{"python": "/nonexistent/python"}', encoding="utf-8")
    _, log = myst_build(copy, path=str(Path(shutil.which("node")).parent))  # no sourcequiz on the PATH
    assert "could not run sourcequiz to build this page's quizzes and citations" in log


def test_init_errors_are_messages(tmp_path):
    (tmp_path / "myst.yml").write_text("version: 1\nproject: {title: x, plugins: [a.mjs]}\n", encoding="utf-8")
    result = run_cli("myst", "init", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "add `- _sourcequiz/sourcequiz.mjs` under project.plugins by hand" in result.stderr
    (tmp_path / "myst.yml").write_text("version: 1\nproject:\n  title: [unclosed\n", encoding="utf-8")
    result = run_cli("myst", "init", str(tmp_path))
    assert result.returncode == 2 and re.search(r"myst\.yml:\d+: not valid YAML", result.stderr)
    result = run_cli("myst", "init", str(tmp_path / "absent"))
    assert result.returncode == 2 and "no such folder" in result.stderr


@pytest.mark.parametrize("config, expected", [
    ("version: 1\nproject:\n  title: T\n", "project:\n  plugins:\n    - _sourcequiz/sourcequiz.mjs\n  title: T\n"),
    ("version: 1\nproject:\n    plugins:\n    - other.mjs\n", "project:\n    plugins:\n    - _sourcequiz/sourcequiz.mjs\n"
                                                            "    - other.mjs\n"),
    ("version: 1\n", "version: 1\nproject:\n  plugins:\n    - _sourcequiz/sourcequiz.mjs\n"),
])
def test_init_adds_the_plugin_to_any_layout(tmp_path, config, expected):
    (tmp_path / "myst.yml").write_text(config, encoding="utf-8")
    assert run_cli("myst", "init", str(tmp_path)).returncode == 0
    assert expected in (tmp_path / "myst.yml").read_text(encoding="utf-8")


def test_init_creates_myst_yml_and_takes_the_jb1_labels(tmp_path):
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    assert run_cli("myst", "init", str(tmp_path)).returncode == 0
    import yaml

    assert yaml.safe_load((tmp_path / "myst.yml").read_text())["project"]["plugins"] == ["_sourcequiz/sourcequiz.mjs"]
    labels = json.loads((tmp_path / "_sourcequiz/settings.json").read_text())["citation_labels"]
    assert labels["tariq-2020"] == "Tariq 2020" and labels["peace-talks-essay"] == "Essay"


def test_resolve_rejects_bad_requests_plainly(tmp_path):
    for text, expected in (("not json", "is not JSON"), ('{"version": 9}', "expected a request of version 1"),
                           ('{"version": 1, "quizzes": {}}', "must be lists")):
        result = subprocess.run([sys.executable, "-m", "sourcequiz.cli", "myst", "resolve"], input=text,
                                capture_output=True, text=True, cwd=tmp_path, timeout=60)
        assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr


def test_resolve_bad_options_are_errors_not_crashes(tmp_path):
    make_course(tmp_path)
    request = {"version": 1, "project": str(tmp_path), "page": str(tmp_path / "p.md"),
               "quizzes": [{"source": "starter", "limit": 0}, {"source": "../outside.yml"}, {"source": "starter"}],
               "citations": [{"text": "no quotes here"}, {"text": 'nosuch: "x y z"'}]}
    result = subprocess.run([sys.executable, "-m", "sourcequiz.cli", "myst", "resolve"], input=json.dumps(request),
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    first, outside, good = answer["quizzes"]
    assert ":limit: must be a whole number of at least 1, found 0" in first["error"]
    assert "outside the book's folder" in outside["error"]
    assert len(good["payload"]["questions"]) == 7 and 'class="sq-quiz' in good["markup"]
    assert "expected SOURCE:" in answer["citations"][0]["error"]
    assert "unknown source 'nosuch'" in answer["citations"][1]["error"]


HOST = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>JB2 page</title>
<link rel="stylesheet" href="CSS"></head><body><main><div id="widget"></div></main>
<script type="module">
// What the book theme does with an `anywidget` node, which cannot be fetched here: import the node's
// module and call its render with a model over the node's own state (no kernel behind a static page).
import widget from "ESM";
const state = MODEL;
const listeners = {};
const model = {
  get: (key) => state[key],
  set: (key, value) => { state[key] = value; (listeners["change:" + key] || []).forEach((f) => f()); },
  on: (name, f) => { (listeners[name] = listeners[name] || []).push(f); },
  off: () => {}, save_changes: () => {},
  send: () => { throw new Error("a static page has no kernel to send to"); },
};
widget.render({ model, el: document.getElementById("widget") });
</script></body></html>"""


def test_the_quiz_and_progress_nodes_work_in_a_browser(built):
    """The built anywidget nodes, each drawn by its own module (the file mystmd copied to the site), the way the
    theme draws them: the quiz answered and submitted in Chromium, nothing sent to a kernel, the answers still
    there after a reload (localStorage, as in the Sphinx book); then the progress page scores them, and resets."""
    import functools
    import http.server
    import threading

    from browser_support import ARGS, CHROMIUM, answer
    from playwright.sync_api import sync_playwright

    folder, _, _ = built
    content = json.loads((folder / "_build/site/content/page.json").read_text(encoding="utf-8"))
    [widget] = nodes(content["mdast"], "anywidget")
    progress = json.loads((folder / "_build/site/content/progress.json").read_text(encoding="utf-8"))
    [table] = nodes(progress["mdast"], "anywidget")
    public = folder / "_build/site/public"
    for name, node in (("page.html", widget), ("progress.html", table)):
        (public / name).write_text(HOST.replace("ESM", node["esm"]).replace("CSS", node["css"])
                                   .replace("MODEL", json.dumps(node["model"]).replace("</", "<\\/")), encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(public)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/page.html")
            try:
                page.wait_for_selector(".sq-quiz[data-sq-ready]", timeout=20_000)
            except Exception:
                raise AssertionError(f"the quiz did not start: {errors}") from None
            q = page.locator(".sq-quiz [data-qid='starter-signing-date']")
            answer(q, "starter-signing-date", right=True)
            page.get_by_role("button", name="Submit").click()
            assert "Correct." in q.locator(".sq-feedback").inner_text()
            assert page.locator(".sq-score").inner_text().startswith("Score: 1 of 3 correct")
            page.reload()
            page.wait_for_selector(".sq-quiz[data-sq-ready]")
            assert page.locator(".sq-quiz [data-qid='starter-signing-date']").get_by_label("February 29, 2020").is_checked()
            # the progress page, drawn by progress.js from its node, reads the same browser's answers
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/progress.html")
            page.wait_for_selector(".sq-progress[data-sq-ready]")
            rows = page.locator(".sq-progress tbody tr")
            assert rows.count() == 2 and rows.first.get_attribute("data-sq-page") == "page"
            assert rows.first.locator("th").inner_text() == "A page"
            assert rows.first.locator(".sq-progress-score").inner_text() == "1 of 3 correct"
            assert rows.nth(1).locator(".sq-progress-score").inner_text() == "not started"
            page.get_by_role("button", name="Reset all progress").click()
            assert rows.first.locator(".sq-progress-score").inner_text() == "not started"
            assert errors == []
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def test_the_progress_page_lists_every_quizzed_page_in_toc_order(built):
    folder, _, log = built
    content = json.loads((folder / "_build/site/content/progress.json").read_text(encoding="utf-8"))
    [table] = nodes(content["mdast"], "anywidget")
    assert table["esm"].endswith(".js") and table["model"]["markup"].startswith('<section class="sq-progress">')
    data = json.loads(re.search(r'class="sq-progress-data">(.*?)</script>', table["model"]["markup"], re.S).group(1))
    # page.md's quiz and the notebook's output, in toc order; a quiz that names no bank is left out (its page warns)
    assert [(page["page"], page["title"]) for page in data] == [("page", "A page"), ("notebook", "A notebook")]
    assert [q["id"] for quiz in data[1]["quizzes"] for q in quiz["questions"]] == ["starter-order"]
    [quiz] = data[0]["quizzes"]
    assert {q["id"] for q in quiz["questions"]} == {"starter-signing-date", "starter-envoy-name", "starter-match"}
    assert all("prompt" not in q and "evidence" not in q for q in quiz["questions"])  # only what grading reads
    from sourcequiz.myst import shipped_files

    assert (folder / "_build/site/public" / table["esm"].lstrip("/")).read_bytes() == shipped_files()["progress.js"]


def test_progress_pages_read_options_titles_and_the_toc(tmp_path):
    from sourcequiz.myst.progress import page_title, quiz_requests, toc_files

    text = "---\ntitle: 'Chapter 5'\n---\n# Other\n\n:::{quiz} doha\n:limit: 4\n:shuffle:\n:exam: false\n:::\n"
    assert page_title(tmp_path / "x.md", text) == "Chapter 5"
    assert page_title(tmp_path / "x.md", "no heading") == "x"
    assert quiz_requests(text) == [{"source": "doha", "questions": None, "shuffle": True, "limit": 4, "seed": None,
                                    "exam": False}]
    (tmp_path / "myst.yml").write_text("version: 1\nproject:\n  toc:\n    - file: a.md\n    - title: Part\n"
                                       "      children:\n        - file: b/c.md\n", encoding="utf-8")
    assert toc_files(tmp_path) == [tmp_path / "a.md", tmp_path / "b" / "c.md"]
    (tmp_path / "myst.yml").write_text("version: 1\n", encoding="utf-8")
    (tmp_path / "z.md").write_text("# Z\n", encoding="utf-8")
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "y.md").write_text("# Y\n", encoding="utf-8")
    assert toc_files(tmp_path) == [tmp_path / "z.md"]


def test_a_notebook_quiz_output_becomes_a_quiz_rebuilt_from_the_bank(built):
    folder, _, log = built
    content = json.loads((folder / "_build/site/content/notebook.json").read_text(encoding="utf-8"))
    [widget] = nodes(content["mdast"], "anywidget")
    assert widget["model"]["kind"] == "quiz" and widget["model"]["kernel"] is False
    assert [q["id"] for q in embedded_payload(widget["model"]["markup"])["questions"]] == ["starter-order"]
    # the quiz was the cell's only output: it takes the outputs' place, as a quiz directive's node stands on a page
    [first, second] = [b for b in nodes(content["mdast"], "block") if b.get("kind") == "notebook-code"]
    assert [c["type"] for c in first["children"]] == ["code", "anywidget"]
    # the output naming a missing bank stays as it was, beside the cell's other output, and its page is told
    assert [c["type"] for c in second["children"]] == ["code", "outputs"] and len(second["children"][1]["children"]) == 2
    assert re.search(r"notebook\.ipynb.*quiz output: no bank 'no-such-bank'.*\[sourcequiz\.quiz\]", log), log
