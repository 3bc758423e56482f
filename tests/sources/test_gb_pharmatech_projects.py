"""Pharmaceutical Technology project profiles: listing -> profiles -> facilities."""

from __future__ import annotations

import pytest

from pipeline.validate import validate_items
from schemas.records import FacilityRecord, RawItem
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from scrapers.sources.gb_pharmatech_projects.facts import (
    first_year,
    parse_amount,
    parse_location,
    split_partners,
    status_value,
)
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "gb_pharmatech_projects"
BASE = "https://www.pharmaceutical-technology.com"
LISTING_1 = f"{BASE}/projects/"
LISTING_2 = f"{BASE}/projects/page/2/"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _profile_urls() -> list[str]:
    return sorted(
        e.url
        for e in ReplayArchive(replay_dir(SLUG)).entries()
        if e.url.startswith(f"{BASE}/projects/") and "/page/" not in e.url and e.url != LISTING_1
    )


def _profile(
    facts: list[tuple[str, str]], title: str = "Example Cell Therapy Plant, Leiden"
) -> bytes:
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return (
        f"<html><body><main><article><h1>{title}</h1><aside class='project-facts'><dl>{rows}</dl></aside>"
        "<div class='article-body'><p>Some words.</p></div></article></main></body></html>"
    ).encode()


BASE_FACTS = [
    ("Owner", "Bristol Myers Squibb"),
    ("Project type", "CAR-T cell therapy manufacturing facility"),
    ("Location", "Leiden, South Holland, Netherlands"),
    ("Status", "Under construction"),
]


def _parse_profile(body: bytes):
    return run_callback(
        make_spider(SLUG),
        response_for(f"{BASE}/projects/example/", body, headers=HTML),
        "parse_project",
    )


@pytest.fixture(scope="module")
def facilities():
    spider = make_spider(SLUG)
    return {
        url: run_callback(spider, recorded_response(SLUG, url), "parse_project")
        for url in _profile_urls()
    }


def test_listing_pages_link_to_profiles_and_to_the_next_page():
    first = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING_1))
    second = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING_2))
    details = [r for r in first.requests + second.requests if r.meta["atmp_kind"] == "detail"]
    listings = [r for r in first.requests + second.requests if r.meta["atmp_kind"] == "listing"]
    assert sorted(r.url for r in details) == _profile_urls()
    assert [r.url for r in listings] == [LISTING_2]
    assert listings[0].meta["atmp_page"] == 2
    # news and navigation links are not profiles
    assert all("/news/" not in r.url for r in details)


def test_every_profile_becomes_a_valid_facility(facilities):
    items = [i for result in facilities.values() for i in result.items]
    assert len(items) == len(facilities) == 10
    outcome = validate_items(items)
    assert not outcome.quarantine
    for item in items:
        envelope = RawItem.model_validate(item)
        record = FacilityRecord.model_validate(envelope.data)
        assert record.owner and record.city and record.status and record.modalities
        assert envelope.based_on_url and envelope.based_on_url.startswith("https://")


def _by_slug(facilities, slug: str) -> dict:
    (item,) = facilities[f"{BASE}/projects/{slug}/"].items
    return item["data"]


def test_field_level_mapping_of_the_stein_profile(facilities):
    stein = _by_slug(facilities, "novartis-stein-cell-and-gene-therapy")
    assert stein["name"] == "Novartis Cell and Gene Therapy Facility, Stein"
    assert (stein["owner"], stein["city"], stein["country_code"]) == ("Novartis", "Stein", "CH")
    assert stein["status"] == "operational" and stein["operational_year"] == 2019
    assert (stein["investment_value"], stein["investment_currency"]) == (90_000_000, "CHF")
    assert stein["investment_text"] == "CHF90m ($91m)"
    assert "car-t" in stein["modalities"] and "cell_therapy" in stein["modalities"]
    assert "Jobs: Up to 450 within three years" in stein["text"]


def test_statuses_are_mapped_through_the_table(facilities):
    statuses = {
        url.rstrip("/").rsplit("/", 1)[1]: r.items[0]["data"]["status"]
        for url, r in facilities.items()
    }
    assert statuses["bristol-myers-squibb-cell-therapy-facility-leiden"] == "under_construction"
    assert statuses["catalent-cell-therapy-manufacturing-facility-gosselies"] == "closed"
    assert statuses["cell-and-gene-therapy-catapult-manufacturing-centre"] == "expanded"
    assert statuses["autolus-nucleus-car-t-manufacturing-facility-stevenage"] == "operational"


def test_operations_start_wins_over_completion_for_the_year(facilities):
    autolus = _by_slug(facilities, "autolus-nucleus-car-t-manufacturing-facility-stevenage")
    assert autolus["operational_year"] == 2023  # completion was December 2022
    assert autolus["partners"] == ["Reef Group", "Merit"]
    assert (
        _by_slug(facilities, "bristol-myers-squibb-cell-therapy-facility-leiden")[
            "operational_year"
        ]
        == 2024
    )


def test_amounts_in_the_running_text_are_not_the_facility_investment(facilities):
    kite = _by_slug(facilities, "kite-cell-therapy-manufacturing-facility-hoofddorp")
    assert "€130m" in kite["text"]
    assert "investment_value" not in kite and kite["investment_text"] == "Undisclosed"
    meira = _by_slug(facilities, "meiragtx-gene-therapy-manufacturing-facility-shannon")
    assert "investment_value" not in meira and meira["investment_text"].startswith(
        "Multi-million euro"
    )


def test_a_page_without_fact_box_is_rejected():
    page = b"<html><body><main><h1>Plant</h1><p>Text only.</p></main></body></html>"
    result = _parse_profile(page)
    assert not result.items
    assert result.rejects[0]["reason"] == "project page has no fact box"


def test_a_listing_without_profiles_is_rejected():
    page = f"<html><body><main><a href='{BASE}/news/x/'>News</a></main></body></html>".encode()
    result = run_callback(make_spider(SLUG), response_for(LISTING_1, page, headers=HTML))
    assert not result.requests
    assert result.rejects[0]["reason"] == "listing page links to no project profiles"


def test_an_unknown_fact_label_surfaces_as_unused():
    result = _parse_profile(_profile(BASE_FACTS + [("Power supply", "Solar roof")]))
    assert len(result.items) == 1
    assert result.stats.get("atmp/unused_field/power supply") == 1


def test_a_table_fact_box_is_read_as_well():
    rows = "".join(f"<tr><th>{k}:</th><td>{v}</td></tr>" for k, v in BASE_FACTS)
    page = (
        f"<html><body><main><h1>Plant, Leiden</h1><div class='project-facts'><table>{rows}</table></div>"
        "</main></body></html>"
    ).encode()
    (item,) = _parse_profile(page).items
    assert item["data"]["country_code"] == "NL" and item["data"]["status"] == "under_construction"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Operational", "operational"),
        ("OPERATIONAL (since 2019)", "operational"),
        ("Under Construction.", "under_construction"),
        ("Planned", "announced"),
        ("Expansion completed", "expanded"),
        ("Closure announced", "closed"),
        ("Mothballed", None),
    ],
)
def test_status_spellings(written, expected):
    assert status_value(written) == expected


def test_unknown_status_and_country_are_kept_for_validation_to_quarantine():
    facts = [("Owner", "Somebody"), ("Location", "Nowhere, Atlantis"), ("Status", "Mothballed")]
    result = _parse_profile(_profile(facts))
    (item,) = result.items
    assert item["data"]["status"] == "Mothballed" and item["data"]["country_code"] == "Atlantis"
    assert result.stats["atmp/pharmatech/unknown_status"] == 1
    assert result.stats["atmp/pharmatech/unknown_country"] == 1
    fields = sorted(q.field for q in validate_items(result.items).quarantine)
    assert fields == ["data.country_code"]  # the first failing field is reported; status fails too
    assert "status" in validate_items(result.items).quarantine[0].reason


def test_a_missing_headline_is_quarantined():
    result = _parse_profile(_profile(BASE_FACTS, title=""))
    assert "name" not in result.items[0]["data"]
    assert validate_items(result.items).quarantine[0].field == "data.name"


@pytest.mark.parametrize(
    ("written", "value", "currency"),
    [
        ("CHF90m ($91m)", 90e6, "CHF"),
        ("£20.5m", 20.5e6, "GBP"),
        ("Funded from a £20.5m share placing", 20.5e6, "GBP"),
        ("70 million euros", 70e6, "EUR"),
        ("US$1.2bn", 1.2e9, "USD"),
        ("€1,250,000", 1_250_000, "EUR"),
        ("Undisclosed", None, None),
        ("2,000 batches a year", None, None),
    ],
)
def test_amounts(written, value, currency):
    amount = parse_amount(written)
    assert (amount.value, amount.currency, amount.text) == (value, currency, written)


def test_places_years_and_partners():
    place = parse_location("San Sebastián, Gipuzkoa, Spain")
    assert (place.city, place.country_code) == ("San Sebastián", "ES")
    assert parse_location("Oxford, Oxfordshire, UK").country_code == "GB"
    assert parse_location("Leiden, The Netherlands").country_code == "NL"
    assert first_year("Second half of 2023 (expected)") == 2023 and first_year("Not known") is None
    assert split_partners("Merit; Reef Group (developer)") == ["Merit", "Reef Group"]
