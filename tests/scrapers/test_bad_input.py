"""Bad responses are counted, kept with a reason and reported; none crashes a crawl,
and data captured earlier stays."""

from __future__ import annotations

import json

from pipeline.raw import current_items
from tests.scrapers.loopback import Page, Site, article, listing, write_replay, write_source

SLUG = "zz_loopback_bad"


def _rejects(summary: dict) -> list[dict]:
    from pathlib import Path

    path = Path(summary["capture_dir"]) / "rejects.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_bad_pages_are_counted_and_reported(crawler):
    with Site() as site:
        site.pages["/news"] = Page(listing(["/news/ok"]))
        site.pages["/news/ok"] = Page(article("Good first story", "A cell therapy plant opens in Leiden."))
        write_source(crawler.sources, SLUG, f"{site.base}/news", max_page_bytes=20_000)
        code, first = crawler.run(SLUG)
        assert code == 0, first["stderr"][-2000:]

        links = ["/news/missing", "/news/error", "/news/slow", "/news/moved", "/news/broken", "/news/latin1",
                 "/news/empty", "/news/huge", "/news/misdeclared", "/news/throttled", "/news/dup", "/news/dup", "/news/dup#again"]
        site.pages["/news"] = Page(listing(links))
        site.pages["/news/error"] = Page(b"oops", status=500, headers={"Content-Type": "text/plain"})
        site.pages["/news/slow"] = Page(article("Slow", "Never arrives in time."), delay=4)
        site.pages["/news/moved"] = Page(b"", status=301, headers={"Location": "/news/target"})
        site.pages["/news/target"] = Page(article("Moved story lands here", "A gene therapy site expands in Ghent."))
        site.pages["/news/broken"] = Page(b"<html><body><article><h1>Half a page<p>It opened a new CAR-T suite "
                                          b"in Milan and the text keeps going without closing tags " * 5)
        site.pages["/news/latin1"] = Page(article("Usine de thérapie génique à Évry", "Généthon agrandit son site d'Évry.")
                                          .decode("utf-8").replace('charset="utf-8"', "").encode("cp1252"),
                                          headers={"Content-Type": "text/html"})
        site.pages["/news/misdeclared"] = Page(article("Nouvelle usine de vecteurs", "Yposkesi agrandit son site à Corbeil.")
                                               .decode("utf-8").encode("cp1252"),
                                               headers={"Content-Type": "text/html; charset=utf-8"})
        site.pages["/news/empty"] = Page(b"")
        site.pages["/news/huge"] = Page(article("Huge", "x" * 50_000))
        site.pages["/news/throttled"] = Page(article("Patience pays", "A viral vector plant in Oxford."), fail_times=1)
        site.pages["/news/dup"] = Page(article("Same story", "Listed three times, fetched once."))
        code, second = crawler.run(SLUG)

    assert code == 0, second["stderr"][-3000:]
    stats = second["stats"]
    reasons = {r["reason"] for r in _rejects(second)}
    assert "http 404" in reasons
    assert "http 500" in reasons and stats["retry/count"] >= 1
    assert any(r.startswith("download failed") for r in reasons), reasons  # the timeout
    assert any("unparseable article" in r for r in reasons), reasons  # the empty page
    assert stats.get("downloader/response_status_count/301", 0) == 1
    assert stats.get("dupefilter/filtered", 0) >= 1
    assert stats.get("retry/backoff_seconds", 0) >= 1, "Retry-After is honoured"
    maxsize = [r for r in _rejects(second) if r["url"].endswith("/news/huge")]
    assert maxsize, "the oversized page is reported"

    items = {i["data"]["title"]: i for i in current_items(SLUG, crawler.data)[0]}
    assert "Good first story" in items, "earlier captures stay"
    assert items["Moved story lands here"]["source_url"].endswith("/news/target")
    latin1 = next(i for t, i in items.items() if t.startswith("Usine de thérapie génique"))
    assert "Généthon agrandit son site d'Évry" in latin1["data"]["text"], "undeclared cp1252 is decoded"
    assert "Yposkesi agrandit son site à Corbeil" in items["Nouvelle usine de vecteurs"]["data"]["text"], "wrong charset"
    assert "Half a page" in items and "Patience pays" in items and "Same story" in items
    assert second["rejects"] == len(_rejects(second))


def test_a_feed_that_is_not_xml_fails_the_minimum_but_does_not_crash(crawler):
    with Site() as site:
        site.pages["/feed.xml"] = Page(b"<html><body>Our feed moved</body></html>")
        write_source(crawler.sources, "zz_loopback_nofeed", f"{site.base}/feed.xml", kind="rss")
        code, summary = crawler.run("zz_loopback_nofeed")
    assert code == 3
    assert summary["success"] is False and "below the minimum" in summary["failures"][0]
    assert [r["reason"] for r in _rejects(summary)] == ["feed is not XML"]


def test_replay_of_a_page_missing_from_the_archive_is_an_error(crawler):
    folder = write_source(crawler.sources, "zz_replay_gap", "https://example.org/news")
    write_replay(folder, [
        ("https://example.org/news", listing(["https://example.org/news/1", "https://example.org/news/2"])),
        ("https://example.org/news/1", article("One", "Recorded story about a CDMO.")),
    ])
    code, summary = crawler.run("zz_replay_gap", live=False)
    assert code == 5
    assert summary["stats"]["replay/missing"] == 1
    assert "not in the replay archive" in summary["failures"][0]
    assert summary["items_scraped"] == 1
