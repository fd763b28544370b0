"""The `cite-source` role: ``{cite-source}`tariq-2020: "within 14 months"` `` links a quoted passage
to the sentence(s) of its source page that hold it; `quote-source` (same syntax) shows the quoted words
before the link, for a passage the reader must read in place.

Reading: the role parses `SOURCE: "QUOTE"`, finds the quote in the source text (textmatch rules) and
leaves a `source_citation` node holding the source id and the sentence anchors the quote spans.
A missing source or quote is a located `[sourcequiz.citation]` warning.
Writing: `ResolveCitations` turns each node into a link relative to the page being written, to the page
that renders that source (the `source-text` directive records it), at `#<first sentence anchor>`,
with `?cite=<sentence numbers>` telling book.js which sentences to highlight.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

from ..citing import citation_label, parse_citation, sentence_ranges, shown_quote
from ..sources import Source
from ..textmatch import find_quote, missing_fragment
from .support import book_config, env_store, setup_support, sources_or_warn, uses_assets, warn

SUBTYPE = "citation"


class source_citation(nodes.Inline, nodes.Element):
    """A resolved quote, waiting for the writer to know the page it links from.

    Attributes: `source`, `label`, `quote`, `title`, `anchor` (first sentence), `sentences` ("12-13,20").
    Without `anchor`, it is a plain link to the source's page (see `page_link`).
    """


def page_link(source: Source, text: str) -> source_citation:
    """A link to the page that renders `source`, resolved when the page is written."""
    node = source_citation("", source=source.id, title=source.title, quote="", anchor="", sentences="")
    node += nodes.Text(text)
    return node


def make_citation(env: BuildEnvironment, source_id: str, quote: str, location: Any,
                  rawtext: str = "") -> nodes.Node | None:
    """The node for one quote of one source; None (after a located warning) when it cannot be found."""
    source = cited_source(env, source_id, location)
    if source is None:
        return None
    match = find_quote(quote, source.text)
    if match is None:
        missing = missing_fragment(quote, source.text)
        detail = ""
        if missing is not None and len(quote.split("...")) > 1:
            detail = f" (fragment {missing[0] + 1}, {missing[1]!r}, is not there in that order)"
        warn(f"quote not found in {source_id}: {quote!r}{detail}; quotes are verbatim (only white space, "
             f"quote and dash styles may differ; ' ... ' joins fragments)", SUBTYPE, location, env.config)
        return None
    return span_citation(env, source, match.spans, rawtext)


def cited_source(env: BuildEnvironment, source_id: str, location: Any) -> Source | None:
    """The source of that id (its text noted as a dependency), or None after a located warning."""
    registry = sources_or_warn(env, location, SUBTYPE)
    if registry is None:
        return None
    if source_id not in registry:
        warn(f"unknown source {source_id!r} in a citation; the sources are {', '.join(registry.ids)}",
             SUBTYPE, location, env.config)
        return None
    source = registry[source_id]
    env.note_dependency(str(source.path))
    return source


def span_citation(env: BuildEnvironment, source: Source, spans, rawtext: str = "") -> source_citation:
    """The node citing the given (start, end) spans of a source's text."""
    anchor, sentences = sentence_ranges(source, spans)
    label = citation_label(source, book_config(env).citation_labels)
    uses_assets(env)
    node = source_citation(rawtext, source=source.id, label=label, quote=shown_quote(source, spans), anchor=anchor,
                           sentences=sentences, title=source.title)
    node += nodes.Text(f"[{label}]")
    return node


class CiteSourceRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        location = (self.env.docname, self.lineno)
        try:
            source_id, quote = parse_citation(self.text)
        except ValueError as exc:
            warn(f"cite-source: {exc}", SUBTYPE, location, self.config)
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        node = make_citation(self.env, source_id, quote, location, self.rawtext)
        if node is None:
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        node.source, node.line = self.get_source_info()
        return [node], []


class QuoteSourceRole(CiteSourceRole):
    """``{quote-source}`tariq-2020: "within 14 months"` ``: the same link, after the quoted words themselves,
    as the source has them (white space collapsed, fragments joined with …), for a passage the reader
    must see ("Tariq's introduction begins like this: …")."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        found, messages = super().run()
        if found and isinstance(found[0], source_citation):
            quote = nodes.inline("", f"“{found[0]['quote']}”", classes=["sq-quote"])
            return [quote, nodes.Text("\u00a0"), found[0]], messages
        return found, messages


class ResolveCitations(SphinxPostTransform):
    """Turn `source_citation` nodes into links relative to the page being written."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        pages = source_pages(self.env)
        html = self.app.builder.format == "html"
        for node in list(self.document.findall(source_citation)):
            target = pages.get(node["source"])
            tooltip = f"{node['title']}: “{node['quote']}”"
            if target is None:
                warn(f"no page shows source {node['source']!r}, so its citation cannot link: add a page with "
                     f"```{{source-text}} {node['source']}``` to the table of contents", SUBTYPE, node, self.config)
            if target is None or not html:
                replacement: nodes.Node = nodes.inline("", node.astext(), classes=["sq-cite"])
            elif not node.get("anchor"):  # a plain link to the source's page (source index)
                uri = self.app.builder.get_relative_uri(self.env.docname, target)
                replacement = nodes.reference("", node.astext(), internal=True, refuri=uri)
            else:
                uri = self.app.builder.get_relative_uri(self.env.docname, target)
                reference = nodes.reference("", "", internal=True, reftitle=tooltip,
                                            refuri=f"{uri}?cite={node['sentences']}#{node['anchor']}")
                reference += nodes.Text(node.astext())
                replacement = nodes.superscript("", "", reference, classes=["sq-cite"])
            node.replace_self(replacement)


def source_pages(env: BuildEnvironment) -> dict[str, str]:
    """source id -> the docname whose `source-text` directive renders it."""
    shown: dict[str, str] = {}
    for docname, ids in sorted(env_store(env, "sourcequiz_source_pages").items()):
        for source_id in ids:
            shown.setdefault(source_id, docname)
    return shown


def setup_citations(app: Sphinx) -> None:
    setup_support(app)
    app.add_node(source_citation)  # never written: ResolveCitations replaces it for every builder
    app.add_role("cite-source", CiteSourceRole())
    app.add_role("quote-source", QuoteSourceRole())
    app.add_post_transform(ResolveCitations)
