from __future__ import annotations

import pytest

from pipeline.geocode.normalise import is_latin_key, normalise, tokens_with_case, umlaut_variant


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Braine-l'Alleud", "braine l alleud"),
        ("Braine l’Alleud", "braine l alleud"),
        ("BRAINE L ALLEUD", "braine l alleud"),
        ("Biberach an der Riß", "biberach an der riss"),
        ("Gdańsk", "gdansk"),
        ("Łódź", "lodz"),
        ("København", "kobenhavn"),
        ("Ærøskøbing", "aeroskobing"),
        ("Halle (Saale)", "halle saale"),
        ("  St. Gallen  ", "st gallen"),
        ("Évry-Courcouronnes", "evry courcouronnes"),
    ],
)
def test_normalise_folds_case_accents_and_punctuation(written: str, key: str) -> None:
    assert normalise(written) == key


def test_normalise_of_punctuation_only_is_empty() -> None:
    assert normalise(" - ( ) ' ") == ""


def test_umlaut_variant_spells_out_umlauts_only_when_present() -> None:
    assert umlaut_variant("München") == "Muenchen"
    assert umlaut_variant("Zürich") == "Zuerich"
    assert umlaut_variant("Paris") is None


def test_latin_keys_are_ascii_after_folding() -> None:
    assert is_latin_key(normalise("Göteborg"))
    assert not is_latin_key(normalise("Гент"))


def test_tokens_keep_whether_each_word_was_capitalised() -> None:
    assert tokens_with_case("our European hub") == [("our", False), ("european", True), ("hub", False)]
    assert tokens_with_case("Saint-Priest") == [("saint", True), ("priest", True)]


def test_tokens_know_when_they_are_glued_by_hyphen_or_apostrophe() -> None:
    from pipeline.geocode.normalise import tokens_with_joins

    assert tokens_with_joins("Marcy-l'Étoile") == [("marcy", True, False), ("l", False, True), ("etoile", True, True)]
    assert tokens_with_joins("Rosia di Sovicille")[1] == ("di", False, False)
