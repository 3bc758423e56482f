"""Dates in metadata, URLs and running text, in the pipeline's languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.parse.dates import (
    date_from_url,
    find_dates,
    is_ambiguous_numeric,
    parse_structured_date,
    parse_text_date,
    today,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-06-17", date(2021, 6, 17)),
        ("2021-06-17T23:30:00-05:00", date(2021, 6, 17)),  # local date, not UTC
        ("2021-06-17T01:00:00+09:00", date(2021, 6, 17)),
        ("2021-06-17 10:00:00", date(2021, 6, 17)),
        ("20210617", date(2021, 6, 17)),
        ("2021/06/17", date(2021, 6, 17)),
        ("Thu, 17 Jun 2021 10:00:00 GMT", date(2021, 6, 17)),
        ("17 June 2021", date(2021, 6, 17)),
        ("0000-00-00", None),
        ("1970-01-01T00:00:00Z", None),  # placeholder epochs are not publication dates
        ("", None),
        ("not a date", None),
        (None, None),
    ],
)
def test_structured_dates(raw, expected):
    assert parse_structured_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("17. Juni 2021", date(2021, 6, 17)),
        ("17 juin 2021", date(2021, 6, 17)),
        ("1er mars 2022", date(2022, 3, 1)),
        ("17 juni 2021", date(2021, 6, 17)),
        ("17 giugno 2021", date(2021, 6, 17)),
        ("10 de febrero de 2021", date(2021, 2, 10)),
        ("17 juni 2021", date(2021, 6, 17)),
        ("Sept. 20, 2022", date(2022, 9, 20)),
        ("Mar. 4, 2019", date(2019, 3, 4)),
        ("01-Feb-2022", date(2022, 2, 1)),
        ("17/06/2021", date(2021, 6, 17)),  # day first, as Europe writes it
        ("06/17/2021", date(2021, 6, 17)),  # month first only when day first is impossible
        ("17.06.2021", date(2021, 6, 17)),
        ("31 February 2021", None),
        ("17 patients 2021", None),
    ],
)
def test_text_dates(raw, expected):
    assert parse_text_date(raw) == expected


def test_future_dates_are_not_believed():
    future = today() + timedelta(days=30)
    assert parse_structured_date(future.isoformat()) is None


def test_find_dates_gives_spans_in_order():
    text = "Published 17 June 2021, updated on 2 July 2021 by the desk."
    found = find_dates(text)
    assert [f.value for f in found] == [date(2021, 6, 17), date(2021, 7, 2)]
    assert text[found[0].start:found[0].end] == "17 June 2021"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.trade.example/Article/2021/06/17/Firm-opens-plant", date(2021, 6, 17)),
        ("https://news.example/2019/02/05/news/story-1.37321915", date(2019, 2, 5)),
        ("https://wire.example/news/home/20220516006094/en", date(2022, 5, 16)),
        ("https://blog.example/2021-06-17-new-plant.html", date(2021, 6, 17)),
        ("https://site.example/artikel/aktien/firm-20251149.html", None),  # not a date
        ("https://site.example/node/1769938?date=2021-06-17", None),  # only the path counts
        ("https://site.example/news/2021/13/45/x", None),
        ("not a url", None),
    ],
)
def test_dates_in_urls(url, expected):
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    ("raw", "month_first", "expected"),
    [
        ("06/07/2021", False, date(2021, 7, 6)),
        ("06/07/2021", True, date(2021, 6, 7)),
        ("06-07-2021", True, date(2021, 6, 7)),
        ("17/06/2021", True, date(2021, 6, 17)),  # only day first is a real date
        ("06/17/2021", False, date(2021, 6, 17)),  # only month first is a real date
        ("06.07.2021", True, date(2021, 7, 6)),  # dotted dates are day first wherever they appear
        ("June 7, 2021", True, date(2021, 6, 7)),
    ],
)
def test_numeric_order_can_be_month_first(raw, month_first, expected):
    assert parse_text_date(raw, month_first=month_first) == expected


@pytest.mark.parametrize(
    ("raw", "ambiguous"),
    [("06/07/2021", True), ("6-7-2021", True), ("07/07/2021", False), ("17/06/2021", False),
     ("06.07.2021", False), ("2021-06-07", False), ("June 7, 2021", False)],
)
def test_ambiguous_numeric_dates(raw, ambiguous):
    assert is_ambiguous_numeric(raw) is ambiguous


def test_find_dates_passes_the_order_on():
    assert find_dates("Posted 06/07/2021 by the desk", month_first=True)[0].value == date(2021, 6, 7)
