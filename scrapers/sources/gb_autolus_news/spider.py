"""Autolus investor newsroom: paginated release table -> release pages.

The hosted IR platform lists releases in a table and pages with a Drupal
pager (?page=N, zero-based); only links to release details are followed.
"""

from __future__ import annotations

from scrapers.kinds import ListingSpider


class AutolusNewsSpider(ListingSpider):
    name = "gb_autolus_news"
    publisher = "Autolus Therapeutics"
    article_link = r"/news-releases/news-release-details/[a-z0-9-]+$"
    listing_link_css = "table.nirtable a::attr(href), .nir-widget--news--headline a::attr(href)"
    next_page_css = "li.pager__item--next a::attr(href), a[rel=next]::attr(href)"
