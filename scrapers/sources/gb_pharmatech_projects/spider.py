"""Pharmaceutical Technology project profiles: listing pages -> one facility per profile.

A profile has a headline, a fact box (owner, location, status, investment,
capacity, dates) and a few paragraphs. The fact box carries the structured
facts, so only it is parsed for them; amounts or dates in the running text are
often about something else (a company-wide total, an acquisition) and stay text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from scrapy.http import Response

from scrapers.base import SourceSpider
from scrapers.sources.gb_pharmatech_projects import facts

# Facts kept in the text because FacilityRecord has no field for them, with their caption.
TEXT_FACTS = {
    "capacity": "Capacity",
    "area": "Floor area",
    "jobs": "Jobs",
    "announced": "Announced",
    "construction_start": "Construction started",
    "completion": "Completion",
    "operations_start": "Start of operations",
}


class PharmaTechProjectsSpider(SourceSpider):
    name = "gb_pharmatech_projects"

    project_link: ClassVar[re.Pattern[str]] = re.compile(
        r"^https://www\.pharmaceutical-technology\.com/projects/(?!page/)[a-z0-9-]+/?$"
    )
    max_listing_pages: ClassVar[int] = 30

    # listing -------------------------------------------------------------------
    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        page = response.meta.get("atmp_page", 1)
        links = [
            response.urljoin(href.strip()) for href in response.css("main a::attr(href)").getall()
        ]
        projects = list(dict.fromkeys(url for url in links if self.project_link.match(url)))
        if not projects:
            self.reject(
                response.url, "listing page links to no project profiles", status=response.status
            )
        for url in projects:
            yield self.detail_request(url, self.parse_project)
        next_href = response.css("a[rel=next]::attr(href), link[rel=next]::attr(href)").get()
        if next_href and page < self.max_listing_pages:
            yield self.listing_request(response.urljoin(next_href), self.parse, atmp_page=page + 1)

    # profile -------------------------------------------------------------------
    def parse_project(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        name = facts.squeeze(" ".join(response.css("article h1 ::text, main h1 ::text").getall()))
        box = self.fact_box(response)
        if not box:
            self.reject(response.url, "project page has no fact box", status=response.status)
            return
        known: dict[str, list[str]] = {}
        unknown: dict[str, str] = {}
        for label, value in box:
            fact = facts.fact_name(label)
            if fact is None:
                unknown[facts.label_key(label)] = value
            else:
                known.setdefault(fact, []).append(value)
        self.audit(unknown, f"fact box of {response.url}")

        place = facts.parse_location(self._one(known, "location"))
        if place.country_text and place.country_code is None:
            self.crawler.stats.inc_value("atmp/pharmatech/unknown_country")
        raw_status = self._one(known, "status")
        status = facts.status_value(raw_status) if raw_status else None
        if raw_status and status is None:
            self.crawler.stats.inc_value("atmp/pharmatech/unknown_status")
        investment = (
            facts.parse_amount(self._one(known, "investment")) if known.get("investment") else None
        )
        year = facts.first_year(self._one(known, "operations_start")) or facts.first_year(
            self._one(known, "completion")
        )
        partners = [p for value in known.get("partners", []) for p in facts.split_partners(value)]

        record: dict[str, Any] = {
            "name": name or None,
            "owner": self._one(known, "owner") or None,
            "partners": list(dict.fromkeys(partners)),
            "city": place.city,
            # an unresolved country is kept as written so that validation quarantines it
            "country_code": place.country_code or place.country_text,
            # likewise an unknown status
            "status": status or (raw_status or None),
            "modalities": facts.modalities(self._one(known, "project_type")),
            "operational_year": year,
            "text": self.profile_text(response, known),
        }
        if investment is not None:
            record.update(
                investment_value=investment.value,
                investment_currency=investment.currency,
                investment_text=investment.text,
            )
        key = response.css("link[rel=canonical]::attr(href)").get() or response.url
        yield self.make_item(
            response, "facility", key, {k: v for k, v in record.items() if v not in (None, [], "")}
        )

    def fact_box(self, response: Response) -> list[tuple[str, str]]:
        """(label, value) pairs from the profile's fact box (a <dl> or a two-column table)."""
        box = response.css(".project-facts")
        pairs: list[tuple[str, str]] = []
        for dt in box.css("dt"):
            dd = dt.xpath("following-sibling::dd[1]")
            pairs.append(
                (
                    facts.squeeze(" ".join(dt.css("::text").getall())),
                    facts.squeeze(" ".join(dd.css("::text").getall())),
                )
            )
        for row in box.css("tr"):
            cells = [facts.squeeze(" ".join(c.css("::text").getall())) for c in row.css("th, td")]
            if len(cells) == 2:
                pairs.append((cells[0], cells[1]))
        return [(label, value) for label, value in pairs if label]

    def profile_text(self, response: Response, known: dict[str, list[str]]) -> str | None:
        """The profile's paragraphs, then the fact-box facts FacilityRecord has no field for."""
        paragraphs = [
            facts.squeeze(" ".join(p.css("::text").getall()))
            for p in response.css(".article-body p")
        ]
        lines = [p for p in paragraphs if p]
        extra = [
            f"{caption}: {'; '.join(known[fact])}"
            for fact, caption in TEXT_FACTS.items()
            if known.get(fact)
        ]
        text = "\n\n".join(lines + (["\n".join(extra)] if extra else []))
        return text or None

    @staticmethod
    def _one(known: dict[str, list[str]], fact: str) -> str:
        return known.get(fact, [""])[0]
