"""The `sourcequiz` command line. Each command's work lives in its own module; this file only wires.

Exit codes: 0 clean, 1 problems found, 2 unusable input or usage, 3 a bug in sourcequiz itself.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from . import __version__
from .loader import LoadResult, load_banks
from .problems import UserError
from .sources import SourceRegistry

DEFAULT_BANKS = Path("quizzes")
DEFAULT_SOURCES = Path("sources")
DEFAULT_CHAPTERS = Path("chapters")
DEFAULT_PAGES = (Path("intro.md"), Path("reference"))   # the book's other pages that cite the sources


class Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with the usage line, never a traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def positive(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, found {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="sourcequiz",
        description="Quizzes whose every answer is proven against the course's source texts.",
        epilog="Exit codes: 0 clean, 1 problems found, 2 unusable input or usage, 3 a bug in sourcequiz. "
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

    sub = command("lint", "report poor questions: duplicates, give-aways, unbalanced keys",
                  "Question-quality lint: near-duplicate prompts, distractors of another kind than the key, "
                  "the key systematically longest or in one position, 'all/none of the above', prompts that "
                  "give the answer away, repeated options, missing explanations and feedback, unknown tags, "
                  "missing years, explanations that name no source, too few hard questions. Findings are "
                  "path:line: [code] message. Exit 0 when clean, 1 with findings, 2 unusable input.")
    sub.set_defaults(run=cmd_lint)

    sub = command("stats", "count questions by bank, type, difficulty, tag and year",
                  "Count the questions of the banks by bank, type, difficulty, tag and year.")
    sub.set_defaults(run=cmd_stats)

    sub = command("select", "draw a custom question set and save it as a set file",
                  "Draw a reproducible question set from the banks and write it as a set file: the "
                  "query, the seed, the chosen ids and a snapshot of the questions. Repeatable filters "
                  "(--bank, --chapter, --tag, --type, --difficulty, --source) match any of their values. "
                  "Same banks, filters and seed: same set.")
    sub.add_argument("-o", "--output", type=Path, required=True, metavar="SET.yml", help="the set file to write")
    sub.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    sub.add_argument("--name", default=None, help="the set's name (default: from the output file name)")
    sub.add_argument("--title", default=None, help="the set's title, shown to students")
    for flag, metavar, what in (("bank", "BANK", "a bank id"), ("chapter", "CHAPTER", "a chapter: 5, ch05 or ch05_doha_agreement"),
                                ("tag", "TAG", "a tag"), ("type", "TYPE", "a question type"),
                                ("difficulty", "LEVEL", "easy, medium or hard"), ("source", "SOURCE", "a source id cited as evidence")):
        sub.add_argument(f"--{flag}", action="append", default=[], metavar=metavar, help=f"keep questions with {what}")
    sub.add_argument("--years", metavar="FIRST-LAST", help="keep questions about a year in this range, e.g. 2019-2020")
    sub.add_argument("--count", type=positive, metavar="N", help="how many questions in all")
    sub.add_argument("--per-bank", type=positive, metavar="N", help="how many questions from each bank")
    sub.add_argument("--balance", choices=("difficulty", "type", "bank"), help="spread the set evenly over this")
    sub.add_argument("--exclude-set", action="append", default=[], type=Path, metavar="SET.yml",
                     help="leave out the questions of an earlier set (no repeats across a term)")
    sub.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    sub.set_defaults(run=cmd_select)

    sub = commands.add_parser("export", help="export a set for Moodle, Canvas, QTI, GIFT, Anki, print",
                              description="Export a set file (from 'sourcequiz select') to another tool's format. "
                                          "Options are shuffled by the set's seed, the same in every format. "
                                          "Existing files are never overwritten without --force.")
    sub.add_argument("set", type=Path, metavar="SET.yml", help="the set file to export")
    sub.add_argument("--to", metavar="FORMAT", help="one of: " + ", ".join(export_formats()))
    sub.add_argument("-o", "--output", type=Path, metavar="OUT", help="the file to write")
    sub.add_argument("--lms", metavar="LMS", help="adjust the file for one importer: " + ", ".join(lms_profiles())
                     + " (without --to, the format that LMS imports best)")
    sub.add_argument("--check", action="store_true",
                     help="write nothing: render the set in every format (or --to's, or --lms's) and report which "
                          "importers, parsers and schemas installed here accept it; exit 1 if one rejects it")
    sub.add_argument("--force", action="store_true", help="overwrite existing output files")
    sub.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, metavar="DIR",
                     help=f"folder holding sources.yml and the texts (default: {DEFAULT_SOURCES}/)")
    sub.set_defaults(run=cmd_export)

    sub = command("check", "check every quote and answer key against the sources",
                  "Check that every quote is in its source and every answer key is supported by the "
                  "evidence; report ambiguous options, disagreements between sources and known errors "
                  "of a source. With no PATH, checks quizzes/, the chapters in chapters/, intro.md and reference/. "
                  "Exit 0: no errors; 1: errors (or warnings with --strict); 2: unusable input.")
    sub.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    sub.add_argument("--chapters", type=Path, metavar="DIR",
                     help=f"also check the chapters (*.md) in DIR (default with no PATH: {DEFAULT_CHAPTERS}/ "
                          f"when it exists)")
    sub.set_defaults(run=cmd_check)

    sub = command("find", "search the sources for a phrase, forgiving spelling and form",
                  "Search every source for a phrase, forgiving spelling ('Khalilzad' also finds "
                  "'Khalizad') and form ('5,000' also finds 'five thousand'). Prints each hit's source "
                  "id, anchor and the exact passage to paste as evidence.", banks=False)
    sub.add_argument("phrase", help="the words to look for")
    sub.add_argument("--limit", type=positive, default=10, metavar="N", help="show at most N hits (default 10)")
    sub.set_defaults(run=cmd_find)

    sub = command("suggest", "propose evidence passages for a question",
                  "Propose the best passages of the sources as evidence for a question (ranked "
                  "retrieval over sentences), with the question's current evidence status.", banks=False)
    sub.add_argument("question_id", metavar="QUESTION_ID", help="the id of a question in the banks")
    sub.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                     help=f"bank files or folders of banks (default: {DEFAULT_BANKS}/)")
    sub.add_argument("--limit", type=positive, default=5, metavar="N", help="propose N passages (default 5)")
    sub.set_defaults(run=cmd_suggest)

    sub = commands.add_parser("schema", help="write the JSON Schema of the bank format",
                              description="Print the JSON Schema of a bank file (generated from the "
                                          "models), or write it to a file with -o.")
    sub.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    sub.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    sub.set_defaults(run=cmd_schema)

    from .myst.command import add_command as add_myst  # noqa: PLC0415 - `sourcequiz myst init|resolve`
    add_myst(commands)
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
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line for the user, the details on request
        if os.environ.get("SOURCEQUIZ_DEBUG"):
            raise
        print(f"sourcequiz: internal error ({type(exc).__name__}: {str(exc)[:200]}). This is a bug in sourcequiz, "
              f"not a mistake in your files: please report it with the command you ran (set SOURCEQUIZ_DEBUG=1 "
              f"to see the details; see SECURITY.md to report privately).", file=sys.stderr)
        return 3


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


def cmd_stats(args) -> int:
    from .stats import count_stats, shares  # noqa: PLC0415 - only this command needs it

    _, result = load(args)
    stats = count_stats(result)
    total = sum(stats["bank"].values())
    if args.format == "json":
        emit_json({"questions": total, **{f"by_{k}": v for k, v in stats.items()}, "percent": shares(stats),
                   "problems": [p.as_dict() for p in result.problems]})
    else:
        print(f"{total} questions in {len(result.banks)} banks")
        print("\nper cent of all questions:")
        percent = shares(stats)
        width = max((len(k) for k in percent), default=0)
        for key, value in percent.items():
            print(f"  {key:<{width}}  {value:>5.1f}%")
        for name, tally in stats.items():
            print(f"\nby {name}:")
            width = max((len(k) for k in tally), default=0)
            for key, value in tally.items():
                print(f"  {key:<{width}}  {value:>4}")
        for problem in result.problems:
            print(problem, file=sys.stderr)
        if result.problems:
            count = len(result.problems)
            print(f"{count} problem{'s' * (count != 1)} left questions out of these counts", file=sys.stderr)
    return 2 if result.unusable else (1 if result.problems else 0)


def cmd_select(args) -> int:
    from .selection import Query, parse_years, select  # noqa: PLC0415 - only this command needs it

    query = Query(banks=tuple(args.bank), chapters=tuple(args.chapter), tags=tuple(args.tag),
                  types=tuple(args.type), difficulties=tuple(args.difficulty),
                  years=parse_years(args.years) if args.years else None, sources=tuple(args.source),
                  count=args.count, per_bank=args.per_bank, balance=args.balance,
                  exclude_sets=tuple(str(p) for p in args.exclude_set))
    name = args.name or args.output.stem.lower().replace("_", "-").replace(" ", "-")
    paths = args.paths or [DEFAULT_BANKS]
    if len(paths) != 1 or not paths[0].is_dir():
        raise UserError("select draws from one folder of banks; name it once (default: quizzes/)")
    qset = select(query, seed=args.seed, name=name, title=args.title, banks_dir=paths[0], sources_dir=args.sources)
    qset.write(args.output, force=args.force)
    by_bank = Counter(qset.banks.values())
    if args.format == "json":
        emit_json({"set": qset.name, "file": str(args.output), "seed": qset.seed, "ids": qset.ids,
                   "by_bank": dict(sorted(by_bank.items()))})
    else:
        print(f"wrote {args.output}: {len(qset.ids)} questions from {len(by_bank)} banks (seed {qset.seed})")
        for bank, count in sorted(by_bank.items()):
            print(f"  {bank:<24} {count:>3}")
    return 0


def export_formats() -> list[str]:
    from .export import FORMATS  # noqa: PLC0415 - keeps start-up light

    return list(FORMATS)


def lms_profiles() -> list[str]:
    from .export.profiles import PROFILES  # noqa: PLC0415 - keeps start-up light

    return list(PROFILES)


def cmd_export(args) -> int:
    from .export import describe, export_set  # noqa: PLC0415 - only this command needs it
    from .export.ladder import check_set, report  # noqa: PLC0415
    from .selection import changes_since_snapshot, read_set  # noqa: PLC0415

    sources = SourceRegistry.load(args.sources)
    qset = read_set(args.set, sources)
    if DEFAULT_BANKS.is_dir():
        for warning in changes_since_snapshot(qset, DEFAULT_BANKS, sources):
            print(f"warning: {warning}", file=sys.stderr)
    if args.check:
        verdicts = check_set(qset, sources, [args.to] if args.to else None, args.lms)
        print(report(verdicts))
        return 1 if any(v.status == "rejected" for v in verdicts) else 0
    if args.output is None or (args.to is None and args.lms is None):
        raise UserError("export: give --to FORMAT (or --lms LMS) and -o OUT, or --check")
    result = export_set(qset, args.to, args.output, sources, force=args.force, lms=args.lms)
    print(describe(result))
    return 0


def cmd_check(args) -> int:
    from .check import JsonReporter, TextReporter, check_banks  # noqa: PLC0415 - only this command needs it

    sources = SourceRegistry.load(args.sources)
    banks = [p for p in args.paths if p.suffix != ".md"]
    chapters = [p for p in args.paths if p.suffix == ".md"]
    if not args.paths:
        banks = [DEFAULT_BANKS]
        if args.chapters is None and DEFAULT_CHAPTERS.is_dir():
            chapters = [DEFAULT_CHAPTERS] + [p for p in DEFAULT_PAGES if p.exists()]
    if args.chapters is not None:
        chapters.append(args.chapters)
    for path in chapters:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
    result = load_banks(banks, sources) if banks else LoadResult()
    report = check_banks(result, sources, chapters, banks_dir=DEFAULT_BANKS)
    reporter = JsonReporter() if args.format == "json" else TextReporter()
    sys.stdout.write(reporter.render(report))
    return report.exit_code(strict=args.strict)


def cmd_find(args) -> int:
    from .find import find, render_hits  # noqa: PLC0415

    sources = SourceRegistry.load(args.sources)
    hits = find(args.phrase, sources, limit=args.limit)
    if args.format == "json":
        emit_json({"phrase": args.phrase, "hits": [h.as_dict() for h in hits]})
    else:
        sys.stdout.write(render_hits(args.phrase, hits))
    return 0 if hits else 1


def cmd_suggest(args) -> int:
    from .suggest import render_suggestions, suggest  # noqa: PLC0415

    sources, result = load(args)
    suggestion = suggest(args.question_id, result, sources, limit=args.limit)
    if args.format == "json":
        emit_json(suggestion.as_dict())
    else:
        sys.stdout.write(render_suggestions(suggestion))
    return 0


def cmd_lint(args) -> int:
    from .lint import lint, summary  # noqa: PLC0415 - only this command needs it

    sources, result = load(args)
    findings = result.problems + lint(result.banks, sources)
    questions = sum(len(b.bank.questions) for b in result.banks)
    code = 2 if result.unusable else (1 if findings else 0)
    if args.format == "json":
        emit_json({"summary": {"banks": len(result.banks), "questions": questions, **summary(findings)},
                   "findings": [p.as_dict() for p in findings]})
        return code
    for problem in findings:
        print(f"{problem.location()}: [{problem.code}] {problem.message}")
    counts = summary(findings)
    print(f"{len(result.banks)} bank{'s' * (len(result.banks) != 1)}, {questions} questions: "
          f"{len(findings) or 'no'} finding{'s' * (len(findings) != 1)}")
    width = max((len(c) for c in counts["by_code"]), default=0)
    for name, count in counts["by_code"].items():
        print(f"  {name:<{width}}  {count:>4}")
    return code


def cmd_schema(args) -> int:
    from .schema import schema_text  # noqa: PLC0415 - only this command needs it

    from .fileio import write_new  # noqa: PLC0415

    text = schema_text()
    if args.output:
        write_new(args.output, text, force=args.force)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
