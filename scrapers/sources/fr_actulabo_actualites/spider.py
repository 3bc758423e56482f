"""ActuLabo: Yoast sitemap index -> post sitemap -> French article pages."""

from __future__ import annotations

from scrapers.kinds import SitemapSpider


class ActuLaboSpider(SitemapSpider):
    """Only the post sitemap holds articles; page and category sitemaps are not followed."""

    name = "fr_actulabo_actualites"
    follow_sitemap = r"/post-sitemap\d*\.xml$"
    article_link = r"^https://www\.actulabo\.com/[a-z0-9][a-z0-9-]*/$"
