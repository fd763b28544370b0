"""The quiz widget in real Jupyter front ends: JupyterLab 4 and Notebook 7, each a real server started here (token
auth, a free port, a notebook folder in tmp_path, the venv's kernel), driven by Playwright in Debian's Chromium.

Each of the seven types is answered wrong, then right; the feedback is read in its live region; the score comes
back through the kernel (a cell prints it); axe finds nothing inside the quiz. The notebook is then saved, converted
with `jupyter nbconvert --to html`, and the static quiz of that file works alone in the browser, without a kernel.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from browser_support import ARGS, CHROMIUM, STARTER, WRONG_NOTES, answer, requirements, run_axe
from conftest import missing
from quiz_support import VENV_BIN, kernel_python, make_course

TOKEN = "sourcequiz-test-token"
APPS = {"lab": "lab/tree/quiz.ipynb", "notebook": "notebooks/quiz.ipynb"}
CELLS = [
    "from sourcequiz import quiz\nanswers = []\nq = quiz('starter', root='.')\nq.on_answer(answers.append)\nq",
    "import json, sys\nprint('KERNEL', json.dumps({'score': q.score, 'results': q.results, 'calls': len(answers), "
    "'rejected': q.rejected, 'prefix': sys.prefix}))",
    "from sourcequiz.exercises import passage_exercise\n"
    "passage_exercise('Paste the passage that dates the signing.', needs=['February 29, 2020'])",
]
RIGHT_WORDS = {"starter-signing-date": "February 29, 2020", "starter-taliban-1996": False,
               "starter-troops-135-days": "8,600", "starter-envoy-name": "khalilzad ",
               "starter-anddsf-parts": ["Afghan National Police", "Afghan Local Police"],
               "starter-order": ["The Soviet Army invades Afghanistan", "The Taliban take control of Afghanistan",
                                 "The US–Taliban agreement is signed"],
               "starter-match": {"Michael Pompeo": "US Secretary of State", "Scott Miller": "US Commander General",
                                 "Javid Faisal": "a spokesperson for the National Security Council of Afghanistan"}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def quiet_settings(folder: Path) -> None:
    """No news or update checks: nothing leaves the machine, and no pop-up covers the quiz."""
    plugin = folder / "@jupyterlab" / "apputils-extension"
    plugin.mkdir(parents=True)
    (plugin / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")


@pytest.fixture(scope="module", params=list(APPS))
def server(request, tmp_path_factory):
    requirements()
    for module in ("jupyterlab", "notebook", "anywidget", "nbconvert"):
        try:
            __import__(module)
        except ImportError:
            missing(f"the {module} package is not installed (pip install -e '.[test]')")
    kernel_python()
    app = request.param
    home = tmp_path_factory.mktemp(f"jupyter-{app}")
    folder = make_course(home / "notebooks")
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                  "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbformat.write(notebook, folder / "quiz.ipynb")
    quiet_settings(home / "settings")
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", SOURCEQUIZ_ROOT=str(folder),
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    port = free_port()
    command = [str(VENV_BIN / "jupyter"), app, "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.root_dir={folder}", f"--IdentityProvider.token={TOKEN}", "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (home / "server.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.25)
        else:
            pytest.fail(f"jupyter {app} did not start:\n{(home / 'server.log').read_text()[-3000:]}")
        assert process.poll() is None, (home / "server.log").read_text()[-3000:]
        yield {"app": app, "base": base, "folder": folder, "home": home}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def notebook(server, browser):
    """The notebook open in the front end, its first cell run: the quiz widget is showing."""
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" and "sourcequiz" in m.text else None)
    page.goto(f"{server['base']}/{APPS[server['app']]}?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=90_000)
    run_cell(page, 0)
    try:
        page.wait_for_selector(".jp-OutputArea .sq-quiz[data-sq-ready]", timeout=90_000)
    except Exception:
        page.screenshot(path=str(server["home"] / "failed.png"))
        raise AssertionError(f"no quiz showed; the page is in {server['home'] / 'failed.png'}, the server's log: "
                             f"{(server['home'] / 'server.log').read_text()[-2000:]}") from None
    yield page
    assert [e for e in page.errors if "sourcequiz" in e or "quiz" in e] == []
    page.close()


def run_cell(page, index: int) -> None:
    """Run a cell with Shift+Enter, again while the kernel is not yet connected (the prompt stays `[ ]`)."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    before = cell.locator(".jp-InputPrompt").inner_text()
    for _ in range(60):
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function("([cell, before]) => { const prompt = document.querySelectorAll("
                                   "'.jp-Notebook .jp-Cell')[cell].querySelector('.jp-InputPrompt').innerText;"
                                   " return prompt.includes('*') || (prompt !== before && /\\d/.test(prompt)); }", arg=[index, before],
                                   timeout=2_000)
            return
        except Exception:
            continue
    raise AssertionError(f"cell {index} never ran")


def kernel_report(page) -> dict:
    """Run the cell that prints the quiz's state in the kernel, and read its output in the page."""
    output = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea-output")
    before = output.all_inner_texts()
    run_cell(page, 1)
    page.wait_for_function("([cell, before]) => { const out = document.querySelectorAll('.jp-Notebook .jp-Cell')[cell]"
                           ".querySelector('.jp-OutputArea-output'); return out && out.innerText.includes('KERNEL') "
                           "&& out.innerText !== before; }", arg=[1, before[0] if before else ""], timeout=60_000)
    text = output.first.inner_text()
    return json.loads(text.split("KERNEL", 1)[1])


def question(page, question_id: str):
    return page.locator(f".jp-OutputArea .sq-quiz [data-qid='{question_id}']")


def live_feedback(q) -> str:
    region = q.locator(".sq-feedback")
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    return region.inner_text()


def test_every_type_wrong_then_right_and_the_score_comes_back(notebook, server, tmp_path):
    page = notebook
    score = page.locator(".jp-OutputArea .sq-quiz .sq-score")
    for done, question_id in enumerate(STARTER):
        q = question(page, question_id)
        answer(q, question_id, right=False)
        q.get_by_role("button", name="Check").click()
        text = live_feedback(q)
        assert "✘" in text and "Incorrect." in text and "Explanation:" in text, text
        assert WRONG_NOTES.get(question_id, "") in text
        assert "Evidence from the sources:" in text
        if server["app"] == "lab" and done == 0:  # for the record, looked at by a person: see the report
            page.screenshot(path="/tmp/sourcequiz-jupyterlab-wrong.png")
        answer(q, question_id, right=True)
        q.get_by_role("button", name="Check").click()
        text = live_feedback(q)
        assert "✔" in text and "Correct." in text and "Incorrect" not in text, text
        expected = f"Score: {done + 1} of 7 correct." + (f" ({done + 1} checked)" if done < 6 else "")
        assert score.inner_text() == expected
    if server["app"] == "lab":
        question(page, "starter-order").scroll_into_view_if_needed()
        page.screenshot(path="/tmp/sourcequiz-jupyterlab-right.png")
    report = kernel_report(page)
    assert report["prefix"] == sys.prefix  # the venv's kernel
    assert report["score"] == 7 and report["calls"] == 14 and report["rejected"] == 0
    by_id = {r["id"]: r for r in report["results"]}
    assert list(by_id) == STARTER
    for question_id, words in RIGHT_WORDS.items():
        result = by_id[question_id]
        assert result["answered"] and result["correct"] and result["attempts"] == 2, result
        assert result["answer_text"] == words


def test_axe_finds_nothing_inside_the_quiz(notebook):
    q = question(notebook, "starter-envoy-name")
    q.get_by_role("button", name="Try again").click()
    q.get_by_role("button", name="Check").click()  # the "type an answer first" message
    assert run_axe(notebook, ".jp-OutputArea .sq-quiz") == []


def test_keys_typed_in_the_quiz_stay_in_the_quiz(notebook):
    """In a notebook, arrow keys and Enter must drive the quiz, not move between cells or run them."""
    q = question(notebook, "starter-taliban-1996")
    q.get_by_role("button", name="Try again").click()
    q.get_by_label("True", exact=True).check()
    q.get_by_label("True", exact=True).press("ArrowDown")
    assert q.get_by_label("False", exact=True).is_checked()
    q.get_by_role("button", name="Check").focus()
    notebook.keyboard.press("Enter")
    assert "Correct." in live_feedback(q)
    field = question(notebook, "starter-troops-135-days").get_by_label("Your answer (a number)")
    field.fill("8600")
    field.press("Enter")  # Enter in a field checks it
    assert "Correct." in live_feedback(question(notebook, "starter-troops-135-days"))
    assert notebook.locator(".jp-Notebook .jp-Cell").nth(0).locator(".sq-quiz").count() == 1  # still in its cell


def test_passage_exercise_is_checked_in_the_kernel(notebook):
    run_cell(notebook, 2)
    box = notebook.locator(".jp-OutputArea .sq-exercise")
    box.wait_for(timeout=60_000)
    box.get_by_label("Your passage, pasted from the sources").fill("A final agreement was signed on February 29, 2020")
    box.get_by_role("button", name="Check").click()
    feedback = box.locator(".sq-feedback[aria-live='polite']")
    notebook.wait_for_function("el => el.innerText.includes('Found')", arg=feedback.element_handle(), timeout=60_000)
    assert "States February 29, 2020." in feedback.inner_text()
    assert run_axe(notebook, ".jp-OutputArea .sq-exercise") == []


def test_the_saved_notebook_converts_to_a_static_quiz_that_works_alone(notebook, server, browser):
    notebook.locator(".jp-OutputArea .sq-exercise textarea").focus()
    notebook.keyboard.press("Control+s")  # the save shortcut works from inside a widget too
    saved = server["folder"] / "quiz.ipynb"
    for _ in range(100):
        outputs = [o for c in nbformat.read(saved, as_version=4).cells for o in c.get("outputs", [])]
        if any("sq-quiz" in o.get("data", {}).get("text/html", "") for o in outputs):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("Ctrl+S did not save the notebook")
    assert "widgets" not in nbformat.read(saved, as_version=4).metadata  # no widget state: viewers show text/html
    done = subprocess.run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "html", str(saved)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    html = saved.with_suffix(".html")
    url = html.as_uri()
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.goto(url)
    page.wait_for_selector(".sq-quiz[data-sq-ready]")
    q = page.locator(".sq-quiz [data-qid='starter-signing-date']")
    answer(q, "starter-signing-date", right=False)
    q.get_by_role("button", name="Check").click()
    assert "Incorrect." in live_feedback(q)
    answer(q, "starter-signing-date", right=True)
    q.get_by_role("button", name="Check").click()
    assert "Correct." in live_feedback(q) and "Incorrect" not in live_feedback(q)
    assert page.locator(".sq-quiz .sq-score").first.inner_text().startswith("Score: 1 of 7 correct.")
    assert run_axe(page, ".sq-quiz") == []
    assert errors == []
    markup = html.read_text(encoding="utf-8")
    # the quiz asks for nothing; nbconvert's page itself names require.js and MathJax (blocked here)
    assert [u for u in requests if u != url and u.replace("&", "&amp;") not in markup and u not in markup] == []
    page.close()


def test_a_reloaded_page_gets_the_quiz_back_from_the_live_kernel(notebook):
    """A reloaded page's widget manager asks the kernel for each model's state (`request_state`, answered by
    live.LiveModel): the quiz shows again with its answers, and what is answered next still reaches the kernel."""
    notebook.reload()
    notebook.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=90_000)
    try:
        notebook.wait_for_selector(".jp-OutputArea .sq-quiz[data-sq-ready]", timeout=60_000)
    except Exception:  # the widget manager's error box says why
        raise AssertionError(notebook.locator(".jp-OutputArea").first.inner_text()[:2000]) from None
    assert "Correct." in live_feedback(question(notebook, "starter-signing-date"))  # redrawn from the kernel's state
    assert notebook.locator(".jp-OutputArea").get_by_text("model not found").count() == 0
    q = question(notebook, "starter-envoy-name")  # left unanswered by the tests above
    answer(q, "starter-envoy-name", right=True)
    q.get_by_role("button", name="Check").click()
    assert "Correct." in live_feedback(q)
    report = kernel_report(notebook)
    assert report["score"] == 7 and report["rejected"] == 0
    assert {r["id"]: r for r in report["results"]}["starter-envoy-name"]["correct"] is True
