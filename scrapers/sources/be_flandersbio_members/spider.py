"""flanders.bio: member cards (focus cell & gene therapy) -> member profile with postal address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.http import Response

from scrapers.directory import DirectorySpider


class FlandersBioMembersSpider(DirectorySpider):
    name = "be_flandersbio_members"
    member_link_css = "div.member-grid a.member-card__link::attr(href)"
    next_page_css = "ul.pager li.pager__item--next a::attr(href)"
    labels_file = Path(__file__).with_name("labels.yml")
    country_names = ("Belgium", "België", "Belgique")

    def profile_fields(self, response: Response) -> dict[str, Any]:
        main = response.css("main.member")
        return {
            "name": main.css("h1.member__title::text").get(),
            "type": main.css("div.member__type::text").get(),
            "address": main.css("div.member__address p::text").getall(),
            "website": main.css("a.member__website::attr(href)").get(),
            "description": " ".join(main.css("div.member__about p::text").getall()),
            "tags": main.css("div.member__tags span.tag::text").getall(),
        }
