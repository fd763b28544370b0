"""QTI in a real player: Cito's player (@citolab/qti-components, GPL-3.0, a test-only npm package) in Debian's
Chromium shows our QTI 3 items, and our QTI 2.1 items once Cito's converter (@citolab/qti-convert, Apache-2.0)
has upgraded them to QTI 3. Answers are clicked as a student would and scored by the player's response processing.
"""

from __future__ import annotations

import subprocess
import zipfile

import pytest
import yaml

import injection_corpus as corpus

from conftest import DATA, ROOT, missing, node_available
from sourcequiz.export import export_set
from sourcequiz.selection import Query, read_set, select


@pytest.fixture(scope="module")
def awkward():
    return select(Query(), seed=42, name="awkward-set", title="Awkward – set", banks_dir=DATA / "export",
                  sources_dir=ROOT / "sources")



CITO = ROOT / "node_modules" / "@citolab"
PLAYER = "http://player.invalid/"  # served by Playwright's router from node_modules: no server, no network
PLAYER_PAGE = ('<!doctype html><html lang="en"><body><div id="host"></div><script type="module">'
               'import * as qti from "./qti-components/cdn/index.js"; window.qti = qti; window.ready = true;'
               '</script></body></html>')


def require_player():
    from browser_support import CHROMIUM

    if not (CITO / "qti-components").is_dir() or not node_available():
        missing("node_modules/@citolab (npm ci) is needed for the QTI player")
    if not CHROMIUM.is_file():
        missing(f"{CHROMIUM} is not installed (make browser)")


def qti3_items(qset, sources, folder, fmt: str) -> dict[str, str]:
    """The set's items in QTI 3, by question id: our qti3 export, or our qti21 export upgraded by Cito's converter."""
    require_player()
    package = export_set(qset, fmt, folder / f"{fmt}.zip", sources).files[0]
    if fmt == "qti21":
        converted = subprocess.run(["node", str(CITO / "qti-convert" / "dist" / "qti-convert-pkg.mjs"), str(package)],
                                   capture_output=True, text=True, timeout=120)
        assert converted.returncode == 0, converted.stderr
        package = folder / f"{fmt}-qti3.zip"
    with zipfile.ZipFile(package) as archive:
        return {name.removeprefix("items/").removesuffix(".xml"): archive.read(name).decode("utf-8")
                for name in archive.namelist() if name.startswith("items/")}


@pytest.fixture(scope="module", params=["qti3", "qti21"])
def items(request, awkward, sources, tmp_path_factory):
    return qti3_items(awkward, sources, tmp_path_factory.mktemp(request.param), request.param)


@pytest.fixture(scope="module")
def player():
    from browser_support import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    def serve(route):
        path = route.request.url.removeprefix(PLAYER)
        if path in ("", "index.html"):
            return route.fulfill(body=PLAYER_PAGE, content_type="text/html")
        file = CITO / path
        if file.is_file() and CITO in file.resolve().parents:
            return route.fulfill(path=str(file))
        return route.fulfill(status=404, body="")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.route("**/*", lambda route: serve(route) if route.request.url.startswith(PLAYER) else route.abort())
        page.goto(PLAYER)
        page.wait_for_function("window.ready === true")
        yield page
        browser.close()


def show(player, xml: str) -> str:
    """Show one item as the player renders it; its visible text."""
    player.evaluate("xml => document.getElementById('host').replaceChildren("
                    "window.qti.qtiTransformItem().parse(xml).htmlDoc())", xml)
    player.wait_for_function("document.querySelector('qti-assessment-item')?.variables?.length > 0")
    return player.evaluate("document.getElementById('host').innerText")


def score(player, xml: str, choose: list[str]) -> float:
    """Click the choices with these texts, as a student would, and score the response."""
    show(player, xml)
    for text in choose:
        player.locator("qti-simple-choice").filter(has_text=text).first.click()
    return player.evaluate("""() => {
        const item = document.querySelector("qti-assessment-item");
        item.processResponse();
        return Number(item.getOutcome("SCORE").value);
    }""")


def test_items_show_awkward_text_in_a_real_player(items, player, awkward):
    assert sorted(items) == sorted(awkward.ids)
    for question in awkward.questions:
        shown = show(player, items[question.id])
        assert " ".join(question.prompt.split()) in " ".join(shown.split()), question.id
        for text in [o.text for o in getattr(question, "options", [])] + list(getattr(question, "items", [])):
            assert text in shown, (question.id, text)
    assert player.errors == []


@pytest.mark.parametrize("kind", ["single", "multiple", "true_false"])
def test_choice_items_score_in_a_real_player(kind, items, player, awkward):
    question = next(q for q in awkward.questions if q.type == kind)
    if kind == "true_false":
        right, wrong = ["True" if question.answer else "False"], ["False" if question.answer else "True"]
    else:
        right = [o.text for o in question.options if o.correct]
        wrong = [next(o.text for o in question.options if not o.correct)]
    assert score(player, items[question.id], right) == 1
    assert score(player, items[question.id], wrong) == 0
    assert player.errors == []


def test_qti3_injected_markup_is_shown_as_text_and_runs_nothing(player, sources, tmp_path):
    path = tmp_path / "set.yml"
    path.write_text(yaml.safe_dump(corpus.question_set(corpus.PAYLOADS), allow_unicode=True), encoding="utf-8")
    qset = read_set(path, sources)
    singles = [q for q in qset.questions if q.type == "single"]
    played = qti3_items(qset, sources, tmp_path, "qti3")
    for question in singles:
        shown = " ".join(show(player, played[question.id]).split())
        assert " ".join(question.prompt.split()) in shown, question.id
        assert player.evaluate("window.__xss === undefined && !document.querySelector('#host script, #host img, "
                               "#host iframe, #host svg, #host details')"), question.id
    assert player.errors == []
