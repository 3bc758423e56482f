"""Run every benchmark, each in its own process, and print what it measured.

    make bench        # = python -m benchmarks.run_all

Each benchmark prints its own figures and writes them under benchmarks/results/.
Numbers depend on the machine and on what else runs on it; report them with
the command that produced them, never assert them in tests.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS: list[tuple[str, list[str]]] = [
    ("benchmarks.bench_parse", []),
    ("benchmarks.bench_extract", [str(ROOT / "tests" / "fixtures" / "bundle_announcements.jsonl")]),
    ("benchmarks.bench_geocode", []),
    ("benchmarks.bench_resolve", []),
    ("benchmarks.bench_warehouse", []),
]


def main() -> int:
    failed = []
    for module, args in BENCHMARKS:
        print(f"\n=== {module} {' '.join(Path(a).name for a in args)}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", module, *args], cwd=ROOT)
        print(f"=== {module}: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
        if code:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
