"""The real book, built strictly once per session (tests/book_build.py), read as HTML: no warnings, every
page of the table of contents, links that land on existing ids, source pages with sentence anchors, the
generated pages, launch and download buttons, search, dark mode; and, in Chromium, the highlighting of a
cited passage."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from book_build import build_book, toc_files
from book_support import soup
from conftest import ROOT, missing

CHAPTERS = [name for name in toc_files() if name.startswith("chapters/")]


@pytest.fixture(scope="module")
def book():
    built = build_book()
    assert built.returncode == 0, built.log[-6000:]
    return built


@lru_cache(maxsize=None)
def ids_of(path: Path) -> frozenset[str]:
    page = soup(path.read_text(encoding="utf-8"))
    return frozenset([tag["id"] for tag in page.find_all(id=True)] + [tag["name"] for tag in page.find_all("a", attrs={"name": True})])


def test_the_strict_build_passes_without_warnings(book):
    """Sphinx's messages read `WARNING: ...` (the kernel's own log lines, `[IPKernelApp] WARNING | ...`, are not
    the book's: ipykernel notes that a local kernel talks over TCP)."""
    assert book.returncode == 0
    found = [line for line in book.log.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL|SEVERE):", line)]
    assert not found, "\n".join(found)


def test_every_page_of_the_toc_is_built(book):
    assert len(CHAPTERS) == 8
    for docname in toc_files():
        assert book.page(docname).is_file(), docname


def test_every_internal_link_lands_on_a_page_and_an_id(book):
    """Citations, quiz evidence links, glossary terms, cross references: a relative href names an existing
    file and, after `#`, an existing id in it."""
    checked = 0
    problems = []
    for page in sorted(book.html.rglob("*.html")):
        if page.relative_to(book.html).parts[0] in ("_static", "_sources"):
            continue
        for link in soup(page.read_text(encoding="utf-8")).find_all("a", href=True):
            href = link["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "javascript:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(book.html)}: {href}: no such file")
                continue
            if parts.fragment and target.suffix == ".html":
                checked += 1
                if unquote(parts.fragment) not in ids_of(target):
                    problems.append(f"{page.relative_to(book.html)}: {href}: no element with that id")
    assert not problems, "\n".join(problems[:30])
    assert checked > 300


def test_citations_in_chapters_link_to_sentences(book):
    for chapter in CHAPTERS:
        links = soup(book.page(chapter).read_text(encoding="utf-8")).select("sup.sq-cite a")
        assert links, f"{chapter} has no citation"
        for link in links:
            assert re.search(r"reference/sources/[a-z0-9-]+\.html\?cite=[0-9,-]+#[a-z0-9-]+-s\d+$", link["href"])
            assert link["title"]


def test_every_citation_in_the_sources_becomes_a_link(book):
    """As many links as roles in each page's Markdown: none swallowed by another syntax (a dollar amount read
    as math once did that), none left as raw text."""
    pages = [*CHAPTERS, "reference/glossary", "intro"]
    for docname in pages:
        markdown = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
        roles = len(re.findall(r"\{(?:cite|quote)-source\}`", without_code_blocks(markdown)))
        page = soup(book.page(docname).read_text(encoding="utf-8"))
        assert len(page.select("sup.sq-cite a")) == roles, docname
        for code in page.select("pre, code"):
            code.decompose()
        assert "cite-source}" not in page.get_text() and not page.select(".math"), docname


def without_code_blocks(markdown: str) -> str:
    """The Markdown without the content of plain fenced code blocks (examples of syntax); directives stay."""
    kept, fence = [], None
    for line in markdown.splitlines():
        opening = re.match(r"^(`{3,})(.*)$", line)
        if fence is None and opening and not opening.group(2).strip().startswith("{") and opening.group(2).strip():
            fence = opening.group(1)
        elif fence is not None:
            if line.strip() == fence:
                fence = None
        else:
            kept.append(line)
    return "\n".join(kept)


def test_source_pages_have_an_anchor_on_every_sentence(book, sources):
    for source in sources:
        page = soup(book.page(f"reference/sources/{source.id}").read_text(encoding="utf-8"))
        anchors = [s["id"] for s in page.select(".sq-source-text span.sq-sentence")]
        assert anchors == [segment.anchor for segment in source.segments]
        assert len(page.select(".sq-source-text p.sq-source-paragraph")) == len(source.paragraphs)


def test_generated_pages_show_all_their_data(book):
    timeline = yaml.safe_load((ROOT / "data" / "timeline.yml").read_text(encoding="utf-8"))
    people = yaml.safe_load((ROOT / "data" / "people.yml").read_text(encoding="utf-8"))
    page = soup(book.page("reference/timeline").read_text(encoding="utf-8"))
    assert len(page.select("table.sq-timeline tbody tr")) == len(timeline)
    assert page.select(".sq-figure svg rect.sq-bar")
    page = soup(book.page("reference/whos_who").read_text(encoding="utf-8"))
    assert len(page.select("dl.sq-whos-who dt")) == len(people)
    page = soup(book.page("reference/verification").read_text(encoding="utf-8"))
    banks = sorted(p.stem for p in (ROOT / "quizzes").glob("*.yml"))
    assert sorted(code.get_text() for code in page.select("table.sq-verification tbody tr td:first-child code")) == banks
    assert not page.select("table.sq-verification .sq-status-bad")


def test_chapters_offer_download_binder_and_colab(book):
    for chapter in CHAPTERS:
        html = book.page(chapter).read_text(encoding="utf-8")
        stem = chapter.split("/")[-1]
        assert f'href="../_sources/{chapter}.ipynb"' in html
        assert (book.html / "_sources" / f"{chapter}.ipynb").is_file()
        assert f"https://mybinder.org/v2/gh/open-course/afghanistan-peace-talks/main?urlpath=lab/tree/{chapter}.md" in html
        assert (f"https://colab.research.google.com/github/open-course/afghanistan-peace-talks/blob/gh-pages/"
                f"_sources/chapters/{stem}.ipynb") in html


def test_repository_button_search_and_dark_mode(book):
    html = book.page("intro").read_text(encoding="utf-8")
    assert 'href="https://github.com/open-course/afghanistan-peace-talks"' in html
    assert "theme-switch-button" in html  # light / dark / auto
    assert 'data-default-mode="auto"' in html
    assert "search-button" in html and (book.html / "search.html").is_file()
    assert "Doha" in (book.html / "searchindex.js").read_text(encoding="utf-8")


def test_no_script_from_a_cdn_on_chapter_pages(book):
    html = book.page(CHAPTERS[4]).read_text(encoding="utf-8")
    assert not re.findall(r'<script[^>]+src="https?://', html)


def test_a_cited_passage_is_highlighted_in_the_browser(book):
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    if not chromium.exists():
        missing(f"{chromium} is absent (make browser)")
    chapter = book.page("chapters/ch05_doha_agreement")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(chapter.as_uri())
        link = page.locator("sup.sq-cite a").first
        href = link.get_attribute("href")
        numbers = re.search(r"cite=([0-9,-]+)#(.+)-s\d+$", href)
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith(href.split("/")[-1])
        marked = page.eval_on_selector_all(".sq-cited", "els => els.map(e => e.id)")
        expected = []
        for part in numbers.group(1).split(","):
            first, _, last = part.partition("-")
            expected += [f"{numbers.group(2)}-s{n}" for n in range(int(first), int(last or first) + 1)]
        assert marked == expected
        colours = {}
        for theme in ("light", "dark"):
            page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
            colours[theme] = page.eval_on_selector(".sq-cited", "e => getComputedStyle(e).backgroundColor")
        assert colours["light"] != colours["dark"] and "0, 0, 0, 0" not in colours["light"]
        browser.close()


def shown_date_range(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The first and last day a timeline row's date can mean: "2001", "July 2018", "February 29, 2020"."""
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    if re.fullmatch(r"\d{4}", text):
        return (int(text), 1, 1), (int(text), 12, 31)
    day = re.fullmatch(r"(\w+) (\d{1,2}), (\d{4})", text)
    if day:
        date = (int(day[3]), months.index(day[1]) + 1, int(day[2]))
        return date, date
    month = re.fullmatch(r"(\w+) (\d{4})", text)
    assert month, f"not a date the timeline shows: {text!r}"
    return (int(month[2]), months.index(month[1]) + 1, 1), (int(month[2]), months.index(month[1]) + 1, 31)


def test_the_timeline_page_is_in_date_order(book):
    """Sorted by real date, not as text: no row can only have happened before a row above it, and the
    events the reviews found out of order (9/11 and the bombing; the 2019 talks in Pakistan) are in place."""
    page = soup(book.page("reference/timeline").read_text(encoding="utf-8"))
    table = [[" ".join(td.get_text(" ").split()) for td in tr.select("td")]
             for tr in page.select("table.sq-timeline tbody tr")]
    dates = [row[0] for row in table]
    ranges = [shown_date_range(date) for date in dates]
    for above in range(len(ranges)):
        for below in range(above + 1, len(ranges)):
            assert ranges[below][1] >= ranges[above][0], f"{dates[below]!r} is listed after {dates[above]!r}"
    assert {"1996", "July 2018", "February 29, 2020"} <= set(dates)  # each date shows its own precision

    def row_of(words: str) -> int:
        found = [i for i, row in enumerate(table) if words in row[1]]
        assert len(found) == 1, words
        return found[0]

    attacks, bombing = row_of("The attacks of September 11th"), row_of("begins bombing Afghanistan")
    assert attacks < bombing and dates[bombing] == "2001"
    called_off, resume = row_of("calls off the peace negotiations"), row_of("resume in Pakistan")
    assert dates[called_off] == "September 7, 2019" and called_off < resume and dates[resume] == "2019"
    assert all(i < resume for i, date in enumerate(dates) if date in ("January 2019", "March 2019"))
    assert row_of("very specific") < row_of("good-faith effort") < row_of("sign their agreement in Doha")


def test_the_map_page_draws_its_figure(book):
    """The map is drawn at build time from data that packages ship: a captioned image, stored with the book."""
    page = soup(book.page("reference/map").read_text(encoding="utf-8"))
    figure = page.select_one("figure#fig-map")
    assert figure is not None
    image = figure.select_one("img")
    assert image is not None and not image["src"].startswith(("http:", "https:", "//"))
    assert "Natural Earth" in figure.select_one("figcaption").get_text()
