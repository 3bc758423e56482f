"""Commands that drive the whole pipeline: ``atmp run``, ``atmp crawl``, ``atmp ui``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _data_paths(args: argparse.Namespace):
    from pipeline.paths import DataPaths

    return DataPaths(Path(args.data_dir).resolve()) if getattr(args, "data_dir", None) else DataPaths.default()


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.orchestrate.run import run_pipeline, summary_lines

    data = _data_paths(args)
    outcome = run_pipeline(data, live=args.live, full=args.full, sources=args.source or None, crawl=not args.no_crawl)
    for line in summary_lines(data, outcome):
        print(line)
    if outcome.exit_code == 3:
        print(f"\natmp run: {len(outcome.failed_sources)} source(s) failed; the snapshot uses their earlier captures",
              file=sys.stderr)
    elif outcome.exit_code:
        print("\natmp run: publishing failed (see the log above)", file=sys.stderr)
    return outcome.exit_code


def cmd_crawl(args: argparse.Namespace) -> int:
    from pipeline.ingest import crawl_source

    data = _data_paths(args).ensure()
    result = crawl_source(args.slug, data, live=args.live, full=args.full, record=not args.no_record,
                          timeout=args.timeout, on_line=lambda line: print(line, file=sys.stderr))
    brief = {k: v for k, v in result.summary.items() if k != "stats"}
    print(json.dumps(brief, indent=2, ensure_ascii=False, default=str))
    if not result.ok:
        print(f"atmp crawl: {result.explain()}", file=sys.stderr)
    return result.exit_code


def cmd_ui(args: argparse.Namespace) -> int:
    import os
    import subprocess

    from pipeline.orchestrate.instance import ensure_dagster_home

    data = _data_paths(args).ensure()
    home = ensure_dagster_home(data)
    env = {**os.environ, "DAGSTER_HOME": str(home), "ATMP_DATA_DIR": str(data.root)}
    cmd = [sys.executable, "-m", "dagster", "dev", "-m", "dagster_project.definitions", "-h", args.host, "-p", str(args.port)]
    print(f"Dagster UI on http://{args.host}:{args.port} (instance {home}); Ctrl-C to stop", file=sys.stderr)
    return subprocess.call(cmd, env=env)


def cmd_sources(args: argparse.Namespace) -> int:
    from scrapers.archive import ReplayArchive
    from scrapers.registry import discover_sources, replay_dir

    rows = []
    for c in discover_sources(enabled_only=False):
        rows.append({"slug": c.slug, "kind": c.kind, "languages": ",".join(c.languages), "frequency": c.frequency,
                     "expected": f"{c.expected.min_items}-{c.expected.max_items}",
                     "recorded": len(ReplayArchive(replay_dir(c.slug))), "enabled": c.enabled, "based_on": c.based_on})
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    header = ("slug", "kind", "languages", "frequency", "expected", "recorded")
    widths = [max(len(h), *(len(str(r[h])) for r in rows)) for h in header]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print("  ".join(str(r[h]).ljust(w) for h, w in zip(header, widths, strict=True)))
    print(f"\n{len(rows)} sources; 'recorded' = responses in the replay archive")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    s = subparsers.add_parser("sources", help="list the sources (from their source.yml files)",
                              description="List every source folder: kind, languages, refresh frequency, the item "
                                          "bounds it declares and how many responses its replay archive holds.")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(func=cmd_sources)

    p = subparsers.add_parser(
        "run", help="run the whole pipeline through Dagster (replay archive by default)",
        description="Crawl every source (offline replay archive unless --live), then validate, extract, resolve, "
                    "geocode, load the DuckDB warehouse and publish a snapshot. Prints a summary at the end.")
    p.add_argument("--live", action="store_true", help="crawl the real sites (needs internet; polite, slow)")
    p.add_argument("--full", action="store_true", help="refetch every detail page, ignoring the incremental crawl state")
    p.add_argument("--source", action="append", metavar="SLUG", help="crawl only this source (repeatable); publishing uses all captures")
    p.add_argument("--no-crawl", action="store_true", help="skip crawling; validate and publish the captures already on disk")
    p.add_argument("--data-dir", help="data folder (default: $ATMP_DATA_DIR or warehouse/data)")
    p.set_defaults(func=cmd_run)

    c = subparsers.add_parser(
        "crawl", help="crawl one source into a new capture folder",
        description="Run one crawl of SLUG in its own process. Replay mode (default) serves the bundled archive "
                    "through Scrapy's downloader; --live crawls the real site and records into the archive.")
    c.add_argument("slug", help="source folder name under scrapers/sources/")
    c.add_argument("--live", action="store_true", help="crawl the real site (needs internet)")
    c.add_argument("--no-record", action="store_true", help="with --live: do not update the replay archive")
    c.add_argument("--full", action="store_true", help="refetch every detail page")
    c.add_argument("--timeout", type=float, default=3600, help="kill the crawl after this many seconds (default 3600)")
    c.add_argument("--data-dir", help="data folder (default: $ATMP_DATA_DIR or warehouse/data)")
    c.set_defaults(func=cmd_crawl)

    u = subparsers.add_parser("ui", help="open the Dagster UI on the pipeline's instance",
                              description="Start `dagster dev` on the project's definitions and the instance atmp run uses.")
    u.add_argument("--host", default="127.0.0.1")
    u.add_argument("--port", type=int, default=3000)
    u.add_argument("--data-dir", help="data folder (default: $ATMP_DATA_DIR or warehouse/data)")
    u.set_defaults(func=cmd_ui)
