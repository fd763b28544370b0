"""The `source-text` directive: a source's metadata and its full text, word for word, with an HTML id on
every paragraph (`<id>-p<n>`) and every sentence (`<id>-s<n>`, from `Source.segments`), so that citation
links land on the passage they quote. The page that renders a source is recorded on the environment;
citations link to it (see citations.py).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..sources import Source
from .citations import citation_label, page_link
from .support import book_config, env_record, env_store, setup_support, sources_or_warn, uses_assets, warn

SUBTYPE = "source"


def text_nodes(source: Source) -> nodes.container:
    """The text as paragraphs of sentence spans. Every character of the file is kept: the bits between
    sentences (a closing quote, white space) are plain text; white space between paragraphs is dropped."""
    box = nodes.container(classes=["sq-source-text"])
    segments = iter(source.segments)
    pending = next(segments, None)
    for number, (start, end) in enumerate(source.paragraphs, 1):
        paragraph = nodes.paragraph(ids=[f"{source.id}-p{number}"], classes=["sq-source-paragraph"])
        position = start
        while pending is not None and pending.paragraph == number:
            if pending.start > position:
                paragraph += nodes.Text(source.text[position:pending.start])
            text = source.text[pending.start:pending.end]
            paragraph += nodes.inline(text, text, ids=[pending.anchor], classes=["sq-sentence"])
            position = pending.end
            pending = next(segments, None)
        if end > position:
            paragraph += nodes.Text(source.text[position:end])
        box += paragraph
    return box


def metadata_nodes(source: Source, label: str) -> nodes.field_list:
    rows: list[tuple[str, nodes.Node]] = [
        ("Title", nodes.paragraph("", source.title + (f" ({source.notes['title_note']})"
                                                      if source.notes.get("title_note") else ""))),
        ("Author", nodes.paragraph("", source.author)),
        ("Kind", nodes.paragraph("", source.kind or "not stated")),
        ("Written", nodes.paragraph("", source.written or "not stated")),
        ("Cited in the book as", nodes.paragraph("", f"[{label}]")),
        ("File", nodes.paragraph("", "", nodes.literal("", f"sources/{source.path.name}"),
                                 nodes.Text(f" (SHA-256 {source.sha256[:12]}…)"))),
    ]
    if source.known_issues:
        issues = nodes.bullet_list()
        for issue in source.known_issues:
            issues += nodes.list_item("", nodes.paragraph("", issue))
        rows.append(("Known issues", issues))
    fields = nodes.field_list(classes=["sq-source-meta"])
    for name, body in rows:
        fields += nodes.field("", nodes.field_name("", name), nodes.field_body("", body))
    return fields


class SourceTextDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        source_id = self.arguments[0]
        location = self.get_location()
        registry = sources_or_warn(self.env, location, SUBTYPE)
        if registry is None:
            return []
        if source_id not in registry:
            warn(f"source-text: unknown source {source_id!r}; the sources are {', '.join(registry.ids)}",
                 SUBTYPE, location, self.config)
            return []
        source = registry[source_id]
        self.env.note_dependency(str(source.path))
        env_record(self.env, "sourcequiz_source_pages", source_id)
        uses_assets(self.env)
        wrapper = nodes.container(classes=["sq-source"])
        wrapper += metadata_nodes(source, citation_label(source, book_config(self.env).citation_labels))
        how = ("The text below is the file exactly as received: no word, spelling or number is changed, "
               "and its known issues are left in place. ")
        if any("\n" in source.text[a:b] for a, b in source.paragraphs):
            how += ("Its line breaks inside paragraphs (from the original layout) are shown as flowing text. ")
        how += ("Paragraph numbers are in the margin. A citation in the chapters links to the sentence that holds "
                "the quote and highlights the quoted sentences.")
        wrapper += nodes.paragraph("", how, classes=["sq-source-howto"])
        wrapper += text_nodes(source)
        return [wrapper]


def table(headers: list[str], rows: list[list[nodes.Node | str]], classes: list[str] | None = None,
          widths: list[int] | None = None) -> nodes.table:
    """A docutils table; a cell is a string (one paragraph) or a node (a paragraph, list, ...)."""
    group = nodes.tgroup(cols=len(headers))
    for width in widths or [1] * len(headers):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for header in headers:
        row += nodes.entry("", nodes.paragraph("", header))
    head += row
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            content = nodes.paragraph("", cell) if isinstance(cell, str) else cell
            row += nodes.entry("", content)
        body += row
    group += body
    return nodes.table("", group, classes=["sq-table", *(classes or [])])


class SourceIndexDirective(SphinxDirective):
    """```{source-index}```: a table of the course's sources: label, title (linked), kind, author, written."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        registry = sources_or_warn(self.env, self.get_location(), SUBTYPE)
        if registry is None:
            return []
        uses_assets(self.env)
        labels = book_config(self.env).citation_labels
        rows = []
        for source in registry:
            self.env.note_dependency(str(source.path))
            label = nodes.paragraph("", f"[{citation_label(source, labels)}]", classes=["sq-nowrap"])
            rows.append([label, nodes.paragraph("", "", page_link(source, source.title)),
                         source.kind or "not stated", source.author, source.written or "not stated"])
        return [table(["Cited as", "Title", "Kind", "Author", "Written"], rows, ["sq-source-index"],
                      [12, 28, 24, 12, 24])]


def check_duplicates(app: Sphinx, env: BuildEnvironment) -> None:
    seen: dict[str, str] = {}
    for docname, ids in sorted(env_store(env, "sourcequiz_source_pages").items()):
        for source_id in sorted(ids):
            if source_id in seen:
                warn(f"source {source_id!r} is rendered on two pages ({seen[source_id]} and {docname}); "
                     f"citations link to {seen[source_id]}", SUBTYPE, docname, env.config)
            else:
                seen[source_id] = docname


def setup_source_pages(app: Sphinx) -> None:
    setup_support(app)
    app.add_directive("source-text", SourceTextDirective)
    app.add_directive("source-index", SourceIndexDirective)
    app.connect("env-check-consistency", check_duplicates)
