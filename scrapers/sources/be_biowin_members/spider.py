"""BioWin (Wallonia): French member listing -> member sheet (table of fields)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.http import Response

from scrapers.directory import DirectorySpider, clean

# Row label of the member sheet -> raw field
ROWS = {"catégorie": "type", "localité": "city", "site web": "website", "domaines": "tags"}


class BioWinMembersSpider(DirectorySpider):
    name = "be_biowin_members"
    member_link_css = "section.liste-membres h2.membre__nom a::attr(href)"
    next_page_css = "div.pagination a.page-suivante::attr(href)"
    labels_file = Path(__file__).with_name("labels.yml")

    def profile_fields(self, response: Response) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": response.css("main h1::text").get(),
            "description": " ".join(response.css("div.presentation p::text").getall()),
        }
        for row in response.css("table.fiche tr"):
            label = clean(row.css("th::text").get()).lower()
            cell = row.css("td")
            field = ROWS.get(label, f"row:{label}")
            if field == "website":
                value: Any = cell.css("a::attr(href)").get()
            elif field == "tags":
                value = [part for part in clean(cell.xpath("string()").get()).split(",") if part.strip()]
            else:
                value = clean(cell.xpath("string()").get())
            if value and value != "–":
                fields[field] = value
        return fields
