"""Crawl state kept between runs, so refreshes fetch only what is new or changed.

Per source, one JSON file maps each detail URL to what we knew after the last
crawl: content hash, ETag, Last-Modified, the listing's lastmod and when it was
last seen. Listing and feed pages are never skipped; detail pages are skipped
when known and unchanged, or fetched conditionally when the listing says they
changed. No Scrapy imports.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class UrlState:
    content_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None
    last_seen_at: str | None = None
    item_ids: list[str] = field(default_factory=list)


class CrawlState:
    """A small JSON-backed map of URL -> :class:`UrlState` for one source."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.urls: dict[str, UrlState] = {}
        if self.path.exists():
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self.urls = {url: UrlState(**values) for url, values in raw.get("urls", {}).items()}

    def get(self, url: str) -> UrlState | None:
        return self.urls.get(url)

    def update(self, url: str, **values: object) -> UrlState:
        current = self.urls.setdefault(url, UrlState())
        for key, value in values.items():
            if value is not None:
                setattr(current, key, value)
        return current

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        payload = {"urls": {url: asdict(state) for url, state in sorted(self.urls.items())}}
        tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)
