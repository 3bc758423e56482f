"""Replay mode: a download handler that answers from the replay archive.

It plugs into Scrapy's real downloader (``DOWNLOAD_HANDLERS`` for http and
https), so every downloader middleware (redirects, retries, decompression,
offsite, stats) runs exactly as in a live crawl. A request that is not in the
archive is an error: it raises :class:`ReplayMiss`, which the spider's errback
records and the runner turns into a failed crawl.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from scrapers.archive import ReplayArchive

logger = logging.getLogger(__name__)

BASED_ON_HEADER = "X-Atmp-Based-On"
RECORDED_AT_HEADER = "X-Atmp-Recorded-At"


class ReplayMiss(Exception):
    """The request has no recorded response in the archive."""


class ReplayDownloadHandler:
    """Serve requests from ``ATMP_ARCHIVE_DIR`` instead of the network."""

    lazy = False

    def __init__(self, crawler: Crawler):
        folder = crawler.settings.get("ATMP_ARCHIVE_DIR")
        if not folder:
            raise ValueError("replay mode needs the ATMP_ARCHIVE_DIR setting")
        self.archive = ReplayArchive(Path(folder))
        self.stats = crawler.stats
        logger.info("replaying %d recorded responses from %s", len(self.archive), folder)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        entry = self.archive.lookup(request.method, request.url)
        if entry is None:
            self.stats.inc_value("replay/missing")
            raise ReplayMiss(f"not in the replay archive: {request.method} {request.url}")
        self.stats.inc_value("replay/hit")
        headers = Headers(entry.headers)
        if entry.based_on:
            headers[BASED_ON_HEADER] = entry.based_on
        headers[RECORDED_AT_HEADER] = entry.recorded_at.isoformat()
        body = self.archive.body_bytes(entry)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(url=request.url, status=entry.status, headers=headers, body=body, request=request)

    async def close(self) -> None:
        return None
