"""BioPharma-Reporter: paginated section listing -> dated article pages."""

from __future__ import annotations

from scrapers.kinds import ListingSpider


class BioPharmaReporterSpider(ListingSpider):
    name = "eu_biopharmareporter_news"
    article_link = r"/Article/\d{4}/\d{2}/\d{2}/"
    listing_link_css = "article a::attr(href), .story a::attr(href), h2 a::attr(href), h3 a::attr(href)"
    next_page_css = "a[rel=next]::attr(href), link[rel=next]::attr(href), .pagination a.next::attr(href)"
