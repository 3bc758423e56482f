"""ClinicalTrials.gov API v2: paged studies -> trial sponsors with European sites only."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from pipeline.validate import validate_items
from schemas.common import EUROPEAN_COUNTRIES
from schemas.records import RawItem, TrialSponsorRecord
from scrapers.archive import ReplayArchive
from scrapers.registry import get_source, replay_dir
from scrapers.sources.us_clinicaltrials_cgt.spider import (
    country_code,
    infer_modalities,
    partial_date,
)
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "us_clinicaltrials_cgt"
JSON_HEADERS = {"Content-Type": "application/json"}


def _pages() -> list[str]:
    """Recorded page URLs in crawl order: the start URL, then each page token's URL."""
    urls = [get_source(SLUG).start_urls[0]]
    archive = ReplayArchive(replay_dir(SLUG))
    while True:
        entry = archive.lookup("GET", urls[-1])
        token = json.loads(archive.body_bytes(entry)).get("nextPageToken")
        if not token:
            return urls
        urls.append(
            next(
                e.url
                for e in archive.entries()
                if parse_qs(urlsplit(e.url).query).get("pageToken") == [token]
            )
        )


def _study(nct: str = "NCT02445248", **modules: object) -> dict:
    """A small v2 study (JULIET's public facts) with one European and one US site."""
    protocol = {
        "identificationModule": {
            "nctId": nct,
            "briefTitle": "Study of Efficacy and Safety of CTL019 in Adult DLBCL Patients",
        },
        "statusModule": {
            "overallStatus": "COMPLETED",
            "startDateStruct": {"date": "2015-07-29", "type": "ACTUAL"},
        },
        "sponsorCollaboratorsModule": {
            "leadSponsor": {"name": "Novartis Pharmaceuticals", "class": "INDUSTRY"}
        },
        "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2"]},
        "armsInterventionsModule": {
            "interventions": [{"type": "BIOLOGICAL", "name": "Tisagenlecleucel"}]
        },
        "contactsLocationsModule": {
            "locations": [
                {
                    "facility": "Novartis Investigative Site",
                    "city": "Oslo",
                    "country": "Norway",
                    "geoPoint": {"lat": 59.91273, "lon": 10.74609},
                },
                {
                    "facility": "University of Pennsylvania",
                    "city": "Philadelphia",
                    "country": "United States",
                },
            ]
        },
    }
    protocol.update(modules)
    return {"protocolSection": protocol}


def _run(
    document: object,
    url: str = "https://clinicaltrials.gov/api/v2/studies?pageSize=5",
    meta: dict | None = None,
    body: bytes | None = None,
):
    payload = body if body is not None else json.dumps(document).encode()
    return run_callback(
        make_spider(SLUG), response_for(url, payload, headers=JSON_HEADERS, meta=meta)
    )


@pytest.fixture(scope="module")
def crawl():
    """Every recorded page through the callback, in order."""
    return [run_callback(make_spider(SLUG), recorded_response(SLUG, url)) for url in _pages()]


def test_pagination_follows_next_page_token_until_it_is_absent(crawl):
    urls = _pages()
    assert len(urls) == 3
    for result, next_url in zip(crawl, urls[1:]):
        (request,) = result.requests
        assert request.url == next_url
        assert request.meta["atmp_kind"] == "listing"
    assert crawl[-1].requests == []


def test_every_study_becomes_a_valid_trial_sponsor(crawl):
    items = [i for page in crawl for i in page.items]
    assert len(items) == sum(page.stats["atmp/ctgov/studies"] for page in crawl)
    outcome = validate_items(items)
    assert not outcome.quarantine and len(outcome.valid) == len(items)
    for item in items:
        record = TrialSponsorRecord.model_validate(RawItem.model_validate(item).data)
        assert record.sites and all(
            site["country_code"] in EUROPEAN_COUNTRIES for site in record.sites
        )
        assert record.modalities, f"{record.nct_id}: no modality inferred"


def test_field_level_mapping_of_a_recorded_study(crawl):
    by_id = {i["item_key"]: i["data"] for page in crawl for i in page.items}
    juliet = by_id["NCT02445248"]
    assert juliet["sponsor"] == "Novartis Pharmaceuticals" and juliet["sponsor_class"] == "INDUSTRY"
    assert juliet["phase"] == "PHASE2" and juliet["overall_status"] == "COMPLETED"
    assert juliet["start_date"] == "2015-07-29"
    assert juliet["interventions"] == ["Tisagenlecleucel", "Lymphodepleting chemotherapy"]
    assert "car-t" in juliet["modalities"]
    oslo = next(s for s in juliet["sites"] if s["city"] == "Oslo")
    assert oslo == {
        "facility": "Novartis Investigative Site",
        "city": "Oslo",
        "country_code": "NO",
        "lat": 59.91273,
        "lon": 10.74609,
    }
    assert by_id["NCT03655678"]["phase"] == "PHASE2/PHASE3"
    assert "gene_therapy" in by_id["NCT01560182"]["modalities"]


def test_sites_outside_europe_are_dropped_and_counted(crawl):
    archive = ReplayArchive(replay_dir(SLUG))
    for url, result in zip(_pages(), crawl):
        studies = json.loads(archive.body_bytes(archive.lookup("GET", url)))["studies"]
        locations = [
            loc
            for s in studies
            for loc in s["protocolSection"]["contactsLocationsModule"]["locations"]
        ]
        outside = [
            loc for loc in locations if country_code(loc["country"]) not in EUROPEAN_COUNTRIES
        ]
        kept = sum(len(i["data"]["sites"]) for i in result.items)
        assert kept + len(outside) == len(locations)
        assert result.stats.get("atmp/ctgov/sites_outside_europe", 0) == len(outside)
    felix = next(i["data"] for page in crawl for i in page.items if i["item_key"] == "NCT04404660")
    assert {s["country_code"] for s in felix["sites"]} == {"ES", "GB"}


def test_a_site_without_geopoint_keeps_its_place_but_no_coordinates(crawl):
    til = next(i["data"] for page in crawl for i in page.items if i["item_key"] == "NCT02278887")
    herlev = next(s for s in til["sites"] if s["city"] == "Herlev")
    assert herlev["country_code"] == "DK" and "lat" not in herlev


def test_an_answer_that_is_not_json_is_rejected():
    result = _run(None, body=b"<html>Bad gateway</html>")
    assert not result.items and not result.requests
    assert result.rejects[0]["reason"] == "API answer is not JSON"


def test_a_renamed_studies_array_is_rejected():
    result = _run({"results": [_study()], "nextPageToken": "abc"})
    assert not result.items and not result.requests
    assert result.rejects[0]["reason"] == "API answer has no studies array"


def test_missing_page_token_ends_the_crawl_and_a_repeated_one_is_a_loop():
    assert _run({"studies": [_study()]}).requests == []
    looping = _run(
        {"studies": [], "nextPageToken": "T1"}, meta={"atmp_token": "T1", "atmp_page": 2}
    )
    assert looping.requests == []
    assert looping.rejects[0]["reason"] == "pagination loop: the API repeated its page token"


def test_next_page_url_keeps_the_query_and_sets_the_token():
    result = _run(
        {"studies": [_study()], "nextPageToken": "NEXT"},
        url="https://clinicaltrials.gov/api/v2/studies?query.intr=CAR-T&pageSize=5&pageToken=OLD",
    )
    query = parse_qs(urlsplit(result.requests[0].url).query)
    assert (
        query["pageToken"] == ["NEXT"]
        and query["query.intr"] == ["CAR-T"]
        and query["pageSize"] == ["5"]
    )


def test_a_renamed_sponsor_field_is_emitted_for_quarantine_and_audited():
    study = _study(sponsorCollaboratorsModule={"sponsor": {"name": "Novartis Pharmaceuticals"}})
    result = _run({"studies": [study]})
    (item,) = result.items
    assert "sponsor" not in item["data"]
    assert result.stats.get("atmp/unused_field/sponsor") == 1
    outcome = validate_items(result.items)
    assert outcome.quarantine[0].field == "data.sponsor"


def test_new_fields_surface_as_unused():
    study = _study()
    study["protocolSection"]["contactsLocationsModule"]["locations"][0]["floor"] = "3"
    study["protocolSection"]["newModule"] = {}
    result = _run({"studies": [study], "apiVersion": "2.1"})
    assert len(result.items) == 1
    for field in ("floor", "newModule", "apiVersion"):
        assert result.stats.get(f"atmp/unused_field/{field}") == 1


def test_a_study_with_only_non_european_sites_is_skipped_and_counted():
    locations = {
        "locations": [
            {"facility": "MD Anderson Cancer Center", "city": "Houston", "country": "United States"}
        ]
    }
    result = _run({"studies": [_study(contactsLocationsModule=locations)]})
    assert not result.items
    assert result.stats["atmp/ctgov/no_european_site"] == 1


def test_a_study_without_nct_id_is_rejected_with_a_reason():
    result = _run({"studies": [_study(identificationModule={"briefTitle": "No identifier"})]})
    assert not result.items
    assert result.rejects[0]["reason"] == "study without nctId"


def test_country_names_resolve_through_aliases_and_pycountry():
    assert country_code("United Kingdom") == "GB"
    assert country_code("Czechia") == "CZ"
    assert country_code("Turkey") == "TR"  # pycountry alone no longer knows this spelling
    assert country_code("Korea, Republic of") == "KR"
    assert country_code("Atlantis") is None and country_code("") is None


def test_an_unknown_country_drops_the_site_with_a_count():
    locations = {
        "locations": [
            {"facility": "Somewhere", "city": "Nowhere", "country": "Atlantis"},
            {"facility": "Oslo University Hospital", "city": "Oslo", "country": "Norway"},
        ]
    }
    result = _run({"studies": [_study(contactsLocationsModule=locations)]})
    assert [s["city"] for s in result.items[0]["data"]["sites"]] == ["Oslo"]
    assert result.stats["atmp/ctgov/unknown_country"] == 1


def test_month_only_start_dates_are_pinned_to_the_first():
    assert partial_date("2019-03") == "2019-03-01"
    assert partial_date("2019-03-14") == "2019-03-14"
    assert partial_date(None) is None


@pytest.mark.parametrize(
    ("interventions", "expected"),
    [
        ([{"type": "GENETIC", "name": "OTL-200"}], {"gene_therapy"}),
        ([{"type": "BIOLOGICAL", "name": "Axicabtagene ciloleucel"}], {"car-t", "cell_therapy"}),
        ([{"type": "BIOLOGICAL", "name": "Tumor infiltrating lymphocytes"}], {"cell_therapy"}),
        ([{"type": "BIOLOGICAL", "name": "Etranacogene dezaparvovec"}], {"gene_therapy"}),
        ([{"type": "DRUG", "name": "Pembrolizumab"}], set()),
        ([{"type": "DRUG", "name": "Until progression"}], set()),  # 'til' only as a whole word
    ],
)
def test_modalities_come_from_the_vocabulary(interventions, expected):
    assert set(infer_modalities(interventions)) == expected
