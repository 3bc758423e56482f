"""Leiden Bio Science Park directory: listing pages -> company profiles."""

from __future__ import annotations

from pipeline.validate import validate_items
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "nl_lbsp_companies"
LISTING = "https://leidenbiosciencepark.nl/companies/?theme=advanced-therapies"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_listing_links_profiles_and_next_page_but_not_the_sidebar():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING))
    details = [r for r in result.requests if r.meta["atmp_kind"] == "detail"]
    listings = [r for r in result.requests if r.meta["atmp_kind"] == "listing"]
    assert len(details) == 8 and all("/companies/" in r.url and "?" not in r.url for r in details)
    assert [r.url for r in listings] == [LISTING + "&pg=2"]
    assert not any("naturalis" in r.url or "news" in r.url for r in result.requests)


def test_profile_becomes_a_valid_organisation_with_mapped_labels():
    url = "https://leidenbiosciencepark.nl/companies/bristol-myers-squibb/"
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, url), "parse_profile")
    (item,) = result.items
    data = item["data"]
    assert data["name"] == "Bristol Myers Squibb"
    assert data["city"] == "Leiden" and data["country_code"] == "NL"
    assert data["org_type"] == "developer"
    assert data["modalities"] == ["car-t", "cell_therapy"]
    assert data["website"] == "https://www.bms.com"
    assert "2021" in data["description"]
    assert not validate_items(result.items).quarantine
    assert not any(k.startswith(("atmp/unused_field", "atmp/unknown_label")) for k in result.stats)


def test_removed_profile_is_recorded_as_a_404_in_the_archive():
    archive = ReplayArchive(replay_dir(SLUG))
    gone = [e for e in archive.entries() if e.status == 404]
    assert len(gone) == 1 and "404" in (gone[0].note or "")
    listing_pages = [archive.body_bytes(e).decode() for e in archive.entries() if "theme=" in e.url]
    assert any(gone[0].url.split(".nl")[1] in page for page in listing_pages), "the listing still links the removed profile"


def test_unknown_category_and_extra_meta_rows_are_reported():
    page = b"""<html><body><article class="company"><h1 class="company__name">Example Cells B.V.</h1>
    <dl class="company__meta"><dt>Category</dt><dd>Space agency</dd><dt>Location</dt><dd>Leiden Bio Science Park, Oegstgeest</dd>
    <dt>Employees</dt><dd>12</dd></dl><ul class="company__themes"><li>Cell therapy</li></ul></article></body></html>"""
    result = run_callback(make_spider(SLUG), response_for("https://leidenbiosciencepark.nl/companies/x/", page, headers=HTML), "parse_profile")
    (item,) = result.items
    assert item["data"]["city"] == "Oegstgeest" and "org_type" not in item["data"]
    assert result.stats.get("atmp/unknown_label/type") == 1
    assert result.stats.get("atmp/unused_field/meta:employees") == 1


def test_listing_without_member_links_is_rejected():
    page = b"<html><body><main><h1>Companies</h1><p>Maintenance</p></main></body></html>"
    result = run_callback(make_spider(SLUG), response_for(LISTING, page, headers=HTML))
    assert not result.requests
    assert result.rejects[0]["reason"] == "directory page lists no members"


def test_profile_without_a_name_is_rejected():
    page = b"<html><body><article class='company'><p>Coming soon</p></article></body></html>"
    result = run_callback(make_spider(SLUG), response_for("https://leidenbiosciencepark.nl/companies/y/", page, headers=HTML), "parse_profile")
    assert not result.items
    assert result.rejects[0]["reason"] == "profile page has no organisation name"
