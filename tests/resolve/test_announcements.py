"""Syndicated copies of one release count once; different releases stay apart."""

from __future__ import annotations

from pipeline.resolve import dedupe_announcements

BODY = " ".join(f"word{i}" for i in range(120))


def test_same_headline_same_day_is_one_release() -> None:
    items = [
        {"id": "b", "title": "Acme opens cell therapy plant in Leiden", "published": "2024-03-05", "url": "https://wire.example/b"},
        {"id": "a", "title": "ACME Opens Cell-Therapy Plant in Leiden!", "published": "2024-03-05", "url": "https://news.example/a"},
        {"id": "c", "title": "Acme opens cell therapy plant in Leiden", "published": "2025-03-05", "url": "https://news.example/c"},
    ]
    mapping = dedupe_announcements(items)
    assert mapping["a"] == mapping["b"] == "a"  # same date: the smaller URL wins
    assert mapping["c"] == "c"  # a year later is another event with the same words


def test_long_headline_republished_days_later_keeps_the_earliest() -> None:
    title = "Acme breaks ground on viral vector manufacturing facility in Ghent"
    items = [{"id": "late", "title": title, "published": "2024-03-07", "url": "https://a.example/1"},
             {"id": "early", "title": title, "published": "2024-03-05", "url": "https://z.example/1"}]
    assert dedupe_announcements(items) == {"late": "early", "early": "early"}


def test_near_identical_text_under_another_headline_is_a_copy() -> None:
    items = [
        {"id": "x", "title": "Press release", "published": "2024-01-01", "text": "PRESS RELEASE " + BODY},
        {"id": "y", "title": "Acme news", "published": None, "text": BODY + " Contact: press office."},
    ]
    assert dedupe_announcements(items) == {"x": "x", "y": "x"}


def test_different_texts_and_headlines_stay_apart() -> None:
    other = " ".join(f"other{i}" for i in range(120))
    items = [{"id": "x", "title": "Acme buys Beta", "published": "2024-01-01", "text": BODY},
             {"id": "y", "title": "Gamma opens plant", "published": "2024-01-01", "text": other}]
    assert dedupe_announcements(items) == {"x": "x", "y": "y"}


def test_choice_does_not_depend_on_order() -> None:
    items = [{"id": str(i), "title": "Acme opens cell therapy plant in Leiden", "published": "2024-03-05",
              "url": f"https://site{i}.example/"} for i in range(5)]
    assert dedupe_announcements(items) == dedupe_announcements(items[::-1])
