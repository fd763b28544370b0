"""`sourcequiz myst init [FOLDER]`: make a Jupyter Book 2 (mystmd) project use the sourcequiz plugin.

It copies the plugin and the quiz's JS and CSS into FOLDER/_sourcequiz/ (again on every run, so running it
after upgrading sourcequiz updates them), writes _sourcequiz/settings.json (the Python that ran it, which the
plugin calls to build payloads, and the short citation labels, {source id: label}, kept across runs), and lists `_sourcequiz/sourcequiz.mjs` under `project.plugins` in FOLDER/myst.yml. The
file is edited as text, so its comments and layout stay; a myst.yml is created when there is none.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..fileio import write_new
from ..problems import UserError
from . import ASSETS_DIR, PLUGIN, SETTINGS, shipped_files

PLUGIN_ENTRY = f"{ASSETS_DIR}/{PLUGIN}"
NEW_CONFIG = """# Jupyter Book 2 / mystmd project (written by `sourcequiz myst init`)
version: 1
project:
  title: {title}
  plugins:
    - {plugin}
site:
  template: book-theme
"""


@dataclass
class InitReport:
    folder: Path
    copied: list[str] = field(default_factory=list)
    config: str = ""   # "created", "added" or "already listed"

    def describe(self) -> str:
        config = {"created": f"created it, listing the plugin {PLUGIN_ENTRY}",
                  "added": f"added the plugin {PLUGIN_ENTRY} under project.plugins",
                  "already listed": f"the plugin {PLUGIN_ENTRY} is already listed"}[self.config]
        lines = [f"wrote {', '.join(self.copied)} and {SETTINGS} into {self.folder / ASSETS_DIR}",
                 f"myst.yml: {config}",
                 f"the plugin runs {sys.executable} to build quizzes and citations "
                 f"(set SOURCEQUIZ_PYTHON to use another Python)",
                 "build with: myst build --site  (or: jupyter book build --site)"]
        return "\n".join(lines)


def init_project(folder: Path) -> InitReport:
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder; name the folder of a Jupyter Book 2 project (where myst.yml is)")
    report = InitReport(folder)
    target = folder / ASSETS_DIR
    target.mkdir(exist_ok=True)
    for name, content in shipped_files().items():
        write_new(target / name, content, force=True)
        report.copied.append(name)
    settings = {"python": sys.executable, "citation_labels": labels_to_keep(folder)}
    write_new(target / SETTINGS, json.dumps(settings, indent=2, ensure_ascii=False) + "\n", force=True)
    report.config = add_plugin(folder / "myst.yml")
    return report


def labels_to_keep(folder: Path) -> dict:
    """The citation labels: those of an earlier settings.json, else a Jupyter Book 1 _config.yml's
    `sourcequiz_citation_labels` in the same folder (a course built by both engines), else none."""
    from .resolve import citation_labels  # noqa: PLC0415 - one reader of settings.json

    kept = citation_labels(folder)
    if kept:
        return kept
    jb1 = folder / "_config.yml"
    try:
        data = yaml.safe_load(jb1.read_text(encoding="utf-8")) if jb1.is_file() else None
        labels = data["sphinx"]["config"]["sourcequiz_citation_labels"]
    except (yaml.YAMLError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def add_plugin(config: Path) -> str:
    """List the plugin under project.plugins in myst.yml; "created", "added" or "already listed"."""
    if not config.exists():
        title = json.dumps(config.parent.resolve().name or "Course")
        write_new(config, NEW_CONFIG.format(title=title, plugin=PLUGIN_ENTRY))
        return "created"
    text = config.read_text(encoding="utf-8")
    data = _read(config, text)
    plugins = _plugins(config, data)
    if any(_plugin_path(p) == PLUGIN_ENTRY for p in plugins):
        return "already listed"
    updated = _insert(text)
    if updated is None or PLUGIN_ENTRY not in [_plugin_path(p) for p in _plugins(config, _read(config, updated))]:
        raise UserError(f"{config}: could not add the plugin to it by itself (is project.plugins written in "
                        f"flow style, [a, b]?); add `- {PLUGIN_ENTRY}` under project.plugins by hand")
    write_new(config, updated, force=True)
    return "added"


def _read(config: Path, text: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise UserError(f"{config}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(data.get("project", {}) or {}, dict):
        raise UserError(f"{config}: expected a mapping with a `project:` mapping, as mystmd's myst.yml has")
    return data


def _plugins(config: Path, data: dict) -> list:
    plugins = (data.get("project") or {}).get("plugins") or []
    if not isinstance(plugins, list):
        raise UserError(f"{config}: project.plugins must be a list")
    return plugins


def _plugin_path(entry) -> str | None:
    path = entry.get("path") if isinstance(entry, dict) else entry
    return str(path).lstrip("./") if path is not None else None


def _insert(text: str) -> str | None:
    """The text with the plugin added under project.plugins (made if missing), keeping everything else."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    project = next((n for n, line in enumerate(lines) if re.match(r"project:\s*(#.*)?$", line)), None)
    if project is None:
        if any(re.match(r"project:\s*[^\s#]", line) for line in lines):
            return None  # project: written in flow style
        return "".join(lines) + f"project:\n  plugins:\n    - {PLUGIN_ENTRY}\n"
    end = next((n for n in range(project + 1, len(lines)) if re.match(r"\S", lines[n]) and
                not lines[n].startswith("#")), len(lines))
    body = [n for n in range(project + 1, end) if lines[n].strip() and not lines[n].lstrip().startswith("#")]
    indent = re.match(r"\s*", lines[body[0]]).group() if body else "  "
    for n in body:
        if re.match(rf"{indent}plugins:\s*(#.*)?$", lines[n]):
            following = next((m for m in body if m > n), None)
            item_indent = indent + "  "
            if following is not None and re.match(r"\s*- ", lines[following]):
                item_indent = re.match(r"\s*", lines[following]).group()
            lines.insert(n + 1, f"{item_indent}- {PLUGIN_ENTRY}\n")
            return "".join(lines)
        if re.match(rf"{indent}plugins:", lines[n]):
            return None  # flow style or a value on the same line
    lines.insert(project + 1, f"{indent}plugins:\n{indent}  - {PLUGIN_ENTRY}\n")
    return "".join(lines)
