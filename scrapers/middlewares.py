"""Downloader middlewares: incremental refresh, recording, polite retries.

* :class:`IncrementalMiddleware` skips detail pages that are known and
  unchanged, sends conditional requests for those the listing says changed,
  and counts both so the runner can tell a quiet refresh from a broken one.
* :class:`ArchiveRecorder` / :class:`RedirectRecorder` write live responses
  into the replay archive (live mode with recording on).
* :class:`BackoffRetryMiddleware` retries 429 and 5xx with exponential backoff,
  honouring ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from email.utils import parsedate_to_datetime
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from schemas.common import utc_now
from scrapers.archive import ReplayArchive
from scrapers.state import CrawlState

logger = logging.getLogger(__name__)

DETAIL = "detail"


class UnchangedSinceLastCrawl(IgnoreRequest):
    """A detail page we already hold and which has not changed."""


class IncrementalMiddleware:
    """Fetch detail pages only when new or changed (state in ``ATMP_STATE_PATH``)."""

    def __init__(self, crawler: Crawler, state_path: Path, full: bool):
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = CrawlState(state_path)
        self.full = full
        crawler.atmp_state = self.state  # type: ignore[attr-defined]
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        path = crawler.settings.get("ATMP_STATE_PATH")
        if not path:
            raise NotConfigured("no ATMP_STATE_PATH")
        return cls(crawler, Path(path), crawler.settings.getbool("ATMP_FULL_REFRESH"))

    def process_request(self, request: Request) -> None:
        if request.meta.get("atmp_kind") != DETAIL:
            return None
        known = self.state.get(request.url)
        if known is None or self.full:
            self.stats.inc_value("incremental/new" if known is None else "incremental/forced")
            return None
        lastmod = request.meta.get("atmp_lastmod")
        if lastmod is None or lastmod == known.lastmod:
            self.stats.inc_value("incremental/unchanged")
            self.stats.inc_value("incremental/unchanged_items", len(known.item_ids))
            raise UnchangedSinceLastCrawl(f"unchanged since last crawl: {request.url}")
        self.stats.inc_value("incremental/changed")
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode())
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode())
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("atmp_kind") != DETAIL:
            return response
        known = self.state.get(request.url)
        if response.status == 304 and known is not None:
            self.stats.inc_value("incremental/not_modified")
            self.stats.inc_value("incremental/unchanged_items", len(known.item_ids))
            self.state.update(request.url, last_seen_at=utc_now().isoformat())
            raise UnchangedSinceLastCrawl(f"not modified: {request.url}")
        if 200 <= response.status < 300:
            self.state.update(
                request.url,
                content_hash=hashlib.sha256(response.body).hexdigest(),
                etag=_header(response, "ETag"),
                last_modified=_header(response, "Last-Modified"),
                lastmod=request.meta.get("atmp_lastmod"),
                last_seen_at=utc_now().isoformat(),
            )
        return response

    def spider_closed(self, spider: object) -> None:
        self.state.save()


def note_item(crawler: Crawler, detail_url: str, item_id: str) -> None:
    """Remember which items a detail page produced (so skips can be counted)."""
    state: CrawlState | None = getattr(crawler, "atmp_state", None)
    if state is None:
        return
    known = state.get(detail_url)
    if known is not None and item_id not in known.item_ids:
        known.item_ids.append(item_id)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ArchiveRecorder:
    """Record final (decompressed, non-redirect) responses into the archive."""

    def __init__(self, archive: ReplayArchive):
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveRecorder:
        if not crawler.settings.getbool("ATMP_RECORD"):
            raise NotConfigured("recording is off")
        return cls(ReplayArchive(Path(crawler.settings["ATMP_ARCHIVE_DIR"])))

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in (301, 302, 303, 307, 308):
            return response
        headers = {k.decode(): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        self.archive.record(request.url, response.status, headers, response.body, method=request.method)
        return response


class RedirectRecorder(ArchiveRecorder):
    """Record redirects before the redirect middleware follows them."""

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in (301, 302, 303, 307, 308):
            headers = {k.decode(): v[0].decode("latin-1") for k, v in response.headers.items() if v}
            self.archive.record(request.url, response.status, headers, b"", method=request.method)
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, plus a pause before each retry: Retry-After or 2^n seconds."""

    def __init__(self, settings):  # type: ignore[no-untyped-def]
        super().__init__(settings)
        self.base = settings.getfloat("ATMP_RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("ATMP_RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request: Request, response: Response):  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = self._delay(request, response)
        if delay > 0:
            self.crawler.stats.inc_value("retry/backoff_seconds", delay)
            await asyncio.sleep(delay)
        return super().process_response(request, response)

    def _delay(self, request: Request, response: Response) -> float:
        retry_after = response.headers.get("Retry-After")
        if retry_after:
            text = retry_after.decode("latin-1").strip()
            if text.isdigit():
                return min(float(text), self.cap)
            try:
                wait = (parsedate_to_datetime(text) - utc_now()).total_seconds()
                return max(0.0, min(wait, self.cap))
            except (TypeError, ValueError):
                pass
        attempt = request.meta.get("retry_times", 0)
        return min(self.base * (2**attempt), self.cap) if self.base > 0 else 0.0
