"""facts: numbers, dates, years, names and key terms, compared by meaning rather than form."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcequiz.facts import Date, canonical, contains_fact, extract, values
from sourcequiz.facts.model import Fact, term_fact
from sourcequiz.textmatch import _normalize, norm


def kinds(text, kind):
    facts = extract(text)
    return [f for f in getattr(facts, kind)]


@pytest.mark.parametrize("text, fact", [
    ("the release of 5,000 Taliban", "5000"),
    ("the release of 5000 Taliban", "5,000"),
    ("the release of five thousand prisoners", "5,000"),
    ("release of 5,000 Taliban and 1,000 Afghan", "five thousand"),
    ("the release of one thousand prisoners", "1000"),
    ("a thousand men", "1,000"),
    ("over eighteen months", "18"),
    ("consisted of nine rounds", "9"),
    ("a seven-day reduction in the violence", "7"),
    ("approaching the twenty-year mark", "20"),
    ("one hundred and fifty captives", "150"),
    ("a decrease in violence as much as 80%", "80 percent"),
    ("a decrease of 80 per cent", "80%"),
    ("appropriated $86.4 billion for the security", "86.4 billion"),
    ("appropriated $86.4 billion for the security", "86.4"),
    ("the 3rd quarter of 2019", "third"),
    ("stands at 16000 out of which", "16,000"),
])
def test_numbers_match_in_any_common_form(text, fact):
    assert contains_fact(text, fact)


@pytest.mark.parametrize("text, fact", [
    ("from the current strength of 13,000 to 8,600", "8,500"),
    ("the release of five thousand prisoners", "500"),
    ("a decrease in violence as much as 80%", "8%"),
    ("76 attacks in 24 provinces", "80%"),          # a percentage is not a plain count
    ("consisted of nine rounds", "19"),
])
def test_a_changed_number_is_not_found(text, fact):
    assert not contains_fact(text, fact)


@pytest.mark.parametrize("text, fact", [
    ("A final agreement was signed on February 29, 2020", "29 February 2020"),
    ("A final agreement was signed on February 29, 2020", "Feb. 29, 2020"),
    ("signed on 29 February 2020 in Doha", "February 29, 2020"),
    ("on the 29th of February, 2020", "February 29, 2020"),
    ("A final agreement was signed on February 29, 2020", "February 2020"),
    ("A final agreement was signed on February 29, 2020", "February 29"),
    ("A final agreement was signed on February 29, 2020", "2020"),
    ("The attacks that took place on September 11th, 2001", "11 September 2001"),
    ("Less than a month after the 9/11 attacks", "September 11"),
    ("scheduled to start on March 10th, as outlined", "March 10"),
    ("In January 2020 the US also reported", "January 2020"),
    ("signed on 2020-02-29", "February 29, 2020"),
])
def test_dates_match_in_any_common_order(text, fact):
    assert contains_fact(text, fact)


@pytest.mark.parametrize("text, fact", [
    ("A final agreement was signed on February 29, 2020", "February 28, 2020"),
    ("A final agreement was signed on February 29, 2020", "March 29, 2020"),
    ("A final agreement was signed on February 29, 2020", "February 29, 2019"),
    ("the peace process which the United States agreed to in February 2012", "February 2020"),
])
def test_a_changed_date_is_not_found(text, fact):
    assert not contains_fact(text, fact)


def test_date_parts_and_ranges():
    dates = kinds("death or injury from 1st July to September 30th 2019", "dates")
    assert [d.value for d in dates] == [Date(None, 7, 1), Date(2019, 9, 30)]
    assert [d.value for d in kinds("in February 2012, seems", "dates")] == [Date(2012, 2, None)]
    # "May" alone is the verb; with a year it is the month
    assert kinds("2021 may bring the end", "dates") == []
    assert [d.value for d in kinds("a UN report published in May 2020", "dates")] == [Date(2020, 5, None)]


def test_years_are_years_and_counts_are_counts():
    facts = extract("In 2017, President Trump spoke; 2,500 were left; 16000 troops")
    assert [y.value for y in facts.years] == [2017]
    assert sorted(max(n.value) for n in facts.numbers) == [2500, 16000]


def test_number_units_are_the_following_noun():
    facts = extract("within 135 days of signing, 5,000 Taliban detainees and eighteen months")
    units = {max(n.value): n.unit for n in facts.numbers}
    assert units[135] == "day" and units[18] == "month"


@pytest.mark.parametrize("text, fact", [
    ("Khalizad Zalmay, Special Representative to the US", "Zalmay Khalilzad"),
    ("with Mullah Beradar on February 29, 2020", "Mullah Baradar"),
    ("the Talbans have intensified violence", "Taliban"),
    ("In February 2020, the United States reached an agreement", "US"),
    ("U.S. President-elect Joe Biden", "the United States"),
    ("Afghan born former US Ambassador to Afghanistan", "America"),
    ("close contact with Al Qaeda", "al-Qaeda"),
    ("particularly the AlQaeda for using", "Al Qaeda"),
    ("the self-proclaimed Islamic State of Chorasan", "Khorasan"),
    ("a Sunni Islamic fundamentalist group", "sunni"),
])
def test_names_match_case_insensitively_forgiving_odd_spellings(text, fact):
    assert contains_fact(text, fact)


@pytest.mark.parametrize("text, fact", [
    ("the special envoy Zalmay Khalilzad", "Pompeo"),
    ("the US Commander General Scott Miller", "Michael Pompeo"),
    ("a series of talks with the representatives of Taliban in Doha", "Kabul"),
    ("Afghan National Police, Afghan Local Police", "Afghan National Army"),
])
def test_a_different_name_is_not_found(text, fact):
    assert not contains_fact(text, fact)


def test_terms_are_stemmed():
    assert contains_fact("the United States agreed to in February", "agreement")
    assert contains_fact("the release of the prisoners", "prisoner released")
    assert contains_fact("counter-terrorism operations", "counterterrorism")
    assert not contains_fact("the release of the prisoners", "ceasefire")


def test_contains_fact_edge_cases():
    assert not contains_fact("", "5,000")
    assert not contains_fact("5,000", "")
    assert contains_fact("and the", "the")          # no fact: matched as written
    assert not contains_fact("and then", "the")


def test_names_at_a_sentence_start_need_to_be_known():
    assert [n.value for n in extract("Pakistan was there.").names] == []
    assert [n.value for n in extract("Pakistan was there.", frozenset({"pakistan"})).names] == ["pakistan"]
    assert [n.value for n in extract("They met in Pakistan.").names] == ["pakistan"]


@pytest.mark.parametrize("a, b", [
    ("5,000", "5000"), ("5,000", "five thousand"), ("29 February 2020", "February 29, 2020"),
    ("Feb. 22, 2020", "February 22, 2020"), ("80%", "80 percent"), ("the United States", "US"),
    ("the U.S.", "the United States"), ("one thousand", "1,000"),
])
def test_canonical_forms_are_equal(a, b):
    assert canonical(a) == canonical(b)


@pytest.mark.parametrize("a, b", [("5,000", "500"), ("February 29, 2020", "February 28, 2020"),
                                  ("13,000 to 8,600", "8,600 to 13,000"), ("US", "UN")])
def test_canonical_forms_keep_differences(a, b):
    assert canonical(a) != canonical(b)


# ---- the fast paths give what the plain definitions give -------------------------------------------

# Characters where folding and white space are tricky: dashes, quotes, no-break and ideographic spaces,
# soft hyphens, zero-width spaces, ligatures and combining marks.
TRICKY = " \t\n\u00a0\u2009\u3000\u2028\u200b\u00ad-–—‐‑'’‘“”`´…ﬁｆé\u0301eaZ.,"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=14) | st.text(max_size=14))
def test_norm_folds_as_the_character_by_character_normaliser(text):
    assert norm.__wrapped__(text) == _normalize(text, keep_offsets=False).text


@pytest.mark.parametrize("text", [
    "In May 2020, the talks began",            # a month and a digit: every date pattern may match
    "the May talks",                           # a month, no digit: only 'a month alone'
    "the talks resumed in December",
    "on 2/29/2020 and 2020-02-29",             # digits, no month name
    "he may agree; it may not",                # neither
    "the 3rd of May. and March 10th, Dec. 2019",
])
def test_date_patterns_are_skipped_only_when_they_cannot_match(text, monkeypatch):
    skipping = values._dates(text, [])
    anything = re.compile("")
    monkeypatch.setattr(values, "DIGIT", anything)          # every pattern runs
    monkeypatch.setattr(values, "MONTH_NAME", anything)
    assert skipping == values._dates(text, [])


def test_a_term_made_fast_is_the_term_the_dataclass_makes():
    fast, plain = term_fact("talks", 10, 15, "talk", ""), Fact("term", "talks", 10, 15, "talk", joined="")
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain) and vars(fast) == vars(plain)
    assert [f for f in extract("the peace talks").terms if f.text == "talks"] == [plain]
