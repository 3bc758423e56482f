"""Run exactly one crawl in this process and decide from its stats whether it worked.

    python -m scrapers.run SLUG [--live] [--out DIR] [--full]

Writes ``items.jsonl``, ``rejects.jsonl`` and ``stats.json`` into a new capture
folder (``<data>/raw/<slug>/<crawl_id>/`` by default; folders are never
reused, so captures are append-only) and prints a one-line JSON summary on
stdout. ``scrapy crawl`` exits 0 even when nothing was scraped, so the exit
code is decided here:

0 ok · 2 bad usage or source.yml · 3 fewer items than the source's minimum ·
4 the crawl did not finish · 5 replay archive lacks requested pages
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.paths import DataPaths
from schemas.source import SourceConfig, SourceConfigError
from scrapers.registry import get_source, is_bundled, replay_dir, source_folder

EXIT_OK, EXIT_USAGE, EXIT_BELOW_MIN, EXIT_NOT_FINISHED, EXIT_REPLAY_MISSING = 0, 2, 3, 4, 5


@dataclass
class CrawlOutcome:
    exit_code: int
    summary: dict[str, Any]


def new_crawl_id(live: bool) -> str:
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond:06d}Z-" + ("live" if live else "replay")


def load_spider_class(slug: str) -> type:
    """The spider class in <source folder>/spider.py whose name is the slug."""
    from scrapers.base import SourceSpider

    if is_bundled(slug):
        module = importlib.import_module(f"scrapers.sources.{slug}.spider")
    else:
        path = source_folder(slug) / "spider.py"
        spec = importlib.util.spec_from_file_location(f"atmp_extra_sources.{slug}.spider", path)
        if spec is None or spec.loader is None:
            raise SourceConfigError(f"{path}: cannot be imported")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    for _, obj in inspect.getmembers(module, inspect.isclass):
        if issubclass(obj, SourceSpider) and obj is not SourceSpider and obj.name == slug:
            return obj
    raise SourceConfigError(f"scrapers/sources/{slug}/spider.py defines no SourceSpider named '{slug}'")


def crawl_settings(
    config: SourceConfig, out: Path, crawl_id: str, *, live: bool, record: bool, archive: Path, state: Path, full: bool
) -> dict[str, Any]:
    """Scrapy settings for this crawl: polite when live, fast and offline when replaying."""
    settings: dict[str, Any] = {
        "ATMP_CRAWL_ID": crawl_id,
        "ATMP_ITEMS_PATH": str(out / "items.jsonl"),
        "ATMP_REJECTS_PATH": str(out / "rejects.jsonl"),
        "ATMP_ARCHIVE_DIR": str(archive),
        "ATMP_STATE_PATH": str(state),
        "ATMP_FULL_REFRESH": full,
        "ATMP_RECORD": live and record,
        "CLOSESPIDER_TIMEOUT": config.politeness.timeout_seconds,
        "CLOSESPIDER_PAGECOUNT": config.politeness.max_pages,
        "DOWNLOAD_TIMEOUT": config.politeness.download_timeout,
        "DOWNLOAD_MAXSIZE": config.politeness.max_page_bytes,
        "DOWNLOAD_WARNSIZE": min(config.politeness.max_page_bytes, 2 * 1024 * 1024),
    }
    if os.environ.get("ATMP_USER_AGENT"):
        settings["USER_AGENT"] = os.environ["ATMP_USER_AGENT"]
    if live:
        settings.update(
            DOWNLOAD_DELAY=config.politeness.download_delay,
            AUTOTHROTTLE_START_DELAY=config.politeness.download_delay,
            ATMP_RETRY_BACKOFF_BASE=config.politeness.retry_backoff_base,
            CONCURRENT_REQUESTS_PER_DOMAIN=config.politeness.concurrent_requests_per_domain,
            ROBOTSTXT_OBEY=config.politeness.obey_robots_txt,
        )
    else:
        settings.update(
            DOWNLOAD_HANDLERS={
                "http": "scrapers.replay.ReplayDownloadHandler",
                "https": "scrapers.replay.ReplayDownloadHandler",
            },
            ROBOTSTXT_OBEY=False,
            DOWNLOAD_DELAY=0,
            DOWNLOAD_DELAY_JITTER=0,
            AUTOTHROTTLE_ENABLED=False,
            CONCURRENT_REQUESTS=32,
            CONCURRENT_REQUESTS_PER_DOMAIN=32,
            ATMP_RETRY_BACKOFF_BASE=0,
            RETRY_TIMES=1,
        )
    return settings


def judge(config: SourceConfig, stats: dict[str, Any], live: bool) -> tuple[int, list[str], list[str]]:
    """Exit code, failure reasons and warnings from the crawl stats."""
    failures: list[str] = []
    warnings: list[str] = []
    code = EXIT_OK
    scraped = int(stats.get("item_scraped_count", 0))
    unchanged = int(stats.get("incremental/unchanged_items", 0))
    confirmed = scraped + unchanged
    finish = stats.get("finish_reason")
    if not live and stats.get("replay/missing", 0):
        failures.append(f"{stats['replay/missing']} requested pages are not in the replay archive")
        code = EXIT_REPLAY_MISSING
    if finish != "finished":
        failures.append(f"crawl stopped early: finish_reason={finish!r}")
        code = code or EXIT_NOT_FINISHED
    if confirmed < config.expected.min_items:
        failures.append(
            f"{confirmed} items ({scraped} new or changed + {unchanged} unchanged) is below the minimum of "
            f"{config.expected.min_items} declared in source.yml"
        )
        code = code or EXIT_BELOW_MIN
    if confirmed > config.expected.max_items:
        warnings.append(f"{confirmed} items is above the declared maximum of {config.expected.max_items}")
    if stats.get("atmp/rejects"):
        warnings.append(f"{stats['atmp/rejects']} pages or records rejected (see rejects.jsonl)")
    if stats.get("spider_exceptions/count") or any(k.startswith("spider_exceptions/") for k in stats):
        n = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/") and isinstance(v, int))
        warnings.append(f"{n} spider exceptions while parsing (see the log)")
    return code, failures, warnings


def run_crawl(
    slug: str,
    *,
    live: bool = False,
    record: bool = True,
    out: Path | None = None,
    archive: Path | None = None,
    data: DataPaths | None = None,
    full: bool = False,
) -> CrawlOutcome:
    """One crawl of one source; must be called once per process (Twisted cannot restart)."""
    from scrapy.crawler import AsyncCrawlerProcess
    from scrapy.settings import Settings

    config = get_source(slug)
    data = (data or DataPaths.default()).ensure()
    crawl_id = new_crawl_id(live)
    out = out or data.raw_source(slug) / crawl_id
    out.mkdir(parents=True, exist_ok=False)
    archive = archive or replay_dir(slug)
    if not live and not (archive / "manifest.jsonl").exists():
        raise SourceConfigError(f"{slug}: no replay archive at {archive} (run with --live to record one)")

    settings = Settings()
    settings.setmodule("scrapers.settings", priority="project")
    settings.setdict(
        crawl_settings(config, out, crawl_id, live=live, record=record, archive=archive,
                       state=data.state / f"{slug}.json", full=full),
        priority="cmdline",
    )
    spider_cls = load_spider_class(slug)
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(spider_cls)
    started = datetime.now(UTC)
    process.crawl(crawler)
    process.start()
    stats = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in crawler.stats.get_stats().items()}

    code, failures, warnings = judge(config, stats, live)
    summary = {
        "slug": slug,
        "crawl_id": crawl_id,
        "mode": "live" if live else "replay",
        "capture_dir": str(out),
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "success": code == EXIT_OK,
        "exit_code": code,
        "items_scraped": int(stats.get("item_scraped_count", 0)),
        "items_unchanged": int(stats.get("incremental/unchanged_items", 0)),
        "requests": int(stats.get("downloader/request_count", 0)),
        "rejects": int(stats.get("atmp/rejects", 0)),
        "expected": config.expected.model_dump(),
        "failures": failures,
        "warnings": warnings,
        "stats": stats,
    }
    (out / "stats.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    for name in ("items.jsonl", "rejects.jsonl"):
        (out / name).touch()
    return CrawlOutcome(code, summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("slug", help="source folder name under scrapers/sources/")
    parser.add_argument("--live", action="store_true", help="crawl the real site (needs internet); records into the archive")
    parser.add_argument("--no-record", action="store_true", help="in live mode, do not update the replay archive")
    parser.add_argument("--out", type=Path, help="capture folder (default: <data>/raw/<slug>/<crawl_id>)")
    parser.add_argument("--archive", type=Path, help="replay archive folder (default: scrapers/replay/<slug>)")
    parser.add_argument("--data-dir", type=Path, help="data folder (default: $ATMP_DATA_DIR or warehouse/data)")
    parser.add_argument("--full", action="store_true", help="refetch every detail page, ignoring the crawl state")
    args = parser.parse_args(argv)
    try:
        outcome = run_crawl(
            args.slug,
            live=args.live,
            record=not args.no_record,
            out=args.out,
            archive=args.archive,
            data=DataPaths(args.data_dir.resolve()) if args.data_dir else None,
            full=args.full,
        )
    except (KeyError, SourceConfigError, FileExistsError) as exc:
        print(f"scrapers.run: {exc}", file=sys.stderr)
        return EXIT_USAGE
    brief = {k: v for k, v in outcome.summary.items() if k != "stats"}
    print(json.dumps(brief, ensure_ascii=False, default=str))
    for line in outcome.summary["failures"]:
        print(f"scrapers.run: FAILED: {line}", file=sys.stderr)
    for line in outcome.summary["warnings"]:
        print(f"scrapers.run: warning: {line}", file=sys.stderr)
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
