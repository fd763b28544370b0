"""What the quiz tests share: a small course in a temporary folder, a hostile bank, the venv's kernel,
and a small sample book built with the real `jupyter-book`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import DATA, ROOT

from book_support import NOTEBOOK_HEADER  # one jupytext header for every sample book

STARTER = DATA / "good" / "starter.yml"
VENV_BIN = Path(sys.executable).parent
HOSTILE_PROMPT = "<script>alert(1)</script>"

HOSTILE_BANK = {
    "bank": "hostile",
    "title": "Hostile <b>title</b>",
    "questions": [{
        "id": "hostile-prompt",
        "type": "single",
        "prompt": HOSTILE_PROMPT,
        "options": [
            {"text": "<img src=x onerror=\"window.__xss=1\">", "feedback": "</script><script>window.__xss=2</script>"},
            {"text": "February 29, 2020", "correct": True},
        ],
        "explanation": "An explanation with <i>markup</i> & an ampersand.",
        "evidence": [{"source": "peace-talks-essay", "quote": "A final agreement was signed on February 29, 2020"}],
    }],
}


def make_course(folder: Path, *, hostile: bool = False) -> Path:
    """A course folder: quizzes/starter.yml (and quizzes/hostile.yml), and a copy of the real sources."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "sources", folder / "sources", dirs_exist_ok=True)
    (folder / "quizzes").mkdir(exist_ok=True)
    shutil.copy(STARTER, folder / "quizzes" / "starter.yml")
    if hostile:
        (folder / "quizzes" / "hostile.yml").write_text(yaml.safe_dump(HOSTILE_BANK, sort_keys=False),
                                                        encoding="utf-8")
    return folder


def kernel_python() -> str:
    """Make sure kernel `python3` runs this interpreter: install the venv's kernel spec into the venv."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
        fine = spec.argv[0] in ("python", "python3", sys.executable)
    except NoSuchKernel:
        fine = False
    if not fine:
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
                       check=True, capture_output=True)
    return sys.executable


def notebook_cell(source: str) -> str:
    return f"```{{code-cell}} ipython3\n:tags: [remove-input]\n{source}\n```\n"



BOOK_CONFIG = {
    "title": "Quiz sample book",
    "author": "The tests",
    "only_build_toc_files": True,
    "exclude_patterns": ["sources", "quizzes", "_build"],
    "execute": {"execute_notebooks": "force", "timeout": 120, "allow_errors": False, "run_in_temp": False},
    "sphinx": {
        "extra_extensions": ["sourcequiz.sphinxext"],
        "config": {
            "nb_mime_priority_overrides": [
                [builder, "application/vnd.sourcequiz.quiz+json", 0] for builder in ("html", "dirhtml", "singlehtml", "latex")
            ] + [
                [builder, "application/vnd.sourcequiz.exercise+json", 0] for builder in ("html", "dirhtml", "singlehtml", "latex")
            ],
            "nb_ipywidgets_js": {},
        },
    },
}


def make_book(folder: Path) -> Path:
    """A sample book: a page with the quiz directive, a notebook page calling quiz(...), a hostile bank's page,
    and the source pages the evidence links to."""
    make_course(folder, hostile=True)
    (folder / "_config.yml").write_text(yaml.safe_dump(BOOK_CONFIG, sort_keys=False), encoding="utf-8")
    sources = ["peace-talks-essay", "tariq-2020"]
    toc = {"format": "jb-book", "root": "intro", "chapters": [
        {"file": "quiz_page"}, {"file": "notebook_page"}, {"file": "hostile_page"},
        {"file": "reference/sources/index", "sections": [{"file": f"reference/sources/{s}"} for s in sources]},
    ]}
    (folder / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    (folder / "intro.md").write_text("# Quiz sample book\n\nPages with quizzes.\n", encoding="utf-8")
    (folder / "quiz_page.md").write_text(
        "# A quiz page\n\nThe starter bank, every question type.\n\n```{quiz} starter\n```\n", encoding="utf-8")
    (folder / "hostile_page.md").write_text("# A hostile bank\n\n```{quiz} hostile\n```\n", encoding="utf-8")
    (folder / "notebook_page.md").write_text(
        NOTEBOOK_HEADER + "\n# A notebook page\n\nA quiz made by a code cell.\n\n"
        + notebook_cell('from sourcequiz import quiz\nquiz("starter", questions=["starter-signing-date", '
                        '"starter-troops-135-days", "starter-match"])')
        + "\nThe same bank in exam mode.\n\n"
        + notebook_cell('quiz(["starter-taliban-1996", "starter-envoy-name"], exam=True)')
        + "\nAn exercise.\n\n"
        + notebook_cell('from sourcequiz.exercises import passage_exercise\n'
                        'passage_exercise("Paste the passage that dates the signing.", needs=["February 29, 2020"])'),
        encoding="utf-8")
    pages = folder / "reference" / "sources"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "index.md").write_text("# The sources\n\nThe texts the quizzes quote.\n", encoding="utf-8")
    for source in sources:
        (pages / f"{source}.md").write_text(f"# {source}\n\n```{{source-text}} {source}\n```\n", encoding="utf-8")
    return folder


def build_book(folder: Path) -> subprocess.CompletedProcess:
    """`jupyter-book build` in strict mode, as `make book` runs it."""
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("SOURCEQUIZ_ROOT", None)
    return subprocess.run([str(VENV_BIN / "jupyter-book"), "build", str(folder), "--builder", "html",
                           "-W", "-n", "--keep-going"], capture_output=True, text=True, timeout=600, env=env)


def quiz_data(html_text: str) -> list[dict]:
    """The payloads embedded in a page, in order."""
    import re

    return [json.loads(m) for m in re.findall(r'<script type="application/json" class="sq-data">(.*?)</script>',
                                              html_text, re.S)]
