"""flanders.bio directory: member cards -> profiles with postal addresses."""

from __future__ import annotations

import pytest

from pipeline.validate import validate_items
from scrapers.directory import town_from_address
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "be_flandersbio_members"
LISTING = "https://flanders.bio/en/members/?focus=cell-and-gene-therapy"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _profile(slug: str):
    return run_callback(make_spider(SLUG), recorded_response(SLUG, f"https://flanders.bio/en/members/{slug}/"), "parse_profile")


def test_listing_follows_members_and_pager():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING))
    details = [r.url for r in result.requests if r.meta["atmp_kind"] == "detail"]
    nxt = [r.url for r in result.requests if r.meta["atmp_kind"] == "listing"]
    assert len(details) == 9 and "https://flanders.bio/en/members/galapagos/" in details
    assert nxt == [LISTING + "&page=2"]


def test_town_comes_from_the_postal_address_without_postcode():
    result = _profile("q-biologicals")
    (item,) = result.items
    data = item["data"]
    assert data["city"] == "Zwijnaarde" and data["country_code"] == "BE"
    assert data["org_type"] == "cdmo"
    assert "website" not in data and "modalities" not in data  # "Biologics" is a known non-modality tag
    assert not validate_items(result.items).quarantine


def test_profile_fields_are_all_used():
    result = _profile("legend-biotech-belgium")
    (item,) = result.items
    assert item["data"]["name"] == "Legend Biotech Belgium"
    assert item["data"]["modalities"] == ["car-t", "cell_therapy"]
    assert not any(k.startswith(("atmp/unused_field", "atmp/unknown_label")) for k in result.stats)


def test_changed_profile_template_is_rejected_not_guessed():
    result = _profile("seps-pharma")
    assert not result.items
    assert result.rejects[0]["reason"] == "profile page has no organisation name"


@pytest.mark.parametrize("lines, town", [
    (["Herestraat 49", "3000 Leuven", "Belgium"], "Leuven"),
    (["2845 Niel", "België"], "Niel"),
    (["Belgium"], None),
    (["B-9000 Gent"], "Gent"),
])
def test_town_from_address(lines, town):
    assert town_from_address(lines, ("Belgium", "België")) == town


def test_listing_without_cards_is_rejected():
    page = b"<html><body><div class='member-grid'></div></body></html>"
    result = run_callback(make_spider(SLUG), response_for(LISTING, page, headers=HTML))
    assert not result.requests and result.rejects[0]["reason"] == "directory page lists no members"
