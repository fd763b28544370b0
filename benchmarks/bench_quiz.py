"""Quiz figures, ours beside jupyterquiz's, measured the same way:

- the size of the quiz's JavaScript and CSS (unminified bytes);
- the time from page load until the first quiz answers a click, in headless Chromium: a page with a
  20-question quiz served on 127.0.0.1, a script that from the first instant keeps answering the first
  question (ours: choose an option and press Check; jupyterquiz: press an answer) until feedback shows,
  timed with performance.now() from navigation start (median of several cold loads, cache disabled);
  and until the frame that paints that feedback (the next animation frame), which is when a reader sees it:
  a classic inline script (jupyterquiz) can answer during parsing, before anything is on screen, while a module
  script (ours) runs when parsing ends, and the browser paints the page before the probe's next timer;
- the time for `import` plus displaying a 20-question quiz in a fresh kernel (median of several kernels),
  measured by the client from execute request to reply; and, for us, displaying a second quiz in that kernel
  (the widget's own share, once the bank format and the sources are loaded);
- the widget models a quiz makes in the kernel (ours: one anywidget model; jupyterquiz: none, it writes HTML).

The ratios ours/jupyterquiz are printed with the targets of issue 14: import + display at most 2x, page load at
most 1.0x, JS + CSS at most half.

jupyterquiz has no order, match or true/false type: those questions become multiple choice there.
It is measured only when installed (`pip install jupyterquiz` into the venv); otherwise a note is printed.
"""

from __future__ import annotations

import functools
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "tests" / "data" / "good" / "starter.yml"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LOADS = 15
KERNELS = 3
COUNT = 20

OURS_TRY = """() => {
  const q = document.querySelector('.sq-quiz .sq-q');
  const input = q && q.querySelector('input'), check = q && q.querySelector('.sq-check');
  if (!input || !check) return false;
  input.click(); check.click();
  return q.querySelector('.sq-feedback').textContent.trim().length > 0;
}"""
THEIRS_TRY = """() => {
  const button = document.querySelector('.MCButton');
  if (!button) return false;
  button.click();
  const feedback = document.querySelector('.Feedback');
  return !!feedback && feedback.textContent.trim().length > 0;
}"""
PROBE = """(() => {
  window.__tryAnswer = TRY;
  function tick() {
    try {
      if (window.__tryAnswer()) {
        window.__answeredAt = performance.now();
        requestAnimationFrame(() => { window.__shownAt = performance.now(); });
        return;
      }
    } catch (err) {}
    setTimeout(tick, 1);
  }
  tick();
})();"""


def note(text: str) -> None:
    print(f"bench_quiz: {text}", file=sys.stderr, flush=True)


def questions(count: int = COUNT) -> list[dict]:
    """`count` questions in the bank format: the starter bank's seven types, repeated with new ids."""
    base = yaml.safe_load(STARTER.read_text(encoding="utf-8"))["questions"]
    return [dict(base[i % len(base)], id=f"{base[i % len(base)]['id']}-{i}") for i in range(count)]


def as_jupyterquiz(question: dict) -> dict:
    """The nearest jupyterquiz question (order, match and true/false become multiple choice)."""
    kind = question["type"]
    if kind in ("single", "multiple"):
        answers = [{"answer": o["text"], "correct": bool(o.get("correct")),
                    "feedback": o.get("feedback") or ("Correct." if o.get("correct") else "Incorrect.")}
                   for o in question["options"]]
        return {"question": question["prompt"], "type": "multiple_choice" if kind == "single" else "many_choice",
                "answers": answers}
    if kind == "numeric":
        return {"question": question["prompt"], "type": "numeric", "precision": 4, "answers": [
            {"type": "value", "value": question["answer"], "correct": True, "feedback": "Correct."},
            {"type": "default", "feedback": "Incorrect."}]}
    if kind == "text":
        return {"question": question["prompt"], "type": "string", "answers": [
            *({"answer": a, "correct": True, "match_case": False, "feedback": "Correct."} for a in question["answers"]),
            {"type": "default", "feedback": "Incorrect."}]}
    if kind == "true_false":
        return {"question": question["prompt"], "type": "multiple_choice", "answers": [
            {"answer": "True", "correct": question["answer"], "feedback": "."},
            {"answer": "False", "correct": not question["answer"], "feedback": "."}]}
    items = question.get("items") or [f"{p['left']} – {p['right']}" for p in question["pairs"]]
    return {"question": question["prompt"], "type": "multiple_choice", "answers": [
        {"answer": " → ".join(items), "correct": True, "feedback": "Correct."},
        {"answer": " → ".join(reversed(items)), "correct": False, "feedback": "Incorrect."}]}


def jupyterquiz_available() -> bool:
    try:
        import jupyterquiz  # noqa: F401
    except ImportError:
        note("jupyterquiz is not installed (.venv/bin/pip install jupyterquiz); its figures are skipped")
        return False
    return True


def asset_rows(with_theirs: bool) -> list[tuple]:
    from sourcequiz import html

    ours = html.asset_bytes()
    rows = [("quiz JS + CSS, sourcequiz", ours, "bytes", "<= 25,000")]
    if with_theirs:
        import jupyterquiz

        folder = Path(jupyterquiz.__file__).parent
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.name.endswith((".js", ".css", ".js.tpl")))
        rows.append(("quiz JS + CSS, jupyterquiz", size, "bytes", ""))
        rows.append(("quiz JS + CSS, sourcequiz / jupyterquiz", ours / size, "x", "<= 0.5"))
    return rows


def model_rows() -> list[tuple]:
    """Widget models one 20-question quiz opens: each is a comm opened on the widget target, so count those."""
    import comm

    from sourcequiz import quiz

    opened = []
    make = comm.create_comm

    def recording(*args, **kwargs):
        made = make(*args, **kwargs)
        if kwargs.get("target_name") == "jupyter.widget":
            opened.append(made)
        return made

    comm.create_comm = recording
    try:
        made = quiz(questions=questions(), root=ROOT)
    finally:
        comm.create_comm = make
    made.close()
    return [(f"widget models per {COUNT}-question quiz, sourcequiz", len(opened), "models", "= 1")]


def ratio_rows(rows: list[tuple]) -> list[tuple]:
    """ours / jupyterquiz for each timed figure measured for both."""
    found = {what: value for what, value, _, _ in rows}
    shown = f"page load -> first feedback on screen, {COUNT} questions"
    pairs = [(f"{shown}, sourcequiz (inline, as in a notebook's HTML output)", f"{shown}, jupyterquiz",
              "page load -> feedback on screen, notebook HTML, sourcequiz / jupyterquiz", "<= 1.0"),
             (f"{shown}, sourcequiz (quiz.classic.js, quiz.css files, as in the book)", f"{shown}, jupyterquiz",
              "page load -> feedback on screen, book, sourcequiz / jupyterquiz", "<= 1.0"),
             (f"page load -> first quiz answers a click, {COUNT} questions, sourcequiz "
              "(inline, as in a notebook's HTML output)", f"page load -> first quiz answers a click, {COUNT} "
              "questions, jupyterquiz", "page load -> first answer, notebook HTML, sourcequiz / jupyterquiz", "<= 1.0"),
             (f"page load -> first quiz answers a click, {COUNT} questions, sourcequiz (quiz.classic.js, quiz.css files, "
              "as in the book)", f"page load -> first quiz answers a click, {COUNT} questions, jupyterquiz",
              "page load -> first answer, book, sourcequiz / jupyterquiz", "<= 1.0"),
             (f"import + display a {COUNT}-question quiz in a fresh kernel, sourcequiz",
              f"import + display a {COUNT}-question quiz in a fresh kernel, jupyterquiz",
              "import + display, sourcequiz / jupyterquiz", "<= 2.0")]
    return [(name, found[ours] / found[theirs], "x", target) for ours, theirs, name, target in pairs
            if ours in found and theirs in found and found[theirs]]


def write_pages(folder: Path, with_theirs: bool) -> dict[str, str]:
    """Two minimal pages, each with one 20-question quiz: ours as in the book (quiz.js and quiz.css files),
    ours inline as well (as a notebook's text/html output), jupyterquiz's as its notebook output (inline)."""
    from sourcequiz import html
    from sourcequiz.payload import build_payload

    payload = build_payload(questions=questions(), root=ROOT)
    for name in html.ASSETS:
        (folder / name).write_text(html.asset(name), encoding="utf-8")
    (folder / "quiz.classic.js").write_text(html.classic_script("quiz.js"), encoding="utf-8")  # as the book loads it
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{}</title>{}</head><body>'
    pages = {"sourcequiz (quiz.classic.js, quiz.css files, as in the book)": "ours.html",
             "sourcequiz (inline, as in a notebook's HTML output)": "ours-inline.html"}
    (folder / "ours.html").write_text(
        head.format("sourcequiz", '<link rel="stylesheet" href="quiz.css"><script defer src="quiz.classic.js"></script>')
        + html.render(payload) + "</body></html>", encoding="utf-8")
    (folder / "ours-inline.html").write_text(
        head.format("sourcequiz", "") + html.render(payload, inline_assets=True) + "</body></html>", encoding="utf-8")
    if with_theirs:
        from jupyterquiz.dynamic.loader import load_questions_script
        from jupyterquiz.dynamic.renderer import build_script, build_styles, render_div

        div_id = "benchquiz"
        prefix, static, url = load_questions_script([as_jupyterquiz(q) for q in questions()], div_id)
        colours = {"--jq-multiple-choice-bg": "#392061", "--jq-text-color": "#fafafa"}
        markup = render_div(div_id, False, True, False, 1_000_000, 600, 10, "left") + "</div>"
        (folder / "theirs.html").write_text(
            head.format("jupyterquiz", "") + markup + build_styles(div_id, colours)
            + f"<script>{build_script(prefix, static, url, div_id, True)}</script></body></html>", encoding="utf-8")
        pages["jupyterquiz"] = "theirs.html"
    return pages


def click_rows(with_theirs: bool) -> list[tuple]:
    if not CHROMIUM.is_file():
        note(f"{CHROMIUM} is missing (make browser); the page-load figures are skipped")
        return []
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "site").mkdir()
        pages = write_pages(folder / "site", with_theirs)

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(Quiet, directory=str(folder / "site")))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as p:
                context = p.chromium.launch_persistent_context(str(folder / "profile"), executable_path=str(CHROMIUM),
                                                               headless=True, args=ARGS)
                for library, page_name in pages.items():
                    probe = PROBE.replace("TRY", OURS_TRY if library.startswith("sourcequiz") else THEIRS_TRY)
                    times = []
                    for _ in range(LOADS):
                        page = context.new_page()
                        cdp = context.new_cdp_session(page)
                        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                        page.add_init_script(probe)
                        page.goto(base + page_name)
                        page.wait_for_function("window.__shownAt !== undefined", timeout=30_000)
                        times.append(page.evaluate("[window.__answeredAt, window.__shownAt]"))
                        page.close()
                    rows.append((f"page load -> first quiz answers a click, {COUNT} questions, {library}",
                                 statistics.median(t[0] for t in times), "ms", ""))
                    rows.append((f"page load -> first feedback on screen, {COUNT} questions, {library}",
                                 statistics.median(t[1] for t in times), "ms", ""))
                context.close()
        finally:
            server.shutdown()
            server.server_close()
    return rows


def kernel_rows(with_theirs: bool) -> list[tuple]:
    from jupyter_client.manager import KernelManager

    with tempfile.TemporaryDirectory() as temp:
        data = Path(temp) / "questions.json"
        data.write_text(json.dumps({"ours": questions(), "theirs": [as_jupyterquiz(q) for q in questions()]}),
                        encoding="utf-8")
        cells = {"sourcequiz": "import sourcequiz\ndisplay(sourcequiz.quiz(questions=Q['ours']))",
                 "sourcequiz, a second quiz in the same kernel": "display(sourcequiz.quiz(questions=Q['ours']))"}
        if with_theirs:
            cells["jupyterquiz"] = "from jupyterquiz import display_quiz\ndisplay_quiz(Q['theirs'])"
        rows = []
        for library, code in cells.items():
            if library.startswith("sourcequiz, a second"):
                continue  # measured in the same kernels as the first
            times, again = [], []
            for _ in range(KERNELS):
                manager = KernelManager(kernel_name="python3")
                manager.start_kernel(cwd=str(ROOT), extra_arguments=["--IPKernelApp.log_level=ERROR"])
                client = manager.client()
                client.start_channels()
                try:
                    client.wait_for_ready(timeout=60)
                    client.execute_interactive(f"import json\nQ = json.load(open({str(data)!r}))", timeout=60,
                                               output_hook=lambda msg: None)
                    start = time.perf_counter()
                    reply = client.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
                    elapsed = (time.perf_counter() - start) * 1000
                    if reply["content"]["status"] != "ok":
                        raise RuntimeError(f"{library}: the cell failed: {reply['content']}")
                    times.append(elapsed)
                    if library == "sourcequiz":
                        second = cells["sourcequiz, a second quiz in the same kernel"]
                        start = time.perf_counter()
                        client.execute_interactive(second, timeout=120, output_hook=lambda msg: None)
                        again.append((time.perf_counter() - start) * 1000)
                finally:
                    client.stop_channels()
                    manager.shutdown_kernel(now=True)
            rows.append((f"import + display a {COUNT}-question quiz in a fresh kernel, {library}",
                         statistics.median(times), "ms", ""))
            if again:
                rows.append((f"display a second {COUNT}-question quiz in that kernel, {library}",
                             statistics.median(again), "ms", ""))
    return rows


def run() -> list[tuple]:
    with_theirs = jupyterquiz_available()
    rows = [*asset_rows(with_theirs), *model_rows(), *click_rows(with_theirs), *kernel_rows(with_theirs)]
    return rows + ratio_rows(rows)


if __name__ == "__main__":
    for row in run():
        print(*row)
