"""BioWin directory (French): member listing -> member sheets."""

from __future__ import annotations

from pipeline.validate import validate_items
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "be_biowin_members"
LISTING = "https://www.biowin.org/fr/membres/?secteur=therapies-innovantes"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_listing_follows_member_sheets_and_next_page():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING))
    details = [r.url for r in result.requests if r.meta["atmp_kind"] == "detail"]
    assert len(details) == 8 and all(u.startswith("https://www.biowin.org/fr/membres/") for u in details)
    assert [r.url for r in result.requests if r.meta["atmp_kind"] == "listing"] == [LISTING + "&page=2"]


def test_french_labels_and_a_bare_web_address_are_normalised():
    url = "https://www.biowin.org/fr/membres/exothera/"
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, url), "parse_profile")
    (item,) = result.items
    data = item["data"]
    assert data == {**data, "name": "Exothera", "org_type": "cdmo", "city": "Jumet", "country_code": "BE",
                    "website": "https://www.exothera.world"}
    assert data["modalities"] == ["viral_vector", "plasmid"]
    assert "Univercells" in data["description"]
    assert not validate_items(result.items).quarantine
    assert not any(k.startswith(("atmp/unused_field", "atmp/unknown_label")) for k in result.stats)


def test_member_without_website_keeps_the_rest():
    url = "https://www.biowin.org/fr/membres/delphi-genetics/"
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, url), "parse_profile")
    (item,) = result.items
    assert "website" not in item["data"] and item["data"]["modalities"] == ["plasmid"]


def test_renamed_row_in_the_sheet_is_reported_as_unused():
    page = """<html><body><main><h1>Exemple Bio</h1><table class="fiche">
    <tr><th>Catégorie</th><td>Biotech</td></tr><tr><th>Ville</th><td>Namur</td></tr>
    <tr><th>Domaines</th><td>Thérapie génique, Nanotechnologie</td></tr></table></main></body></html>""".encode()
    result = run_callback(make_spider(SLUG), response_for("https://www.biowin.org/fr/membres/x/", page, headers=HTML), "parse_profile")
    (item,) = result.items
    assert "city" not in item["data"]  # "Ville" is not the sheet's "Localité": not guessed
    assert result.stats.get("atmp/unused_field/row:ville") == 1
    assert result.stats.get("atmp/unknown_label/tag") == 1
