"""The `sourcequiz` command line. Each command's work lives in its own module; this file only wires.

Exit codes: 0 clean, 1 problems found, 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from . import __version__
from .loader import LoadResult, load_banks
from .problems import UserError
from .sources import SourceRegistry

DEFAULT_BANKS = Path("quizzes")
DEFAULT_SOURCES = Path("sources")


class Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with the usage line, never a traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="sourcequiz",
        description="Quizzes whose every answer is proven against the course's source texts.",
        epilog="Exit codes: 0 clean, 1 problems found, 2 unusable input or usage. "
               "Run 'sourcequiz COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"sourcequiz {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, summary: str, description: str, banks: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=description)
        if banks:
            sub.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                             help=f"bank files or folders of banks (default: {DEFAULT_BANKS}/)")
        sub.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, metavar="DIR",
                         help=f"folder holding sources.yml and the texts (default: {DEFAULT_SOURCES}/)")
        sub.add_argument("--format", choices=("text", "json"), default="text",
                         help="human-readable text (default) or JSON for machines")
        return sub

    sub = command("validate", "check that banks follow the bank format",
                  "Check the format of question banks: fields, types and values, unique ids, known "
                  "source ids. Every problem in every file is reported as path:line: message. "
                  "This does not check facts against the sources; 'sourcequiz check' does.")
    sub.set_defaults(run=cmd_validate)

    sub = command("stats", "count questions by bank, type, difficulty, tag and year",
                  "Count the questions of the banks by bank, type, difficulty, tag and year.")
    sub.set_defaults(run=cmd_stats)

    sub = commands.add_parser("schema", help="write the JSON Schema of the bank format",
                              description="Print the JSON Schema of a bank file (generated from the "
                                          "models), or write it to a file with -o.")
    sub.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    sub.set_defaults(run=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except UserError as exc:
        print(f"sourcequiz: {exc}", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into a command that stopped reading, such as head
        sys.stderr.close()
        return 0


def load(args) -> tuple[SourceRegistry, LoadResult]:
    sources = SourceRegistry.load(args.sources)
    return sources, load_banks(args.paths or [DEFAULT_BANKS], sources)


def emit_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def cmd_validate(args) -> int:
    _, result = load(args)
    questions = sum(len(b.bank.questions) for b in result.banks)
    code = 2 if result.unusable else (1 if result.problems else 0)
    if args.format == "json":
        emit_json({
            "ok": not result.problems,
            "banks": [{"bank": b.bank.bank, "file": b.display, "questions": len(b.bank.questions)}
                      for b in result.banks],
            "questions": questions,
            "problems": [p.as_dict() for p in result.problems],
        })
        return code
    for problem in result.problems:
        print(problem)
    count = len(result.problems)
    verdict = "no problems" if not count else f"{count} problem{'s' * (count != 1)}"
    print(f"{len(result.banks)} bank{'s' * (len(result.banks) != 1)}, {questions} valid questions: {verdict}")
    return code


def count_stats(result: LoadResult) -> dict[str, dict[str, int]]:
    tallies = {name: Counter() for name in ("bank", "type", "difficulty", "tag", "year")}
    for loaded, question in result.questions:
        tallies["bank"][loaded.bank.bank] += 1
        tallies["type"][question.type] += 1
        tallies["difficulty"][question.difficulty] += 1
        tallies["tag"].update(question.tags)
        if question.year is None:
            tallies["year"]["(none)"] += 1
        else:
            first, last = question.year if isinstance(question.year, tuple) else (question.year, question.year)
            tallies["year"].update(str(y) for y in range(first, last + 1))
    return {name: dict(sorted(t.items())) for name, t in tallies.items()}


def cmd_stats(args) -> int:
    _, result = load(args)
    stats = count_stats(result)
    total = sum(stats["bank"].values())
    if args.format == "json":
        emit_json({"questions": total, **{f"by_{k}": v for k, v in stats.items()},
                   "problems": [p.as_dict() for p in result.problems]})
    else:
        print(f"{total} questions in {len(result.banks)} banks")
        for name, tally in stats.items():
            print(f"\nby {name}:")
            width = max((len(k) for k in tally), default=0)
            for key, value in tally.items():
                print(f"  {key:<{width}}  {value:>4}")
        if result.problems:
            print(f"\n{len(result.problems)} problems left questions out; run 'sourcequiz validate'",
                  file=sys.stderr)
    return 2 if result.unusable else (1 if result.problems else 0)


def cmd_schema(args) -> int:
    from .schema import schema_text  # noqa: PLC0415 - only this command needs it

    text = schema_text()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
