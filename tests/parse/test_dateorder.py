"""Which way round numeric dates are read: month first only on clearly American pages."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.parse import find_dateline, parse_article
from pipeline.parse.dateorder import numeric_date_order
from tests.parse.helpers import page_bytes


def order(tags=(), language="en", dateline_text=None):
    dateline = find_dateline(dateline_text) if dateline_text else None
    if dateline_text:
        assert dateline is not None, dateline_text
    return numeric_date_order(lang_tags=list(tags), language=language, dateline=dateline)


@pytest.mark.parametrize(
    ("tags", "language", "dateline_text"),
    [
        (["en-US"], "en", None),
        (["en_us"], "en", None),
        ([], "en", "SOMERSET, N.J.--(BUSINESS WIRE)--April 15, 2019-- Coralis Bio"),
        ([], "en", "NEW YORK, June 17, 2021 /PRNewswire/ -- Acme said"),
        ([], "en", "SOUTH SAN FRANCISCO, Calif. – Acme said"),
        ([], "en", "Cambridge, Massachusetts, June 7, 2021 – Acme said"),
        ([], "en", "BOSTON – Acme said"),
        ([], "en", "Pittsburgh, PA, June 7, 2021 – Acme said"),
        (["en"], None, "Pittsburgh, Pennsylvania, United States, June 7, 2021 – Acme said"),
    ],
)
def test_clearly_american_pages_read_month_first(tags, language, dateline_text):
    result = order(tags, language, dateline_text)
    assert result.month_first and not result.ambiguous


@pytest.mark.parametrize(
    ("tags", "language", "dateline_text"),
    [
        (["en-GB"], "en", None),
        (["de-DE"], "de", None),
        ([], "fr", None),
        ([], "en", "GHENT, Belgium – 17 June 2021 – The company"),
        ([], "en", "OXFORD, England – The company"),
        ([], "it", "ROMA, 12 mar (ANSA) - Il governo"),
    ],
)
def test_european_pages_read_day_first_without_doubt(tags, language, dateline_text):
    result = order(tags, language, dateline_text)
    assert not result.month_first and not result.ambiguous


@pytest.mark.parametrize(
    ("tags", "language", "dateline_text"),
    [
        ([], "en", None),  # English, nothing else to go by
        (["en"], "en", None),
        (["en-US"], "en", "GHENT, Belgium – 17 June 2021 – The company"),  # a CMS default against a Belgian dateline
        ([], "en", "MAINZ, Germany, Sept. 17, 2020 (GLOBE NEWSWIRE) -- BioNTech"),  # US wire, German issuer
        ([], "en", "LONDON – The company"),  # a city not known to be American, and nothing else
    ],
)
def test_mixed_or_missing_evidence_on_english_pages_is_day_first_but_ambiguous(tags, language, dateline_text):
    result = order(tags, language, dateline_text)
    assert not result.month_first and result.ambiguous


NEWS_URL = "https://news.example.com/manufacturing/harbor-biologics-second-suite"


def test_us_trade_page_reads_its_numeric_byline_month_first():
    article = parse_article(page_bytes("us_numeric_byline.html"), NEWS_URL)
    assert (article.published, article.published_source) == (date(2021, 6, 7), "byline")
    assert not any("could be day first" in w for w in article.warnings)


def test_the_same_page_declared_british_reads_day_first():
    body = page_bytes("us_numeric_byline.html").replace(b'lang="en-US"', b'lang="en-GB"')
    article = parse_article(body, NEWS_URL)
    assert article.published == date(2021, 7, 6)
    assert not any("could be day first" in w for w in article.warnings)


def test_english_page_without_locale_reads_day_first_and_warns():
    body = page_bytes("us_numeric_byline.html").replace(b' lang="en-US"', b"")
    article = parse_article(body, NEWS_URL)
    assert article.published == date(2021, 7, 6)
    assert any("'06/07/2021' could be day first or month first" in w for w in article.warnings)


def test_http_content_language_counts_as_a_language_tag():
    body = page_bytes("us_numeric_byline.html").replace(b' lang="en-US"', b"")
    article = parse_article(body, NEWS_URL, content_language="en-US")
    assert article.published == date(2021, 6, 7)


def test_a_us_dateline_in_the_text_makes_the_page_american():
    body = page_bytes("us_numeric_byline.html").replace(b' lang="en-US"', b"").replace(
        b"<p>Contract manufacturer", b"<p>COLUMBUS, Ohio -- Contract manufacturer")
    article = parse_article(body, NEWS_URL)
    assert article.dateline == "COLUMBUS, Ohio"
    assert article.published == date(2021, 6, 7)


def test_unambiguous_numeric_dates_never_warn():
    body = page_bytes("us_numeric_byline.html").replace(b' lang="en-US"', b"").replace(b"06/07/2021", b"06/17/2021")
    article = parse_article(body, NEWS_URL)
    assert article.published == date(2021, 6, 17)
    assert not any("could be day first" in w for w in article.warnings)
