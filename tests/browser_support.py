"""What the browser tests share: Debian's Chromium and axe-core, the starter bank answered right or wrong with
the mouse, and axe's violations inside a part of the page."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, missing

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

STARTER = ["starter-signing-date", "starter-anddsf-parts", "starter-taliban-1996", "starter-troops-135-days",
           "starter-envoy-name", "starter-order", "starter-match"]
WRONG_NOTES = {"starter-signing-date": "date set for the intra-Afghan negotiations",
               "starter-taliban-1996": "Correction: They took control in 1996.",
               "starter-match": "1 of 3 matches are right."}
ORDER = ["The Soviet Army invades Afghanistan", "The Taliban take control of Afghanistan",
         "The US–Taliban agreement is signed"]


def requirements() -> None:
    if not CHROMIUM.is_file():
        missing(f"{CHROMIUM} is not installed (make browser, or apt-get install chromium)")
    if not AXE.is_file():
        missing(f"{AXE} is missing (npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the playwright Python package is not installed (pip install -e '.[test]')")


def answer(q, question_id: str, right: bool) -> None:
    """Answer one starter question (`q`, the locator of its list item), right or wrong, with the mouse."""
    if question_id == "starter-signing-date":
        q.get_by_label("February 29, 2020" if right else "March 10, 2020").check()
    elif question_id == "starter-anddsf-parts":
        q.get_by_label("Afghan National Police").check()
        q.get_by_label("Afghan Local Police").set_checked(right)
        q.get_by_label("Resolute Support Mission").set_checked(not right)
    elif question_id == "starter-taliban-1996":
        q.get_by_label("False" if right else "True", exact=True).check()
    elif question_id == "starter-troops-135-days":
        q.get_by_label("Your answer (a number)").fill("8,600" if right else "13000")
    elif question_id == "starter-envoy-name":
        q.get_by_label("Your answer").fill("khalilzad " if right else "Pompeo")
    elif question_id == "starter-order":
        wanted = ORDER if right else [ORDER[1], ORDER[0], ORDER[2]]
        for position, text in enumerate(wanted):
            while q.locator(".sq-item-text").all_inner_texts().index(text) > position:
                q.get_by_role("button", name=f"Move up: {text}").click()
    elif question_id == "starter-match":
        q.get_by_label("Michael Pompeo").select_option(label="US Secretary of State" if right else "US Commander General")
        q.get_by_label("Scott Miller").select_option(label="US Commander General" if right else "US Secretary of State")
        q.get_by_label("Javid Faisal").select_option(label="a spokesperson for the National Security Council of Afghanistan")


def run_axe(page, scope: str | None = None) -> list:
    """axe-core's violations (rule id and the first few nodes), over `scope` (CSS selectors) or the whole page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    context = f"{{include: [{', '.join(repr(s) for s in scope.split(', '))}]}}" if scope else "document"
    return page.evaluate(f"async () => (await axe.run({context})).violations.map("
                         "v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")
