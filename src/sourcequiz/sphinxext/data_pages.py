"""Reading the course's data files (data/*.yml) for the generated reference pages, and the who's who page.

- `read_data`: a YAML list of entries, noted as a dependency; problems are located `[sourcequiz.data]` warnings.
- `cite_all`: the citation links of an entry's `evidence` (`{source, quote}`, one or a list). Evidence that
  rests on a passage listed under a source's `known_issues` is a warning too, unless the entry says in
  `source_error` what is wrong with that passage (the page then shows it).
- ```{whos-who}```: data/people.yml, `:kind: person` or `organisation` (default: all).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..textmatch import find_quote
from ..yamldoc import Document, YamlSyntaxError, parse_yaml
from .citations import make_citation
from .support import book_config, book_path, sources, sources_or_warn, uses_assets, warn


def read_data(env: BuildEnvironment, name: str, location: Any) -> tuple[Path, Document | None]:
    path = book_path(env, book_config(env).data_dir) / name
    env.note_dependency(str(path))
    if not path.is_file():
        warn(f"{path}: not found; this page is made from it", "data", location, env.config)
        return path, None
    try:
        document = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        warn(f"column {exc.column}: YAML syntax error: {exc.message}", "data", f"{path}:{exc.line}", env.config)
        return path, None
    if not isinstance(document.data, list):
        warn("expected a list of entries", "data", f"{path}:1", env.config)
        return path, None
    return path, document


def evidence_of(entry: dict) -> list[dict]:
    evidence = entry.get("evidence") or []
    return [evidence] if isinstance(evidence, dict) else list(evidence)


def known_issues_under(env: BuildEnvironment, source_id: str, quote: str) -> list[tuple[str, str]]:
    """(fragment, issue) for each known_issues entry of the source whose flagged passage the quote covers.
    Page furniture (a running header that names the author, say) is not an error of the text: not listed."""
    from ..check.engine import engine_for

    registry = sources(env)
    if source_id not in registry:
        return []
    match = find_quote(quote, registry[source_id].text)
    if match is None:
        return []
    found: dict[str, str] = {}
    for flag in engine_for(registry).flags_over(source_id, match.spans):
        if not flag.furniture:
            found.setdefault(flag.issue, flag.fragment)
    return [(fragment, issue) for issue, fragment in found.items()]


def cite_all(env: BuildEnvironment, entries: list[dict], where: str, *, source_error: bool = False) -> list[nodes.Node]:
    """Citation nodes for `{source, quote}` entries, each followed by a space; warnings at `where`.
    A quote over a known error of its source warns unless `source_error` (the entry names the error)."""
    cited: list[nodes.Node] = []
    for item in entries:
        if not isinstance(item, dict) or not {"source", "quote"} <= item.keys():
            warn("evidence entries need 'source' and 'quote'", "data", where, env.config)
            continue
        source_id, quote = str(item["source"]), str(item["quote"])
        node = make_citation(env, source_id, quote, where)
        if node is None:
            continue
        if not source_error:
            for fragment, issue in known_issues_under(env, source_id, quote):
                warn(f"evidence quotes {fragment!r}, a known error of {source_id} (\"{issue}\"); leave it out "
                     f"with ' ... ' or cite another passage, or say what is wrong in the entry's "
                     f"`source_error`", "data", where, env.config)
        cited.extend([node, nodes.Text(" ")])
    return cited[:-1]


def source_error_note(entry: dict) -> list[nodes.Node]:
    """The entry's `source_error`, shown after its text: what the cited passage gets wrong."""
    if not entry.get("source_error"):
        return []
    return [nodes.Text(" "), nodes.inline("", "", nodes.strong("", "Error in the source: "),
                                          nodes.Text(str(entry["source_error"])), classes=["sq-note"])]


def check_fields(entry: Any, required: tuple[str, ...], path: Path, document: Document, index: int,
                 env: BuildEnvironment) -> bool:
    where = f"{path}:{document.line((index,))}"
    if not isinstance(entry, dict):
        warn("each entry must be a mapping", "data", where, env.config)
        return False
    missing = [key for key in required if not entry.get(key)]
    if missing:
        warn(f"entry lacks {', '.join(missing)}", "data", where, env.config)
        return False
    return True


def chapter_link(env: BuildEnvironment, chapter: str | None, doc: str | None = None) -> nodes.Node:
    """"Ch. 5", linked to chapters/<stem>, or to `doc` (a document name such as 'reference/glossary') when
    given (a missing page is a nitpicky warning)."""
    if not chapter:
        return nodes.paragraph("", "")
    number = re.match(r"ch(\d+)", chapter)
    text = f"Ch. {int(number.group(1))}" if number else chapter
    target = doc or (chapter if "/" in chapter else f"chapters/{chapter}")
    xref = addnodes.pending_xref("", nodes.inline("", text), refdomain="std", reftype="doc",
                                 reftarget=f"/{target}", refexplicit=True, refwarn=True, refdoc=env.docname)
    return nodes.paragraph("", "", xref)


# ------------------------------------------------------------------ who's who

def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class WhosWhoDirective(SphinxDirective):
    has_content = False
    option_spec = {"kind": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        uses_assets(self.env)
        path, document = read_data(self.env, "people.yml", self.get_location())
        if document is None or sources_or_warn(self.env, self.get_location(), "data") is None:
            return []
        kind = self.options.get("kind")
        entries = []
        for index, entry in enumerate(document.data):
            if check_fields(entry, ("name", "role", "evidence"), path, document, index, self.env):
                if not kind or str(entry.get("kind", "")) == kind:
                    entries.append((index, entry))
        entries.sort(key=lambda item: str(item[1]["name"]).casefold())
        listing = nodes.definition_list(classes=["sq-whos-who"])
        for index, entry in entries:
            where = f"{path}:{document.line((index, 'evidence'))}"
            term = nodes.term("", str(entry["name"]), ids=[f"who-{slug(str(entry['name']))}"])
            body = nodes.paragraph("", str(entry["role"]) + " ")
            body.extend(cite_all(self.env, evidence_of(entry), where, source_error=bool(entry.get("source_error"))))
            body.extend(source_error_note(entry))
            listing += nodes.definition_list_item("", term, nodes.definition("", body))
        return [listing]
