"""Life Science Sweden: flat sitemap with lastmod -> Swedish article pages."""

from __future__ import annotations

from scrapers.kinds import SitemapSpider


class LifeScienceSwedenSpider(SitemapSpider):
    """Only /article/view/<id>/<slug> entries are articles; section and home pages are skipped."""

    name = "se_lifesciencesweden_news"
    article_link = r"^https://www\.lifesciencesweden\.se/article/view/\d+/[a-z0-9-]+$"
