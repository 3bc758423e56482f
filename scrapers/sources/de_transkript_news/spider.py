"""|transkript: WordPress RSS feed -> German article pages."""

from __future__ import annotations

from scrapers.kinds import FeedSpider


class TranskriptNewsSpider(FeedSpider):
    """Every feed item links to one article; pubDate backs up pages that print no date."""

    name = "de_transkript_news"
