"""The `source-text` and `source-index` directives on a small sample book: anchors on every sentence and
paragraph, the text word for word, the metadata, and located warnings."""

from __future__ import annotations

import pytest

from book_support import ALPHA, build, make_book, soup
from sourcequiz.sources import SourceRegistry

INDEX = """# Sources

```{source-index}
```
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return build(make_book(tmp_path_factory.mktemp("src"), {"sources_index": INDEX}))


@pytest.fixture(scope="module")
def alpha(book):
    return SourceRegistry.load(book.folder / "sources")["alpha-2020"]


def test_builds_without_warnings(book):
    assert book.warnings == ""


def test_every_sentence_and_paragraph_has_its_anchor(book, alpha):
    page = soup(book.html("reference/sources/alpha-2020"))
    sentences = page.select(".sq-source-text span.sq-sentence")
    assert [s["id"] for s in sentences] == [segment.anchor for segment in alpha.segments]
    assert [s.get_text() for s in sentences] == [alpha.text[g.start:g.end] for g in alpha.segments]
    paragraphs = page.select(".sq-source-text p.sq-source-paragraph")
    assert [p["id"] for p in paragraphs] == ["alpha-2020-p1", "alpha-2020-p2", "alpha-2020-p3"]


def test_the_text_is_shown_word_for_word(book):
    """Every character of the file is on the page, in order (paragraph breaks aside): also the closing
    quote that falls between two sentences."""
    page = soup(book.html("reference/sources/alpha-2020"))
    shown = " ".join(p.get_text() for p in page.select(".sq-source-text p"))
    assert " ".join(shown.split()) == " ".join(ALPHA.split())
    assert "“a new era.” Others" in " ".join(shown.split())


def test_metadata_and_how_to_read_the_page(book):
    page = soup(book.html("reference/sources/alpha-2020"))
    meta = page.select_one(".sq-source-meta").get_text(" ")
    for expected in ("Talks in Doha", "Jane Roe", "journal article", "Spring 2020", "[Roe 2020]",
                     "sources/alpha.txt", "A running page footer"):
        assert expected in meta
    note = page.select_one(".sq-source-howto").get_text()
    assert "exactly as received" in note and "line breaks" in note
    beta_note = soup(book.html("reference/sources/beta-essay")).select_one(".sq-source-howto").get_text()
    assert "line breaks" in beta_note  # beta also breaks a paragraph over two lines


def test_source_index_links_each_source_page(book):
    page = soup(book.html("sources_index"))
    links = {a.get_text(): a["href"] for a in page.select("table.sq-source-index a")}
    assert links == {"Talks in Doha": "reference/sources/alpha-2020.html",
                     "An essay on the talks": "reference/sources/beta-essay.html"}
    assert "[Essay]" in page.select_one("table.sq-source-index").get_text()


def test_unknown_source_and_duplicate_page_warn(tmp_path):
    pages = {"wrong": "# Wrong\n\n```{source-text} gamma\n```\n",
             "again": "# Again\n\n```{source-text} alpha-2020\n```\n"}
    result = build(make_book(tmp_path, pages))
    assert "wrong.md:3: WARNING: source-text: unknown source 'gamma'" in result.warnings
    assert "[sourcequiz.source]" in result.warnings
    assert "source 'alpha-2020' is rendered on two pages (again and reference/sources/alpha-2020)" in result.warnings


def test_unreadable_sources_are_a_warning_not_a_traceback(tmp_path):
    folder = make_book(tmp_path, {})
    (folder / "sources" / "sources.yml").write_text("sources: [\n", encoding="utf-8")
    result = build(folder)
    assert "cannot read the course's sources" in result.warnings and "not valid YAML" in result.warnings
