from __future__ import annotations

from pipeline.geocode.mention import split_parts, word_spans


def keys(text: str) -> list[str]:
    return [p.key for p in split_parts(text)]


def test_parts_split_on_commas_brackets_and_spaced_dashes() -> None:
    assert keys("Stevenage, Hertfordshire") == ["stevenage", "hertfordshire"]
    assert keys("Gosselies (Charleroi)") == ["gosselies", "charleroi"]
    assert keys("Paris - France") == ["paris", "france"]
    assert keys("Berlin-Buch") == ["berlin buch"]  # an unspaced hyphen belongs to the name


def test_parts_drop_house_numbers_and_postcodes() -> None:
    assert keys("Cambridge, MA 02139, USA") == ["cambridge", "ma", "usa"]
    assert keys("Rue de l'Institut 89, 1330 Rixensart") == ["rue de l institut", "rixensart"]
    assert keys("Milton Road, Cambridge CB4 0FZ") == ["milton road", "cambridge"]


def test_spans_go_leftmost_first_and_longest_at_each_start() -> None:
    spans = [s.key for s in word_spans("Frankfurt am Main Campus", frozenset({"campus", "am"}))]
    assert spans[:3] == ["frankfurt am main campus", "frankfurt am main", "frankfurt am"]
    assert spans.index("frankfurt am main") < spans.index("frankfurt")


def test_spans_skip_lower_case_starts_and_vocabulary_only_spans() -> None:
    skip = frozenset({"science", "park", "tech", "lane"})
    spans = [s.key for s in word_spans("Tech Lane Ghent Science Park", skip)]
    assert "science park" not in spans and "tech lane" not in spans
    assert "ghent" in spans
    assert [s.key for s in word_spans("our european hub", frozenset({"our", "hub"}))] == [
        "our european hub",
        "our european",
        "european hub",
        "european",
    ]  # no capitals at all: every span may be tried (the caller filters vocabulary)
    assert [s.key for s in word_spans("our European hub", frozenset({"our", "hub"}))] == ["european hub", "european"]
