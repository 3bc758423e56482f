"""Stage: gather the current captures of every source and validate them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.paths import DataPaths
from pipeline.raw import crawl_rejects, crawl_summaries, current_items
from pipeline.stages.files import CRAWLS, QUARANTINE, RAW_DIR, VALIDATED, write_rows
from pipeline.validate import quarantine_bad_lines, quarantine_rejects, validate_items
from schemas.entities import Crawl


def crawl_row(summary: dict[str, Any]) -> Crawl | None:
    """One core_atmp__crawls row from a runner summary (None for unreadable ones)."""
    try:
        return Crawl(
            crawl_id=summary["crawl_id"],
            source_slug=summary["slug"],
            mode=summary.get("mode", "replay"),
            started_at=summary["started_at"],
            finished_at=summary.get("finished_at"),
            is_success=bool(summary.get("success")),
            items_scraped=int(summary.get("items_scraped", 0)),
            items_unchanged=int(summary.get("items_unchanged", 0)),
            requests=int(summary.get("requests", 0)),
            rejects=int(summary.get("rejects", 0)),
            failures=list(summary.get("failures", [])),
        )
    except (KeyError, ValueError):
        return None


def run_validate(data: DataPaths, slugs: Iterable[str]) -> dict[str, Any]:
    """Validate the current items of the given sources; write staging files; return counts."""
    staging = data.staging
    valid_rows: list[dict[str, Any]] = []
    quarantine = []
    crawls = []
    per_source: dict[str, dict[str, int]] = {}
    for slug in sorted(slugs):
        items, bad_lines = current_items(slug, data)
        write_rows(staging, f"{RAW_DIR}/{slug}.jsonl", items)
        outcome = validate_items(items)
        rejected_pages = quarantine_rejects(crawl_rejects(slug, data))
        quarantine += outcome.quarantine + quarantine_bad_lines(slug, bad_lines) + rejected_pages
        valid_rows += [r.as_row() for r in outcome.valid]
        crawls += [c for c in (crawl_row(s) for s in crawl_summaries(slug, data)) if c is not None]
        per_source[slug] = {
            "items": len(items),
            "valid": len(outcome.valid),
            "invalid": len(outcome.quarantine),
            "rejected_pages": len(rejected_pages),
        }
    unique_quarantine = {q.quarantine_id: q for q in sorted(quarantine, key=lambda q: str(q.seen_at), reverse=True)}
    write_rows(staging, VALIDATED, valid_rows)
    write_rows(staging, QUARANTINE, list(unique_quarantine.values()))
    write_rows(staging, CRAWLS, crawls)
    return {"valid": len(valid_rows), "quarantined": len(unique_quarantine), "sources": per_source}
