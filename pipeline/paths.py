"""Where the pipeline keeps its files.

Everything generated lives under one data folder (git-ignored), by default
``warehouse/data`` in the checkout; ``ATMP_DATA_DIR`` moves it. The layout:

``raw/<slug>/<crawl_id>/``   append-only crawl captures (items.jsonl, stats.json)
``state/``                   crawl state for incremental refreshes
``staging/``                 files passed between stages of the current run (validated, extracted ...)
``cache/``                   rebuildable caches (gazetteer index ...)
``warehouse.duckdb``         the live warehouse: only load/export write it
``snapshots/<date>/``        published snapshots, plus ``snapshots/latest``
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    env = os.environ.get("ATMP_DATA_DIR")
    return Path(env).expanduser().resolve() if env else REPO_ROOT / "warehouse" / "data"


@dataclass(frozen=True)
class DataPaths:
    """All locations derived from one data folder."""

    root: Path

    @classmethod
    def default(cls) -> DataPaths:
        return cls(default_data_dir())

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    def raw_source(self, slug: str) -> Path:
        return self.raw / slug

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def staging(self) -> Path:
        return self.root / "staging"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def latest_snapshot(self) -> Path:
        return self.snapshots / "latest"

    def ensure(self) -> DataPaths:
        for p in (self.raw, self.state, self.staging, self.cache, self.snapshots):
            p.mkdir(parents=True, exist_ok=True)
        return self


def cache_dir() -> Path:
    """Cache folder for rebuildable indexes; ``ATMP_CACHE_DIR`` overrides it."""
    env = os.environ.get("ATMP_CACHE_DIR")
    path = Path(env).expanduser() if env else DataPaths.default().cache
    path.mkdir(parents=True, exist_ok=True)
    return path
