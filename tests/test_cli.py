import json
from collections import Counter
from pathlib import Path

import yaml

from sourcequiz import __version__

ROOT = Path(__file__).resolve().parent.parent


def test_version(cli):
    result = cli("--version")
    assert result.stdout.strip() == f"sourcequiz {__version__}"


def test_every_subcommand_has_help(cli):
    top = cli("--help")
    assert top.returncode == 0
    commands = [line.split()[0] for line in top.stdout.splitlines()
                if line.startswith("    ") and line.split() and not line.split()[0].startswith("-")]
    assert "validate" in commands and "stats" in commands
    for command in commands:
        result = cli(command, "--help")
        assert result.returncode == 0, command
        assert result.stdout.startswith(f"usage: sourcequiz {command}")


def test_usage_error_exits_2(cli):
    result = cli("validate", "--format", "xml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_stats_text_and_json(cli):
    text = cli("stats", "tests/data/good")
    assert text.returncode == 0
    assert "7 questions in 1 banks" in text.stdout
    data = json.loads(cli("stats", "tests/data/good", "--format", "json").stdout)
    assert data["questions"] == 7
    assert data["by_type"] == {t: 1 for t in
                               ["match", "multiple", "numeric", "order", "single", "text", "true_false"]}
    assert data["by_year"]["1996"] == 2  # a single year and a range that covers it
    bank = yaml.safe_load((ROOT / "tests/data/good/starter.yml").read_text(encoding="utf-8"))
    sourcing = Counter(f"{s.pop()} alone" if len(s) == 1 else "two or more sources"
                       for s in ({e["source"] for e in q["evidence"]} for q in bank["questions"]))
    assert data["by_sourcing"] == dict(sourcing)
    assert data["percent"]["two or more sources"] == round(100 * sourcing["two or more sources"] / 7, 1)
    assert "per cent of all questions:" in text.stdout


def test_validate_and_stats_on_the_course_banks(cli):
    assert cli("validate").returncode == 0, cli("validate").stdout
    data = json.loads(cli("stats", "--format", "json").stdout)
    assert len(data["by_type"]) == 7


def test_the_course_banks_meet_the_course_standard(cli):
    """The figures instructors/writing_questions.md sets for the whole bank."""
    data = json.loads(cli("stats", "--format", "json").stdout)
    assert data["questions"] >= 300
    assert len(data["by_type"]) == 7
    assert data["percent"]["hard"] >= 20
    assert data["percent"]["tariq-2020 alone"] <= 40
    assert data["percent"]["two or more sources"] >= 25
    assert set(data["by_source"]) == {"tariq-2020", "peace-talks-essay", "us-afghan-peace-agreement",
                                      "us-taliban-peace-agreement", "peace-agreement-taliban"}


def test_the_course_banks_pass_the_lint_and_the_checker(cli):
    """Issue 16's bar for the whole course: no lint finding, no check error, no unaccepted warning."""
    lint = cli("lint")
    assert lint.returncode == 0 and "no findings" in lint.stdout, lint.stdout[-3000:]
    check = cli("check", "--strict")
    assert check.returncode == 0, check.stdout[-3000:]
