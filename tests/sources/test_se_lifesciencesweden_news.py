"""Life Science Sweden: flat sitemap with lastmod -> Swedish article pages."""

from __future__ import annotations

from schemas.records import AnnouncementRecord
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "se_lifesciencesweden_news"
BASE = "https://www.lifesciencesweden.se"
SITEMAP = BASE + "/sitemap.xml"
MATFORS = BASE + "/article/view/1005178/ebba-busch-invigde-innovationshubben-i-matfors"
ANALYSIS = BASE + "/article/view/1031475/analys-renrum-racker-inte"


def _record(url: str, **meta) -> dict:
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, url, meta=meta or None), "parse_article_page")
    assert not result.rejects, result.rejects
    (item,) = result.items
    return AnnouncementRecord.model_validate(item["data"]).model_dump(mode="json")


def test_sitemap_keeps_articles_and_skips_section_pages():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, SITEMAP))
    urls = [r.url for r in result.requests]
    archived = {str(e.url) for e in ReplayArchive(replay_dir(SLUG)).entries() if "/article/view/" in str(e.url)}
    assert set(urls) == archived and len(urls) == 6
    assert BASE + "/article/list/nyheter" not in urls
    analysis = next(r for r in result.requests if r.url == ANALYSIS)
    assert analysis.meta["atmp_feed_date"] == "2024-03-14" and analysis.meta["atmp_date_source"] == "sitemap"


def test_swedish_byline_and_amounts():
    record = _record(MATFORS)
    assert record["published"] == "2023-09-28" and record["published_source"] == "byline"
    assert record["language"] == "sv" and "Matfors" in record["text"]
    assert "100 miljoner kronor" in record["text"] and "455 miljoner kronor" in record["text"]
    assert "Godkänn alla" not in record["text"] and "Lediga jobb" not in record["text"]


def test_undated_analysis_takes_the_sitemap_lastmod():
    record = _record(ANALYSIS, atmp_feed_date="2024-03-14", atmp_date_source="sitemap")
    assert record["published"] == "2024-03-14" and record["published_source"] == "sitemap"
    assert record["title"].startswith("Analys:")


def test_danish_project_reported_in_swedish_keeps_its_currency_words():
    record = _record(BASE + "/article/view/1004512/novo-nordisk-fonden-bygger-cellterapianlaggning-vid-dtu")
    assert "950 miljoner danska kronor" in record["text"] and "Lyngby" in record["text"]
    assert record["published_source"] == "jsonld"


def test_utf8_page_mislabelled_as_latin_1_is_read_as_utf8():
    body = ReplayArchive(replay_dir(SLUG)).body_bytes(ReplayArchive(replay_dir(SLUG)).lookup("GET", MATFORS))
    response = response_for(MATFORS, body.replace(b'<meta charset="utf-8">', b""),
                            headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    (item,) = run_callback(make_spider(SLUG), response, "parse_article_page").items
    assert "Näringsminister" in item["data"]["text"] and "Ã¤" not in item["data"]["text"]


def test_html_page_instead_of_the_sitemap_is_rejected():
    page = b"<html><head><title>Life Science Sweden</title></head><body><h1>Sidan hittades inte</h1></body></html>"
    result = run_callback(make_spider(SLUG), response_for(SITEMAP, page, headers={"Content-Type": "text/html"}))
    assert not result.requests and result.rejects[0]["reason"] == "sitemap is not XML"
