"""`make bench`: speed and size figures, printed. Targets are reported beside each figure, never asserted.

Each `benchmarks/bench_*.py` module defines `run()` returning rows of
(what, value, unit, target or "").
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"running {path.stem} ...", file=sys.stderr, flush=True)
        rows.extend(module.run())
    width = max(len(r[0]) for r in rows) if rows else 0
    for what, value, unit, target in rows:
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        print(f"{what:<{width}}  {shown:>12} {unit:<6} {('target ' + target) if target else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
