"""Infosalus (Europa Press): RSS feed -> Spanish article pages with a timestamp in the URL."""

from __future__ import annotations

from scrapers.kinds import FeedSpider


class InfosalusSpider(FeedSpider):
    """Feed items link to noticia-<slug>-<timestamp>.html pages."""

    name = "es_infosalus_actualidad"
