import json

from sourcequiz import __version__


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


def test_validate_and_stats_on_the_course_banks(cli):
    assert cli("validate").returncode == 0, cli("validate").stdout
    data = json.loads(cli("stats", "--format", "json").stdout)
    assert data["questions"] >= 12
    assert len(data["by_type"]) == 7
