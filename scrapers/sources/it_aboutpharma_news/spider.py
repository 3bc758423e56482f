"""AboutPharma: WordPress blog listing -> dated Italian article pages."""

from __future__ import annotations

from scrapers.kinds import ListingSpider


class AboutPharmaSpider(ListingSpider):
    """Article URLs carry the date (/blog/YYYY/MM/DD/slug/); the pager uses a.next and link rel=next."""

    name = "it_aboutpharma_news"
    article_link = r"^https://www\.aboutpharma\.com/blog/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/$"
    listing_link_css = ".posts-list a::attr(href)"
    next_page_css = "link[rel=next]::attr(href), .pagination a.next::attr(href)"
