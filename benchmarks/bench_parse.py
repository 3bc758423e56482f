"""Benchmark: pages per second and memory of the generic article parser.

    .venv/bin/python -m benchmarks.bench_parse [--rounds 20] [--big]

Runs ``parse_article`` over the test pages in tests/parse/pages/ (small
realistic pages, one per phenomenon: wires, encodings, paywalls, broken markup,
non-HTML bytes) for several rounds after one warm-up pass, and reports
pages/second, per-page latency (median, 95th percentile, max) and peak RSS.
``--big`` adds synthetic stress pages (a 4 MB page, 20,000+ elements, a gzip
bomb, a 2 MB page in an undeclared code page) and reports each one's time separately. Writes benchmarks/results/parse.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import resource
import statistics
import time
from pathlib import Path

from pipeline.parse import parse_article

PAGES = Path(__file__).resolve().parent.parent / "tests" / "parse" / "pages"
RESULTS = Path(__file__).resolve().parent / "results" / "parse.json"
URL = "https://news.example.org/2021/06/17/story"


def _stress_pages() -> dict[str, bytes]:
    story = (PAGES / "globenewswire_release.html").read_bytes()
    filler = b"<div class='comment'><p>" + b"Lorem ipsum dolor sit amet. " * 30 + b"</p></div>"
    return {
        "4mb-page": story.replace(b"</main>", b"</main>" + filler * (4_000_000 // len(filler))),
        "25k-elements": story.replace(b"</main>", b"</main>" + b"<span>x</span>" * 25_000),
        "gzip-bomb-20mb": gzip.compress(b"<html><body><p>" + b"a" * 20_000_000 + b"</p></body></html>"),
        # no charset anywhere, not UTF-8: the code page is chosen from the language of the text
        "2mb-undeclared-cp1252": (PAGES / "it_cp1252_undeclared_short.html").read_bytes().replace(
            b"</article>", b"<p>" + "Il reparto sarà pronto già in autunno. ".encode("cp1252") * 50_000 + b"</p></article>"
        ),
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(rounds: int, big: bool) -> dict[str, object]:
    pages = {p.name: p.read_bytes() for p in sorted(PAGES.iterdir()) if p.suffix == ".html"}
    started = time.perf_counter()
    for body in pages.values():  # warm-up: imports, models, caches
        parse_article(body, URL)
    warmup = time.perf_counter() - started
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for body in pages.values():
            t0 = time.perf_counter()
            parse_article(body, URL)
            latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    latencies.sort()
    result: dict[str, object] = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()} / {platform.processor() or 'cpu'}",
        "pages": len(pages),
        "rounds": rounds,
        "first_pass_s": round(warmup, 2),
        "pages_per_s": round(len(latencies) / elapsed, 1),
        "latency_ms": {
            "median": round(statistics.median(latencies) * 1000, 1),
            "p95": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
            "max": round(latencies[-1] * 1000, 1),
        },
    }
    if big:
        stress: dict[str, object] = {}
        for name, body in _stress_pages().items():
            t0 = time.perf_counter()
            article = parse_article(body, URL)
            stress[name] = {
                "input_bytes": len(body),
                "seconds": round(time.perf_counter() - t0, 2),
                "text_chars": len(article.text),
                "warnings": article.warnings,
            }
        result["stress"] = stress
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the test pages (default 20)")
    parser.add_argument("--big", action="store_true", help="also time synthetic stress pages")
    args = parser.parse_args()
    result = run(args.rounds, args.big)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
