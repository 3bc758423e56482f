"""NecstGen map layer: landing page -> KML export -> organisations."""

from __future__ import annotations

from schemas.records import OrganisationRecord, RawItem
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "eu_necstgen_cgtmap"
LANDING = "https://www.necstgen.com/cell-and-gene-therapy-companies-in-europe"


def _kml_url() -> str:
    return next(e.url for e in ReplayArchive(replay_dir(SLUG)).entries() if "/maps/d/kml" in e.url)


def test_landing_page_leads_to_the_kml_export():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, LANDING))
    assert [r.url for r in result.requests] == [_kml_url()]
    assert result.requests[0].meta["atmp_kind"] == "listing"


def test_every_placemark_becomes_a_valid_organisation():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, _kml_url()), "parse_kml")
    assert result.items and not result.rejects
    for item in result.items:
        envelope = RawItem.model_validate(item)
        org = OrganisationRecord.model_validate(envelope.data)
        assert org.city and org.lat is not None
        assert envelope.based_on_url == LANDING
    names = {i["data"]["name"] for i in result.items}
    assert "Oxford Biomedica" in names
    countries = {i["data"]["country_code"] for i in result.items}
    assert len(countries) >= 5


def test_list_columns_are_split_and_unused_columns_reported():
    kml = b"""<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>Belgium</name>
    <Placemark><name>Celyad Oncology</name><ExtendedData>
    <Data name="City"><value>Mont-Saint-Guibert</value></Data><Data name="Country"><value>BE</value></Data>
    <Data name="Former names"><value>Cardio3 BioSciences; Cardio3</value></Data>
    <Data name="Employees"><value>100</value></Data></ExtendedData>
    <Point><coordinates>4.611,50.634,0</coordinates></Point></Placemark></Folder></Document></kml>"""
    spider = make_spider(SLUG)
    result = run_callback(spider, response_for("https://example.org/layer.kml", kml,
                                                headers={"Content-Type": "application/vnd.google-earth.kml+xml"}), "parse_kml")
    (item,) = result.items
    assert item["data"]["former_names"] == ["Cardio3 BioSciences", "Cardio3"]
    assert item["data"]["hub"] == "Belgium"
    assert result.stats.get("atmp/unused_field/employees") == 1


def test_unreadable_coordinates_are_kept_for_validation_to_quarantine():
    kml = b"""<kml><Document><Placemark><name>Somewhere Bio</name><ExtendedData>
    <Data name="Country"><value>DE</value></Data></ExtendedData>
    <Point><coordinates>east,north</coordinates></Point></Placemark></Document></kml>"""
    result = run_callback(make_spider(SLUG), response_for("https://example.org/l.kml", kml,
                                                         headers={"Content-Type": "application/xml"}), "parse_kml")
    (item,) = result.items
    assert item["data"]["lat"] == "north"
    from pipeline.validate import validate_items

    outcome = validate_items(result.items)
    assert not outcome.valid and "data.lat" in outcome.quarantine[0].field


def test_a_page_without_a_map_is_rejected_with_a_reason():
    page = b"<html><body><p>No map here</p></body></html>"
    result = run_callback(make_spider(SLUG), response_for(LANDING, page, headers={"Content-Type": "text/html"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "no embedded map layer found on the page"
