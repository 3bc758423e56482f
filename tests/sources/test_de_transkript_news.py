"""|transkript: RSS feed with pubDate -> German article pages."""

from __future__ import annotations

from schemas.records import AnnouncementRecord
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "de_transkript_news"
FEED = "https://transkript.de/feed/"
BASE = "https://transkript.de/news/"


def _article(path: str, **meta) -> dict:
    response = recorded_response(SLUG, BASE + path, meta=meta or None)
    result = run_callback(make_spider(SLUG), response, "parse_article_page")
    assert not result.rejects, result.rejects
    (item,) = result.items
    AnnouncementRecord.model_validate(item["data"])
    return item["data"]


def test_feed_yields_one_detail_request_per_item_with_its_pubdate():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, FEED))
    assert not result.items and not result.rejects
    archived = {str(e.url) for e in ReplayArchive(replay_dir(SLUG)).entries() if str(e.url).startswith(BASE)}
    assert {r.url for r in result.requests} == archived
    by_url = {r.url: r for r in result.requests}
    rentschler = by_url[BASE + "rentschler-steigt-in-stevenage-in-die-gentherapie-auftragsfertigung-ein/"]
    assert rentschler.meta["atmp_kind"] == "detail"
    assert rentschler.meta["atmp_feed_date"] == "2021-02-11"
    assert rentschler.meta["atmp_lastmod"].startswith("Thu, 11 Feb 2021")
    assert all(r.meta["atmp_date_source"] == "feed" for r in result.requests)


def test_dateline_names_the_head_office_not_the_site():
    record = _article("rentschler-steigt-in-stevenage-in-die-gentherapie-auftragsfertigung-ein/")
    assert record["dateline"] == "LAUPHEIM, 11. Februar 2021"
    assert record["published"] == "2021-02-11" and record["published_source"] == "dateline"
    assert "Stevenage" in record["text"] and record["language"] == "de"


def test_numeric_byline_is_read_when_nothing_else_declares_a_date():
    record = _article("takeda-fertigt-in-orth-an-der-donau-vektoren-fuer-car-nk-zelltherapie/")
    assert record["published"] == "2020-10-23" and record["published_source"] == "byline"
    assert "zweistelligen Millionen-Euro-Betrag" in record["text"]


def test_page_without_any_date_falls_back_to_the_feed_date():
    record = _article("biontech-kauft-zelltherapie-werk-von-kite-in-maryland/",
                      atmp_feed_date="2021-07-19", atmp_date_source="feed")
    assert record["published"] == "2021-07-19" and record["published_source"] == "feed"
    assert "Gaithersburg" in record["text"]


def test_json_ld_date_wins_and_chrome_is_left_out():
    record = _article("roche-weiht-entwicklungszentrum-fuer-gentherapie-in-penzberg-ein/")
    assert record["published"] == "2024-03-19" and record["published_source"] == "jsonld"
    assert "90 Mio. Euro" in record["text"] and "600 Mio. Euro" in record["text"]
    assert "Meistgelesen" not in record["text"] and "Cookies" not in record["text"]


def test_html_error_page_instead_of_the_feed_is_rejected():
    page = b"<!DOCTYPE html><html><head><title>503</title></head><body>Wartungsarbeiten</body></html>"
    result = run_callback(make_spider(SLUG), response_for(FEED, page, headers={"Content-Type": "text/html"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "feed is not XML"


def test_empty_feed_is_rejected():
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>|transkript</title></channel></rss>'
    result = run_callback(make_spider(SLUG), response_for(FEED, feed, headers={"Content-Type": "application/rss+xml"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "feed has no entries"
