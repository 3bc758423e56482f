"""Write captured items to the crawl's ``items.jsonl``, checking each envelope.

The payload is validated later (validate stage) so that a bad record lands in
the quarantine table with its reason; here we only make sure the envelope has
its provenance, and we drop exact repeats of an item within one crawl.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from schemas.records import RawItem


class CaptureWriter:
    def __init__(self, crawler: Crawler, items_path: Path):
        self.crawler = crawler
        self.stats = crawler.stats
        self.items_path = items_path
        self.seen: set[str] = set()
        self.fh: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CaptureWriter:
        return cls(crawler, Path(crawler.settings["ATMP_ITEMS_PATH"]))

    def open_spider(self, spider: Any = None) -> None:
        self.items_path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self.items_path.open("a", encoding="utf-8")

    def close_spider(self, spider: Any = None) -> None:
        if self.fh:
            self.fh.close()

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        try:
            raw = RawItem.model_validate(item)
        except ValidationError as exc:
            self.stats.inc_value("atmp/invalid_envelope")
            spider = spider or self.crawler.spider
            spider.reject(item.get("source_url") or "", "invalid item envelope", detail=str(exc.errors()[:3]))
            raise DropItem(f"invalid item envelope: {exc.errors()[:3]}") from exc
        if raw.item_id in self.seen:
            self.stats.inc_value("atmp/duplicate_items")
            raise DropItem(f"duplicate item {raw.item_key}")
        self.seen.add(raw.item_id)
        self.stats.inc_value(f"atmp/items/{raw.item_type}")
        self.fh.write(json.dumps(raw.model_dump(mode="json"), ensure_ascii=False) + "\n")
        self.fh.flush()
        return item
