"""Reusable spider shapes for the common source kinds.

A source spider picks one of these and only declares what differs (URL
patterns, selectors). The article page itself is always parsed by the
generic parser (:func:`pipeline.parse.parse_article`), so every HTML source
gets the same date order, main-text extraction and language detection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from scrapers.base import SourceSpider, parse_iso_datetime


def _feed_date(text: str | None) -> date | None:
    """RSS pubDate (RFC 822) or Atom updated (ISO 8601) as a date."""
    if not text:
        return None
    parsed = parse_iso_datetime(text)
    if parsed is None:
        from email.utils import parsedate_to_datetime

        try:
            parsed = parsedate_to_datetime(text.strip())
        except (TypeError, ValueError):
            return None
    return parsed.date()


class ArticleSpider(SourceSpider):
    """Anything that ends on article pages: parse them with the generic parser."""

    publisher: ClassVar[str | None] = None

    def parse_article_page(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        from pipeline.parse import parse_article

        parsed = parse_article(response.body, response.url, content_type=response.headers.get("Content-Type"),
                               content_language=response.headers.get("Content-Language"))
        if parsed.error or not parsed.title or not parsed.text:
            self.reject(response.url, f"unparseable article: {parsed.error or 'no title or text'}", status=response.status)
            return
        published, published_source = parsed.published, parsed.published_source
        hinted = response.meta.get("atmp_feed_date")
        if published is None and hinted:
            published, published_source = date.fromisoformat(hinted), response.meta.get("atmp_date_source", "feed")
        payload = parsed.announcement_payload(
            url=response.url,
            canonical_url=parsed.canonical_url if (parsed.canonical_url or "").startswith("http") else None,
            published=published.isoformat() if published else None,
            published_source=published_source,
            publisher=self.publisher or self.config.publisher,
        )
        for warning in parsed.warnings:
            self.crawler.stats.inc_value(f"atmp/parse_warning/{warning.split(':')[0][:40]}")
        yield self.make_item(response, "announcement", parsed.canonical_url or response.url, payload)


class ListingSpider(ArticleSpider):
    """Paginated listing pages that link to article pages (newsrooms, trade news)."""

    article_link: ClassVar[str] = r"."  # regex an article URL must match
    listing_link_css: ClassVar[str] = "a::attr(href)"
    next_page_css: ClassVar[str] = "a[rel=next]::attr(href), link[rel=next]::attr(href)"
    max_listing_pages: ClassVar[int] = 50

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        page = response.meta.get("atmp_page", 1)
        pattern = re.compile(self.article_link)
        links = [response.urljoin(h) for h in response.css(self.listing_link_css).getall()]
        articles = list(dict.fromkeys(u for u in links if pattern.search(u)))
        if not articles:
            self.reject(response.url, "listing page links to no articles", status=response.status)
        for url in articles:
            yield self.detail_request(url, self.parse_article_page)
        next_href = response.css(self.next_page_css).get()
        if next_href and page < self.max_listing_pages:
            yield self.listing_request(response.urljoin(next_href), self.parse, atmp_page=page + 1)


class FeedSpider(ArticleSpider):
    """RSS 2.0 or Atom feeds whose entries link to article pages."""

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        body = response.body.lstrip()
        if not body.startswith(b"<") or b"<html" in body[:300].lower():
            self.reject(response.url, "feed is not XML", status=response.status)
            return
        try:
            response.selector.remove_namespaces()
            entries = response.xpath("//item | //entry")
        except ValueError as exc:
            self.reject(response.url, "feed is not XML", detail=str(exc)[:200])
            return
        if not entries:
            self.reject(response.url, "feed has no entries", status=response.status)
        for entry in entries:
            link = entry.xpath("normalize-space(link[not(@rel) or @rel='alternate']/@href)").get() or entry.xpath(
                "normalize-space(link)"
            ).get()
            if not link:
                self.crawler.stats.inc_value("atmp/feed_entry_without_link")
                continue
            stamp = entry.xpath("normalize-space(updated | pubDate | published)").get()
            day = _feed_date(stamp)
            yield self.detail_request(
                response.urljoin(link),
                self.parse_article_page,
                lastmod=stamp or None,
                atmp_feed_date=day.isoformat() if day else None,
                atmp_date_source="feed",
            )


class SitemapSpider(ArticleSpider):
    """XML sitemaps (and sitemap indexes) listing article URLs with lastmod."""

    article_link: ClassVar[str] = r"."
    follow_sitemap: ClassVar[str] = r"."

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # noqa: BLE001 - lxml raises several kinds
            self.reject(response.url, "sitemap is not XML", detail=str(exc)[:200])
            return
        if sitemap.type not in ("urlset", "sitemapindex"):  # e.g. an HTML error page served with status 200
            self.reject(response.url, "sitemap is not XML", detail=f"root element is <{sitemap.type}>")
            return
        article, follow = re.compile(self.article_link), re.compile(self.follow_sitemap)
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                if follow.search(loc):
                    yield self.listing_request(loc, self.parse)
            elif article.search(loc):
                lastmod = entry.get("lastmod")
                day = _feed_date(lastmod)
                yield self.detail_request(
                    loc, self.parse_article_page, lastmod=lastmod,
                    atmp_feed_date=day.isoformat() if day else None, atmp_date_source="sitemap",
                )
