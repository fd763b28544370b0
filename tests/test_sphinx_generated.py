"""Pages made at build time, on a small sample book: timeline, who's who, verification report and
disagreements; their data files as dependencies; located warnings for bad data."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from book_support import BANK, build, make_book, soup

PAGES = {
    "timeline": "# Timeline\n\n```{timeline}\n```\n",
    "chapter_timeline": "# One chapter\n\n```{timeline}\n:chapter: chapter\n:no-figure:\n```\n",
    "whos_who": "# Who\n\n## People\n\n```{whos-who}\n:kind: person\n```\n\n## All\n\n```{whos-who}\n```\n",
    "verification": "# Verification\n\n```{verification-report}\n```\n",
    "disagreements": "# Disagreements\n\n```{disagreements}\n```\n",
    "chapters/chapter": "# The chapter\n\nText.\n",
}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return build(make_book(tmp_path_factory.mktemp("gen"), PAGES))


def rows(html: str, table: str) -> list[list[str]]:
    return [[" ".join(td.get_text(" ").split()) for td in tr.select("td")]
            for tr in soup(html).select(f"table.{table} tbody tr")]


def test_builds_without_warnings(book):
    assert book.warnings == ""


def test_timeline_is_sorted_by_date_and_cited(book):
    table = rows(book.html("timeline"), "sq-timeline")
    assert [r[0] for r in table] == ["July 2018", "February 29, 2020", "January 5, 2021"]
    assert table[2][1] == "The talks resume. (The essay gives no year; its context makes it 2021.)"
    assert [r[2] for r in table] == ["[Roe 2020]", "[Roe 2020]", "[Essay]"]
    assert [r[3] for r in table] == ["chapter", "chapter", ""]  # a stem without a number is shown as it is
    links = soup(book.html("timeline")).select("table.sq-timeline sup.sq-cite a")
    assert links[0]["href"] == "reference/sources/alpha-2020.html?cite=1#alpha-2020-s1"
    chapter = soup(book.html("timeline")).select("table.sq-timeline tbody tr td:nth-of-type(4) a")
    assert chapter[0]["href"] == "chapters/chapter.html"


def test_timeline_figure_counts_events_per_year(book):
    svg = soup(book.html("timeline")).select_one(".sq-figure svg")
    bars = {bar.title.get_text() for bar in svg.select("rect.sq-bar")}
    assert bars == {"2018: 1 event", "2020: 1 event", "2021: 1 event"}
    assert svg["role"] == "img" and svg.title.get_text().startswith("Events per year")


def test_timeline_of_one_chapter(book):
    table = rows(book.html("chapter_timeline"), "sq-timeline")
    assert [r[0] for r in table] == ["July 2018", "February 29, 2020"]
    assert soup(book.html("chapter_timeline")).select(".sq-figure") == []


def test_whos_who(book):
    page = soup(book.html("whos_who"))
    lists = page.select("dl.sq-whos-who")
    assert [dt.get_text() for dt in lists[0].select("dt")] == ["The envoy"]
    assert [dt.get_text() for dt in lists[1].select("dt")] == ["The delegates", "The envoy"]
    assert lists[0].select_one("dt")["id"] == "who-the-envoy"
    assert lists[0].select_one("dd sup.sq-cite a")["href"].endswith("#alpha-2020-s2")


def test_verification_report(book):
    table = rows(book.html("verification"), "sq-verification")
    assert table == [["sample", "chapter", "2", "2", "1", "ok"]]  # the disagreement is explained: accepted
    text = soup(book.html("verification")).get_text(" ")
    assert "2 questions in 1 banks checked against the sources: 0 errors, 0 warnings" in " ".join(text.split())
    assert rows(book.html("verification"), "sq-verification-chapters") == [["chapter", "0", "ok"]]
    codes = [r[0] for r in rows(book.html("verification"), "sq-codes")]
    assert "quote-not-found" in codes and "sources-disagree" in codes


def test_disagreements_show_both_passages(book):
    page = soup(book.html("disagreements"))
    first = page.select_one(".sq-disagreement")
    assert first.select_one("strong").get_text() == "February 29, 2020 or February 2012?"
    passages = first.select(".sq-passage")
    assert [p.select_one("strong").get_text() for p in passages] == ["February 29, 2020", "February 2012"]
    assert [p.select_one("sup.sq-cite a")["href"] for p in passages] == [
        "reference/sources/alpha-2020.html?cite=3#alpha-2020-s3", "reference/sources/beta-essay.html?cite=4#beta-essay-s4"]
    assert "A known error, listed in sources.yml" in first.get_text()
    assert "s-signing" in first.get_text()


def test_known_errors_with_their_passages(book):
    boxes = soup(book.html("disagreements")).select(".sq-disagreement")
    issues = [b for b in boxes if b.select_one("strong").get_text() == "An essay on the talks"]
    assert len(issues) == 1
    assert issues[0].select_one(".sq-passage strong").get_text() == "in February 2012"
    footer = [b for b in boxes if "running page footer" in b.get_text()]
    assert footer[0].select_one(".sq-passage strong").get_text() == "Page | 7"


def test_an_uncited_number_in_a_chapter_fails_the_build(tmp_path):
    folder = make_book(tmp_path, {**PAGES, "chapters/chapter": "# The chapter\n\nIt cost 1,234 dollars.\n"})
    result = build(folder)
    where = folder / "chapters" / "chapter.md"
    assert f"{where}:3: WARNING: verification: uncited-fact: number '1,234'" in result.warnings
    assert "[sourcequiz.verification]" in result.warnings


def test_a_bank_error_fails_the_build(tmp_path):
    folder = make_book(tmp_path, PAGES)
    broken = dict(BANK, questions=[dict(BANK["questions"][0], type="single", options=[{"text": "only one"}])])
    (folder / "quizzes" / "sample.yml").write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
    result = build(folder)
    assert re.search(r"sample\.yml:\d+: WARNING: verification: question 's-signing': format: options: .*"
                     r"\[sourcequiz\.verification\]", result.warnings)


def timeline_book(tmp_path, data: str):
    """A book with the Timeline page whose data/timeline.yml is `data`; (its folder, the data file's path)."""
    folder = make_book(tmp_path, {"timeline": PAGES["timeline"]})
    (folder / "data" / "timeline.yml").write_text(data, encoding="utf-8")
    return folder, str(folder / "data" / "timeline.yml")


def test_bad_data_is_located(tmp_path):
    folder, where = timeline_book(
        tmp_path,
        '- date: "2020-02-29"\n  event: Fine.\n  evidence: {source: alpha-2020, quote: "the agreement was signed"}\n'
        '- date: "29 Feb"\n  event: A bad date.\n  evidence: {source: alpha-2020, quote: "the agreement was signed"}\n'
        '- date: "2020"\n  event: A changed quote.\n  evidence: {source: alpha-2020, quote: "the agreement was sealed"}\n'
        '- date: "2020"\n  evidence: {source: alpha-2020, quote: "the agreement was signed"}\n')
    result = build(folder)
    assert f"{where}:4: WARNING: date '29 Feb': expected YYYY, YYYY-MM or YYYY-MM-DD [sourcequiz.data]" in result.warnings
    assert f"{where}:9: WARNING: quote not found in alpha-2020: 'the agreement was sealed'" in result.warnings
    assert f"{where}:10: WARNING: entry lacks event [sourcequiz.data]" in result.warnings


def test_a_missing_data_file_warns(tmp_path):
    folder = make_book(tmp_path, {"whos_who": PAGES["whos_who"]})
    (folder / "data" / "people.yml").unlink()
    result = build(folder)
    assert "people.yml: not found; this page is made from it [sourcequiz.data]" in result.warnings


def test_data_and_banks_are_dependencies(tmp_path):
    folder = make_book(tmp_path, PAGES)
    build(folder)
    for name in ("data/timeline.yml", "quizzes/sample.yml"):
        path = folder / name
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    again = build(folder, fresh=False)
    reread = set(re.findall(r"reading sources\.\.\. .*?(\S+)\s*$", again.status, re.M))
    assert {"timeline", "chapter_timeline", "verification", "disagreements"} <= reread
    assert "whos_who" not in reread and "chapters/chapter" not in reread


# ------------------------------------------------------------------ timeline order by real date

def test_dates_sort_by_real_date_and_show_their_precision():
    from sourcequiz.sphinxext.timeline import parse_date, show_date, sort_key

    dates = ["2019", "2001", "2019-10", "2001-09-11", "2019-09-07", "1996", "2019-09", "2020-02-29"]
    assert sorted(dates, key=sort_key) == [
        "1996", "2001-09-11", "2001", "2019-09-07", "2019-09", "2019-10", "2019", "2020-02-29"]
    assert [show_date(d) for d in ("1996", "2018-07", "2020-02-29")] == ["1996", "July 2018", "February 29, 2020"]
    assert parse_date("2019-02-29") is None and parse_date("2019-13") is None and parse_date("29 Feb") is None
    with pytest.raises(ValueError):
        sort_key("2019-13")


IMPRECISE = """\
- date: "2019"
  event: Talks resume, a month or so later.
  sort: "2019-10"
  evidence: {source: alpha-2020, quote: "The talks began in Doha in July 2018"}
- date: "2019"
  event: Something else that year.
  evidence: {source: alpha-2020, quote: "The talks began in Doha in July 2018"}
- date: "2019-12-01"
  event: A dated event late in the year.
  evidence: {source: alpha-2020, quote: "The talks began in Doha in July 2018"}
- date: "2019-09-07"
  event: The talks are called off.
  evidence: {source: alpha-2020, quote: "The talks began in Doha in July 2018"}
- date: "2019-09"
  event: Later that month.
  evidence: {source: alpha-2020, quote: "The talks began in Doha in July 2018"}
- date: "2018"
  event: An error of the source, named.
  source_error: The year is wrong.
  evidence: {source: beta-essay, quote: "The agreement was signed in February 2012"}
"""


def test_year_or_month_only_events_sit_at_their_real_place(tmp_path):
    folder, _ = timeline_book(tmp_path, IMPRECISE)
    result = build(folder)
    assert result.warnings == ""
    table = rows(result.html("timeline"), "sq-timeline")
    assert [r[0] for r in table] == ["2018", "September 7, 2019", "September 2019", "2019", "December 1, 2019",
                                     "2019"]
    assert [r[1] for r in table][2:4] == ["Later that month.", "Talks resume, a month or so later."]
    assert table[0][1] == "An error of the source, named. Error in the source: The year is wrong."


def test_evidence_on_a_known_error_warns_unless_the_entry_names_it(tmp_path):
    folder, where = timeline_book(
        tmp_path,
        '- date: "2020"\n  event: Signed.\n  sort: "2020-13"\n'
        '  evidence: {source: beta-essay, quote: "The agreement was signed in February 2012"}\n'
        '- date: "2012"\n  event: Signed, says the essay.\n'
        '  evidence: {source: beta-essay, quote: "The agreement was signed in February 2012"}\n')
    result = build(folder)
    assert f"{where}:3: WARNING: sort '2020-13': expected YYYY, YYYY-MM or YYYY-MM-DD [sourcequiz.data]" \
        in result.warnings
    assert re.search(re.escape(f"{where}:7: WARNING: evidence quotes 'in February 2012', a known error of "
                               "beta-essay") + r".*source_error.*\[sourcequiz\.data\]", result.warnings)
    assert result.warnings.count("known error") == 1  # the first entry is dropped for its bad sort key
