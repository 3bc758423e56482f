"""BioPharma-Reporter: paginated section listing -> dated article pages (some paywalled, one removed)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from schemas.records import AnnouncementRecord, RawItem
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_item, recorded_response, response_for, run_callback

SLUG = "eu_biopharmareporter_news"
BASE = "https://www.biopharma-reporter.com"
LISTING = f"{BASE}/Manufacturing"
GHENT = f"{BASE}/Article/2021/06/17/Janssen-and-Legend-Biotech-choose-Ghent-for-European-CAR-T-plant"
DATED = re.compile(r"/Article/(\d{4})/(\d{2})/(\d{2})/")


def _entries():
    return ReplayArchive(replay_dir(SLUG)).entries()


def _articles(status: int = 200):
    return [e for e in _entries() if DATED.search(e.url) and e.status == status]


def _parse(url: str):
    return recorded_item(SLUG, url)

def test_first_listing_page_requests_its_articles_and_the_next_page():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING))
    details = [r for r in result.requests if r.meta["atmp_kind"] == "detail"]
    listings = [r for r in result.requests if r.meta["atmp_kind"] == "listing"]
    assert len(details) == 8 and all(DATED.search(r.url) for r in details)
    assert [r.url for r in listings] == [f"{LISTING}?page=2"]
    assert listings[0].meta["atmp_page"] == 2
    # sidebar "most read" links are not followed, only the story list
    assert not any("Single-use-bioreactor" in r.url for r in result.requests)
    assert not result.rejects


def test_last_listing_page_has_no_next_page():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, f"{LISTING}?page=3", meta={"atmp_page": 3}))
    assert result.requests and all(r.meta["atmp_kind"] == "detail" for r in result.requests)


def test_listings_reach_every_recorded_article_including_the_removed_one():
    spider = make_spider(SLUG)
    linked: set[str] = set()
    for page in (LISTING, f"{LISTING}?page=2", f"{LISTING}?page=3"):
        linked |= {r.url for r in run_callback(spider, recorded_response(SLUG, page)).requests}
    recorded = {e.url for e in _entries() if DATED.search(e.url)}
    assert recorded <= linked
    assert len(_articles()) >= 20
    (gone,) = _articles(status=404)
    assert gone.url in linked and gone.note


def test_ghent_article_keeps_its_facts_and_provenance():
    item = _parse(GHENT)
    envelope = RawItem.model_validate(item)
    record = AnnouncementRecord.model_validate(envelope.data)
    assert record.title == "Janssen and Legend Biotech choose Ghent for first European CAR-T plant"
    assert record.published == date(2021, 6, 17) and record.published_source == "jsonld"
    assert record.language == "en" and not record.is_partial
    assert "Tech Lane Ghent Science Park" in record.text and "operational in 2023" in record.text
    assert envelope.based_on_url == "https://www.janssen.com/belgium/janssen-invests-european-production-site-cell-therapy-belgium"
    assert "Most read" not in record.text and "cookies" not in record.text.lower()


@pytest.mark.parametrize("entry", _articles(), ids=lambda e: e.url.rsplit("/", 1)[1][:40])
def test_every_article_date_matches_its_url(entry):
    item = _parse(entry.url)
    y, m, d = (int(x) for x in DATED.search(entry.url).groups())
    assert item["data"]["published"] == date(y, m, d).isoformat()
    assert item["data"]["language"] == "en"
    assert item["data"]["title"] and len(item["data"]["text"]) > 150


def test_a_page_without_declared_date_falls_back_to_the_url():
    item = _parse(f"{BASE}/Article/2019/03/07/Cellectis-to-bring-UCART-production-in-house")
    assert item["data"]["published_source"] == "url"
    assert "Raleigh" in item["data"]["text"] and "Paris" in item["data"]["text"]


def test_paywalled_stubs_are_kept_as_partial_with_their_lead():
    stubs = [e for e in _articles() if e.note and "paywalled" in e.note]
    assert len(stubs) >= 2
    for entry in stubs:
        data = _parse(entry.url)["data"]
        assert data["is_partial"] is True
        assert "subscribe" not in data["text"].lower()
        assert len(data["text"]) < 600
    molmed = _parse(f"{BASE}/Article/2020/08/03/AGC-Biologics-closes-MolMed-takeover")["data"]
    assert "€240m" in molmed["text"] and "Bresso" in molmed["text"]


def test_full_articles_are_not_marked_partial():
    assert not any(_parse(e.url)["data"]["is_partial"] for e in _articles() if not (e.note and "paywalled" in e.note))


def test_a_listing_without_article_links_is_rejected():
    page = b"<html><body><h1>Manufacturing</h1><p>No stories today.</p><a href='/Events'>Events</a></body></html>"
    result = run_callback(make_spider(SLUG), response_for(LISTING, page, headers={"Content-Type": "text/html"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "listing page links to no articles"


def test_a_cookie_wall_instead_of_an_article_is_rejected():
    page = b"""<html><body><div class="cookie-banner"><p>We use cookies. Accept all cookies or open Cookie settings.</p>
    </div></body></html>"""
    url = f"{BASE}/Article/2024/01/10/Blocked"
    result = run_callback(make_spider(SLUG), response_for(url, page, headers={"Content-Type": "text/html"}),
                          "parse_article_page")
    assert not result.items
    assert result.rejects[0]["reason"].startswith("unparseable article")
