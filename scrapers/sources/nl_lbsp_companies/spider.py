"""Leiden Bio Science Park: theme-filtered company listing -> one profile page per company."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.http import Response

from scrapers.directory import DirectorySpider, clean


class LbspCompaniesSpider(DirectorySpider):
    name = "nl_lbsp_companies"
    member_link_css = "ul.company-list li.company-card a::attr(href)"
    next_page_css = "nav.pagination a[rel=next]::attr(href)"
    labels_file = Path(__file__).with_name("labels.yml")

    def profile_fields(self, response: Response) -> dict[str, Any]:
        card = response.css("article.company")
        meta = {
            clean(dt.xpath("string()").get()).lower(): dd
            for dt, dd in zip(card.css("dl.company__meta dt"), card.css("dl.company__meta dd"), strict=False)
        }
        location = clean(meta.pop("location").xpath("string()").get()) if "location" in meta else ""
        website = meta.pop("website", None)
        category = meta.pop("category", None)
        fields: dict[str, Any] = {
            "name": card.css("h1.company__name::text").get(),
            "type": category.xpath("string()").get() if category is not None else None,
            # "Leiden Bio Science Park, Leiden": the part after the park's name is the town
            "city": location.split(",")[-1] if location else None,
            "website": website.css("a::attr(href)").get() if website is not None else None,
            "description": " ".join(card.css("div.company__description p::text").getall()),
            "tags": card.css("ul.company__themes li::text").getall(),
        }
        fields.update({f"meta:{k}": clean(v.xpath("string()").get()) for k, v in meta.items()})
        return fields
