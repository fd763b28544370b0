"""Shared fixtures. Under CI=true, a test that cannot find a real component fails instead of skipping."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str):
    """Skip for a missing real component, loudly; in CI, fail: CI must prove the real path."""
    if IN_CI:
        pytest.fail(f"CI=true and a real component is missing: {reason}")
    pytest.skip(f"MISSING COMPONENT: {reason}")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        missing(f"{SHARED} is absent (it sits beside the project in CI)")
    return SHARED


@pytest.fixture(scope="session")
def sources():
    from sourcequiz.sources import SourceRegistry

    return SourceRegistry.load(ROOT / "sources")


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the real `sourcequiz` command, as a user would."""
    return subprocess.run([sys.executable, "-m", "sourcequiz.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def cli():
    return run_cli


def node_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules").is_dir()


FUZZED: Counter = Counter()  # inputs tried by the fuzz tests, by kind, for the summary line


def fuzz_count(kind: str) -> None:
    FUZZED[kind] += 1


def pytest_terminal_summary(terminalreporter):
    if FUZZED:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(FUZZED.items()))
        terminalreporter.write_line(f"fuzzing: {sum(FUZZED.values())} inputs ({kinds})")
