"""NecstGen map layer: landing page -> KML export -> organisations."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

import pytest

from pipeline.validate import validate_items
from schemas.common import EUROPEAN_COUNTRIES
from schemas.records import OrganisationRecord, RawItem
from scrapers.archive import ReplayArchive
from scrapers.fields import LabelMap, load_label_map, web_address
from scrapers.registry import SOURCES_DIR, replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "eu_necstgen_cgtmap"
LANDING = "https://www.necstgen.com/cell-and-gene-therapy-companies-in-europe"
KML_HEADERS = {"Content-Type": "application/vnd.google-earth.kml+xml"}


def _kml_url() -> str:
    return next(e.url for e in ReplayArchive(replay_dir(SLUG)).entries() if "/maps/d/kml" in e.url)


@pytest.fixture(scope="module")
def layer():
    return run_callback(make_spider(SLUG), recorded_response(SLUG, _kml_url()), "parse_kml")


def _kml(placemarks: str) -> bytes:
    return (
        '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<Folder><name>Layer</name>{placemarks}</Folder></Document></kml>"
    ).encode()


def test_landing_page_leads_to_the_kml_export():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, LANDING))
    assert [r.url for r in result.requests] == [_kml_url()]
    assert result.requests[0].meta["atmp_kind"] == "listing"


def test_recorded_layer_is_a_large_multi_country_landscape(layer):
    assert not layer.rejects
    outcome = validate_items(layer.items)
    countries = Counter(v.payload.country_code for v in outcome.valid)
    assert len(outcome.valid) >= 185
    assert len(countries) >= 20 and set(countries) <= EUROPEAN_COUNTRIES
    for record in outcome.valid:
        assert record.item.based_on_url == LANDING
        assert record.payload.city and record.payload.lat is not None


def test_every_column_is_used_and_labels_are_known(layer):
    unused = {k: v for k, v in layer.stats.items() if k.startswith(("atmp/unused_field", "atmp/unknown_label"))}
    assert unused == {}
    types = Counter(i["data"].get("org_type") for i in layer.items)
    assert {"developer", "cdmo", "academic", "hospital", "supplier"} <= set(types)


def test_registry_knowledge_is_carried_for_the_resolver(layer):
    by_name = {(i["data"]["name"], i["data"].get("country_code")): i["data"] for i in layer.items}
    celyad = by_name[("Celyad Oncology", "BE")]
    assert celyad["former_names"] == ["Cardio3 BioSciences"]
    assert celyad["tickers"] == ["Euronext Brussels: CYAD"]
    assert by_name[("NorthX Biologics", "SE")]["former_names"] == ["Cobra Biologics Matfors AB"]
    assert by_name[("Exothera", "BE")]["parent"] == "Univercells"
    assert by_name[("Cobra Biologics Ltd", "GB")]["city"] == "Keele"
    assert "OXB" in by_name[("Oxford Biomedica", "GB")]["aliases"]
    # look-alikes are separate placemarks, not aliases of each other
    assert ("Oxford Nanopore Technologies", "GB") in by_name
    assert "Oxford Nanopore" not in by_name[("Oxford Biomedica", "GB")].get("aliases", [])


def test_deliberate_defects_are_quarantined_with_reasons(layer):
    outcome = validate_items(layer.items)
    reasons = sorted(q.reason for q in outcome.quarantine)
    assert len(reasons) == 2
    assert any("(0, 0)" in r for r in reasons)
    assert any("country_code" in r for r in reasons)
    notes = " ".join(e.note or "" for e in ReplayArchive(replay_dir(SLUG)).entries())
    assert "0,0" in notes and "Country" in notes


def test_labels_and_bare_web_addresses_are_normalised():
    kml = _kml(
        "<Placemark><name>Example Vectors</name><ExtendedData>"
        '<Data name="Type"><value>Contract manufacturer</value></Data>'
        '<Data name="City"><value>Gosselies</value></Data><Data name="Country"><value>BE</value></Data>'
        '<Data name="Website"><value>www.example-vectors.be/</value></Data>'
        '<Data name="Modalities"><value>AAV; Plasmid DNA; Holography</value></Data></ExtendedData>'
        "<Point><coordinates>4.4332,50.4694,0</coordinates></Point></Placemark>"
    )
    result = run_callback(make_spider(SLUG), response_for("https://example.org/layer.kml", kml, headers=KML_HEADERS), "parse_kml")
    (item,) = result.items
    data = item["data"]
    assert data["org_type"] == "cdmo"
    assert data["modalities"] == ["viral_vector", "plasmid"]
    assert data["website"] == "https://www.example-vectors.be"
    assert result.stats.get("atmp/unknown_label/modality") == 1
    OrganisationRecord.model_validate(data)


def test_list_columns_are_split_and_unused_columns_reported():
    kml = _kml(
        "<Placemark><name>Celyad Oncology</name><ExtendedData>"
        '<Data name="City"><value>Mont-Saint-Guibert</value></Data><Data name="Country"><value>BE</value></Data>'
        '<Data name="Former names"><value>Cardio3 BioSciences; Cardio3</value></Data>'
        '<Data name="Employees"><value>100</value></Data></ExtendedData>'
        "<Point><coordinates>4.611,50.634,0</coordinates></Point></Placemark>"
    )
    result = run_callback(make_spider(SLUG), response_for("https://example.org/layer.kml", kml, headers=KML_HEADERS), "parse_kml")
    (item,) = result.items
    assert item["data"]["former_names"] == ["Cardio3 BioSciences", "Cardio3"]
    assert "hub" not in item["data"], "a country folder is not a hub"
    assert result.stats.get("atmp/unused_field/employees") == 1


def test_unreadable_coordinates_are_kept_for_validation_to_quarantine():
    kml = b"""<kml><Document><Placemark><name>Somewhere Bio</name><ExtendedData>
    <Data name="Country"><value>DE</value></Data></ExtendedData>
    <Point><coordinates>east,north</coordinates></Point></Placemark></Document></kml>"""
    result = run_callback(make_spider(SLUG), response_for("https://example.org/l.kml", kml,
                                                         headers={"Content-Type": "application/xml"}), "parse_kml")
    (item,) = result.items
    assert item["data"]["lat"] == "north"
    outcome = validate_items(result.items)
    assert not outcome.valid and "data.lat" in outcome.quarantine[0].field


def test_an_html_error_page_instead_of_kml_is_rejected():
    page = b"<!DOCTYPE html><html><body><h1>Sign in to continue</h1></body></html>"
    result = run_callback(make_spider(SLUG), response_for(_kml_url(), page, headers={"Content-Type": "text/html"}), "parse_kml")
    assert not result.items
    assert result.rejects[0]["reason"] == "map layer is not KML"


def test_a_page_without_a_map_is_rejected_with_a_reason():
    page = b"<html><body><p>No map here</p></body></html>"
    result = run_callback(make_spider(SLUG), response_for(LANDING, page, headers={"Content-Type": "text/html"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "no embedded map layer found on the page"


def test_label_file_is_valid_and_rejects_a_label_mapped_twice():
    labels = load_label_map(SOURCES_DIR / SLUG / "labels.yml")
    assert labels.org_type("cmo") == "cdmo" and labels.modality("CAR T") == "car-t"
    with pytest.raises(ValueError, match="maps to both"):
        LabelMap.model_validate({"modalities": {"plasmid": ["DNA"], "mrna": ["dna"]}})


@pytest.mark.parametrize("typed, expected", [("www.oxb.com", "https://www.oxb.com"), ("https://x.org/", "https://x.org"),
                                             ("n/a", None), ("", None)])
def test_web_addresses_as_typed_by_people(typed, expected):
    assert web_address(typed) == expected


def test_items_are_valid_envelopes(layer):
    for item in layer.items[:20]:
        RawItem.model_validate(item)


# The bundled organisation landscape: this map plus the cluster directories ------------------

BUNDLE = ["eu_necstgen_cgtmap", "nl_lbsp_companies", "be_flandersbio_members", "be_biowin_members", "fr_genopole_biocluster"]
HUB_CENTRES = {  # town centres (GeoNames); a hub is every site within HUB_RADIUS_KM of one of them
    "London-Oxford-Cambridge-Stevenage": [(51.5085, -0.1257), (51.7522, -1.256), (52.2, 0.1167), (51.9022, -0.2026)],
    "Leiden": [(52.1583, 4.4931)], "Basel": [(47.5584, 7.5733)], "Milan": [(45.4643, 9.1895)],
    "Paris": [(48.8534, 2.3488)], "Lund": [(55.7058, 13.1932)], "Ghent": [(51.05, 3.7167)],
}
HUB_RADIUS_KM = 35
_LEGAL = re.compile(r"\b(nv|bv|sa|ab|ag|gmbh|ltd|plc|spa|srl|oy|as|se|asa)\b")


def _name_key(name: str) -> str:
    """Spelling-insensitive key: accents, case, legal forms, parentheses and trailing qualifiers ignored."""
    text = unicodedata.normalize("NFKD", name.split(",")[0]).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\([^)]*\)", " ", text).replace(".", "")
    return " ".join(_LEGAL.sub(" ", re.sub(r"[^a-z0-9]+", " ", text)).split())


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def bundle():
    records = []
    for slug in BUNDLE:
        archive = ReplayArchive(replay_dir(slug))
        for entry in archive.entries():
            if entry.status != 200 or entry.url == LANDING:
                continue
            if slug == SLUG:
                callback = "parse_kml"
            elif slug == "fr_genopole_biocluster" or "?" in entry.url:
                callback = "parse"
            else:
                callback = "parse_profile"
            items = run_callback(make_spider(slug), recorded_response(slug, entry.url), callback).items
            records += [(slug, v.payload) for v in validate_items(items).valid]
    return records


def test_bundle_holds_250_organisations_in_20_countries(bundle):
    keys = {(_name_key(p.name)) for _, p in bundle}
    countries = {p.country_code for _, p in bundle}
    assert len(keys) >= 250
    assert len(countries) >= 20
    assert len({s for s, _ in bundle}) == len(BUNDLE), "every bundled source contributes"


def test_directories_overlap_the_map_under_other_spellings(bundle):
    map_keys = {_name_key(p.name) for s, p in bundle if s == SLUG}
    overlap = {p.name for s, p in bundle if s != SLUG and _name_key(p.name) in map_keys}
    assert {"Galapagos NV", "Celyad Oncology SA", "CELLISTIC", "Généthon"} <= overlap
    assert len(overlap) >= 8


def test_each_hub_has_at_least_six_organisations(bundle):
    towns = {(p.city, p.country_code): (p.lat, p.lon) for _, p in bundle if p.lat is not None}
    for hub, centres in HUB_CENTRES.items():
        members = set()
        for _, p in bundle:
            point = (p.lat, p.lon) if p.lat is not None else towns.get((p.city, p.country_code))
            if point and any(_km(point, c) <= HUB_RADIUS_KM for c in centres):
                members.add(_name_key(p.name))
        assert len(members) >= 6, f"{hub}: {sorted(members)}"
