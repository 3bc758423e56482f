"""ActuLabo: Yoast sitemap index -> post sitemap (lastmod) -> French article pages."""

from __future__ import annotations

from schemas.records import AnnouncementRecord
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "fr_actulabo_actualites"
BASE = "https://www.actulabo.com"
INDEX = BASE + "/sitemap_index.xml"
POSTS = BASE + "/post-sitemap.xml"


def _article(slug: str) -> dict:
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, f"{BASE}/{slug}/"), "parse_article_page")
    assert not result.rejects, result.rejects
    (item,) = result.items
    return AnnouncementRecord.model_validate(item["data"]).model_dump(mode="json")


def test_index_follows_only_the_post_sitemap():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, INDEX))
    assert [r.url for r in result.requests] == [POSTS]
    assert result.requests[0].meta["atmp_kind"] == "listing"


def test_post_sitemap_lists_articles_with_lastmod_and_skips_the_home_page():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, POSTS))
    urls = [r.url for r in result.requests]
    assert BASE + "/" not in urls and len(urls) == 6
    archived = {str(e.url) for e in ReplayArchive(replay_dir(SLUG)).entries() if str(e.url).endswith("/") and str(e.url) != BASE + "/"}
    assert set(urls) == archived
    yposkesi = next(r for r in result.requests if "yposkesi" in r.url)
    assert yposkesi.meta["atmp_kind"] == "detail"
    assert yposkesi.meta["atmp_feed_date"] == "2023-05-12" and yposkesi.meta["atmp_date_source"] == "sitemap"
    assert yposkesi.meta["atmp_lastmod"] == "2023-05-12T09:12:00+00:00"


def test_french_article_fields():
    record = _article("yposkesi-inaugure-sa-nouvelle-usine-de-therapie-genique-a-corbeil-essonnes")
    assert record["language"] == "fr" and record["published"] == "2023-05-12"
    assert "Corbeil-Essonnes" in record["text"] and "60 millions d'euros" in record["text"]
    assert "cookies" not in record["text"].lower() and "À lire aussi" not in record["text"]


def test_page_served_without_charset_in_the_header_decodes_accents():
    entry = ReplayArchive(replay_dir(SLUG)).lookup("GET", f"{BASE}/cellectis-va-produire-lui-meme-ses-car-t-a-paris-et-a-raleigh/")
    assert "charset" not in entry.headers["Content-Type"]
    record = _article("cellectis-va-produire-lui-meme-ses-car-t-a-paris-et-a-raleigh")
    assert "matières premières" in record["text"] and "\ufffd" not in record["text"]
    assert record["published"] == "2019-03-08" and record["published_source"] == "byline"


def test_dateline_before_the_site_city():
    record = _article("novartis-confie-a-cellforcure-la-production-de-ses-car-t-aux-ulis")
    assert record["dateline"] == "Rueil-Malmaison, 10 juillet 2018"
    assert "Ulis" in record["text"]


def test_french_and_dutch_reports_of_the_henogen_deal_agree():
    fr = _article("thermo-fisher-finalise-le-rachat-dhenogen-en-belgique")
    nl_url = "https://flanders.bio/nl/nieuws/thermo-fisher-neemt-henogen-over"
    nl = run_callback(make_spider("be_flandersbio_news"), recorded_response("be_flandersbio_news", nl_url), "parse_article_page").items[0]["data"]
    assert (fr["language"], nl["language"]) == ("fr", "nl")
    assert fr["published"] == nl["published"] == "2021-01-15"
    assert "725 millions d'euros" in fr["text"] and "725 miljoen euro" in nl["text"]
    assert all("Seneffe" in r["text"] and "Gosselies" in r["text"] for r in (fr, nl))


def test_html_error_page_instead_of_a_sitemap_is_rejected():
    page = b"<!DOCTYPE html><html><head><title>Erreur</title></head><body><p>Service indisponible</p></body></html>"
    result = run_callback(make_spider(SLUG), response_for(INDEX, page, headers={"Content-Type": "text/html"}))
    assert not result.requests
    assert result.rejects[0]["reason"] == "sitemap is not XML"


def test_truncated_sitemap_is_rejected():
    result = run_callback(make_spider(SLUG), response_for(POSTS, b"", headers={"Content-Type": "text/xml"}))
    assert not result.requests and result.rejects[0]["reason"] == "sitemap is not XML"
