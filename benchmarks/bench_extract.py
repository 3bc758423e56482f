"""Time and memory of the extractor: `python benchmarks/bench_extract.py FILE.jsonl [--repeat N]`.

Reports the one-off start-up (vocabularies, gazetteer) apart from the per-announcement time.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time

from pipeline.extract import ExtractInput, extract


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("input")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    items = [ExtractInput.model_validate(json.loads(ln)) for ln in open(args.input, encoding="utf-8") if ln.strip()]
    t0 = time.perf_counter()
    extract(items[0])
    startup = time.perf_counter() - t0
    per: list[float] = []
    for _ in range(args.repeat):
        for it in items:
            t = time.perf_counter()
            extract(it)
            per.append((time.perf_counter() - t) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records: {len(items)} x {args.repeat}")
    print(f"start-up (first call, incl. gazetteer load): {startup:.2f} s")
    print(f"per announcement: median {statistics.median(per):.1f} ms, p95 {sorted(per)[int(0.95 * len(per)) - 1]:.1f} ms, max {max(per):.1f} ms")
    print(f"peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
