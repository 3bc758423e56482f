"""Every source folder is complete: metadata, spider, archive with provenance, tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.archive import ReplayArchive
from scrapers.registry import SOURCES_DIR, discover_sources, replay_dir
from scrapers.run import load_spider_class

SLUGS = [c.slug for c in discover_sources(enabled_only=False)]
TESTS_DIR = Path(__file__).resolve().parent


def test_there_are_sources():
    assert len(SLUGS) >= 2


@pytest.mark.parametrize("slug", SLUGS)
def test_source_folder_is_complete(slug):
    assert (SOURCES_DIR / slug / "spider.py").is_file()
    assert load_spider_class(slug).name == slug
    archive = ReplayArchive(replay_dir(slug))
    assert len(archive) > 0, "a source needs a recorded replay archive"
    for entry in archive.entries():
        assert entry.based_on, f"{entry.url}: every recorded page cites the public page it is based on"
    assert (TESTS_DIR / f"test_{slug}.py").is_file(), "each source has its own fixture tests"


# The real replay crawl of every source runs once, in tests/e2e (the whole pipeline),
# which asserts that each source succeeds with at least its declared minimum of items.
