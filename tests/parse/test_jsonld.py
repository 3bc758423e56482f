"""JSON-LD as sites really write it."""

from __future__ import annotations

import lxml.html
import pytest

from pipeline.parse.jsonld import read_jsonld


def read(*blocks: str):
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return read_jsonld(lxml.html.document_fromstring(f"<html><head>{scripts}</head><body><p>x</p></body></html>"))


def test_article_in_a_graph_beats_the_webpage():
    found = read('{"@graph":[{"@type":"WebPage","datePublished":"2019-01-01"},'
                 '{"@type":"NewsArticle","datePublished":"2021-06-17","headline":"H"}]}')
    assert (found.date_published, found.headline, found.is_article) == ("2021-06-17", "H", True)


@pytest.mark.parametrize("kind", ['"BlogPosting"', '["Article","NewsArticle"]', '"https://schema.org/NewsArticle"', '"PressRelease"'])
def test_article_types(kind):
    found = read('{"@type":%s,"datePublished":"2021-06-17"}' % kind)
    assert found.is_article and found.date_published == "2021-06-17"


def test_webpage_date_is_used_when_there_is_no_article():
    found = read('{"@type":"WebPage","datePublished":"2020-05-05","inLanguage":"de-DE"}')
    assert (found.is_article, found.date_published, found.language) == (False, "2020-05-05", "de-DE")


def test_article_nested_under_main_entity_and_list_blocks():
    found = read('[{"@type":"WebPage","mainEntity":{"@type":"Article","datePublished":"2022-01-02",'
                 '"author":[{"name":"A"},{"name":"B"}],"publisher":{"@type":"Organization","name":"Pub"}}}]')
    assert found.date_published == "2022-01-02" and found.authors == ["A", "B"] and found.publisher == "Pub"


@pytest.mark.parametrize(
    "block",
    [
        '<!-- {"@type":"NewsArticle","datePublished":"2021-06-17"} -->',
        '//<![CDATA[\n{"@type":"NewsArticle","datePublished":"2021-06-17",}\n//]]>',
        '{"@type":"NewsArticle","datePublished":"2021-06-17","description":"line\nbreak"}',
        '{"@type":"Organization","name":"X"}\n{"@type":"NewsArticle","datePublished":"2021-06-17"}',
        '{"@type":"NewsArticle","datePublished":"2021-06-17"};',
    ],
)
def test_damaged_blocks_are_repaired(block):
    assert read(block).date_published == "2021-06-17"


def test_unreadable_block_is_a_warning_and_others_still_count():
    found = read("{ nope", '{"@type":"NewsArticle","datePublished":"2021-06-17"}')
    assert found.date_published == "2021-06-17"
    assert any("not valid JSON" in w for w in found.warnings)


@pytest.mark.parametrize(
    ("block", "free"),
    [
        ('{"@type":"NewsArticle","isAccessibleForFree":false}', False),
        ('{"@type":"NewsArticle","isAccessibleForFree":"False"}', False),
        ('{"@type":"NewsArticle","isAccessibleForFree":"true"}', True),
        ('{"@type":"NewsArticle","hasPart":[{"@type":"WebPageElement","isAccessibleForFree":false}]}', False),
        ('{"@type":"NewsArticle"}', None),
    ],
)
def test_paywall_flag(block, free):
    assert read(block).free is free


def test_pathological_nesting_does_not_blow_up():
    deep = '{"a":' * 500 + '{"@type":"NewsArticle","datePublished":"2021-06-17"}' + "}" * 500
    read(deep)  # must return (the article is too deep to matter), not recurse forever


def test_too_deep_block_is_skipped_not_fatal():
    found = read("[" * 100_000, '{"@type":"NewsArticle","datePublished":"2021-06-17"}')
    assert found.date_published == "2021-06-17"
    assert any("not valid JSON" in w for w in found.warnings)


def test_huge_array_is_walked_in_bounded_time():
    found = read("[" + "1," * 300_000 + '{"@type":"NewsArticle","datePublished":"2021-06-17"}]')
    assert found.date_published == "2021-06-17"
