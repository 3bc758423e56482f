"""NecstGen's European CGT map: landing page -> embedded My Maps layer -> KML placemarks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy.http import Response

from scrapers.base import SourceSpider

KML_EXPORT = "https://www.google.com/maps/d/kml?mid={mid}&forcekml=1"

# ExtendedData column -> payload field; list columns are split on ';'.
SCALAR_FIELDS = {"type": "org_type", "city": "city", "country": "country_code", "website": "website",
                 "parent": "parent", "hub": "hub", "description": "description"}
LIST_FIELDS = {"modalities": "modalities", "aliases": "aliases", "tickers": "tickers",
               "former names": "former_names"}


class NecstgenMapSpider(SourceSpider):
    name = "eu_necstgen_cgtmap"

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        """Find the embedded map and request its KML export."""
        embeds = response.css("iframe::attr(src), iframe::attr(data-src)").getall()
        mids = [parse_qs(urlsplit(src).query).get("mid", [None])[0] for src in embeds if "/maps/d/" in src]
        mids = [m for m in mids if m]
        if not mids:
            self.reject(response.url, "no embedded map layer found on the page")
            return
        for mid in dict.fromkeys(mids):
            yield self.listing_request(KML_EXPORT.format(mid=mid), self.parse_kml)

    def parse_kml(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        response.selector.remove_namespaces()
        placemarks = response.xpath("//Placemark")
        if not placemarks:
            self.reject(response.url, "KML layer has no placemarks")
        for mark in placemarks:
            name = (mark.xpath("normalize-space(name)").get() or "").strip()
            columns = {
                (d.xpath("@name").get() or "").strip().lower(): (d.xpath("normalize-space(value)").get() or "").strip()
                for d in mark.xpath("ExtendedData/Data")
            }
            record: dict[str, Any] = {"name": name}
            for column, field in SCALAR_FIELDS.items():
                value = columns.pop(column, "")
                if value:
                    record[field] = value
            for column, field in LIST_FIELDS.items():
                value = columns.pop(column, "")
                if value:
                    record[field] = [part.strip() for part in value.split(";") if part.strip()]
            folder = mark.xpath("normalize-space(ancestor::Folder[1]/name)").get()
            if folder and "hub" not in record:
                record["hub"] = folder
            lon_lat = _coordinates(mark.xpath("normalize-space(Point/coordinates)").get())
            if lon_lat:
                record["lon"], record["lat"] = lon_lat
            self.audit(columns, f"placemark '{name}'")
            key = mark.xpath("@id").get() or f"{name}|{record.get('country_code', '')}"
            yield self.make_item(response, "organisation", key, record)


def _coordinates(text: str | None) -> tuple[Any, Any] | None:
    """KML 'lon,lat[,alt]' as floats; unreadable parts stay text so validation quarantines them."""
    if not text:
        return None
    parts = (re.split(r"\s*,\s*", text.strip()) + ["", ""])[:2]
    values: list[Any] = []
    for part in parts:
        try:
            values.append(float(part))
        except ValueError:
            values.append(part)
    return values[0], values[1]
