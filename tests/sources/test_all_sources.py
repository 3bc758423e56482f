"""Every source folder is complete, and its replay archive crawls cleanly.

The crawl test runs the real runner (``python -m scrapers.run``) in a
subprocess against the bundled archive, exactly as ``make run`` does.
"""

from __future__ import annotations

import json
import subprocess
import sys
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


@pytest.mark.parametrize("slug", SLUGS)
def test_replay_crawl_succeeds(slug, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "scrapers.run", slug, "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["success"] is True
    assert summary["items_scraped"] >= summary["expected"]["min_items"]
    stats = summary.get("stats") or json.loads((Path(summary["capture_dir"]) / "stats.json").read_text())["stats"]
    assert stats.get("replay/missing", 0) == 0
