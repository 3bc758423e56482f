"""AboutPharma: WordPress listing (/blog/page/N/) -> Italian article pages with the date in the URL."""

from __future__ import annotations

import pytest

from schemas.records import AnnouncementRecord
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "it_aboutpharma_news"
BASE = "https://www.aboutpharma.com"
REITHERA = BASE + "/blog/2021/01/26/vaccino-anti-covid-invitalia-finanzia-reithera-con-81-milioni/"


def _article(url: str) -> dict:
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, url), "parse_article_page")
    assert not result.rejects, result.rejects
    (item,) = result.items
    return AnnouncementRecord.model_validate(item["data"]).model_dump(mode="json")


def test_listing_pages_reach_every_article_and_stop():
    spider = make_spider(SLUG)
    first = run_callback(spider, recorded_response(SLUG, BASE + "/blog/"))
    follow = [r for r in first.requests if r.meta["atmp_kind"] == "listing"]
    assert [r.url for r in follow] == [BASE + "/blog/page/2/"]
    second = run_callback(spider, recorded_response(SLUG, BASE + "/blog/page/2/"))
    assert all(r.meta["atmp_kind"] == "detail" for r in second.requests)
    details = {r.url for r in first.requests + second.requests if r.meta["atmp_kind"] == "detail"}
    archived = {str(e.url) for e in ReplayArchive(replay_dir(SLUG)).entries() if "/blog/20" in str(e.url)}
    assert details == archived and len(details) == 7
    assert not any("/eventi/" in u or "/category/" in u for u in details)


def test_date_in_the_url_is_used_when_the_page_has_no_json_ld():
    record = _article(BASE + "/blog/2023/08/16/agc-biologics-completa-lampliamento-del-sito-di-milano/")
    assert record["published"] == "2023-08-16" and record["published_source"] == "url"
    assert record["language"] == "it" and "2.000 litri" in record["text"]


def test_italian_article_with_dateline_and_amounts():
    record = _article(BASE + "/blog/2020/08/03/agc-biologics-completa-lacquisizione-di-molmed/")
    assert record["published"] == "2020-08-03"
    assert "240 milioni di euro" in record["text"] and "36,3 milioni di euro" in record["text"]
    assert "Bresso" in record["text"] and "cookie" not in record["text"].lower()
    telethon = _article(BASE + "/blog/2023/09/12/strimvelis-passa-a-fondazione-telethon/")
    assert telethon["dateline"] == "Roma, 12 settembre 2023"


def test_undeclared_windows_1252_page_still_yields_an_announcement():
    entry = ReplayArchive(replay_dir(SLUG)).lookup("GET", REITHERA)
    assert entry.headers["Content-Type"] == "text/html"
    record = _article(REITHERA)
    assert record["title"] == "Vaccino anti-Covid, Invitalia finanzia ReiThera con 81 milioni"
    assert record["published"] == "2021-01-26" and "Castel Romano" in record["text"]


def test_undeclared_windows_1252_page_decodes_italian_accents():
    record = _article(REITHERA)
    assert "sarà prodotto" in record["text"]


def test_listing_without_article_links_is_rejected():
    page = b"<html><body><div class='posts-list'><p>Nessun risultato</p></div></body></html>"
    result = run_callback(make_spider(SLUG), response_for(BASE + "/blog/", page, headers={"Content-Type": "text/html"}))
    assert not result.requests and result.rejects[0]["reason"] == "listing page links to no articles"


def test_pdf_saved_under_an_article_url_is_rejected():
    result = run_callback(make_spider(SLUG), response_for(REITHERA, b"%PDF-1.7\n%binary", headers={"Content-Type": "text/html"}),
                          "parse_article_page")
    assert not result.items
    assert result.rejects[0]["reason"].startswith("unparseable article")
