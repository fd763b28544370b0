"""Finding the course: above the working directory, or the copy installed with the package."""

import shutil
import subprocess
import sys
import zipfile

import pytest

from sourcequiz.problems import UserError
from sourcequiz.project import find_root, installed_course

from conftest import ROOT


def test_finds_the_course_above_the_working_directory(monkeypatch):
    monkeypatch.delenv("SOURCEQUIZ_ROOT", raising=False)
    assert find_root(ROOT / "chapters") == ROOT


def test_falls_back_to_the_installed_copy_outside_the_course(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCEQUIZ_ROOT", raising=False)
    prefix = tmp_path / "prefix"
    course = prefix / "share" / "sourcequiz" / "course"
    shutil.copytree(ROOT / "quizzes", course / "quizzes")
    shutil.copytree(ROOT / "sources", course / "sources")
    monkeypatch.setattr(sys, "prefix", str(prefix))
    elsewhere = tmp_path / "Downloads"
    elsewhere.mkdir()
    assert find_root(elsewhere) == installed_course() == course


def test_no_course_anywhere_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCEQUIZ_ROOT", raising=False)
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "empty-prefix"))
    with pytest.raises(UserError, match="no course found at or above"):
        find_root(tmp_path)


def test_the_wheel_installs_the_banks_and_texts(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(tmp_path.glob("sourcequiz-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    version = wheel.name.split("-")[1]
    data = f"sourcequiz-{version}.data/data/share/sourcequiz/course/"
    for bank in (ROOT / "quizzes").glob("*.yml"):
        assert f"{data}quizzes/{bank.name}" in names
    for text in (ROOT / "sources").iterdir():
        assert f"{data}sources/{text.name}" in names
    assert "sourcequiz/static/quiz.js" in names and "sourcequiz/schema/bank.schema.json" in names
