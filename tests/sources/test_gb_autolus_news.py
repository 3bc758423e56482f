"""Autolus investor newsroom: paginated release table -> releases, many of them copies of wire releases."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from rapidfuzz import fuzz

from schemas.records import AnnouncementRecord, RawItem
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_item, recorded_response, response_for, run_callback

SLUG = "gb_autolus_news"
WIRE = "us_globenewswire_cgt"
LISTING = "https://autolus.gcs-web.com/news-releases"
DETAIL = re.compile(r"/news-releases/news-release-details/")
STRATEGY = "https://autolus.gcs-web.com/news-releases/news-release-details/autolus-therapeutics-highlights-updated-manufacturing-facility"


def _details(slug: str = SLUG):
    return [e for e in ReplayArchive(replay_dir(slug)).entries() if DETAIL.search(e.url) or "/news-release/" in e.url]


def _parse(slug: str, url: str):
    return recorded_item(slug, url)["data"]

def _headline_key(title: str) -> str:
    """Headline as a resolver would compare it: no marks, no case, no punctuation."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def test_first_listing_page_requests_releases_and_the_next_page():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING))
    details = [r.url for r in result.requests if r.meta["atmp_kind"] == "detail"]
    listings = [r.url for r in result.requests if r.meta["atmp_kind"] == "listing"]
    assert len(details) == 6 and all(DETAIL.search(u) for u in details)
    assert listings == [f"{LISTING}?page=1"]
    assert not any(u.endswith(".pdf") for u in details)


def test_second_listing_page_is_the_last():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, f"{LISTING}?page=1", meta={"atmp_page": 2}))
    assert len(result.requests) == 4
    assert all(r.meta["atmp_kind"] == "detail" for r in result.requests)


def test_release_page_item_is_valid_and_dated_by_its_dateline():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, STRATEGY), "parse_article_page")
    (item,) = result.items
    record = AnnouncementRecord.model_validate(RawItem.model_validate(item).data)
    assert record.published == date(2021, 3, 29) and record.published_source == "dateline"
    assert record.dateline.startswith("LONDON, March 29, 2021")
    assert "Cell and Gene Therapy Catapult in Stevenage" in record.text
    assert "9950 Medical Center Drive" in record.text
    assert record.publisher == "Autolus Therapeutics"
    assert "Back to News Releases" not in record.text and "Stock Quote" not in record.text


def test_every_newsroom_release_parses():
    for entry in _details():
        data = _parse(SLUG, entry.url)
        assert data["published"] and data["language"] == "en" and data["dateline"], entry.url
        assert data["text"].count("Autolus") >= 2


def _wire_twin(mine: dict) -> dict | None:
    """The wire release with the same day and (nearly) the same normalised headline."""
    for entry in _details(WIRE):
        other = _parse(WIRE, entry.url)
        if other["published"] == mine["published"] and fuzz.token_set_ratio(
            _headline_key(other["title"]), _headline_key(mine["title"])
        ) >= 90:
            return other
    return None


def test_syndicated_copies_match_their_wire_release_on_headline_and_dateline():
    copies = [e for e in _details() if e.note and e.note.startswith("copy of the newswire release")]
    assert len(copies) >= 3
    exact = 0
    for entry in copies:
        mine = _parse(SLUG, entry.url)
        twin = _wire_twin(mine)
        assert twin is not None, f"no wire twin for {mine['title']}"
        exact += _headline_key(twin["title"]) == _headline_key(mine["title"])
        assert twin["url"] != mine["url"]
        assert twin["dateline"] == mine["dateline"]
        # same release text, different page furniture around it
        assert twin["text"][:200] in mine["text"]
    # some copies carry the wire headline unchanged, others a re-cased or re-worded one
    assert 0 < exact < len(copies)


def test_newsroom_only_releases_have_no_wire_twin():
    own = [e for e in _details() if not (e.note and e.note.startswith("copy of"))]
    assert own
    assert all(_wire_twin(_parse(SLUG, e.url)) is None for e in own)


def test_a_listing_without_release_links_is_rejected():
    page = b"""<html><body><table class="nirtable"><tr><td>Nov 30, 2022</td>
    <td><a href="/static-files/annual-report.pdf">Annual report</a></td></tr></table></body></html>"""
    result = run_callback(make_spider(SLUG), response_for(LISTING, page, headers={"Content-Type": "text/html"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "listing page links to no articles"


def test_an_empty_release_page_is_rejected():
    url = "https://autolus.gcs-web.com/news-releases/news-release-details/empty"
    result = run_callback(make_spider(SLUG), response_for(url, b"<html><body></body></html>",
                                                          headers={"Content-Type": "text/html"}), "parse_article_page")
    assert not result.items
    assert result.rejects[0]["reason"].startswith("unparseable article")
