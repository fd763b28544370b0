"""The `cite-source` role on small sample books: links that land on the quoted sentences from any page depth
and with any HTML builder, located warnings for a wrong citation, and the source text as a dependency."""

from __future__ import annotations

import os
import re

import pytest

from book_support import NOTEBOOK_HEADER, build, make_book, normalise, soup
from sourcequiz.sphinxext.citations import citation_label, parse_citation
from sourcequiz.sources import Source

CHAPTER = NOTEBOOK_HEADER + """
# A chapter

The talks began in 2018 {cite-source}`alpha-2020: "The talks began in Doha in July 2018"`.
A quote over two sentences and a line break {cite-source}`alpha-2020: "in July 2018. The envoy met the delegates"`.
Fragments {cite-source}`alpha-2020: "The talks began ... Others were less sure"` and typographic quotes
{cite-source}`beta-essay: “5,000 prisoners were to be released”`.
"""
NESTED = """# A nested page

Deeper down {cite-source}`beta-essay: "the talks resumed on January 5th"`.
"""
BAD = """# A page with mistakes

Fine {cite-source}`alpha-2020: "The talks began"`.

Unknown source {cite-source}`gamma-2019: "anything"`.

Changed words {cite-source}`alpha-2020: "The talks started in Doha"`.

No quotes {cite-source}`alpha-2020: The talks began`.
"""


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    folder = make_book(tmp_path_factory.mktemp("cite"), {"chapter": CHAPTER, "part/deeper/nested": NESTED})
    return build(folder)


def citations(html: str) -> list:
    return soup(html).select("sup.sq-cite a")


def test_a_clean_book_builds_without_warnings(good):
    assert good.warnings == ""


def test_a_citation_links_to_the_sentence_holding_the_quote(good):
    first = citations(good.html("chapter"))[0]
    assert first["href"] == "reference/sources/alpha-2020.html?cite=1#alpha-2020-s1"
    assert first.get_text() == "[Roe 2020]"  # author's surname and year, derived from sources.yml
    assert first["title"] == "Talks in Doha: “The talks began in Doha in July 2018”"


def test_a_quote_over_sentences_and_fragments_lists_every_sentence(good):
    links = citations(good.html("chapter"))
    assert links[1]["href"].endswith("?cite=1-2#alpha-2020-s1")
    assert links[2]["href"].endswith("?cite=1,5#alpha-2020-s1")  # the fragments' sentences, not all between
    assert links[3]["href"] == "reference/sources/beta-essay.html?cite=2#beta-essay-s2"
    assert links[3].get_text() == "[Essay]"  # sourcequiz_citation_labels


def test_links_are_relative_to_the_page_at_any_depth(good):
    link = citations(good.html("part/deeper/nested"))[0]
    assert link["href"] == "../../reference/sources/beta-essay.html?cite=3#beta-essay-s3"
    target = (good.outdir / "part" / "deeper" / link["href"].split("?")[0]).resolve()
    assert target.is_file()
    assert soup(target.read_text(encoding="utf-8")).find(id="beta-essay-s3") is not None


def test_dirhtml_links_use_that_builders_uris(good, tmp_path):
    result = build(make_book(tmp_path, {"chapter": CHAPTER, "part/deeper/nested": NESTED}), "dirhtml")
    assert result.warnings == ""
    assert citations(result.html("chapter"))[0]["href"] == "../reference/sources/alpha-2020/?cite=1#alpha-2020-s1"
    assert citations(result.html("part/deeper/nested"))[0]["href"].startswith("../../../reference/sources/beta-essay/")


def test_html_fragment_snapshot(good):
    html = normalise(good.html("chapter"))
    assert ('began in 2018 <sup class="sq-cite"><a class="reference internal" '
            'href="reference/sources/alpha-2020.html?cite=1#alpha-2020-s1" '
            'title="Talks in Doha: “The talks began in Doha in July 2018”">[Roe 2020]</a></sup>.') in html


def test_book_css_and_js_only_on_pages_that_need_them(good):
    assert "_static/book.css" in good.html("chapter") and "_static/book.js" in good.html("chapter")
    assert "book.css" not in good.html("index")
    assert (good.outdir / "_static" / "book.js").is_file()


def test_wrong_citations_are_located_typed_warnings(tmp_path):
    result = build(make_book(tmp_path, {"bad": BAD}))
    lines = [line for line in result.warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 3, result.warnings
    unknown, changed, unquoted = lines
    assert re.search(r"bad\.md:5: WARNING: unknown source 'gamma-2019' .*alpha-2020, beta-essay "
                     r"\[sourcequiz\.citation\]$", unknown)
    assert re.search(r"bad\.md:7: WARNING: quote not found in alpha-2020: 'The talks started in Doha'.* "
                     r"\[sourcequiz\.citation\]$", changed)
    assert re.search(r"bad\.md:9: WARNING: cite-source: the quote must be in double quotes.* "
                     r"\[sourcequiz\.citation\]$", unquoted)
    assert len(citations(result.html("bad"))) == 1  # the good one still links


def test_a_missing_fragment_is_named(tmp_path):
    page = '# P\n\nX {cite-source}`alpha-2020: "The talks began ... nine days"`.\n'
    result = build(make_book(tmp_path, {"page": page}))
    assert "fragment 2, 'nine days', is not there in that order" in result.warnings


def test_citations_can_be_silenced_by_type(tmp_path):
    conf = "extensions = ['myst_nb', 'sourcequiz.sphinxext']\nnb_execution_mode = 'off'\n" \
           "exclude_patterns = ['_build', 'sources', 'quizzes', 'data']\n" \
           "suppress_warnings = ['sourcequiz.citation']\n"
    result = build(make_book(tmp_path, {"bad": BAD}, conf=conf))
    assert "WARNING" not in result.warnings


def test_a_source_without_a_page_cannot_link(tmp_path):
    result = build(make_book(tmp_path, {"chapter": CHAPTER}, source_pages=False))
    assert "no page shows source 'alpha-2020'" in result.warnings
    assert "[sourcequiz.citation]" in result.warnings
    assert citations(result.html("chapter")) == []


def test_editing_the_source_text_rebuilds_the_citing_page(tmp_path):
    folder = make_book(tmp_path, {"chapter": CHAPTER, "other": "# Other\n\nNo citations.\n"})
    build(folder)
    text = folder / "sources" / "beta.txt"
    stat = text.stat()
    os.utime(text, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    again = build(folder, fresh=False)
    reread = re.findall(r"reading sources\.\.\. .*?(\S+)\s*$", again.status, re.M)
    assert "chapter" in " ".join(reread) and "other" not in " ".join(reread)


@pytest.mark.parametrize("text, expected", [
    ('tariq-2020: "within 14 months"', ("tariq-2020", "within 14 months")),
    ('  tariq-2020 :  “within 14 months”  ', ("tariq-2020", "within 14 months")),
    ('x: "a “quoted” word"', ("x", "a “quoted” word")),
])
def test_parse_citation(text, expected):
    assert parse_citation(text) == expected


@pytest.mark.parametrize("text", ['tariq-2020 "no colon"', "tariq-2020: no quotes", 'tariq-2020: ""', ": \"x\""])
def test_parse_citation_refuses_malformed_text(text):
    with pytest.raises(ValueError):
        parse_citation(text)


def test_labels():
    known = Source(id="a", title="A long title of many words", path=None, text="", author="Muhammad Tariq",
                   written="Winter 2020 (journal Vol. V)")
    unknown = Source(id="b", title="A long title of many words", path=None, text="")
    assert citation_label(known, {}) == "Tariq 2020"
    assert citation_label(unknown, {}) == "A long title…"
    assert citation_label(unknown, {"b": "Essay"}) == "Essay"


def test_quote_source_shows_the_words_then_the_link(tmp_path):
    page = '# P\n\nIt begins like this: {quote-source}`alpha-2020: "The talks began ... Others were less sure"`.\n'
    result = build(make_book(tmp_path, {"page": page}))
    assert result.warnings == ""
    html = normalise(result.html("page"))
    assert ('like this: <span class="sq-quote">“The talks began … Others were less sure”</span> '
            '<sup class="sq-cite"><a class="reference internal" '
            'href="reference/sources/alpha-2020.html?cite=1,5#alpha-2020-s1"') in html


def test_locations_in_a_notebook_chapter_and_a_glossary(tmp_path):
    """Chapters are MyST notebooks (jupytext header, code cells): the line is still the file's line."""
    page = NOTEBOOK_HEADER + (
        "\n# Chapter\n\n```{code-cell} ipython3\nx = 1\n```\n\n"
        'A bad one {cite-source}`alpha-2020: "not in the text"`.\n\n'
        '```{glossary}\nterm\n  Defined {cite-source}`alpha-2020: "also not there"`.\n```\n')
    result = build(make_book(tmp_path, {"chapters/chap": page}))
    lines = page.splitlines()
    bad = next(i for i, line in enumerate(lines, 1) if "not in the text" in line)
    glossary = next(i for i, line in enumerate(lines, 1) if "also not there" in line)
    assert f"chap.md:{bad}: WARNING: quote not found in alpha-2020: 'not in the text'" in result.warnings
    assert f"chap.md:{glossary}: WARNING: quote not found in alpha-2020: 'also not there'" in result.warnings
