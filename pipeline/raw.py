"""Read the append-only crawl captures of a source.

Each crawl writes a new folder; the current item set of a source is the union
of all its captures, the latest capture of each item winning. So an
incremental refresh that skips unchanged pages loses nothing, and a failed
crawl never removes what earlier crawls captured.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.paths import DataPaths


@dataclass(frozen=True)
class BadCaptureLine:
    path: Path
    line: int
    reason: str
    text: str


def capture_dirs(slug: str, data: DataPaths) -> list[Path]:
    """Capture folders of a source, oldest first (crawl IDs sort by time)."""
    root = data.raw_source(slug)
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | BadCaptureLine]]:
    if not path.exists():
        return
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            text = raw.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, BadCaptureLine(path, number, f"capture line is not JSON: {exc.msg}", text[:2000])
                continue
            yield number, obj if isinstance(obj, dict) else BadCaptureLine(path, number, "capture line is not an object", text[:2000])


def current_items(slug: str, data: DataPaths) -> tuple[list[dict[str, Any]], list[BadCaptureLine]]:
    """Latest capture of every item of a source, plus unreadable capture lines."""
    latest: dict[str, dict[str, Any]] = {}
    bad: list[BadCaptureLine] = []
    for folder in capture_dirs(slug, data):
        for _, obj in _lines(folder / "items.jsonl"):
            if isinstance(obj, BadCaptureLine):
                bad.append(obj)
            else:
                latest[str(obj.get("item_id"))] = obj
    return sorted(latest.values(), key=lambda o: str(o.get("item_id"))), bad


def crawl_rejects(slug: str, data: DataPaths) -> list[dict[str, Any]]:
    """Every page or record a crawl of this source refused, with its reason."""
    out: list[dict[str, Any]] = []
    for folder in capture_dirs(slug, data):
        out.extend(obj for _, obj in _lines(folder / "rejects.jsonl") if isinstance(obj, dict))
    return out


def crawl_summaries(slug: str, data: DataPaths) -> list[dict[str, Any]]:
    """The stats summary of each crawl of this source, oldest first."""
    out = []
    for folder in capture_dirs(slug, data):
        stats = folder / "stats.json"
        if stats.exists():
            try:
                out.append(json.loads(stats.read_text(encoding="utf-8")))
            except json.JSONDecodeError:
                continue
    return out
