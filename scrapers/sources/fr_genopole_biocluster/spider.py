"""Genopole (Évry): paginated directory whose cards hold every field; no profile pages to follow."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scrapy.http import Response

from scrapers.directory import DirectorySpider, clean


class GenopoleDirectorySpider(DirectorySpider):
    name = "fr_genopole_biocluster"
    next_page_css = "main a.suivant::attr(href)"
    labels_file = Path(__file__).with_name("labels.yml")

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        """Each card becomes an organisation; the next page is followed."""
        page = response.meta.get("atmp_page", 1)
        cards = response.css("div.annuaire div.entreprise")
        if not cards:
            self.reject(response.url, "directory page lists no members", status=response.status)
        for card in cards:
            fields = {
                "name": card.css(".entreprise__nom::text").get(),
                "type": card.css(".entreprise__type::text").get(),
                "city": card.css(".entreprise__ville::text").get(),
                "website": card.css("a.entreprise__site::attr(href)").get(),
                "tags": [t for t in clean(card.css(".entreprise__domaines::text").get()).split("·") if t.strip()],
                "description": card.css(".entreprise__resume::text").get(),
            }
            record = self.organisation(fields, where=f"{response.url} card '{clean(fields['name'])}'")
            if record is None:
                self.reject(response.url, "directory card has no organisation name", status=response.status)
                continue
            key = record.get("website") or f"{record['name']}|{record.get('city', '')}"
            yield self.make_item(response, "organisation", key, record)
        next_href = response.css(self.next_page_css).get()
        if next_href and page < self.max_listing_pages:
            yield self.listing_request(response.urljoin(next_href), self.parse, atmp_page=page + 1)
