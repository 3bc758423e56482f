"""Run one spider callback on a recorded page, without a reactor or network.

The page comes from the source's replay archive (``scrapers/replay/<slug>``)
or from bytes given by the test, and goes through the real callback code.
Items, follow-up requests and rejects come back separately so that tests can
assert on each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.test import get_crawler

from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from scrapers.replay import BASED_ON_HEADER, RECORDED_AT_HEADER
from scrapers.run import load_spider_class


@dataclass
class CallbackResult:
    items: list[dict[str, Any]] = field(default_factory=list)
    requests: list[scrapy.Request] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def make_spider(slug: str, tmp_path: Path | None = None) -> scrapy.Spider:
    settings = {"ATMP_CRAWL_ID": "test-crawl"}
    if tmp_path is not None:
        settings["ATMP_REJECTS_PATH"] = str(tmp_path / "rejects.jsonl")
    cls = load_spider_class(slug)
    crawler = get_crawler(cls, settings)
    spider = cls.from_crawler(crawler)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def recorded_response(slug: str, url: str, meta: dict[str, Any] | None = None) -> scrapy.http.Response:
    """The archived response for ``url`` as the replay handler would serve it."""
    archive = ReplayArchive(replay_dir(slug))
    entry = archive.lookup("GET", url)
    if entry is None:
        raise KeyError(f"{url} is not in the replay archive of {slug}")
    headers = Headers(entry.headers)
    if entry.based_on:
        headers[BASED_ON_HEADER] = entry.based_on
    headers[RECORDED_AT_HEADER] = entry.recorded_at.isoformat()
    body = archive.body_bytes(entry)
    return response_for(url, body, headers=headers, status=entry.status, meta=meta)


def response_for(
    url: str, body: bytes, *, headers: Headers | dict[str, str] | None = None, status: int = 200,
    meta: dict[str, Any] | None = None,
) -> scrapy.http.Response:
    headers = headers if isinstance(headers, Headers) else Headers(headers or {})
    request = scrapy.Request(url, meta=meta or {})
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url=url, status=status, headers=headers, body=body, request=request)


def run_callback(spider: scrapy.Spider, response: scrapy.http.Response, callback: str = "parse") -> CallbackResult:
    """Call ``spider.<callback>(response)`` and sort what it yields."""
    result = CallbackResult()
    rejects: list[dict[str, Any]] = []
    original = spider.reject

    def capture(url: str, reason: str, status: int | None = None, detail: str | None = None) -> None:
        rejects.append({"url": url, "reason": reason, "status": status, "detail": detail})
        original(url, reason, status=status, detail=detail)

    spider.reject = capture  # type: ignore[method-assign]
    try:
        for out in getattr(spider, callback)(response) or []:
            if isinstance(out, scrapy.Request):
                result.requests.append(out)
            else:
                result.items.append(dict(out))
    finally:
        spider.reject = original  # type: ignore[method-assign]
    result.rejects = rejects
    result.stats = spider.crawler.stats.get_stats()
    return result


@lru_cache(maxsize=None)
def _cached_spider(slug: str) -> scrapy.Spider:
    return make_spider(slug)


@lru_cache(maxsize=None)
def recorded_item(slug: str, url: str, callback: str = "parse_article_page") -> dict[str, Any]:
    """The single item a callback makes of a recorded page (cached: tests often reread a page)."""
    result = run_callback(_cached_spider(slug), recorded_response(slug, url), callback)
    assert not result.rejects, result.rejects
    (item,) = result.items
    return item
