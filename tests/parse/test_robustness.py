"""No input makes the parser raise: random bytes, random text, damaged pages, tag soup, pathological markup."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parse import Dateline, ParsedArticle, find_dateline, parse_article
from tests.parse.helpers import PAGES, page_bytes

URL = "https://news.example.org/2021/06/17/story"
FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SEED_PAGES = sorted(p.name for p in PAGES.iterdir() if p.suffix == ".html")

FRAGMENTS = [
    "<html>", "</html>", "<head>", "<body>", "<div class='paywall'>", "</div>", "<p>", "</p>", "<h1>", "</h1>",
    "<article>", "<time datetime='2021-06-17'>", "<title>", "</title>", "<script>", "</script>",
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":', '"2021-06-17"}', "</script>",
    '<meta charset="utf-16">', '<meta property="article:published_time" content="', '2099-01-01', '">',
    "<table><tr><td>", "&amp;", "&#0;", "&#xD800;", "&bogus;", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0'?>",
    "GHENT, Belgium, May 3, 2021 (GLOBE NEWSWIRE) -- ", "17. Juni 2021", "Subscribe to read", "We use cookies",
    "Ünïcødé ‘quotes’ – €", "\x00", "\ufeff", "\r\n", "<p class=x =y 'z>", "<a href='javascript:alert(1)'>",
]


def assert_parsed(article: object) -> None:
    assert isinstance(article, ParsedArticle)
    if article.error is None:
        assert article.text.strip()
    ParsedArticle.model_validate(article.model_dump())  # output is always a valid model


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(body):
    assert_parsed(parse_article(body, URL))


@FUZZ
@given(st.text(max_size=3000), st.sampled_from([None, "text/html", "text/html; charset=utf-16", "image/png", "x"]))
def test_random_text_and_headers(text, content_type):
    assert_parsed(parse_article(text.encode("utf-8", "surrogatepass"), URL, content_type=content_type))
    assert_parsed(parse_article(text, URL))


@FUZZ
@given(st.binary(min_size=1, max_size=3000), st.text(max_size=40), st.sampled_from(["", "<html lang='pl'>", "<p>"]))
def test_random_single_byte_pages_and_content_language(noise, language, prefix):
    body = prefix.encode() + bytes(b | 0x80 if i % 3 == 0 else b for i, b in enumerate(noise))  # rarely valid UTF-8
    assert_parsed(parse_article(body, URL, content_language=language))
    assert_parsed(parse_article(body, URL, content_language=language.encode("utf-8")))


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), max_size=80))
def test_tag_soup(parts):
    assert_parsed(parse_article("".join(parts).encode("utf-8", "surrogatepass"), URL))


@FUZZ
@given(
    st.sampled_from(SEED_PAGES),
    st.data(),
)
def test_damaged_real_pages(name, data):
    body = bytearray(page_bytes(name))
    for _ in range(data.draw(st.integers(0, 6))):
        if not body:
            break
        at = data.draw(st.integers(0, len(body)))
        action = data.draw(st.sampled_from(["cut", "insert", "delete", "gzip-cut"]))
        if action == "cut":
            body = body[:at]
        elif action == "insert":
            body[at:at] = data.draw(st.binary(max_size=30))
        elif action == "delete":
            del body[at:at + data.draw(st.integers(1, 200))]
        else:
            packed = gzip.compress(bytes(body))
            body = bytearray(packed[: max(1, at % len(packed))])
    assert_parsed(parse_article(bytes(body), URL, max_bytes=data.draw(st.sampled_from([50, 500, 5_000_000]))))


@FUZZ
@given(st.text(max_size=2000))
def test_find_dateline_on_random_text(text):
    found = find_dateline(text)
    assert found is None or (isinstance(found, Dateline) and 0 <= found.start <= found.end <= len(text))


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>" + b"<div>" * 50_000 + b"<p>deep</p>" + b"</div>" * 50_000 + b"</body></html>",
        b"<html><body><p " + b" ".join(b'a%d="x"' % i for i in range(30_000)) + b">x</p></body></html>",
        b"<html><body>" + b"<p>para</p>" * 25_000 + b"</body></html>",
        b"<html><body><p>" + b"word " * 1_000_000 + b"</p></body></html>",
        b"<html><body>" + b"<script>var x = 1;</script>" * 20_000 + b"</body></html>",
        b"<html><head>" + b'<script type="application/ld+json">' + b"[" * 100_000 + b"</script></head><body><p>x</p></body></html>",
        b"<html><head><title>" + b"t" * 1_000_000 + b"</title></head><body></body></html>",
        b"\xef\xbb\xbf\xff\xfe<html>",
        "<html><body><p>\ud800 lone surrogate</p></body></html>".encode("utf-8", "surrogatepass"),
    ],
    ids=["deep-nesting", "many-attributes", "many-paragraphs", "huge-text-node", "many-scripts",
         "jsonld-bracket-bomb", "huge-title", "double-bom", "lone-surrogate"],
)
def test_pathological_pages_return(body):
    assert_parsed(parse_article(body, URL))


def test_content_type_as_bytes_like_scrapy_headers():
    body = "<html><body><p>Ελληνικό κείμενο για τη θεραπεία με κύτταρα και γονίδια.</p></body></html>".encode("iso-8859-7")
    article = parse_article(body, URL, content_type=b"text/html; charset=ISO-8859-7")
    assert "θεραπεία" in article.text


def test_non_string_url_and_body_do_not_raise():
    assert parse_article(None, URL).error  # type: ignore[arg-type]
    assert_parsed(parse_article(b"<p>x</p>", None))  # type: ignore[arg-type]


def test_a_failing_step_costs_a_warning_not_the_page(monkeypatch):
    import pipeline.parse.article as article_module

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(article_module, "find_dateline", broken)
    monkeypatch.setattr(article_module, "read_jsonld", broken)
    article = parse_article(page_bytes("globenewswire_release.html"), URL)
    assert article.error is None and "Tech Lane campus" in article.text
    assert any("dateline search failed" in w for w in article.warnings)
    assert any("reading JSON-LD failed" in w for w in article.warnings)


def test_a_flood_of_head_tags_does_not_push_the_body_out():
    body = page_bytes("prnewswire_release.html").replace(b"</head>", b'<meta name="x" content="y">' * 30_000 + b"</head>")
    article = parse_article(body, URL)
    assert "Oxford site" in article.text
    assert any("too many elements" in w for w in article.warnings)


def test_element_cap_keeps_the_start_of_the_body():
    from pipeline.parse.htmltree import build_tree

    notes: list[str] = []
    tree = build_tree("<html><body><h1>Start</h1>" + "<div><p>x</p></div>" * 15_000 + "</body></html>", notes)
    assert sum(1 for _ in tree.find("body").iter()) == 20_000
    assert tree.findtext(".//h1") == "Start"


def test_one_paragraph_longer_than_the_text_cap_is_cut_not_dropped():
    from pipeline.parse.maintext import MAX_TEXT_CHARS

    words = "The plant will make viral vectors for gene therapies. " * 5_000
    body = (f"<html><body><article><h1>A very long release</h1><p>Acme opened a plant in Ghent today.</p>"
            f"<p>{words}</p></article></body></html>")
    article = parse_article(body.encode("utf-8"), URL)
    assert MAX_TEXT_CHARS // 2 < len(article.text) <= MAX_TEXT_CHARS
    assert "The plant will make viral vectors" in article.text and any("cut to" in w for w in article.warnings)
