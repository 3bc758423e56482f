"""English display names: rules and reviewed entries of the curated file, checked against the gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.geocode import Geocoder
from pipeline.geocode.curated import load_curated
from pipeline.geocode.english import DisplayNames
from pipeline.geocode.gazetteer import Gazetteer, build_index
from schemas.geo import EnglishName, EnglishNames
from tests.geocode.test_gazetteer import city


@pytest.mark.parametrize(
    ("mention", "hint", "name", "gazetteer_name"),
    [
        # a local name, an exonym written in the text, an official long form
        ("Gent", "BE", "Ghent", "Gent"),
        ("Ghent", None, "Ghent", "Gent"),
        ("Köln", "DE", "Cologne", "Köln"),
        ("Frankfurt am Main", "DE", "Frankfurt", "Frankfurt am Main"),
        ("Enfield", "GB", "Enfield", "Enfield Town"),
        ("Kgs. Lyngby", "DK", "Lyngby", "Kongens Lyngby"),
        ("Zürich", "CH", "Zurich", "Zürich"),
        ("Cluain Meala", "IE", "Clonmel", "Cluain Meala"),  # GeoNames names a few Irish towns in Irish
        # double names "A / B": a rule picks the half English uses, an entry may still win
        ("Donostia", "ES", "San Sebastián", "Donostia / San Sebastián"),
        ("Arrasate", "ES", "Mondragón", "Arrasate / Mondragón"),  # no entry: the rule alone
        ("Vitoria", "ES", "Vitoria-Gasteiz", "Gasteiz / Vitoria"),  # the entry beats the rule
        ("Murten", "CH", "Murten", "Murten/Morat"),
        ("Biel", "CH", "Biel/Bienne", "Biel/Bienne"),  # no rule: the official double name is kept
        # a quarter of a Zurich municipality: the municipality, then its English name
        ("Oerlikon", "CH", "Zurich", "Zürich (Kreis 11) / Oerlikon"),
        ("Thalwil", "CH", "Thalwil", "Thalwil"),
        # stress accents of Greek romanisations
        ("Thessaloniki", "GR", "Thessaloniki", "Thessaloníki"),
        ("Ioannina", "GR", "Ioannina", "Ioánnina"),
        # names GeoNames already gives in English are untouched
        ("München", "DE", "Munich", "Munich"),
        ("Lisboa", "PT", "Lisbon", "Lisbon"),
        ("Kraków", "PL", "Kraków", "Kraków"),
        ("Halle (Saale)", "DE", "Halle (Saale)", "Halle (Saale)"),
    ],
)
def test_answers_carry_the_english_name_and_the_geonames_name(
    geocoder: Geocoder, mention: str, hint: str | None, name: str, gazetteer_name: str
) -> None:
    r = geocoder.geocode(mention, hint)
    assert (r.name, r.gazetteer_name) == (name, gazetteer_name), r.rule


def test_candidates_carry_both_names(geocoder: Geocoder) -> None:
    ghent = geocoder.candidates("Gent", "BE")[0]
    assert (ghent.name, ghent.gazetteer_name, ghent.kind) == ("Ghent", "Gent", "locality")


def test_a_park_answers_with_its_towns_english_name(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Tech Lane Ghent Science Park", "BE")
    assert (r.name, r.gazetteer_name, r.rule) == ("Ghent", "Gent", "curated_site")


def test_the_cli_line_keeps_its_keys_with_the_english_name(geocoder: Geocoder) -> None:
    line = geocoder.geocode("Gent", "BE").as_output("a")
    assert list(line) == ["id", "name", "country", "lat", "lon", "precision", "rule", "reason"]
    assert line["name"] == "Ghent"


def test_every_reviewed_entry_is_found_again_by_its_english_name(geocoder: Geocoder) -> None:
    # the English name is also a key of the index, so a table's city can be geocoded again
    for entry in load_curated().english_names.places:
        r = geocoder.geocode(entry.name, entry.country)
        assert (r.name, r.gazetteer_name) == (entry.name, entry.geonames), entry


def test_regions_and_countries_have_no_geonames_name(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Bavaria").gazetteer_name is None
    assert geocoder.geocode("Belgique").gazetteer_name is None


# ---------------------------------------------------------------------------- rules, without the gazetteer

RULES = EnglishNames.model_validate(
    {
        "accent_free": ["GR"],
        "slash_names": [
            {"country": "ES", "admin1": ["59"], "keep": "second"},
            {"country": "CH", "admin1": ["ZH"], "keep": "first"},
            {"country": "AT", "keep": "first"},
        ],
        "places": [{"country": "CH", "geonames": "Zürich", "name": "Zurich"}],
    }
)


@pytest.mark.parametrize(
    ("name", "country", "admin1", "shown"),
    [
        ("Donostia / San Sebastián", "ES", "59", "San Sebastián"),
        ("Sangüesa/Zangoza", "ES", "32", "Sangüesa/Zangoza"),  # no rule for this unit
        ("Zürich (Kreis 11) / Oerlikon", "CH", "ZH", "Zurich"),  # bracket dropped, then the entry
        ("Dietlikon / Dietlikon (Dorf)", "CH", "ZH", "Dietlikon"),
        ("Biel/Bienne", "CH", "BE", "Biel/Bienne"),
        ("Bleiburg/Pliberk", "AT", "02", "Bleiburg"),  # a rule for the whole country
        ("Lárisa", "GR", "42", "Larisa"),
        ("Zürich", "CH", "ZH", "Zurich"),
        ("Zürich", "AT", "01", "Zürich"),  # entries are per country
    ],
)
def test_rules_then_entries(name: str, country: str, admin1: str, shown: str) -> None:
    assert DisplayNames(RULES).display(1, name, country, admin1) == shown


def test_an_entry_keyed_by_geonameid_names_only_that_place() -> None:
    section = EnglishNames.model_validate({"places": [{"country": "DE", "geonames": "Neustadt", "name": "X", "geonameid": 7}]})
    names = DisplayNames(section)
    assert names.display(7, "Neustadt", "DE", None) == "X"
    assert names.display(8, "Neustadt", "DE", None) == "Neustadt"


def test_the_schema_refuses_entries_that_change_nothing_or_repeat() -> None:
    with pytest.raises(ValidationError, match="changes nothing"):
        EnglishName.model_validate({"country": "PL", "geonames": "Kraków", "name": "Kraków"})
    with pytest.raises(ValidationError, match="twice"):
        EnglishNames.model_validate({"places": [{"country": "BE", "geonames": "Gent", "name": "Ghent"}] * 2})
    with pytest.raises(ValidationError, match="two slash_names rules"):
        EnglishNames.model_validate({"slash_names": [{"country": "ES", "keep": "first"}, {"country": "ES", "keep": "second"}]})
    with pytest.raises(ValidationError):
        EnglishNames.model_validate({"slash_names": [{"country": "ES", "keep": "both"}]})


# ---------------------------------------------------------------------------- entries checked against a gazetteer


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    folder: Path = tmp_path_factory.mktemp("english") / "index"
    build_index(
        folder,
        [
            city(1, "Gent", "BE", 265_000, 51.05, 3.72, ["Ghent"]),
            city(2, "Neustadt", "DE", 50_000, 49.35, 8.14, []),
            city(3, "Neustadt", "DE", 30_000, 54.11, 10.81, []),
            city(4, "Donostia / San Sebastián", "ES", 185_000, 43.31, -1.97, [], "59"),
        ],
    )
    return Gazetteer(folder)


def _check(small: Gazetteer, **section: object) -> None:
    DisplayNames(EnglishNames.model_validate(section)).check(small)


def test_entries_must_name_one_geonames_place_and_change_it(small: Gazetteer) -> None:
    _check(small, places=[{"country": "BE", "geonames": "Gent", "name": "Ghent"}])
    with pytest.raises(ValueError, match="no GeoNames place 'Gent' \\(NL\\)"):
        _check(small, places=[{"country": "NL", "geonames": "Gent", "name": "Ghent"}])
    with pytest.raises(ValueError, match="no GeoNames place 'Ghent'"):  # an alternate name is not the GeoNames name
        _check(small, places=[{"country": "BE", "geonames": "Ghent", "name": "Gand"}])
    with pytest.raises(ValueError, match="several GeoNames places 'Neustadt'.*give the geonameid"):
        _check(small, places=[{"country": "DE", "geonames": "Neustadt", "name": "New Town"}])
    _check(small, places=[{"country": "DE", "geonames": "Neustadt", "name": "New Town", "geonameid": 3}])
    with pytest.raises(ValueError, match="changes nothing"):
        _check(
            small,
            slash_names=[{"country": "ES", "admin1": ["59"], "keep": "second"}],
            places=[{"country": "ES", "geonames": "Donostia / San Sebastián", "name": "San Sebastián"}],
        )


def test_the_packaged_entries_pass_the_check(geocoder: Geocoder) -> None:
    geocoder.display_names.check(geocoder.gazetteer)  # the geocoder also runs it when it starts
    assert geocoder.curated.english_names.places
