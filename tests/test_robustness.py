"""Hostile input and safe writes, through the real command line:

- resource limits: alias bombs, huge files and deep nesting are refused at once with a located message;
  the worst valid banks are checked within 200 MB (their time is in `make bench`);
- paths: a source id is an id, never a path; nothing outside the sources folder is read;
- writes: the reading commands never write; select and export never overwrite without --force, and an
  export killed mid-way leaves the old file intact.

Every command runs under tests/audited.py, an audit hook that records each file touched.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT
from hostile_files import alias_bomb, crowded_bank, deep_nesting, huge_file, long_quotes_bank
from quiz_support import make_course

AUDITED = Path(__file__).parent / "audited.py"
HANG_GUARD = 120  # seconds: a hung command fails the test instead of stalling the suite


def audited(*args: str, cwd: Path, kill_at: str | None = None) -> tuple[subprocess.CompletedProcess, list[dict]]:
    log = cwd / ".audit.jsonl"
    kill = ["--kill-at", kill_at] if kill_at else []
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, str(AUDITED), str(log), *kill, "--", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=HANG_GUARD)
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    log.unlink()
    return done, events


@pytest.fixture
def course(tmp_path) -> Path:
    folder = make_course(tmp_path / "course")
    (tmp_path / "secret.txt").write_text("outside the course\n", encoding="utf-8")
    (tmp_path / "secret.yml").write_text(yaml.safe_dump({"set": "secret", "title": "Secret"}), encoding="utf-8")
    return folder


def touched_outside(events: list[dict], folder: Path) -> list[str]:
    """Files read or written in the test's folder but outside the course (the planted secrets)."""
    parent = folder.parent.resolve()
    return [e["path"] for e in events
            if Path(e["path"]).resolve().is_relative_to(parent) and not Path(e["path"]).resolve().is_relative_to(folder.resolve())]


# --- resource limits -------------------------------------------------------------------------

@pytest.mark.parametrize("name, text, expected", [
    ("bomb", alias_bomb(), "more than 300,000 values"),
    ("huge", huge_file(3), "may be at most 2 MB"),
    ("deep", deep_nesting(), "nested more than 40 levels deep"),
])
def test_hostile_files_are_refused_with_a_located_message(course, name, text, expected):
    path = course / "quizzes" / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    for command in ("validate", "check", "lint", "stats"):
        done, _ = audited(command, str(path), cwd=course)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        output = done.stdout + done.stderr
        assert f"quizzes/{name}.yml:" in output and expected in output, output
        assert "Traceback" not in output


def test_small_aliases_still_work(course):
    bank = yaml.safe_load((DATA / "good" / "starter.yml").read_text(encoding="utf-8"))
    text = yaml.safe_dump(bank, sort_keys=False).replace("evidence:", "evidence: &ev", 1)
    path = course / "quizzes" / "starter.yml"
    path.write_text(text, encoding="utf-8")
    done, _ = audited("validate", str(path), cwd=course)
    assert done.returncode == 0, done.stdout + done.stderr


# a fresh parent whose only child is the command, so RUSAGE_CHILDREN is that command's peak
PEAK = ("import json, resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(json.dumps({'code': done.returncode, 'stderr': done.stderr,\n"
        "                  'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")


@pytest.mark.parametrize("make", [long_quotes_bank, crowded_bank], ids=["long-quotes", "crowded"])
def test_the_worst_valid_banks_are_checked_within_200_mb(course, sources, make):
    path = course / "quizzes" / "worst.yml"
    path.write_text(make(sources), encoding="utf-8")
    command = [sys.executable, "-m", "sourcequiz.cli", "check", str(path)]
    done = json.loads(subprocess.run([sys.executable, "-c", PEAK, *command], cwd=course, capture_output=True,
                                     text=True, timeout=HANG_GUARD, check=True).stdout)
    assert done["code"] == 1, done["stderr"]  # the quotes are not in the sources: errors, not a crash
    assert done["peak_mb"] < 200, f"check of {path.name} peaked at {done['peak_mb']:.0f} MB"


# --- paths -----------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", [
    {"id": "essay", "file": "../secret.txt"},
    {"id": "essay", "file": "{secret}"},
    {"id": "../secret", "file": "peace-talks-essay.txt"},
    {"id": "/etc/passwd", "file": "peace-talks-essay.txt"},
    {"id": "essay", "file": "link.txt"},
])
def test_sources_yml_cannot_lead_outside_the_sources_folder(course, entry):
    (course / "sources" / "link.txt").symlink_to(course.parent / "secret.txt")
    entry = {k: v.format(secret=course.parent / "secret.txt") for k, v in entry.items()}
    index = course / "sources" / "sources.yml"
    data = yaml.safe_load(index.read_text(encoding="utf-8"))
    data["sources"].append({**entry, "title": "Planted"})
    index.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    done, events = audited("validate", cwd=course)
    assert done.returncode == 2
    assert "sources/sources.yml:" in done.stderr and ("not an id" in done.stderr or "expected the name of a file" in done.stderr)
    assert touched_outside(events, course) == []


@pytest.mark.parametrize("source_id", ["../../etc/passwd", "/etc/passwd", "../secret"])
def test_a_source_id_in_a_bank_is_an_id_not_a_path(course, source_id):
    bank = yaml.safe_load((DATA / "good" / "starter.yml").read_text(encoding="utf-8"))
    bank["questions"][0]["evidence"][0]["source"] = source_id
    (course / "quizzes" / "starter.yml").write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    for command in ("validate", "check"):
        done, events = audited(command, cwd=course)
        assert done.returncode == 1
        assert "quizzes/starter.yml:" in done.stdout and "evidence[0].source" in done.stdout
        assert touched_outside(events, course) == []


def test_a_bank_id_given_to_quiz_is_never_a_path(course, monkeypatch):
    from sourcequiz.payload import build_payload, load_course
    from sourcequiz.problems import UserError

    (course.parent / "passwd.yml").write_text((DATA / "good" / "starter.yml").read_text(encoding="utf-8"))
    for bank_id in ("../../passwd", "../passwd", str(course.parent / "passwd")):
        with pytest.raises(UserError, match="no bank"):
            build_payload(bank_id, course=load_course(course))


def test_a_book_page_cannot_name_a_set_file_outside_the_book(tmp_path):
    from sourcequiz import quiz
    from test_sphinx_quiz import add_notebook, build, make_project

    folder = tmp_path / "book"
    outside = tmp_path / "outside.yml"
    shutil.copy(DATA / "good" / "starter.yml", outside)
    make_project(folder, {"page": "# Page\n\n```{quiz} ../outside.yml\n```\n"})
    add_notebook(folder, "notebook", quiz(str(outside), root=folder))  # a notebook run elsewhere, then shared
    _, warnings = build(folder)
    for page in ("page.md", "notebook.ipynb"):
        assert any(page in line and "outside the book's folder" in line for line in warnings.splitlines()), warnings
    for page in ("page.html", "notebook.html"):
        assert "sq-quiz" not in (folder / "_build" / "html" / page).read_text(encoding="utf-8")


# --- writes ----------------------------------------------------------------------------------

READING = [
    ["validate"], ["validate", "--format", "json"], ["check"], ["check", "--format", "json"], ["lint"],
    ["stats", "--format", "json"], ["find", "Doha"], ["suggest", "starter-signing-date"],
]


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("args", READING, ids=[" ".join(a) for a in READING])
def test_reading_commands_never_write(course, args):
    before = tree(course)
    done, events = audited(*args, cwd=course)
    assert done.returncode in (0, 1), done.stderr
    assert [e for e in events if e["writes"]] == []
    assert tree(course) == before


def exported_set(course: Path) -> Path:
    done, _ = audited("select", "--count", "6", "--seed", "2", "-o", "term.yml", cwd=course)
    assert done.returncode == 0, done.stderr
    return course / "term.yml"


def test_select_and_export_never_overwrite_without_force(course):
    exported_set(course)
    for args in (["select", "--count", "3", "-o", "term.yml"], ["export", "term.yml", "--to", "gift", "-o", "term.yml"],
                 ["schema", "-o", "term.yml"]):
        before = (course / "term.yml").read_bytes()
        done, events = audited(*args, cwd=course)
        assert done.returncode == 2 and "already exists; pass --force" in done.stderr
        assert (course / "term.yml").read_bytes() == before
        assert [e for e in events if e["writes"]] == []
    (course / "old.html").write_text("old worksheet", encoding="utf-8")
    done, _ = audited("export", "term.yml", "--to", "html", "-o", "old.html", cwd=course)
    assert done.returncode == 2 and not (course / "old-answers.html").exists()  # all or nothing
    assert (course / "old.html").read_text(encoding="utf-8") == "old worksheet"


@pytest.mark.parametrize("fmt, kill_at", [("pdf", "chmod"), ("pdf", "rename"), ("qti21", "rename"),
                                          ("html", "rename"), ("moodle-xml", "chmod")])
def test_an_export_killed_mid_way_leaves_the_old_file_intact(course, fmt, kill_at):
    exported_set(course)
    output = course / f"term{'.xml' if fmt == 'moodle-xml' else ''}"
    done, _ = audited("export", "term.yml", "--to", fmt, "-o", str(output), cwd=course)
    assert done.returncode == 0, done.stderr
    written = sorted(p for p in course.iterdir() if p.name.startswith("term") and p.suffix != ".yml")
    for path in written:  # old files unlike the new ones, so a landed export would show
        path.write_bytes(b"the old " + path.name.encode())
    old = {p: p.read_bytes() for p in written}
    done, events = audited("export", "term.yml", "--to", fmt, "-o", str(output), "--force", cwd=course,
                           kill_at=kill_at)
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stderr)
    assert any(e["event"] == f"os.{kill_at}" for e in events)  # it died mid-export, not before
    assert {p: p.read_bytes() for p in written} == old


def test_exports_killed_at_random_moments_leave_old_or_whole_new_files(course):
    exported_set(course)
    target = course / "term.pdf"
    old = b"the old worksheet"
    target.write_bytes(old)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    outcomes = []
    for delay in (0.05, 0.3, 0.5, 0.7, 0.9, 1.1, 1.4):  # from start-up to past the end of a quick export
        process = subprocess.Popen([sys.executable, "-m", "sourcequiz.cli", "export", "term.yml", "--to", "pdf",
                                    "-o", str(target), "--force"], cwd=course, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=HANG_GUARD)
        data = target.read_bytes()
        assert data == old or (data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")), f"after {delay} s"
        outcomes.append((process.returncode, data == old))
    assert (-signal.SIGKILL, True) in outcomes  # the first, at least, was killed before its file landed
