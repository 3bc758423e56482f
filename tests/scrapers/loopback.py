"""A tiny web site on 127.0.0.1 whose pages a test can change between crawls.

Real crawls (the runner in a subprocess, in live mode) run against it, so
incremental refreshes and bad responses are exercised through Scrapy's real
downloader without touching the internet.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    etag: str | None = None
    fail_times: int = 0  # answer 429 with Retry-After this many times first


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True


class Site:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                site.log.append((self.path, {k: v for k, v in self.headers.items()}))
                page = site.pages.get(self.path.split("#")[0])
                if page is None:
                    self._send(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                if page.delay:
                    time.sleep(page.delay)
                if page.fail_times > 0:
                    page.fail_times -= 1
                    self._send(429, {"Content-Type": "text/plain", "Retry-After": "1"}, b"slow down")
                    return
                if page.etag and self.headers.get("If-None-Match") == page.etag:
                    self._send(304, {"ETag": page.etag}, b"")
                    return
                headers = dict(page.headers)
                if page.etag:
                    headers["ETag"] = page.etag
                self._send(page.status, headers, page.body)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def paths_requested(self, since: int = 0) -> list[str]:
        return [p for p, _ in self.log[since:] if p != "/robots.txt"]


def article(title: str, text: str, published: str = "2024-05-02") -> bytes:
    body = " ".join([text] * 6)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{published}T08:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>{title}</h1><p>{body}</p></article></body></html>""".encode()


def listing(links: list[str]) -> bytes:
    items = "".join(f'<li><a href="{href}">story</a></li>' for href in links)
    return f"<html><body><ul>{items}</ul></body></html>".encode()


LISTING_SPIDER = '''
from scrapers.kinds import ListingSpider


class LoopbackSpider(ListingSpider):
    name = "{slug}"
    article_link = r"/news/"
'''

FEED_SPIDER = '''
from scrapers.kinds import FeedSpider


class LoopbackFeedSpider(FeedSpider):
    name = "{slug}"
'''


def write_source(root: Path, slug: str, start_url: str, *, kind: str = "html_listing", min_items: int = 1,
                 **politeness: object) -> Path:
    """A throw-away source folder (found through ATMP_EXTRA_SOURCE_DIRS)."""
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    config = {
        "slug": slug, "title": "Loopback test source", "publisher": "Tests", "homepage": start_url,
        "kind": kind, "item_types": ["announcement"], "start_urls": [start_url], "frequency": "daily",
        "languages": ["en"], "expected": {"min_items": min_items, "max_items": 100},
        "politeness": {"download_delay": 0.5, "download_timeout": 2, "retry_backoff_base": 0.2, **politeness},
        "based_on": start_url, "licence": "test content", "description": "Pages served by the test itself.",
    }
    (folder / "source.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    template = FEED_SPIDER if kind == "rss" else LISTING_SPIDER
    (folder / "spider.py").write_text(template.format(slug=slug), encoding="utf-8")
    return folder


def write_replay(folder: Path, pages: list[tuple[str, bytes]]) -> None:
    """A replay archive in ``folder/replay`` serving each (url, html body) with status 200."""
    from scrapers.archive import ArchiveEntry, write_manifest

    bodies = folder / "replay" / "pages"
    bodies.mkdir(parents=True, exist_ok=True)
    entries = []
    for n, (url, body) in enumerate(pages):
        (bodies / f"page{n}.html").write_bytes(body)
        entries.append(ArchiveEntry(url=url, status=200, headers={"Content-Type": "text/html"}, body=f"pages/page{n}.html",
                                    based_on=url, recorded_at="2026-01-01T00:00:00Z"))
    write_manifest(folder / "replay", entries)
