"""Stage: extract facts from every valid announcement.

A record the extractor cannot handle becomes a quarantine row (stage
``extract``) and a not-relevant result, so one odd page never stops a run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pipeline.paths import DataPaths
from pipeline.stages.files import EXTRACTED, QUARANTINE, VALIDATED, read_rows, write_rows
from pipeline.validate import quarantine_row

logger = logging.getLogger(__name__)


def known_organisation_names(validated: list[dict[str, Any]]) -> list[str]:
    """Names and aliases of the organisations the landscape sources list."""
    names: set[str] = set()
    for row in validated:
        if row["item_type"] == "organisation":
            data = row["data"]
            names.add(data["name"])
            names.update(data.get("aliases") or [])
    return sorted(names)


def run_extract(data: DataPaths, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    from pipeline.extract import ExtractInput, extract

    validated = read_rows(data.staging, VALIDATED)
    known = known_organisation_names(validated)
    announcements = [r for r in validated if r["item_type"] == "announcement"]
    out: list[dict[str, Any]] = []
    failed = []
    for n, row in enumerate(announcements, start=1):
        payload = row["data"]
        item = ExtractInput(
            id=row["item_id"], url=payload["url"], title=payload["title"],
            published=payload.get("published"), text=payload["text"],
        )
        try:
            result = extract(item, known_orgs=known).model_dump(mode="json")
        except Exception as exc:  # noqa: BLE001 - one bad record must not stop the batch
            logger.exception("extraction failed for %s", row["item_id"])
            failed.append(quarantine_row("extract", f"extractor error: {type(exc).__name__}: {exc}"[:500], item=row))
            result = {"id": row["item_id"], "relevant": False, "reason": "extractor error"}
        out.append(result)
        if progress and n % 25 == 0:
            progress(f"extracted {n}/{len(announcements)} announcements")
    write_rows(data.staging, EXTRACTED, out)
    if failed:
        existing = read_rows(data.staging, QUARANTINE)
        write_rows(data.staging, QUARANTINE, existing + [q.model_dump(mode="json") for q in failed])
    relevant = sum(1 for r in out if r.get("relevant"))
    return {"announcements": len(out), "relevant": relevant, "not_relevant": len(out) - relevant, "errors": len(failed)}
