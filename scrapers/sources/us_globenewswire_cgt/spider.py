"""GlobeNewswire: RSS 2.0 feeds -> release pages parsed by the generic article parser.

The feeds' <pubDate> is passed on as a fallback date; the release page's own
JSON-LD and wire dateline normally win. Links outside the wire's domain are
dropped by Scrapy's offsite filter (allowed_domains comes from the feed URLs).
"""

from __future__ import annotations

from scrapers.kinds import FeedSpider


class GlobeNewswireSpider(FeedSpider):
    name = "us_globenewswire_cgt"
    publisher = "GlobeNewswire"
