"""Time and memory of the extractor: `python benchmarks/bench_extract.py FILE.jsonl [FILE2.jsonl ...] [--repeat N] [--known-orgs FILE]`.

Reports the one-off start-up (vocabularies, gazetteer) apart from the per-announcement time,
per input file and over all of them. Measured figures only: nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import time
from pathlib import Path

from pipeline.extract import ExtractInput, extract


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("inputs", nargs="+", help="JSON Lines files of announcements (gold files work too)")
    ap.add_argument("--repeat", type=int, default=3, help="passes over each file (default 3)")
    ap.add_argument("--known-orgs", metavar="FILE", help="known organisation names, one per line, as the pipeline passes them")
    args = ap.parse_args()
    known = None
    if args.known_orgs:
        known = [ln.strip() for ln in Path(args.known_orgs).read_text(encoding="utf-8").splitlines() if ln.strip()]
    files = {p: [ExtractInput.model_validate(json.loads(ln)) for ln in open(p, encoding="utf-8") if ln.strip()] for p in args.inputs}
    first = next(iter(files.values()))[0]
    t0 = time.perf_counter()
    extract(first, known)
    startup = time.perf_counter() - t0
    print(f"python {platform.python_version()} on {platform.machine()}, known_orgs: {len(known) if known else 0}")
    print(f"start-up (first call, incl. vocabularies and gazetteer load): {startup:.2f} s")
    every: list[float] = []
    for path, items in files.items():
        per: list[float] = []
        for _ in range(args.repeat):
            for it in items:
                t = time.perf_counter()
                extract(it, known)
                per.append((time.perf_counter() - t) * 1000)
        every += per
        print(f"{path}: {len(items)} x {args.repeat}: median {statistics.median(per):.1f} ms, "
              f"p95 {_percentile(per, 0.95):.1f} ms, max {max(per):.1f} ms per announcement")
    if len(files) > 1:
        print(f"all: median {statistics.median(every):.1f} ms, p95 {_percentile(every, 0.95):.1f} ms per announcement")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
