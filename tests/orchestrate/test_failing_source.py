"""A source below its declared minimum fails its own ingest asset, with the reason,
while the other sources are still validated, loaded and published."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.paths import DataPaths
from tests.scrapers.loopback import article, listing, write_replay, write_source


def _replayable_source(root, slug: str, n_articles: int, min_items: int) -> None:
    base = f"https://{slug.replace('_', '-')}.example.org"
    folder = write_source(root, slug, f"{base}/news", min_items=min_items)
    links = [f"{base}/news/{i}" for i in range(n_articles)]
    write_replay(folder, [(f"{base}/news", listing(links))]
                 + [(url, article(f"Story {i} of {slug}", f"A CDMO in Leiden adds suite {i}.")) for i, url in enumerate(links)])


def test_short_source_fails_alone_and_the_rest_is_published(tmp_path, monkeypatch):
    from pipeline.orchestrate.run import run_pipeline
    from scrapers.registry import discover_sources

    sources = tmp_path / "sources"
    _replayable_source(sources, "zz_good_news", n_articles=3, min_items=2)
    _replayable_source(sources, "zz_short_news", n_articles=1, min_items=5)
    monkeypatch.setenv("ATMP_EXTRA_SOURCE_DIRS", str(sources))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert {"zz_good_news", "zz_short_news"} <= {c.slug for c in discover_sources()}

    data = DataPaths(tmp_path / "data")
    outcome = run_pipeline(data, sources=["zz_good_news", "zz_short_news"])

    assert outcome.exit_code == 3
    assert set(outcome.failed_sources) == {"zz_short_news"}
    assert "below the minimum of 5" in outcome.failed_sources["zz_short_news"]
    assert outcome.snapshot is not None
    con = duckdb.connect(str(outcome.snapshot / "snapshot.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw_zz_good_news__items").fetchall()[0][0] == 3
        assert con.execute("SELECT count(*) FROM raw_zz_short_news__items").fetchall()[0][0] == 1, \
            "what the failed crawl did capture is kept"
        crawls = dict(con.execute("SELECT source_slug, is_success FROM core_atmp__crawls").fetchall())
    finally:
        con.close()
    assert crawls == {"zz_good_news": True, "zz_short_news": False}


@pytest.fixture(autouse=True)
def _fresh_source_cache():
    from scrapers.registry import _discover

    _discover.cache_clear()
    yield
    _discover.cache_clear()
