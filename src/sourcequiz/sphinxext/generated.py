"""Pages made at build time from the course's data, every fact with its citation link.

- ```{timeline}```            data/timeline.yml: a table in date order, and a figure of events per year
                              (timeline.py); `:chapter: ch05_doha_agreement` keeps one chapter's events,
                              `:no-figure:` drops the figure.
- ```{whos-who}```            data/people.yml, `:kind: person` or `organisation` (default: all) (data_pages.py).
- ```{disagreements}```       where the sources disagree, from the accuracy checker's findings (reports.py).
- ```{verification-report}``` per bank: questions checked, errors (must be none), warnings with reasons
                              (reports.py).

Every file a directive reads is passed to `env.note_dependency`, so editing it rebuilds the page.
A problem in a data file is a warning located at `file:line` (`[sourcequiz.data]`), and so is evidence that
rests on a known error of its source unless the entry's `source_error` says what the error is; a bank error
in the verification report is a warning too (`[sourcequiz.verification]`), so the strict build fails on it.

Modules: data_pages (reading data files, citations of their evidence, who's who) <- timeline, reports;
this module only wires the directives in.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .data_pages import WhosWhoDirective
from .reports import DisagreementsDirective, VerificationReportDirective
from .support import setup_support
from .timeline import TimelineDirective, show_date, sort_key

__all__ = ["DisagreementsDirective", "TimelineDirective", "VerificationReportDirective", "WhosWhoDirective",
           "setup_generated", "show_date", "sort_key"]


def setup_generated(app: Sphinx) -> None:
    setup_support(app)
    app.add_directive("timeline", TimelineDirective)
    app.add_directive("whos-who", WhosWhoDirective)
    app.add_directive("disagreements", DisagreementsDirective)
    app.add_directive("verification-report", VerificationReportDirective)
