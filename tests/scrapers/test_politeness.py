"""Live crawls identify themselves and obey robots.txt."""

from __future__ import annotations

import os

from tests.scrapers.loopback import Page, Site, article, listing, write_source

SLUG = "zz_loopback_polite"


def test_robots_txt_is_obeyed_and_user_agent_is_sent(crawler, monkeypatch):
    monkeypatch.setenv("ATMP_USER_AGENT", "atmp-test/1.0 (+https://example.org/contact)")
    with Site() as site:
        site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /news/private\n", headers={"Content-Type": "text/plain"})
        site.pages["/news"] = Page(listing(["/news/public", "/news/private"]))
        site.pages["/news/public"] = Page(article("Open story", "A CDMO opens a viral vector suite."))
        site.pages["/news/private"] = Page(article("Closed story", "Must never be fetched."))
        write_source(crawler.sources, SLUG, f"{site.base}/news")
        code, summary = crawler.run(SLUG)
        paths = [p for p, _ in site.log]
        agents = {h.get("User-Agent") for _, h in site.log}
    assert code == 0, summary["stderr"][-2000:]
    assert paths[0] == "/robots.txt"
    assert "/news/private" not in paths
    assert summary["stats"].get("robotstxt/forbidden", 0) == 1
    assert summary["stats"].get("atmp/rejects/not_fetched", 0) == 1
    assert agents == {os.environ.get("ATMP_USER_AGENT", "atmp-test/1.0 (+https://example.org/contact)")}


def test_default_user_agent_names_the_project_and_a_contact_url():
    from scrapers import settings

    assert "atmp-landscape" in settings.USER_AGENT and "+https://" in settings.USER_AGENT
    assert settings.ROBOTSTXT_OBEY and settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1 and settings.DOWNLOAD_DELAY >= 1
    assert settings.AUTOTHROTTLE_ENABLED and 429 in settings.RETRY_HTTP_CODES
