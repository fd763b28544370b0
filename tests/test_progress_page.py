"""The "Your progress" page in a real browser: the sample book of test_browser.py plus a page with the
`quiz-progress` directive, built with `jupyter-book`, served on 127.0.0.1 and driven by Playwright in
Debian's Chromium. Answers given on a quiz page show up as that page's score; Reset clears them."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path

import pytest
import yaml

from browser_support import ARGS, CHROMIUM, answer as answer_in, requirements, run_axe
from quiz_support import build_book, kernel_python, make_book, quiz_data

PROGRESS_PAGES = {
    "progress": "# Your progress\n\nScores from this browser.\n\n```{quiz-progress}\n```\n",
    "progress_quiz_page_only": "# Only the quiz page\n\n```{quiz-progress}\n:pages: quiz_*\n```\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    requirements()
    kernel_python()
    folder = make_book(tmp_path_factory.mktemp("progress") / "book")
    toc = yaml.safe_load((folder / "_toc.yml").read_text(encoding="utf-8"))
    for name, text in PROGRESS_PAGES.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
        toc["chapters"].append({"file": name})
    (folder / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    result = build_book(folder)
    log = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING:" not in log, log[-4000:]
    return folder / "_build" / "html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
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
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(f"{e} {e.stack or ''}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.base = base
    yield page
    assert [e for e in errors if "sourcequiz" in e or "progress.js" in e or "quiz.js" in e] == []
    assert [u for u in requests if not u.startswith(base) and not u.startswith("data:")] == []  # nothing sent
    page.close()


def question(page, question_id: str):
    return page.locator(f"#sq-starter--{question_id}")


def answer(page, question_id: str, right: bool) -> None:
    answer_in(question(page, question_id), question_id, right)


def rows(page) -> dict[str, tuple[str, str]]:
    """Page title -> (score, checked), as the table shows them."""
    page.wait_for_selector(".sq-progress[data-sq-ready]")
    shown = {}
    for row in page.locator(".sq-progress-table tr[data-sq-page]").all():
        cells = row.locator("th, td").all_inner_texts()
        shown[cells[0].strip()] = (cells[1], cells[2])
    return shown


def test_answers_show_as_the_page_score_and_reset_clears_them(page):
    page.goto(page.base + "quiz_page.html")
    page.evaluate("window.localStorage.clear()")
    page.reload()
    page.wait_for_selector(".sq-quiz[data-sq-ready]")
    answer(page, "starter-signing-date", right=True)
    question(page, "starter-signing-date").get_by_role("button", name="Check").click()
    answer(page, "starter-envoy-name", right=False)
    question(page, "starter-envoy-name").get_by_role("button", name="Check").click()
    answer(page, "starter-order", right=True)  # moved, never checked: not counted

    page.goto(page.base + "progress.html")
    shown = rows(page)
    assert shown["A quiz page"] == ("1 of 7 correct", "2 of 7")
    # the notebook page's quizzes share two of those questions (answers are kept per question id)
    assert shown["A notebook page"] == ("1 of 5 correct", "2 of 5")
    assert shown["A hostile bank"] == ("not started", "0 of 1")
    assert shown["All quizzes"] == ("1 of 8 correct", "2 of 8")
    assert list(shown)[:3] == ["A quiz page", "A notebook page", "A hostile bank"]  # table-of-contents order
    assert page.locator(".sq-progress-table a", has_text="A quiz page").get_attribute("href") == "quiz_page.html"
    assert run_axe(page, ".sq-progress") == []

    page.goto(page.base + "progress_quiz_page_only.html")
    assert list(rows(page)) == ["A quiz page", "All quizzes"]

    page.goto(page.base + "progress.html")
    rows(page)
    page.get_by_role("button", name="Reset all progress").click()
    page.wait_for_function("document.querySelector('.sq-progress-announce').textContent.includes('removed')")
    assert "3 saved answers removed" in page.locator(".sq-progress-announce").inner_text()  # order was saved too
    shown = rows(page)
    assert shown["A quiz page"] == ("not started", "0 of 7") and shown["All quizzes"] == ("not started", "0 of 8")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sourcequiz:')).length") == 0
    page.goto(page.base + "quiz_page.html")
    page.wait_for_selector(".sq-quiz[data-sq-ready]")
    assert page.locator(".sq-score").first.inner_text() == "Score: 0 of 7 correct."


def test_answers_in_another_tab_update_the_table(page, context):
    page.goto(page.base + "progress.html")
    page.evaluate("window.localStorage.clear()")
    page.reload()
    assert rows(page)["A quiz page"] == ("not started", "0 of 7")
    other = context.new_page()
    other.goto(page.base + "quiz_page.html")
    other.wait_for_selector(".sq-quiz[data-sq-ready]")
    answer(other, "starter-taliban-1996", right=True)
    question(other, "starter-taliban-1996").get_by_role("button", name="Check").click()
    other.close()
    page.wait_for_function("document.querySelector('tr[data-sq-page=\"quiz_page\"] .sq-progress-score')"
                           ".textContent === '1 of 7 correct'")


def test_the_books_progress_page_carries_each_chapters_quiz():
    """The real book (built once per session, strictly): the progress page lists the chapters in order, each
    with the question ids of the quiz its page shows, and only what grading reads."""
    from book_build import build_book as build_the_book, toc_files

    book = build_the_book()
    assert book.returncode == 0, book.log[-3000:]
    page = book.page("reference/progress").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" class="sq-progress-data">(.*?)</script>', page, re.S)
    data = json.loads(found.group(1))
    assert [entry["page"] for entry in data] == [d for d in toc_files() if d.startswith("chapters/")]
    for entry in data:
        shown = {p["key"]: [q["id"] for q in p["questions"]] for p in quiz_data(book.page(entry["page"]).read_text())}
        listed = {quiz["key"]: [q["id"] for q in quiz["questions"]] for quiz in entry["quizzes"]}
        assert listed == shown and listed, entry["page"]
        assert not any({"prompt", "explanation", "evidence"} & set(q) for quiz in entry["quizzes"]
                       for q in quiz["questions"])
    assert page.index('src="../_static/quiz.classic.js') < page.index('src="../_static/progress.classic.js')
    assert (book.html / "_static" / "progress.classic.js").is_file()
