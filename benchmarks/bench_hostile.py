"""Hostile input: how fast a bad file is refused, and what checking the worst valid banks costs.

Targets (2-core machine): a refusal within 1 s; a check of a pathological bank within 10 s and
200 MB peak memory. The files come from tests/hostile_files.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import alias_bomb, crowded_bank, deep_nesting, huge_file, long_quotes_bank  # noqa: E402
from measure import wall_and_peak  # noqa: E402


def run():
    from sourcequiz.sources import SourceRegistry

    sources = SourceRegistry.load(ROOT / "sources")
    cases = [
        ("alias bomb (10^9 values) refused", alias_bomb(), "1 s"),
        ("3 MB file refused", huge_file(3), "1 s"),
        ("100,000-deep nesting refused", deep_nesting(), "1 s"),
        ("check 15 q x 30 unfound 4,000-char quotes", long_quotes_bank(sources), "10 s"),
        ("check 1,150 q x 26 options (near 2 MB)", crowded_bank(sources), "10 s"),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for what, text, target in cases:
            path = Path(tmp) / "hostile.yml"
            path.write_text(text, encoding="utf-8")
            figures = wall_and_peak([sys.executable, "-m", "sourcequiz.cli", "check", str(path), "--sources",
                                     str(ROOT / "sources")], ROOT)
            rows.append((f"hostile: {what} (exit {figures['code']})", figures["wall"], "s", target))
            rows.append((f"hostile: {what}, peak memory", round(figures["peak_mb"]), "MB", "200 MB"))
    return rows
