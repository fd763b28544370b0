"""The facts in a piece of text: numbers, dates, years, names and key terms.

`extract(text)` finds them; `contains_fact(text, fact)` says whether a text states a fact
given as a string. Facts compare by meaning, not by form:

- numbers: 5,000 = 5000 = five thousand = a thousand x 5; 80% = 80 percent = 80 per cent;
  $86.4 billion matches 86.4 billion and 86.4; ordinals 3rd = third;
- dates: February 29, 2020 = 29 February 2020 = Feb. 29, 2020 = 29th of February, 2020;
  a month and day without a year ("March 10th") matches that day in any year stated nearby;
- years: 2020 (also inside a date);
- names: capitalised words or phrases (case-insensitive, forgiving one or two letters of
  spelling, so the sources' "Khalizad" and "Beradar" match "Khalilzad" and "Baradar");
  common aliases are one name (US = U.S. = United States = America);
- key terms: the other content words, stemmed (agreed = agreement, prisoners = prisoner).
"""


from __future__ import annotations

from .compare import (canonical, contains_fact, date_in, fact_in, missing_facts, name_in, number_in, term_in,
                      year_in)
from .model import Date, Fact, Facts
from .extract import extract, extract_values
from .names import name_value
from .words import (ALIAS_TARGETS, ALIASES, DAYS_IN_MONTH, MONTH_NAMES, MONTHS, NUMBER_WORDS, ORDINALS, SCALES,
                    STOPWORDS, TENS, TITLES, UNITS, WEEKDAYS, alias, canonical_number, stem, stems_of)

__all__ = ['canonical', 'contains_fact', 'date_in', 'fact_in', 'missing_facts', 'name_in', 'number_in', 'term_in', 'year_in', 'Date', 'Fact', 'Facts', 'extract', 'extract_values', 'name_value', 'ALIAS_TARGETS', 'ALIASES', 'DAYS_IN_MONTH', 'MONTH_NAMES', 'MONTHS', 'NUMBER_WORDS', 'ORDINALS', 'SCALES', 'STOPWORDS', 'TENS', 'TITLES', 'UNITS', 'WEEKDAYS', 'alias', 'canonical_number', 'stem', 'stems_of']
