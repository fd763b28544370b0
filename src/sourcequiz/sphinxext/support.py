"""What the book features share: their `sourcequiz_*` settings, located warnings, the source registry,
per-document bookkeeping kept on the environment, and the page assets (book.css, book.js).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..html import CLASSIC_SUFFIX, classic_script
from ..problems import UserError
from ..sources import SourceRegistry

logger = logging.getLogger("sourcequiz")
STATIC = Path(__file__).resolve().parents[1] / "static"
PREFIX = "sourcequiz_"
WARNING_TYPE = "sourcequiz"


@dataclass(frozen=True)
class BookConfig:
    """The book settings; each is the Sphinx config value `sourcequiz_<name>` (in _config.yml under sphinx.config)."""

    sources_dir: str = field(default="sources", metadata={"help": "folder holding sources.yml, relative to the book"})
    data_dir: str = field(default="data", metadata={"help": "folder holding timeline.yml and people.yml"})
    quizzes_dir: str = field(default="quizzes", metadata={"help": "folder holding the question banks"})
    citation_labels: dict = field(default_factory=dict,
                                  metadata={"help": "short link label per source id, e.g. {'tariq-2020': 'Tariq 2020'}"})
    colab_branch: str = field(default="", metadata={
        "help": "branch holding the published book, whose _sources/ has each chapter's .ipynb; "
                "the Colab button opens it there ('' leaves the theme's link)"})

    @classmethod
    def register(cls, app: Sphinx) -> None:
        """Add every setting once, whichever feature asks first, and validate them when the config is read."""
        if f"{PREFIX}sources_dir" in app.config:
            return
        for item in fields(cls):
            default = item.default_factory() if callable(item.default_factory) else item.default  # type: ignore[misc]
            app.add_config_value(PREFIX + item.name, default, "env", types=(type(default),))
        app.connect("config-inited", lambda app, config: cls.from_sphinx(config), priority=100)

    @classmethod
    def from_sphinx(cls, config: Any) -> "BookConfig":
        values = {}
        for item in fields(cls):
            name = PREFIX + item.name
            value = getattr(config, name)
            expected = type(item.default_factory() if callable(item.default_factory) else item.default)  # type: ignore[misc]
            if not isinstance(value, expected):
                raise ConfigError(f"{name}: expected {expected.__name__} ({item.metadata['help']}), "
                                  f"got {type(value).__name__} {value!r}")
            values[item.name] = value
        for key, label in values["citation_labels"].items():
            if not isinstance(key, str) or not isinstance(label, str) or not label.strip():
                raise ConfigError(f"{PREFIX}citation_labels: every entry maps a source id to a non-empty "
                                  f"label; got {key!r}: {label!r}")
        return cls(**values)


def book_config(env: BuildEnvironment) -> BookConfig:
    return BookConfig.from_sphinx(env.config)


def book_path(env: BuildEnvironment, relative: str) -> Path:
    return Path(env.srcdir) / relative


def warn(message: str, subtype: str, location: Any, config: Any = None) -> None:
    """A located warning of type `sourcequiz.<subtype>`; the message ends with `[sourcequiz.<subtype>]`
    (unless Sphinx's `show_warning_types` already appends it), so `suppress_warnings` can name it."""
    if not getattr(config, "show_warning_types", False):
        message = f"{message} [{WARNING_TYPE}.{subtype}]"
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)


_REGISTRIES: dict[tuple, SourceRegistry] = {}


def sources(env: BuildEnvironment) -> SourceRegistry:
    """The course's sources (cached while their files are unchanged); UserError when they cannot be read."""
    directory = book_path(env, book_config(env).sources_dir).resolve()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(directory.glob("*")) if p.is_file()) \
        if directory.is_dir() else ()
    key = (str(directory), stamp)
    if key not in _REGISTRIES:
        _REGISTRIES.clear()
        _REGISTRIES[key] = SourceRegistry.load(directory)
    return _REGISTRIES[key]


def sources_or_warn(env: BuildEnvironment, location: Any, subtype: str) -> SourceRegistry | None:
    try:
        registry = sources(env)
    except UserError as exc:
        warn(f"cannot read the course's sources: {exc}", subtype, location, env.config)
        return None
    env.note_dependency(str(registry.directory / "sources.yml"))
    return registry


# Per-document bookkeeping on the environment, purged and merged so that incremental and parallel builds
# agree with a clean one. Each key maps a docname to a set of values.
ENV_KEYS = ("sourcequiz_source_pages", "sourcequiz_asset_docs")


def env_record(env: BuildEnvironment, key: str, value: Any = True) -> None:
    store = env.__dict__.setdefault(key, {})
    store.setdefault(env.docname, set()).add(value)


def env_store(env: BuildEnvironment, key: str) -> dict[str, set]:
    return env.__dict__.setdefault(key, {})


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for key in ENV_KEYS:
        env_store(env, key).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for key in ENV_KEYS:
        mine, theirs = env_store(env, key), env_store(other, key)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]


def uses_assets(env: BuildEnvironment) -> None:
    """Mark the current page as needing book.css and book.js."""
    env_record(env, "sourcequiz_asset_docs")


def _static_path(app: Sphinx) -> None:
    if app.builder.format == "html" and str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def _classic_scripts(app: Sphinx, exception: Exception | None) -> None:
    """The book's copies of the modules quiz.js and progress.js as classic scripts (html.classic_script):
    a book opened from disk must work, and browsers refuse module scripts there."""
    if exception is None and app.builder.format == "html":
        folder = Path(app.outdir) / "_static"
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("quiz.js", "progress.js"):
            (folder / (name.removesuffix(".js") + CLASSIC_SUFFIX)).write_text(classic_script(name), encoding="utf-8")


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    app.add_js_file("theme_a11y.js", loading_method="defer")  # every page: repairs to the theme's markup
    if pagename in env_store(app.env, "sourcequiz_asset_docs"):
        app.add_css_file("book.css")
        app.add_js_file("book.js", loading_method="defer")


def setup_support(app: Sphinx) -> None:
    """Idempotent: every feature calls it."""
    if getattr(app, "_sourcequiz_support", False):
        return
    app._sourcequiz_support = True  # type: ignore[attr-defined]
    BookConfig.register(app)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("builder-inited", _static_path)
    app.connect("build-finished", _classic_scripts)
    app.connect("html-page-context", _page_assets)
