"""Find the sources: every folder with a ``source.yml``.

Sources live in ``scrapers/sources/<slug>/``. Folders listed in the
``ATMP_EXTRA_SOURCE_DIRS`` environment variable (separated like ``PATH``) are
searched too, so a new source can be developed, or a test source run, without
touching the package; their replay archive is the ``replay/`` folder inside
the source folder.

This module must stay importable without Scrapy or Twisted: Dagster loads it to
generate one ingest asset per source.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from schemas.source import SourceConfig, load_source_config

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
REPLAY_DIR = Path(__file__).resolve().parent / "replay"
EXTRA_DIRS_ENV = "ATMP_EXTRA_SOURCE_DIRS"


def source_roots() -> list[Path]:
    extra = [Path(p) for p in os.environ.get(EXTRA_DIRS_ENV, "").split(os.pathsep) if p]
    return [SOURCES_DIR, *extra]


@lru_cache(maxsize=8)
def _discover(roots: tuple[Path, ...], enabled_only: bool) -> tuple[SourceConfig, ...]:
    configs: dict[str, SourceConfig] = {}
    for root in roots:
        for path in sorted(root.glob("*/source.yml")):
            config = load_source_config(path)
            if config.slug in configs:
                raise ValueError(f"{path}: source '{config.slug}' is defined twice")
            configs[config.slug] = config
    return tuple(c for _, c in sorted(configs.items()) if c.enabled or not enabled_only)


def discover_sources(enabled_only: bool = True) -> tuple[SourceConfig, ...]:
    """All valid sources, sorted by slug. An invalid source.yml raises with its path."""
    return _discover(tuple(source_roots()), enabled_only)


def source_folder(slug: str) -> Path:
    for root in source_roots():
        if (root / slug / "source.yml").exists():
            return root / slug
    known = ", ".join(c.slug for c in discover_sources(enabled_only=False)) or "none"
    raise KeyError(f"unknown source '{slug}' (known: {known})")


def get_source(slug: str) -> SourceConfig:
    return load_source_config(source_folder(slug) / "source.yml")


def is_bundled(slug: str) -> bool:
    return source_folder(slug).parent == SOURCES_DIR


def replay_dir(slug: str) -> Path:
    """The replay archive of a source (bundled ones live in scrapers/replay/)."""
    return REPLAY_DIR / slug if is_bundled(slug) else source_folder(slug) / "replay"
