"""Which old snapshots to keep: the last N, plus the last one of every month.

Rule (documented in docs/warehouse.md):

* keep the ``keep_last`` newest snapshots (default 10);
* keep the newest snapshot of every calendar month (UTC), for ever, so a
  month-end series stays available for comparisons;
* never delete the snapshot ``latest`` points at, whatever its age;
* remove leftovers of failed runs (``.tmp-*`` folders) older than
  ``stale_after`` (default 6 hours; a run in progress is never that old).

Deleting is ``shutil.rmtree`` of whole dated folders, oldest first.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

SNAPSHOT_ID = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}Z(?:-\d+)?$")
DEFAULT_KEEP_LAST = 10
DEFAULT_STALE_AFTER_S = 6 * 3600


@dataclass
class RetentionResult:
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    removed_temp: list[str] = field(default_factory=list)


def published_snapshots(snapshots_dir: Path) -> list[str]:
    """IDs of complete snapshots (dated folder with a manifest), oldest first."""
    if not snapshots_dir.exists():
        return []
    return sorted(p.name for p in snapshots_dir.iterdir()
                  if p.is_dir() and not p.is_symlink() and SNAPSHOT_ID.match(p.name) and (p / "manifest.json").exists())


def snapshots_to_keep(ids: list[str], keep_last: int, protected: set[str]) -> set[str]:
    """The rule itself, on snapshot IDs alone (they sort by time)."""
    ordered = sorted(ids)
    keep = set(ordered[-keep_last:]) if keep_last > 0 else set()
    last_of_month: dict[str, str] = {}
    for snapshot_id in ordered:
        last_of_month[snapshot_id[:7]] = snapshot_id
    keep |= set(last_of_month.values())
    return keep | (protected & set(ids))


def current_latest(snapshots_dir: Path) -> str | None:
    pointer = snapshots_dir / "LATEST"
    if pointer.exists():
        return pointer.read_text(encoding="utf-8").strip() or None
    link = snapshots_dir / "latest"
    return link.resolve().name if link.is_symlink() else None


def apply_retention(snapshots_dir: Path, *, keep_last: int = DEFAULT_KEEP_LAST,
                    stale_after_s: float = DEFAULT_STALE_AFTER_S, now: float | None = None) -> RetentionResult:
    """Delete the snapshots the rule does not keep, and stale temporary folders."""
    result = RetentionResult()
    ids = published_snapshots(snapshots_dir)
    protected = {i for i in (current_latest(snapshots_dir),) if i}
    if (snapshots_dir / "latest").is_symlink():
        protected.add((snapshots_dir / "latest").resolve().name)
    keep = snapshots_to_keep(ids, keep_last, protected)
    for snapshot_id in ids:
        if snapshot_id in keep:
            result.kept.append(snapshot_id)
            continue
        shutil.rmtree(snapshots_dir / snapshot_id, ignore_errors=True)
        result.removed.append(snapshot_id)
        logger.info("retention: removed snapshot %s", snapshot_id)
    now = time.time() if now is None else now
    for tmp in sorted(snapshots_dir.glob(".tmp-*")) if snapshots_dir.exists() else []:
        if tmp.is_dir() and now - tmp.stat().st_mtime > stale_after_s:
            shutil.rmtree(tmp, ignore_errors=True)
            result.removed_temp.append(tmp.name)
            logger.info("retention: removed leftover %s", tmp.name)
    return result
