"""GlobeNewswire: RSS feeds -> release pages with wire datelines and boilerplate."""

from __future__ import annotations

import re
from datetime import date

import pytest

from schemas.records import AnnouncementRecord, RawItem
from scrapers.archive import ReplayArchive
from scrapers.registry import get_source, replay_dir
from tests.sources.helpers import make_spider, recorded_item, recorded_response, response_for, run_callback

SLUG = "us_globenewswire_cgt"
BIOTECH_FEED, DEALS_FEED = (str(u) for u in get_source(SLUG).start_urls)
RELEASE_PATH = re.compile(r"/news-release/(\d{4})/(\d{2})/(\d{2})/\d+/0/en/")
HANDOVER = ("https://www.globenewswire.com/news-release/2022/11/30/2564822/0/en/"
            "Autolus-Therapeutics-announces-handover-of-first-clean-rooms-of-new-Stevenage-UK-manufacturing-facility.html")


def _releases():
    return [e for e in ReplayArchive(replay_dir(SLUG)).entries() if RELEASE_PATH.search(e.url)]


def _parse(url: str):
    return recorded_item(SLUG, url)

def test_feed_entries_become_release_requests_with_their_feed_dates():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, BIOTECH_FEED))
    assert len(result.requests) >= 10 and not result.rejects
    for request in result.requests:
        match = RELEASE_PATH.search(request.url)
        assert match, request.url
        assert request.meta["atmp_kind"] == "detail" and request.meta["atmp_lastmod"]
        # the feed's pubDate (UTC) is the release day or the day after (evening releases in New York)
        feed_day = date.fromisoformat(request.meta["atmp_feed_date"])
        url_day = date(*(int(x) for x in match.groups()))
        assert 0 <= (feed_day - url_day).days <= 1


def test_both_feeds_together_cover_every_recorded_release_once():
    spider = make_spider(SLUG)
    biotech = [r.url for r in run_callback(spider, recorded_response(SLUG, BIOTECH_FEED)).requests]
    deals = [r.url for r in run_callback(spider, recorded_response(SLUG, DEALS_FEED)).requests]
    assert set(biotech) & set(deals), "the subject feed repeats some industry-feed releases"
    assert set(biotech) | set(deals) == {e.url for e in _releases()}


def test_release_page_gives_dateline_title_and_body():
    item = _parse(HANDOVER)
    record = AnnouncementRecord.model_validate(RawItem.model_validate(item).data)
    assert record.title.startswith("Autolus Therapeutics takes handover of first clean rooms")
    assert record.published == date(2022, 11, 30)
    assert record.dateline and record.dateline.startswith("LONDON, Nov. 30, 2022")
    assert record.text.startswith("LONDON, Nov. 30, 2022 (GLOBE NEWSWIRE) --")
    assert "The Nucleus" in record.text and "Stevenage" in record.text
    assert "About Autolus Therapeutics plc" in record.text
    assert "More News From" not in record.text


@pytest.mark.parametrize("entry", _releases(), ids=lambda e: e.url.rsplit("/", 1)[1][:40])
def test_every_release_parses_with_the_date_of_its_url(entry):
    data = _parse(entry.url)["data"]
    assert data["published"] == date(*(int(x) for x in RELEASE_PATH.search(entry.url).groups())).isoformat()
    assert data["language"] == "en" and not data["is_partial"]
    assert re.search(r"\bAbout ", data["text"]), "wire releases end with issuer boilerplate"


def test_dateline_city_is_the_issuer_office_not_the_site():
    data = _parse(HANDOVER)["data"]
    assert data["dateline"].startswith("LONDON") and "Stevenage" not in data["dateline"]


def test_the_feed_date_fills_in_when_a_page_declares_none():
    page = b"<html><body><h1>Company opens plant</h1><p>The company said today that its new plant is open and " \
           b"running, with two hundred staff and four production suites for viral vectors.</p></body></html>"
    url = "https://www.globenewswire.com/news-release/x/0/en/Company-opens-plant.html"
    response = response_for(url, page, headers={"Content-Type": "text/html"},
                            meta={"atmp_feed_date": "2023-05-04", "atmp_date_source": "feed"})
    (item,) = run_callback(make_spider(SLUG), response, "parse_article_page").items
    assert item["data"]["published"] == "2023-05-04" and item["data"]["published_source"] == "feed"


def test_a_feed_that_is_an_html_page_is_rejected():
    page = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>"
    result = run_callback(make_spider(SLUG), response_for(BIOTECH_FEED, page, headers={"Content-Type": "text/html"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "feed is not XML"


def test_an_empty_feed_is_rejected():
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>GlobeNewswire</title></channel></rss>'
    result = run_callback(make_spider(SLUG), response_for(BIOTECH_FEED, feed, headers={"Content-Type": "application/rss+xml"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "feed has no entries"


def test_entries_without_a_link_are_counted_and_skipped():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>No link here</title><pubDate>Mon, 01 Jul 2024 11:00:00 GMT</pubDate></item>
    <item><title>Linked</title><link>https://www.globenewswire.com/news-release/2024/07/01/1/0/en/A.html</link></item>
    </channel></rss>"""
    result = run_callback(make_spider(SLUG), response_for(BIOTECH_FEED, feed, headers={"Content-Type": "application/rss+xml"}))
    assert [r.url for r in result.requests] == ["https://www.globenewswire.com/news-release/2024/07/01/1/0/en/A.html"]
    assert result.stats.get("atmp/feed_entry_without_link") == 1
