"""`sourcequiz myst init` and `sourcequiz myst resolve` (the latter is what the plugin calls)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_command(commands) -> None:
    """Add `myst` and its subcommands to the CLI's subparsers."""
    sub = commands.add_parser("myst", help="use the quizzes and citations in Jupyter Book 2 (mystmd)",
                              description="Jupyter Book 2 (mystmd) support: a plugin with the same {quiz} "
                                          "directive and {cite-source} role as the Sphinx book.")
    actions = sub.add_subparsers(dest="myst_command", metavar="ACTION", parser_class=type(sub))
    init = actions.add_parser("init", help="install the plugin into a project",
                              description="Copy the plugin and the quiz's JS and CSS into FOLDER/_sourcequiz/ and "
                                          "list the plugin in FOLDER/myst.yml (created when missing). Run it "
                                          "again after upgrading sourcequiz.")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER",
                      help="the project's folder, where myst.yml is (default: the working directory)")
    init.set_defaults(run=run_init)
    resolve = actions.add_parser("resolve", help="(used by the plugin) answer a page's request",
                                 description="Read the plugin's JSON request on standard input and print the "
                                             "quiz payloads and citations of that page as JSON.")
    resolve.set_defaults(run=run_resolve)
    sub.set_defaults(run=lambda args: (sub.print_help(), 2)[1])


def run_init(args: argparse.Namespace) -> int:
    from .install import init_project  # noqa: PLC0415 - only this command needs it

    print(init_project(args.folder).describe())
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from .resolve import main_resolve  # noqa: PLC0415

    answer = main_resolve(sys.stdin.read())
    sys.stdout.write(json.dumps(answer, ensure_ascii=False, separators=(",", ":")))
    return 0
