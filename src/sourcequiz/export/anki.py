"""An Anki deck (.apkg, via genanki). Ids are derived from names, never random: the deck from the
set's name, each note's guid from its question id, so importing a re-export updates the cards
instead of duplicating them. Fields are HTML, so every bank text in them is escaped.
"""

from __future__ import annotations

import hashlib
import html
import re
import tempfile
from pathlib import Path

import genanki

from .present import answer_text, evidence_lines, present

EXTENSION = ".apkg"
FIELDS = ["Id", "Question", "Choices", "Answer", "Explanation", "Evidence"]
CARD_CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.45;
  color: #1a1a1a; background: #fff; text-align: left; max-width: 40em; margin: auto; }
.nightMode.card, .night_mode .card { color: #eee; background: #222; }
.evidence { font-size: 15px; border-left: 3px solid #888; padding-left: .6em; }"""


def stable_number(*parts: str) -> int:
    """A 31-bit id from names, as genanki wants for models and decks."""
    return int(hashlib.sha256(":".join(parts).encode()).hexdigest()[:8], 16) & 0x7FFFFFFF or 1


MODEL = genanki.Model(
    stable_number("sourcequiz", "model", "1"), "sourcequiz question",
    fields=[{"name": name} for name in FIELDS],
    templates=[{
        "name": "Question with evidence",
        "qfmt": "{{Question}}<br><br>{{Choices}}",
        "afmt": "{{FrontSide}}<hr id=answer><b>{{Answer}}</b><br><br>{{Explanation}}"
                "<div class=evidence>{{Evidence}}</div>",
    }],
    css=CARD_CSS,
)


def lines(items: list[str]) -> str:
    return "<br>".join(html.escape(item) for item in items)


def choices(shown) -> str:
    if shown.question.type == "match":
        return lines([p.left for p in shown.pairs]) + "<br>—<br>" + lines(shown.rights)
    return lines([o.text for o in shown.options] or shown.items)


def export(qset, sources, result) -> bytes:
    # one deck under "sourcequiz": "::" in a title would make sub-decks, a newline a broken name
    title = re.sub(r":{2,}", ":", " ".join(qset.title.split()))
    deck = genanki.Deck(stable_number("sourcequiz", "deck", qset.name), f"sourcequiz::{title}")
    for question in qset.questions:
        shown = present(qset.seed, question)
        deck.add_note(genanki.Note(
            model=MODEL,
            fields=[question.id, html.escape(question.prompt), choices(shown), html.escape(answer_text(question)),
                    html.escape(question.explanation or ""), lines(evidence_lines(question, sources))],
            guid=genanki.guid_for("sourcequiz", question.id),
            tags=[tag.replace(" ", "_") for tag in question.tags] + [qset.banks.get(question.id, qset.name)],
        ))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
