"""Every chapter runs top to bottom in a fresh kernel, as a reader's notebook: the MyST file converted with
jupytext, and the .ipynb the built book offers for download. Both run in chapters/, where Binder and a
clone of the repository put them."""

from __future__ import annotations

import pytest

from book_build import build_book, toc_files
from conftest import ROOT, missing

CHAPTERS = [name for name in toc_files() if name.startswith("chapters/")]


def execute(notebook) -> None:
    try:
        from nbclient import NotebookClient
    except ImportError:
        missing("nbclient is not installed (pip install -e '.[test]')")
    from quiz_support import kernel_python

    kernel_python()
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "chapters")}}).execute()
    errors = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
              if output.get("output_type") == "error"]
    assert not errors


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_in_a_fresh_kernel(chapter):
    try:
        import jupytext
    except ImportError:
        missing("jupytext is not installed (pip install -e '.[book]')")
    notebook = jupytext.read(ROOT / f"{chapter}.md")
    assert any(cell.cell_type == "code" for cell in notebook.cells)
    execute(notebook)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_downloaded_notebook_runs(chapter):
    import nbformat

    built = build_book()
    assert built.returncode == 0, built.log[-4000:]
    path = built.html / "_sources" / f"{chapter}.ipynb"
    assert path.is_file(), "the book offers no .ipynb for this chapter"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:  # what the reader downloads holds the book's outputs; run it afresh
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    execute(notebook)
