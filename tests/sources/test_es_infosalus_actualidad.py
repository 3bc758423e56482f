"""Infosalus (Europa Press): RSS feed -> Spanish article pages with a timestamp in the URL."""

from __future__ import annotations

import pytest

from schemas.records import AnnouncementRecord
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "es_infosalus_actualidad"
FEED = "https://www.infosalus.com/rss/actualidad.xml"
ART = "https://www.infosalus.com/actualidad/noticia-"
VIRALGEN = ART + "viralgen-inaugura-san-sebastian-nueva-planta-vectores-virales-terapia-genica-20210630143512.html"
TAKEDA = ART + "takeda-lanza-opa-520-millones-biotecnologica-tigenix-20180105103012.html"


def _record(slug: str, url: str) -> dict:
    result = run_callback(make_spider(slug), recorded_response(slug, url), "parse_article_page")
    assert not result.rejects, result.rejects
    (item,) = result.items
    return AnnouncementRecord.model_validate(item["data"]).model_dump(mode="json")


def test_feed_requests_every_article_newest_first():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, FEED))
    urls = [r.url for r in result.requests]
    archived = {str(e.url) for e in ReplayArchive(replay_dir(SLUG)).entries() if str(e.url).startswith(ART)}
    assert set(urls) == archived and len(urls) == 6
    days = [r.meta["atmp_feed_date"] for r in result.requests]
    assert days == sorted(days, reverse=True) and days[0] == "2025-10-29"


def test_timestamp_in_the_url_dates_the_article():
    record = _record(SLUG, VIRALGEN)
    assert record["published"] == "2021-06-30" and record["published_source"] == "url"
    assert record["language"] == "es"
    assert "70 millones de euros" in record["text"] and "120 millones" in record["text"]
    assert "Lo más leído" not in record["text"] and "Aceptar cookies" not in record["text"]


def test_iso_8859_1_page_decodes_cleanly():
    entry = ReplayArchive(replay_dir(SLUG)).lookup("GET", TAKEDA)
    assert entry.headers["Content-Type"] == "text/html; charset=ISO-8859-1"
    body = ReplayArchive(replay_dir(SLUG)).body_bytes(entry)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    record = _record(SLUG, TAKEDA)
    assert "acción" in record["text"] and "Lovaina" in record["text"] and "\ufffd" not in record["text"]
    assert record["title"] == "Takeda lanza una opa de 520 millones sobre la biotecnológica TiGenix"


def test_spanish_and_german_reports_of_the_viralgen_opening_agree():
    es = _record(SLUG, VIRALGEN)
    de = _record("de_transkript_news", "https://transkript.de/news/bayer-tochter-viralgen-eroeffnet-gentherapie-werk-in-san-sebastian/")
    assert (es["language"], de["language"]) == ("es", "de")
    assert es["published"] == de["published"] == "2021-06-30"
    assert "70 Mio. Euro" in de["text"] and "Miramón" in de["text"] and "Miramón" in es["text"]


def test_spanish_and_dutch_reports_of_the_tigenix_offer_agree():
    es = _record(SLUG, TAKEDA)
    nl = _record("be_flandersbio_news", "https://flanders.bio/nl/nieuws/takeda-bod-op-tigenix")
    assert es["published"] == nl["published"] == "2018-01-05"
    assert "1,78 euros" in es["text"] and "1,78 euro" in nl["text"]


def test_first_stone_and_inauguration_are_distinct_events_at_one_site():
    stone = _record(SLUG, ART + "viralgen-coloca-primera-piedra-nueva-planta-miramon-20200109134410.html")
    opening = _record(SLUG, VIRALGEN)
    assert stone["published"] == "2020-01-09" != opening["published"]
    assert "primera piedra" in stone["text"] and "Miramón" in stone["text"]


def test_europa_press_dateline_is_recognised():
    assert (_record(SLUG, TAKEDA)["dateline"] or "").startswith("MADRID")


def test_json_error_body_instead_of_the_feed_is_rejected():
    result = run_callback(make_spider(SLUG), response_for(FEED, b'{"error": "rate limited"}', headers={"Content-Type": "application/json"}))
    assert not result.requests and result.rejects[0]["reason"] == "feed is not XML"
