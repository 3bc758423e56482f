"""The base class of every source spider: parse only, provenance for free.

A source spider subclasses :class:`SourceSpider`, sets ``name`` to its folder
name, and writes callbacks that turn responses into items with
:meth:`SourceSpider.make_item`. Everything else is handled here: reading
``source.yml``, start requests, marking listing vs detail pages for
incremental crawls, provenance (source URL, the page the recorded content is
based on, fetch time), and recording every failed page as a reject with its
reason instead of losing it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from schemas.common import utc_now
from schemas.records import stable_id
from schemas.source import SourceConfig
from scrapers.middlewares import DETAIL, UnchangedSinceLastCrawl, note_item
from scrapers.registry import get_source
from scrapers.replay import BASED_ON_HEADER, RECORDED_AT_HEADER, ReplayMiss

logger = logging.getLogger(__name__)


class SourceSpider(scrapy.Spider):
    """Parse-only spider for one source folder."""

    name = "base"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.config: SourceConfig = get_source(self.name)
        self.allowed_domains = list(self.config.allowed_domains)
        self._rejects_fh: Any = None

    # requests ----------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for url in self.config.start_urls:
            yield self.listing_request(url, self.parse)

    def listing_request(self, url: str, callback: Callable[..., Any], **meta: Any) -> scrapy.Request:
        """A listing, feed or index page: always fetched, never skipped."""
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta={"atmp_kind": "listing", **meta})

    def detail_request(
        self, url: str, callback: Callable[..., Any], lastmod: str | None = None, **meta: Any
    ) -> scrapy.Request:
        """A detail page: skipped on refresh when known and unchanged."""
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"atmp_kind": DETAIL, "atmp_lastmod": lastmod, **meta},
        )

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:  # pragma: no cover - abstract
        raise NotImplementedError(f"{self.name}: implement parse()")

    # items -------------------------------------------------------------------
    def make_item(self, response: Response, item_type: str, key: str, data: dict[str, Any]) -> dict[str, Any]:
        """Wrap a payload in the provenance envelope (see schemas.records.RawItem)."""
        item_id = stable_id("itm", self.name, item_type, key)
        note_item(self.crawler, response.request.url if response.request else response.url, item_id)
        return {
            "item_id": item_id,
            "source_slug": self.name,
            "item_type": item_type,
            "item_key": key,
            "source_url": response.url,
            "based_on_url": _header(response, BASED_ON_HEADER) or response.url,
            "fetched_at": _header(response, RECORDED_AT_HEADER) or utc_now().isoformat(),
            "crawl_id": self.settings.get("ATMP_CRAWL_ID", "adhoc"),
            "data": data,
        }

    def audit(self, record: dict[str, Any], where: str) -> None:
        """Warn about fields the parser did not use, so layout changes surface at once.

        Call it on a dict from which every used field was ``pop``-ed.
        """
        for field in sorted(record):
            self.crawler.stats.inc_value(f"atmp/unused_field/{field}")
        if record:
            logger.warning("%s: unused fields at %s: %s", self.name, where, ", ".join(sorted(record)))

    # failures ----------------------------------------------------------------
    def reject(self, url: str, reason: str, status: int | None = None, detail: str | None = None) -> None:
        """Record a page or record we could not use, with the reason (kept, never lost)."""
        code = reason.split(":")[0].strip().replace(" ", "_")[:60]
        self.crawler.stats.inc_value("atmp/rejects")
        self.crawler.stats.inc_value(f"atmp/rejects/{code}")
        logger.warning("%s: rejected %s: %s%s", self.name, url, reason, f" ({detail})" if detail else "")
        path = self.settings.get("ATMP_REJECTS_PATH")
        if not path:
            return
        if self._rejects_fh is None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._rejects_fh = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in closed()
        row = {
            "source_slug": self.name,
            "url": url,
            "reason": reason,
            "status": status,
            "detail": detail,
            "crawl_id": self.settings.get("ATMP_CRAWL_ID", "adhoc"),
            "at": utc_now().isoformat(),
        }
        self._rejects_fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._rejects_fh.flush()

    def on_error(self, failure: Failure) -> None:
        """Errback of every request: count and keep the reason."""
        request = failure.request  # type: ignore[attr-defined]
        exc = failure.value
        if isinstance(exc, UnchangedSinceLastCrawl):
            return
        if isinstance(exc, HttpError):
            status = exc.response.status
            self.reject(request.url, f"http {status}", status=status)
        elif isinstance(exc, ReplayMiss):
            self.reject(request.url, "not in replay archive", detail=str(exc))
        elif isinstance(exc, IgnoreRequest):  # e.g. forbidden by robots.txt, offsite
            self.reject(request.url, f"not fetched: {str(exc) or type(exc).__name__}")
        else:
            self.reject(request.url, f"download failed: {type(exc).__name__}", detail=str(exc)[:300])

    def closed(self, reason: str) -> None:
        if self._rejects_fh is not None:
            self._rejects_fh.close()


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("utf-8") if value else None


def parse_iso_datetime(text: str | None) -> datetime | None:
    """Lenient ISO-8601 for feed timestamps; None when absent or unreadable."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
