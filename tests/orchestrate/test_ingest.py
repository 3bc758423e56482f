"""crawl_source: one crawl in a subprocess, progress relayed, a hung crawl killed."""

from __future__ import annotations

from pipeline.ingest import crawl_source
from pipeline.paths import DataPaths
from tests.scrapers.loopback import Page, Site, article, listing, write_source


def test_progress_lines_are_relayed_and_the_summary_returned(tmp_path, monkeypatch):
    monkeypatch.setenv("ATMP_EXTRA_SOURCE_DIRS", str(tmp_path / "sources"))
    lines: list[str] = []
    with Site() as site:
        site.pages["/news"] = Page(listing(["/news/1"]))
        site.pages["/news/1"] = Page(article("Plant opens", "A CAR-T plant opens in Ghent."))
        write_source(tmp_path / "sources", "zz_ingest_news", f"{site.base}/news")
        result = crawl_source("zz_ingest_news", DataPaths(tmp_path / "data").ensure(), live=True, record=False,
                              on_line=lines.append)
    assert result.ok, result.explain()
    assert result.summary["items_scraped"] == 1
    assert any("Spider closed" in line for line in lines)


def test_a_crawl_that_hangs_is_killed_and_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("ATMP_EXTRA_SOURCE_DIRS", str(tmp_path / "sources"))
    with Site() as site:
        site.pages["/news"] = Page(listing(["/news/1"]), delay=30)
        write_source(tmp_path / "sources", "zz_ingest_slow", f"{site.base}/news", download_timeout=60)
        result = crawl_source("zz_ingest_slow", DataPaths(tmp_path / "data").ensure(), live=True, record=False, timeout=6)
    assert result.exit_code == 4 and not result.ok
    assert "killed after 6 s" in result.explain()
