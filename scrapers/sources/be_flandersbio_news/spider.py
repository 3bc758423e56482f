"""flanders.bio: paginated Dutch and English news listings -> article pages."""

from __future__ import annotations

from scrapers.kinds import ListingSpider


class FlandersBioNewsSpider(ListingSpider):
    """Listing pages link to /nl/nieuws/<slug> and /en/news/<slug>; the pager uses rel=next."""

    name = "be_flandersbio_news"
    article_link = r"^https://flanders\.bio/(?:nl/nieuws|en/news)/[a-z0-9][a-z0-9-]*/?$"
    listing_link_css = ".view-news a::attr(href)"
    next_page_css = ".pager a[rel=next]::attr(href), link[rel=next]::attr(href)"
    max_listing_pages = 60
