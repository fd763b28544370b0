"""The static quiz in a real browser: a sample book built with `jupyter-book`, served on 127.0.0.1, driven by
Playwright in Debian's Chromium, checked with axe-core. Missing Chromium or node_modules skips loudly (fails in CI).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from browser_support import ARGS, CHROMIUM, STARTER, WRONG_NOTES, requirements, run_axe
from browser_support import answer as answer_in
from quiz_support import HOSTILE_PROMPT, build_book, kernel_python, make_book

Q = "#sq-starter--{}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    requirements()
    kernel_python()
    folder = make_book(tmp_path_factory.mktemp("sample") / "book")
    result = build_book(folder)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING:" not in result.stdout + result.stderr, result.stderr  # -W makes a warning fail the build too
    return folder / "_build" / "html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def context(site, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("profile")),
                                                   executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield ctx
        ctx.close()


@pytest.fixture
def page(context, base):
    page = context.new_page()
    page.requests, page.dialogs, page.errors = [], [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    # only our errors: the theme's own scripts are not under test (sphinx-thebe redeclares a constant)
    page.on("pageerror", lambda e: page.errors.append(str(e)) if "quiz.js" in (e.stack or "") else None)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" and "sourcequiz" in m.text else None)
    page.base = base
    yield page
    assert page.errors == []
    assert page.dialogs == []
    assert [u for u in page.requests if not u.startswith(base) and not u.startswith("data:")] == []
    page.close()


def visit(page, name: str, fresh: bool = True, quiz: bool = True):
    page.goto(page.base + name)
    if fresh:
        page.evaluate("window.localStorage.clear()")
        page.reload()
    if quiz:
        page.wait_for_selector(".sq-quiz[data-sq-ready]")


def question(page, question_id: str):
    return page.locator(Q.format(question_id))


def feedback(page, question_id: str) -> str:
    return question(page, question_id).locator(".sq-feedback").inner_text()


def score(page) -> str:
    return page.locator(".sq-score").first.inner_text()


def answer(page, question_id: str, right: bool) -> None:
    answer_in(question(page, question_id), question_id, right)


@pytest.mark.parametrize("question_id", STARTER)
def test_every_type_wrong_then_right(page, question_id):
    visit(page, "quiz_page.html")
    q = question(page, question_id)
    answer(page, question_id, right=False)
    q.get_by_role("button", name="Check").click()
    text = feedback(page, question_id)
    assert "✘" in text and "Incorrect." in text and "Explanation:" in text
    assert WRONG_NOTES.get(question_id, "") in text
    assert "sq-wrong" in q.get_attribute("class")
    assert score(page) == "Score: 0 of 7 correct. (1 checked)"
    answer(page, question_id, right=True)
    q.get_by_role("button", name="Check").click()
    text = feedback(page, question_id)
    assert "✔" in text and "Correct." in text and "Incorrect" not in text
    assert "Evidence from the sources:" in text
    assert "sq-right" in q.get_attribute("class")
    assert score(page) == "Score: 1 of 7 correct. (1 checked)"
    link = q.locator(".sq-evidence a").first
    assert link.get_attribute("href").startswith("reference/sources/")


def test_the_book_works_opened_from_disk(context, site):
    """A built book opened as a file (file://), where Chromium refuses module scripts: the quiz still starts,
    grades and keeps its progress."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "quiz_page.html").as_uri())
    page.wait_for_selector(".sq-quiz[data-sq-ready]", timeout=10_000)
    q = question(page, "starter-envoy-name")
    answer_in(q, "starter-envoy-name", right=True)
    q.get_by_role("button", name="Check").click()
    assert "Correct." in q.locator(".sq-feedback").inner_text()
    assert score(page) == "Score: 1 of 7 correct. (1 checked)"
    assert [e for e in errors if "sourcequiz" in e or "quiz" in e] == []
    page.close()


def test_each_answer_dispatches_the_answered_event(page):
    visit(page, "quiz_page.html")
    assert page.locator('script[src*="quiz.classic.js"]').count() == 1  # the notebook widget's module, classic
    page.evaluate("window.__answered = []; document.addEventListener('sourcequiz:answered', "
                  "(e) => window.__answered.push(e.detail))")
    check = question(page, "starter-envoy-name").get_by_role("button", name="Check")
    check.click()  # nothing typed: a hint, not an answer
    answer(page, "starter-envoy-name", right=False)
    check.click()
    answer(page, "starter-envoy-name", right=True)
    check.click()
    common = {"quiz": "starter", "question": "starter-envoy-name", "type": "text", "total": 7}
    assert page.evaluate("window.__answered") == [
        dict(common, answer="Pompeo", correct=False, attempts=1, score=0),
        dict(common, answer="khalilzad ", correct=True, attempts=2, score=1)]
    page.add_init_script("window.__answered = []; document.addEventListener('sourcequiz:answered', "
                         "(e) => window.__answered.push(e.detail))")
    page.reload()
    page.wait_for_selector(".sq-quiz[data-sq-ready]")
    assert "Correct." in feedback(page, "starter-envoy-name")  # restored from this browser's storage ...
    assert page.evaluate("window.__answered") == []  # ... and not announced again


def test_evidence_link_lands_on_the_quoted_sentence(page):
    visit(page, "quiz_page.html")
    answer(page, "starter-troops-135-days", right=True)
    question(page, "starter-troops-135-days").get_by_role("button", name="Check").click()
    link = question(page, "starter-troops-135-days").locator(".sq-evidence a")
    assert link.inner_text() == "US-Taliban talks in the context of intra-Afghan talks"
    link.click()
    page.wait_for_load_state()
    anchor = page.url.split("#")[1]
    assert anchor.startswith("tariq-2020-s")
    sentence = " ".join(page.locator(f'[id="{anchor}"]').inner_text().split())
    assert "8,600 within 135 days" in sentence


def test_progress_is_restored_on_reload_and_reset_clears_it(page):
    visit(page, "quiz_page.html")
    answer(page, "starter-signing-date", right=True)
    question(page, "starter-signing-date").get_by_role("button", name="Check").click()
    answer(page, "starter-envoy-name", right=False)
    question(page, "starter-envoy-name").get_by_role("button", name="Check").click()
    answer(page, "starter-order", right=True)  # moved but not checked
    answer(page, "starter-troops-135-days", right=True)  # typed but not checked
    before = score(page)
    page.reload()
    page.wait_for_selector(".sq-quiz[data-sq-ready]")
    assert score(page) == before == "Score: 1 of 7 correct. (2 checked)"
    assert question(page, "starter-signing-date").get_by_label("February 29, 2020").is_checked()
    assert "Correct." in feedback(page, "starter-signing-date")
    assert "Incorrect." in feedback(page, "starter-envoy-name")
    assert question(page, "starter-envoy-name").get_by_label("Your answer").input_value() == "Pompeo"
    assert question(page, "starter-troops-135-days").get_by_label("Your answer (a number)").input_value() == "8,600"
    assert question(page, "starter-order").locator(".sq-item-text").all_inner_texts()[0] == \
        "The Soviet Army invades Afghanistan"
    page.get_by_role("button", name="Reset progress").click()
    assert score(page) == "Score: 0 of 7 correct."
    page.reload()
    page.wait_for_selector(".sq-quiz[data-sq-ready]")
    assert score(page) == "Score: 0 of 7 correct."
    assert not question(page, "starter-signing-date").get_by_label("February 29, 2020").is_checked()
    assert feedback(page, "starter-signing-date") == ""


def test_try_again_clears_and_reshuffles(page):
    visit(page, "quiz_page.html")
    q = question(page, "starter-signing-date")
    orders = set()
    for _ in range(12):
        answer(page, "starter-signing-date", right=True)
        q.get_by_role("button", name="Check").click()
        q.get_by_role("button", name="Try again").click()
        assert feedback(page, "starter-signing-date") == "" and not q.locator("input:checked").count()
        orders.add(tuple(q.locator(".sq-option label").all_inner_texts()))
    assert len(orders) > 1
    assert score(page) == "Score: 0 of 7 correct."


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_whole_quiz_by_keyboard_alone(page):
    visit(page, "quiz_page.html")
    q = Q.format
    tab_to(page, f"{q('starter-signing-date')} input")   # the radio group: arrows choose
    page.keyboard.press("Space")
    while not page.evaluate("document.activeElement.labels[0].textContent") == "February 29, 2020":
        page.keyboard.press("ArrowDown")
    tab_to(page, f"{q('starter-signing-date')} .sq-check")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                            "getComputedStyle(document.activeElement).outlineWidth")
    assert outline.split()[0] != "none" and float(outline.split()[1].rstrip("px")) >= 2  # visible focus
    page.keyboard.press("Enter")
    for label in ("Afghan National Police", "Afghan Local Police"):
        tab_to(page, f"{q('starter-anddsf-parts')} input[type=checkbox]")
        while page.evaluate("document.activeElement.labels[0].textContent") != label:
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
    tab_to(page, f"{q('starter-anddsf-parts')} .sq-check")
    page.keyboard.press("Enter")
    tab_to(page, f"{q('starter-taliban-1996')} input")
    page.keyboard.press("ArrowDown")  # True -> False
    tab_to(page, f"{q('starter-taliban-1996')} .sq-check")
    page.keyboard.press("Space")
    tab_to(page, f"{q('starter-troops-135-days')} input")
    page.keyboard.type("8,600")
    page.keyboard.press("Enter")  # Enter in a field checks it
    tab_to(page, f"{q('starter-envoy-name')} input")
    page.keyboard.type("Khalilzad")
    page.keyboard.press("Enter")
    first = "The Soviet Army invades Afghanistan"
    tab_to(page, f'{q("starter-order")} button[aria-label="Move up: {first}"]')
    while page.locator(f"{q('starter-order')} .sq-item-text").all_inner_texts()[0] != first:
        page.keyboard.press("Enter")  # focus stays on the moved item's button
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Move up: {first}"
    page.wait_for_function("document.querySelector('.sq-announce').textContent.includes('moved to position 1 of 3')")
    tab_to(page, f"{q('starter-order')} .sq-check")
    page.keyboard.press("Enter")
    for index, right in enumerate(["US Secretary of State", "US Commander General",
                                   "a spokesperson for the National Security Council of Afghanistan"]):
        tab_to(page, f"{q('starter-match')} select[data-pair='{index}']")
        while page.evaluate("document.activeElement.selectedOptions[0].textContent") != right:
            page.keyboard.press("ArrowDown")
    tab_to(page, f"{q('starter-match')} .sq-check")
    page.keyboard.press("Enter")
    assert score(page) == "Score: 7 of 7 correct."
    for question_id in STARTER:
        assert "Correct." in feedback(page, question_id), question_id


def test_exam_mode_holds_feedback_until_submit(page):
    visit(page, "notebook_page.html")
    exam = page.locator(".sq-quiz").nth(1)
    assert "Exam mode" in exam.inner_text()
    exam.get_by_label("False", exact=True).check()
    exam.get_by_label("Your answer").fill("Khalilzad")
    assert exam.locator(".sq-feedback:not(:empty)").count() == 0
    assert exam.locator(".sq-score").inner_text() == "Answered 2 of 2. Press Submit to see your score."
    exam.get_by_role("button", name="Submit").click()
    assert exam.locator(".sq-score").inner_text() == "Score: 2 of 2 correct."
    assert exam.locator(".sq-feedback:not(:empty)").count() == 2
    assert exam.locator("fieldset[disabled]").count() == 2
    page.reload()
    page.wait_for_selector(".sq-quiz[data-sq-ready]")
    exam = page.locator(".sq-quiz").nth(1)
    assert exam.locator(".sq-score").inner_text() == "Score: 2 of 2 correct."  # restored, still submitted
    exam.get_by_role("button", name="Try again").click()
    assert exam.locator(".sq-feedback:not(:empty)").count() == 0 and exam.locator("fieldset[disabled]").count() == 0


def test_notebook_page_shows_static_quiz_and_exercise_notice(page):
    visit(page, "notebook_page.html")
    first = page.locator(".sq-quiz").first
    assert first.locator(".sq-q").count() == 3
    first.get_by_label("Your answer (a number)").fill("8600")
    first.get_by_role("button", name="Check").nth(1).click()
    assert "Correct." in first.locator(".sq-q").nth(1).locator(".sq-feedback").inner_text()
    assert "Paste the passage that dates the signing." in page.locator(".sq-exercise-static").inner_text()
    assert page.locator(".jupyter-widgets, .widget-subarea").count() == 0
    assert page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count() == 0


def test_hostile_bank_shows_as_text(page):
    visit(page, "hostile_page.html")
    assert page.locator(".sq-q legend").inner_text() == HOSTILE_PROMPT
    q = page.locator(".sq-q")
    q.locator("input").first.check()
    q.get_by_role("button", name="Check").click()
    assert "</script><script>window.__xss=2</script>" in q.locator(".sq-feedback").inner_text()
    assert page.evaluate("window.__xss === undefined")
    assert page.locator(".sq-quiz img").count() == 0


def set_theme(page, theme: str) -> None:
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'; document.documentElement.dataset.mode = '{theme}'")
    page.wait_for_timeout(600)  # the theme animates its colours when the mode changes; measure after


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations(page, theme):
    """Zero violations on whole pages, quizzes answered right and wrong, in light and dark mode (contrast
    included). The theme's own markup passes too, with the repairs of theme_a11y.js."""
    visit(page, "intro.html", quiz=False)
    set_theme(page, theme)
    assert run_axe(page) == []
    visit(page, "quiz_page.html")
    set_theme(page, theme)
    for question_id in STARTER[:4]:
        answer(page, question_id, right=question_id != "starter-anddsf-parts")
        question(page, question_id).get_by_role("button", name="Check").click()
    question(page, "starter-envoy-name").get_by_role("button", name="Check").click()  # the "type first" message
    question(page, "starter-order").get_by_role("button", name="Move down: The Soviet Army invades Afghanistan").focus()
    assert run_axe(page, ".sq-quiz") == []
    assert run_axe(page) == []
    visit(page, "notebook_page.html")
    set_theme(page, theme)
    page.locator(".sq-quiz").nth(1).get_by_role("button", name="Submit").click()
    assert run_axe(page, ".sq-quiz, .sq-exercise-static") == []
    assert run_axe(page) == []
