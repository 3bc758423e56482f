"""Spider shape for member directories of clusters and science parks.

A directory is a paginated list of members; each member links to a profile
page (or is described completely by its card). A source spider declares the
selectors and a ``profile_fields`` method that returns the raw strings of one
profile; everything else is shared here: following pagination, turning raw
fields into an :class:`schemas.records.OrganisationRecord` payload through the
source's ``labels.yml``, reporting unused fields and unknown labels, and
rejecting pages that are not what they should be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from scrapy.http import Response

from scrapers.base import SourceSpider
from scrapers.fields import LabelMap, load_label_map, web_address

_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,5}(?:\s?[A-Z]{2})?\s+")


def town_from_address(lines: list[str], country_names: Iterable[str] = ()) -> str | None:
    """The locality of a postal address: its last line that is not the country, without the postcode."""
    skip = {c.casefold() for c in country_names}
    for line in reversed([x.strip() for x in lines if x and x.strip()]):
        if line.casefold() in skip:
            continue
        return _POSTCODE.sub("", line).strip() or None
    return None


def clean(text: str | None) -> str:
    """Collapse whitespace of a scraped text fragment."""
    return re.sub(r"\s+", " ", text or "").strip()


class DirectorySpider(SourceSpider):
    """Listing pages -> member profiles -> organisations."""

    member_link_css: ClassVar[str] = "a::attr(href)"
    next_page_css: ClassVar[str] = "a[rel=next]::attr(href)"
    max_listing_pages: ClassVar[int] = 50
    labels_file: ClassVar[Path | None] = None
    country_names: ClassVar[tuple[str, ...]] = ()

    # listing -----------------------------------------------------------------
    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        page = response.meta.get("atmp_page", 1)
        links = [response.urljoin(h) for h in response.css(self.member_link_css).getall() if h.strip()]
        if not links:
            self.reject(response.url, "directory page lists no members", status=response.status)
        for url in dict.fromkeys(links):
            yield self.detail_request(url, self.parse_profile)
        next_href = response.css(self.next_page_css).get()
        if next_href and page < self.max_listing_pages:
            yield self.listing_request(response.urljoin(next_href), self.parse, atmp_page=page + 1)

    # profiles ----------------------------------------------------------------
    def profile_fields(self, response: Response) -> dict[str, Any]:  # pragma: no cover - abstract
        """Raw fields of one profile: name, type, city or address (list of lines), website, tags, description..."""
        raise NotImplementedError

    def parse_profile(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        fields = self.profile_fields(response)
        record = self.organisation(fields, where=response.url)
        if record is None:
            self.reject(response.url, "profile page has no organisation name", status=response.status)
            return
        yield self.make_item(response, "organisation", response.url, record)

    # shared record building --------------------------------------------------
    @property
    def labels(self) -> LabelMap:
        return load_label_map(self.labels_file) if self.labels_file else LabelMap()

    def default_country(self) -> str | None:
        """The country of a one-country directory, from source.yml."""
        countries = [c for c in self.config.countries if c != "EU"]
        return countries[0] if len(countries) == 1 else None

    def organisation(self, fields: dict[str, Any], where: str) -> dict[str, Any] | None:
        """Pop every known field into an organisation payload; leftovers are reported."""
        fields = {k: v for k, v in fields.items() if v not in (None, "", [])}
        name = clean(fields.pop("name", ""))
        if not name:
            return None
        record: dict[str, Any] = {"name": name}
        labels = self.labels
        type_label = clean(fields.pop("type", ""))
        if type_label:
            org_type = labels.org_type(type_label)
            if org_type:
                record["org_type"] = org_type
            elif not labels.is_ignored(type_label):
                self._unknown_label("type", type_label)
        address = [clean(x) for x in fields.pop("address", [])]
        city = clean(fields.pop("city", "")) or town_from_address(address, self.country_names)
        if city:
            record["city"] = city
        country = clean(fields.pop("country", "")) or self.default_country()
        if country:
            record["country_code"] = country
        site = clean(fields.pop("website", ""))
        if site:
            record["website"] = web_address(site) or site
        modalities: list[str] = []
        for tag in [clean(t) for t in fields.pop("tags", [])]:
            modality = labels.modality(tag)
            if modality and modality not in modalities:
                modalities.append(modality)
            elif not modality and not labels.is_ignored(tag):
                self._unknown_label("tag", tag)
        if modalities:
            record["modalities"] = modalities
        description = clean(fields.pop("description", ""))
        if description:
            record["description"] = description
        self.audit(fields, where)
        return record

    def _unknown_label(self, kind: str, label: str) -> None:
        self.crawler.stats.inc_value(f"atmp/unknown_label/{kind}")
        self.logger.warning("%s: unknown %s label %r (add it to labels.yml)", self.name, kind, label)
