"""Find the sources: every folder under ``scrapers/sources`` with a ``source.yml``.

This module must stay importable without Scrapy or Twisted: Dagster loads it to
generate one ingest asset per source.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from schemas.source import SourceConfig, load_source_config

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
REPLAY_DIR = Path(__file__).resolve().parent / "replay"


@lru_cache(maxsize=1)
def discover_sources(enabled_only: bool = True) -> tuple[SourceConfig, ...]:
    """All valid sources, sorted by slug. An invalid source.yml raises with its path."""
    configs = [load_source_config(p) for p in sorted(SOURCES_DIR.glob("*/source.yml"))]
    return tuple(c for c in configs if c.enabled or not enabled_only)


def get_source(slug: str) -> SourceConfig:
    path = SOURCES_DIR / slug / "source.yml"
    if not path.exists():
        known = ", ".join(c.slug for c in discover_sources(enabled_only=False)) or "none"
        raise KeyError(f"unknown source '{slug}' (known: {known})")
    return load_source_config(path)


def replay_dir(slug: str) -> Path:
    """The bundled replay archive of a source."""
    return REPLAY_DIR / slug
