"""NecstGen's European CGT map: landing page -> embedded My Maps layer -> KML placemarks.

The map is curated by hand in Google My Maps, one layer (KML folder) per
country. Each placemark carries a table row as ExtendedData; the columns are
taken one by one and anything left over is reported, so a new column shows up
at once. Types and modalities are written as people write them and are mapped
through ``labels.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy.http import Response

from scrapers.base import SourceSpider
from scrapers.fields import LabelMap, load_label_map, web_address

KML_EXPORT = "https://www.google.com/maps/d/kml?mid={mid}&forcekml=1"
LABELS = Path(__file__).with_name("labels.yml")

# ExtendedData column -> payload field, taken as written; list columns are split on ';'.
SCALAR_FIELDS = {"city": "city", "country": "country_code", "parent": "parent", "hub": "hub", "description": "description"}
LIST_FIELDS = {"aliases": "aliases", "tickers": "tickers", "former names": "former_names"}


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
        """One organisation per placemark; bad values are kept for validation to quarantine."""
        body = response.body.lstrip()
        if not body.startswith(b"<") or b"<html" in body[:500].lower():
            self.reject(response.url, "map layer is not KML", status=response.status)
            return
        labels = load_label_map(LABELS)
        response.selector.remove_namespaces()
        placemarks = response.xpath("//Placemark")
        if not placemarks:
            self.reject(response.url, "KML layer has no placemarks", status=response.status)
        for mark in placemarks:
            name = (mark.xpath("normalize-space(name)").get() or "").strip()
            columns = {
                (d.xpath("@name").get() or "").strip().lower(): (d.xpath("normalize-space(value)").get() or "").strip()
                for d in mark.xpath("ExtendedData/Data")
            }
            record = self._record(name, columns, labels)
            lon_lat = _coordinates(mark.xpath("normalize-space(Point/coordinates)").get())
            if lon_lat:
                record["lon"], record["lat"] = lon_lat
            self.audit(columns, f"placemark '{name}'")
            key = mark.xpath("@id").get() or f"{name}|{record.get('country_code', '')}"
            yield self.make_item(response, "organisation", key, record)

    def _record(self, name: str, columns: dict[str, str], labels: LabelMap) -> dict[str, Any]:
        """Pop every known column into the payload; what remains in ``columns`` is unused."""
        record: dict[str, Any] = {"name": name}
        for column, field in SCALAR_FIELDS.items():
            value = columns.pop(column, "")
            if value:
                record[field] = value
        for column, field in LIST_FIELDS.items():
            value = columns.pop(column, "")
            if value:
                record[field] = _split(value)
        type_label = columns.pop("type", "")
        if type_label:
            org_type = labels.org_type(type_label)
            if org_type:
                record["org_type"] = org_type
            else:
                self._unknown_label("type", type_label)
        modalities = []
        for label in _split(columns.pop("modalities", "")):
            modality = labels.modality(label)
            if modality and modality not in modalities:
                modalities.append(modality)
            elif not modality and not labels.is_ignored(label):
                self._unknown_label("modality", label)
        if modalities:
            record["modalities"] = modalities
        site = columns.pop("website", "")
        if site:
            record["website"] = web_address(site) or site  # unreadable addresses go on to validation
        return record

    def _unknown_label(self, kind: str, label: str) -> None:
        self.crawler.stats.inc_value(f"atmp/unknown_label/{kind}")
        self.logger.warning("%s: unknown %s label %r (add it to labels.yml)", self.name, kind, label)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


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
