"""parse_article on small realistic pages, one per phenomenon (see tests/parse/pages/README.md)."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from pipeline.parse import ParsedArticle, parse_article
from schemas.records import AnnouncementRecord
from tests.parse.helpers import page_bytes

NEWS_URL = "https://news.example.org/item/42"


def parse_page(name: str, url: str = NEWS_URL, content_type: str | None = None) -> ParsedArticle:
    return parse_article(page_bytes(name), url, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "published", "source", "language", "dateline"),
    [
        ("globenewswire_release.html", date(2021, 5, 3), "dateline", "en", "GHENT, Belgium, May 3, 2021"),
        ("businesswire_release.html", date(2019, 4, 15), "dateline", "en",
         "SOMERSET, N.J. & LEIDEN, Netherlands, April 15, 2019"),
        ("prnewswire_release.html", date(2022, 9, 20), "dateline", "en", "OXFORD, England, Sept. 20, 2022"),
        ("es_dateline.html", date(2021, 2, 10), "dateline", "es", "BARCELONA, 10 de febrero de 2021"),
        ("es_agency_dateline_no_year.html", date(2018, 1, 5), "meta", "es", "MADRID, 5 Ene."),
        ("regulated_information_header.html", date(2022, 6, 21), "dateline", "en",
         "Mechelen, Belgium, Utrecht, the Netherlands, 21 June 2022"),
        ("fr_latin1_undeclared.html", date(2021, 6, 17), "dateline", "fr", "ÉVRY, 17 juin 2021"),
        ("jsonld_broken.html", date(2021, 6, 17), "jsonld", "nl", None),
        ("xhtml_declared.html", date(2020, 9, 1), "meta", "en", None),
        ("de_cp1252_declared_utf8.html", date(2021, 6, 17), "byline", "de", None),
        ("nl_cluster_byline.html", date(2021, 6, 17), "byline", "nl", None),
        ("it_header_utf8_meta_cp1252.html", date(2021, 6, 17), "byline", "it", None),
        ("sv_header_meta_disagree.html", date(2021, 6, 17), "byline", "sv", None),
        ("newsroom_date_above_title.html", date(2021, 6, 17), "byline", "de", None),
        ("updated_and_published.html", date(2021, 6, 17), "byline", "en", None),
    ],
)
def test_date_language_and_dateline(name, published, source, language, dateline):
    content_type = {
        "sv_header_meta_disagree.html": "text/html; charset=ISO-8859-1",
        "it_header_utf8_meta_cp1252.html": "text/html; charset=UTF-8",
    }.get(name)
    article = parse_page(name, content_type=content_type)
    assert article.error is None
    assert (article.published, article.published_source) == (published, source)
    assert article.language == language
    assert article.dateline == dateline


def test_wire_release_text_is_the_body_without_chrome():
    article = parse_page("globenewswire_release.html")
    assert article.title == "Northvale Therapeutics Opens Lentiviral Vector Suite in Ghent"
    assert article.text.startswith("GHENT, Belgium, May 3, 2021 (GLOBE NEWSWIRE) --")
    assert "EUR 18 million" in article.text
    for chrome in ("RSS feeds", "Related releases", "All rights reserved", "We use cookies"):
        assert chrome not in article.text
    assert article.canonical_url.startswith("https://wire.example.com/news-release/2021/05/03/")
    assert "\n\n" in article.text  # paragraphs are kept apart


def test_portal_header_date_does_not_beat_the_dateline():
    # the page header shows the crawl day (2026); the release is from 2021
    article = parse_page("globenewswire_release.html")
    assert article.published == date(2021, 5, 3)


def test_jsonld_article_beats_webpage_meta_and_header_dates():
    article = parse_page("jsonld_graph_article.html")
    # NewsArticle.datePublished 2022-03-08T23:30-05:00 is 8 March where it was written, 9 March in UTC
    assert (article.published, article.published_source) == (date(2022, 3, 8), "jsonld")
    assert article.canonical_url == "https://news.example.org/manufacturing/lumenhart-opens-car-t-plant"
    assert article.publisher == "Example Pharma News"
    assert article.language == "en"


def test_url_date_beats_the_portal_header_date():
    url = "https://trade.example.com/Article/2021/06/17/Swiss-CDMO-adds-AAV-capacity"
    article = parse_page("trade_news_url_date.html", url=url)
    assert (article.published, article.published_source) == (date(2021, 6, 17), "url")
    assert article.publisher == "Bioprocess Trade Weekly"
    assert "Visp campus" in article.text
    assert "Vaccine plant sold" not in article.text


def test_header_date_alone_is_not_taken_for_the_publication_date():
    # same page under a URL without a date: the only dates left are the portal's
    # "today" and a sidebar list, neither next to the headline
    article = parse_page("trade_news_url_date.html")
    assert article.published is None


@pytest.mark.parametrize(
    ("name", "content_type", "expected_encoding", "phrase"),
    [
        ("de_cp1252_declared_utf8.html", None, "cp1252", "Münchner Biotechnologieunternehmen eröffnet"),
        ("fr_latin1_undeclared.html", None, "cp1252", "Une société de biotechnologie française a inauguré"),
        ("fr_utf16_bom.html", None, "utf-16-le", "Une société de biotechnologie française a inauguré"),
        ("sv_header_meta_disagree.html", "text/html; charset=ISO-8859-1", "utf-8", "Ett svenskt bioteknikföretag"),
        ("it_header_utf8_meta_cp1252.html", "text/html; charset=utf-8", "cp1252", "Un’azienda toscana"),
        ("it_cp1252_undeclared_short.html", "text/html", "cp1252", "L'investimento sarà di circa 12 milioni"),
    ],
)
def test_encodings_are_read_right(name, content_type, expected_encoding, phrase):
    article = parse_page(name, content_type=content_type)
    assert article.encoding == expected_encoding
    assert phrase in article.text
    assert "\ufffd" not in article.text and "Ã" not in article.text


def test_content_language_header_decides_the_code_page_of_an_undeclared_page():
    body = "<html><body><article><h1>Notizia</h1><p>Sarà così.</p></article></body></html>".encode("cp1252")
    article = parse_article(body, NEWS_URL, content_type=b"text/html", content_language=b"it-IT")
    assert article.encoding == "cp1252" and "Sarà così." in article.text
    polish = "<html><body><article><h1>Wiadomość</h1><p>Będą źródła.</p></article></body></html>".encode("cp1250")
    assert "Będą źródła." in parse_article(polish, NEWS_URL, content_language="pl").text


def test_agency_dateline_takes_its_year_from_the_byline_and_then_dates_the_article():
    page = (
        "<html lang='it'><body><article><h1>Terapie avanzate, nuovo centro a Genova</h1>"
        "<p class='article-date'>Pubblicato il 13 marzo 2021</p>"
        "<p>GENOVA, 12 mar (ANSA) - Un nuovo centro per la produzione di terapie cellulari sarà costruito "
        "nel quartiere di Erzelli, con un investimento di 25 milioni di euro e cento nuovi posti di lavoro.</p>"
        "</article></body></html>"
    )
    article = parse_article(page.encode("utf-8"), "https://news.example.it/salute/centro-genova")
    assert article.dateline == "GENOVA, 12 mar"
    assert (article.published, article.published_source) == (date(2021, 3, 12), "dateline")
    assert not any("disagree" in w for w in article.warnings)


def test_agency_dateline_without_other_dates_stays_undated():
    page = ("<html lang='it'><body><article><h1>Terapie avanzate, nuovo centro a Genova</h1>"
            "<p>GENOVA, 12 mar (ANSA) - Un nuovo centro per la produzione di terapie cellulari sarà costruito "
            "nel quartiere di Erzelli.</p></article></body></html>")
    article = parse_article(page.encode("utf-8"), "https://news.example.it/salute/centro-genova")
    assert article.dateline == "GENOVA, 12 mar" and article.published is None


def test_paywall_stub_is_partial_with_headline_and_lead():
    article = parse_page("paywall_stub.html")
    assert article.error is None
    assert article.is_partial is True
    assert article.title == "Inside the race to build Europe's next viral vector plants"
    assert article.text.startswith("Developers and contract manufacturers")
    assert "Subscribe" not in article.text and "subscribers only" not in article.text
    assert article.published == date(2023, 2, 14)


def test_cookie_wall_gives_an_error_not_the_banner():
    article = parse_page("cookie_wall.html")
    assert article.error is not None and "cookie" in article.error
    assert article.text == ""
    assert article.is_partial is True


@pytest.mark.parametrize(
    ("name", "what"),
    [("pdf_saved_as.html", "PDF"), ("image_saved_as.html", "PNG"), ("empty.html", "empty")],
)
def test_non_pages_give_an_error(name, what):
    article = parse_page(name)
    assert article.error is not None and what in article.error
    assert article.text == "" and article.title is None


def test_malformed_markup_still_gives_title_text_and_dateline():
    article = parse_page("malformed.html")
    assert article.error is None
    assert article.title == "Plant opening in Stevenage"
    assert (article.published, article.published_source) == (date(2022, 10, 4), "dateline")
    # the stray </div> ends the story block early, as it does in a browser; what is inside is kept whole
    assert "The plant will make AAV vectors for trials in rare eye diseases" in article.text
    assert "<" not in article.text and "&amp" not in article.text


def test_plain_text_saved_as_html_is_read_as_text():
    article = parse_page("plain_text.html")
    assert article.title == "Biotech park in Leuven adds a cell therapy building"
    assert article.dateline == "LEUVEN, Belgium, 2 March 2023"
    assert any("plain text" in w for w in article.warnings)


def test_gzipped_page_parses_like_the_plain_one():
    plain = parse_page("es_dateline.html")
    zipped = parse_article(gzip.compress(page_bytes("es_dateline.html")), NEWS_URL)
    assert zipped.model_dump(exclude={"warnings"}) == plain.model_dump(exclude={"warnings"})


def test_truncated_gzip_keeps_what_it_holds():
    data = gzip.compress(page_bytes("globenewswire_release.html"))
    article = parse_article(data[: len(data) * 2 // 3], NEWS_URL)
    assert any("truncated" in w for w in article.warnings)
    assert article.title == "Northvale Therapeutics Opens Lentiviral Vector Suite in Ghent"


def test_gzip_with_nothing_readable_is_an_error():
    article = parse_article(gzip.compress(page_bytes("businesswire_release.html"))[:12], NEWS_URL)
    assert article.error is not None and "gzip" in article.error


def test_oversized_page_is_capped_and_says_so():
    body = page_bytes("globenewswire_release.html")
    filler = b"<div class='ad'>" + b"x" * 2_000_000 + b"</div>"
    big = body.replace(b"</footer>", b"</footer>" + filler * 4)
    article = parse_article(big, NEWS_URL, max_bytes=1_000_000)
    assert any("parsed the first 1000000" in w for w in article.warnings)
    assert article.published == date(2021, 5, 3)
    assert "Tech Lane campus" in article.text


def test_str_input_is_accepted():
    article = parse_article(page_bytes("prnewswire_release.html").decode("utf-8"), NEWS_URL)
    assert article.encoding == "unicode" and article.published == date(2022, 9, 20)


def test_every_good_page_converts_to_an_announcement_record():
    for name in ("globenewswire_release.html", "jsonld_graph_article.html", "paywall_stub.html", "es_dateline.html"):
        article = parse_page(name)
        record = AnnouncementRecord.model_validate(article.announcement_payload(publisher="Test Publisher"))
        assert record.title == article.title and record.publisher == "Test Publisher"
        assert record.is_partial == (name == "paywall_stub.html")


def test_text_language_beats_a_wrong_declaration():
    article = parse_page("lang_declared_wrong.html")
    assert article.language == "de"
    assert any("declares language 'en'" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("title", "url", "site", "expected"),
    [
        ("Acme opens plant | Trade Weekly", "https://www.tradeweekly.example/x", "Trade Weekly", "Acme opens plant"),
        ("Acme opens plant - Fierce Pharma", "https://www.fiercepharma.com/x", None, "Acme opens plant"),
        ("BioPharma-Reporter | Acme opens plant in Ghent", "https://www.biopharma-reporter.com/a", None,
         "Acme opens plant in Ghent"),
        ("Novartis – the Swiss group – opens plant", "https://www.fiercepharma.com/x", None,
         "Novartis – the Swiss group – opens plant"),
        ("Acme - Ghent", "https://acme.example/x", "Acme", "Acme - Ghent"),  # too little would be left
        ("Cell therapy - Lonza invests in Visp", "https://www.lonza.example/n", "Lonza",
         "Cell therapy - Lonza invests in Visp"),  # the part names the company, not the site
        ("Acme opens plant | fiercepharma.com", "https://www.fiercepharma.com/x", None, "Acme opens plant"),
    ],
)
def test_site_name_is_cut_from_the_headline(title, url, site, expected):
    from pipeline.parse.article import _strip_site_suffix

    assert _strip_site_suffix(title, url, [site]) == expected


def test_script_rendered_page_uses_the_jsonld_article_body():
    article = parse_page("script_rendered_jsonld_body.html")
    assert article.error is None
    assert article.text.startswith("A Swedish producer of GMP plasmid DNA")
    assert "\n\n" in article.text and "enable JavaScript" not in article.text
    assert (article.published, article.published_source) == (date(2024, 4, 9), "jsonld")


def test_html_inside_jsonld_article_body_is_flattened():
    from pipeline.parse.article import _plain_body

    body = "<p>First &amp; best paragraph.</p><p>Second<br>line <b>bold</b>.</p>"
    assert _plain_body(body) == "First & best paragraph.\n\nSecond\n\nline bold."
