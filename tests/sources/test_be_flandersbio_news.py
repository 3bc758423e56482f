"""flanders.bio: Dutch/English listings with a ?page=N pager -> article pages."""

from __future__ import annotations

import re

from schemas.records import AnnouncementRecord, RawItem
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "be_flandersbio_news"
NL_LISTING = "https://flanders.bio/nl/nieuws"
EN_LISTING = "https://flanders.bio/en/news"
GLPG_NL = "https://flanders.bio/nl/nieuws/galapagos-neemt-cellpoint-en-aboundbio-over"
GLPG_EN = "https://flanders.bio/en/news/galapagos-acquires-cellpoint-and-aboundbio"
ARTICLE = re.compile(r"^https://flanders\.bio/(?:nl/nieuws|en/news)/[a-z0-9-]+$")


def _article_urls() -> list[str]:
    return [str(e.url) for e in ReplayArchive(replay_dir(SLUG)).entries() if ARTICLE.match(str(e.url))]


def _item(url: str) -> dict:
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, url), "parse_article_page")
    assert not result.rejects, result.rejects
    (item,) = result.items
    return item


def test_first_listing_page_links_four_articles_and_the_next_page():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, NL_LISTING))
    details = [r for r in result.requests if r.meta["atmp_kind"] == "detail"]
    listings = [r for r in result.requests if r.meta["atmp_kind"] == "listing"]
    assert len(details) == 4 and all(ARTICLE.match(r.url) for r in details)
    assert [r.url for r in listings] == ["https://flanders.bio/nl/nieuws?page=1"]
    assert listings[0].meta["atmp_page"] == 2
    assert not any("evenementen" in r.url or "jobs" in r.url for r in result.requests)


def test_last_listing_page_ends_the_pager():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, "https://flanders.bio/nl/nieuws?page=1"))
    assert {r.meta["atmp_kind"] for r in result.requests} == {"detail"}
    assert len(result.requests) == 2


def test_listings_reach_every_archived_article():
    spider = make_spider(SLUG)
    reached = set()
    for url in (NL_LISTING, "https://flanders.bio/nl/nieuws?page=1", EN_LISTING):
        reached |= {r.url for r in run_callback(spider, recorded_response(SLUG, url)).requests if r.meta["atmp_kind"] == "detail"}
    assert reached == set(_article_urls())


def test_dutch_article_becomes_a_clean_announcement():
    item = _item(GLPG_NL)
    RawItem.model_validate(item)
    record = AnnouncementRecord.model_validate(item["data"])
    assert record.title.startswith("Galapagos stapt in celtherapie")
    assert record.published.isoformat() == "2022-06-21" and record.published_source == "meta"
    assert record.language == "nl"
    assert "Oegstgeest" in record.text and "125 miljoen euro" in record.text
    assert "cookies" not in record.text.lower() and "Knowledge for Growth" not in record.text
    assert item["based_on_url"].startswith("https://www.lalibre.be/")


def test_byline_date_is_used_when_the_page_declares_none():
    record = _item("https://flanders.bio/nl/nieuws/thermo-fisher-neemt-henogen-over")["data"]
    assert record["published"] == "2021-01-15" and record["published_source"] == "byline"
    assert "Seneffe" in record["text"] and "725 miljoen euro" in record["text"]


def test_dutch_and_english_pages_report_the_same_event():
    nl, en = _item(GLPG_NL)["data"], _item(GLPG_EN)["data"]
    assert (nl["language"], en["language"]) == ("nl", "en")
    assert nl["published"] == en["published"] == "2022-06-21"
    for record in (nl, en):
        assert "CellPoint" in record["text"] and "Oegstgeest" in record["text"]
    assert en["dateline"] == "MECHELEN, Belgium"
    assert nl["canonical_url"] != en["canonical_url"]


def test_every_archived_article_parses_with_language_and_date():
    spider = make_spider(SLUG)
    languages = []
    for url in _article_urls():
        result = run_callback(spider, recorded_response(SLUG, url), "parse_article_page")
        (item,) = result.items
        assert item["data"]["published"], url
        languages.append(item["data"]["language"])
    assert languages.count("nl") >= 5 and "en" in languages


def test_listing_without_article_links_is_rejected():
    page = b"<html><body><div class='view-news'><p>Geen resultaten</p></div><a href='/nl/jobs'>Jobs</a></body></html>"
    result = run_callback(make_spider(SLUG), response_for(NL_LISTING, page, headers={"Content-Type": "text/html"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "listing page links to no articles"


def test_cookie_wall_instead_of_an_article_is_rejected():
    page = ("<html lang='nl'><body><div class='cookie-banner'><p>Deze website gebruikt cookies.</p>"
            "<button>Alle cookies accepteren</button></div></body></html>").encode()
    result = run_callback(make_spider(SLUG), response_for(GLPG_NL, page, headers={"Content-Type": "text/html; charset=utf-8"}),
                          "parse_article_page")
    assert not result.items
    assert result.rejects[0]["reason"].startswith("unparseable article")


def test_windows_1252_page_without_charset_still_decodes():
    body = ReplayArchive(replay_dir(SLUG)).body_bytes(ReplayArchive(replay_dir(SLUG)).lookup("GET", GLPG_NL))
    legacy = body.decode("utf-8").replace('<meta charset="utf-8">', "").encode("cp1252")
    result = run_callback(make_spider(SLUG), response_for(GLPG_NL, legacy, headers={"Content-Type": "text/html"}),
                          "parse_article_page")
    (item,) = result.items
    assert "celtherapieën" in item["data"]["text"] or "patiënt" in item["data"]["text"]
    assert "\ufffd" not in item["data"]["text"]
