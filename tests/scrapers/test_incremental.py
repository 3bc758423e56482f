"""Refreshes fetch only what is new or changed, and lose nothing already captured."""

from __future__ import annotations

from pipeline.raw import capture_dirs, current_items
from tests.scrapers.loopback import Page, Site, article, listing, write_source

SLUG = "zz_loopback_news"


def test_refresh_with_k_new_articles_sends_listing_plus_k_requests(crawler):
    with Site() as site:
        site.pages["/news"] = Page(listing(["/news/1", "/news/2", "/news/3"]))
        for n in (1, 2, 3):
            site.pages[f"/news/{n}"] = Page(article(f"Plant number {n} opens", f"Story {n} about a cell therapy site."))
        write_source(crawler.sources, SLUG, f"{site.base}/news")

        code, first = crawler.run(SLUG)
        assert code == 0, first["stderr"][-2000:]
        assert first["items_scraped"] == 3

        k = 2
        site.pages["/news"] = Page(listing(["/news/5", "/news/4", "/news/1", "/news/2", "/news/3"]))
        for n in (4, 5):
            site.pages[f"/news/{n}"] = Page(article(f"Plant number {n} opens", f"Story {n} about a gene therapy site."))
        before = len(site.log)
        code, second = crawler.run(SLUG)
        assert code == 0, second["stderr"][-2000:]
        requested = site.paths_requested(before)

    listing_pages = 1
    assert len(requested) <= listing_pages + k, requested
    assert sorted(requested) == ["/news", "/news/4", "/news/5"]
    assert second["items_scraped"] == k
    assert second["items_unchanged"] == 3
    assert second["stats"]["incremental/unchanged"] == 3
    items, bad = current_items(SLUG, crawler.data)
    assert len(items) == 5 and not bad, "the earlier captures are kept"
    assert len(capture_dirs(SLUG, crawler.data)) == 2


def test_changed_feed_entry_is_fetched_conditionally(crawler):
    def feed(stamp: str) -> bytes:
        return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>/news/a</link><pubDate>{stamp}</pubDate></item>
<item><title>B</title><link>/news/b</link><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>
</channel></rss>""".encode()

    with Site() as site:
        site.pages["/feed.xml"] = Page(feed("Mon, 01 Jan 2024 10:00:00 GMT"), headers={"Content-Type": "application/rss+xml"})
        site.pages["/news/a"] = Page(article("Release A", "First release about an ATMP plant."), etag='"a-1"')
        site.pages["/news/b"] = Page(article("Release B", "Second release about an ATMP plant."), etag='"b-1"')
        write_source(crawler.sources, "zz_loopback_feed", f"{site.base}/feed.xml", kind="rss")
        code, first = crawler.run("zz_loopback_feed")
        assert code == 0, first["stderr"][-2000:]

        site.pages["/feed.xml"] = Page(feed("Fri, 05 Jan 2024 09:00:00 GMT"), headers={"Content-Type": "application/rss+xml"})
        before = len(site.log)
        code, second = crawler.run("zz_loopback_feed")
        assert code == 0, second["stderr"][-2000:]
        log = site.log[before:]

    fetched = [(p, h) for p, h in log if p.startswith("/news/")]
    assert [p for p, _ in fetched] == ["/news/a"], "only the entry whose date changed is asked for"
    assert fetched[0][1].get("If-None-Match") == '"a-1"'
    assert second["stats"]["incremental/not_modified"] == 1
    assert second["items_unchanged"] == 2 and second["items_scraped"] == 0
