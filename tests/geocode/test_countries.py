from __future__ import annotations

import pytest

from pipeline.geocode.countries import country_from_name, country_name, is_world_region


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Belgium", "BE"),
        ("Belgique", "BE"),
        ("België", "BE"),
        ("Belgien", "BE"),
        ("Deutschland", "DE"),
        ("Allemagne", "DE"),
        ("Duitsland", "DE"),
        ("Germania", "DE"),
        ("Alemania", "DE"),
        ("Tyskland", "DE"),
        ("the Netherlands", "NL"),
        ("Nederland", "NL"),
        ("Pays-Bas", "NL"),
        ("Niederlande", "NL"),
        ("Holland", "NL"),
        ("Schweiz", "CH"),
        ("Suisse", "CH"),
        ("Svizzera", "CH"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("United Kingdom", "GB"),
        ("Great Britain", "GB"),
        ("USA", "US"),
        ("United States", "US"),
        ("Österreich", "AT"),
        ("Czech Republic", "CZ"),
        ("Éire", "IE"),
    ],
)
def test_country_names_in_many_languages(text: str, code: str) -> None:
    assert country_from_name(text) == code


@pytest.mark.parametrize("text", ["Ghent, Belgium", "us", "Gent", "Europe", "", "   ", "EMEA"])
def test_not_a_country(text: str) -> None:
    assert country_from_name(text) is None


def test_acronyms_need_capitals() -> None:
    assert country_from_name("US") == "US"
    assert country_from_name("us") is None


def test_world_regions_in_several_languages() -> None:
    for name in ("Europe", "Europa", "Western Europe", "Latin America", "Asia"):
        assert is_world_region(name), name
    assert not is_world_region("Belgium")


def test_english_short_names() -> None:
    assert country_name("NL") == "Netherlands"
    assert country_name("DE") == "Germany"
