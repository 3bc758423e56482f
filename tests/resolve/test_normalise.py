"""Names to keys: legal forms in European languages, accents, case, '&', descriptors."""

from __future__ import annotations

import pytest

from pipeline.resolve.normalise import (
    descriptors_compatible, name_forms, split_qualifier, strip_legal_forms, ticker_symbol,
)


@pytest.mark.parametrize(
    ("raw", "base"),
    [
        ("Acme plc", "Acme"),
        ("Acme Ltd", "Acme"),
        ("Acme GmbH", "Acme"),
        ("Acme AG", "Acme"),
        ("Acme SE", "Acme"),
        ("Acme S.A.", "Acme"),
        ("Acme SAS", "Acme"),
        ("Acme S.p.A.", "Acme"),
        ("Acme S.r.l.", "Acme"),
        ("Acme B.V.", "Acme"),
        ("Acme N.V.", "Acme"),
        ("Acme AB (publ)", "Acme"),
        ("Acme A/S", "Acme"),
        ("Acme Oy", "Acme"),
        ("Acme S.L.", "Acme"),
        ("Acme sp. z o.o.", "Acme"),
        ("Acme B.V. & Co. KG", "Acme"),
        ("Acme Co., Ltd.", "Acme"),
        ("Acme, Inc.", "Acme"),
    ],
)
def test_legal_forms_are_stripped(raw: str, base: str) -> None:
    assert strip_legal_forms(raw) == base


def test_a_name_that_is_only_a_legal_form_survives() -> None:
    assert strip_legal_forms("AB") == "AB"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Généthon", "GENETHON"),
        ("Cell & Gene Therapy Catapult", "Cell and Gene Therapy Catapult"),
        ("Hospital Clínic de Barcelona", "Hospital Clinic de Barcelona"),
        ("Oxford BioMedica", "Oxford Biomedica plc"),
        ("Braine-l'Alleud Bio SA", "Braine l'Alleud Bio"),
    ],
)
def test_spelling_variants_share_the_clean_key(a: str, b: str) -> None:
    assert name_forms(a).clean == name_forms(b).clean


def test_descriptors_are_set_aside_but_remembered() -> None:
    forms = name_forms("Kiadis Pharma N.V.")
    assert forms.core == "kiadis"
    assert forms.descriptors == {"pharma"}
    assert name_forms("Kiadis").core == "kiadis"


def test_core_never_shrinks_to_a_generic_or_tiny_word() -> None:
    assert name_forms("Cell Therapy Catapult").core == "cell therapy catapult"
    assert name_forms("GE Healthcare").core == "ge healthcare"


def test_clashing_descriptors_are_incompatible() -> None:
    genetics, technologies = name_forms("Delphi Biotech"), name_forms("Delphi Pharma")
    assert genetics.core == technologies.core
    assert not descriptors_compatible(genetics, technologies)
    assert descriptors_compatible(name_forms("Delphi"), genetics)


def test_a_distinguishing_word_keeps_the_subsidiary_apart() -> None:
    assert name_forms("Medigene Immunotherapies GmbH").core != name_forms("Medigene AG").core
    assert name_forms("Lonza Biologics Porriño").core != name_forms("Lonza Group Ltd").core


@pytest.mark.parametrize(
    ("raw", "symbol"),
    [("AUTL", "AUTL"), ("Nasdaq: QURE", "QURE"), ("MDG1", "MDG1"), ("Autolus", None), ("CELLISTIC", None)],
)
def test_ticker_shapes(raw: str, symbol: str | None) -> None:
    assert ticker_symbol(raw) == symbol


def test_abbreviations_of_long_names() -> None:
    abbreviations = name_forms("Cell and Gene Therapy Catapult").abbreviations
    assert "cgt catapult" in abbreviations
    assert "roslinct" in name_forms("Roslin Cell Therapies").abbreviations


def test_hyphenated_lower_case_word_qualifies_the_brand() -> None:
    forms = name_forms("Polyplus-transfection SA")
    assert forms.core == "polyplus" and forms.descriptors == {"transfection"}
    assert name_forms("T-knife GmbH").core == "t knife"  # a one-letter brand keeps its word
    assert name_forms("Bio-Techne").core == "bio techne"  # capitalised second part: one name


@pytest.mark.parametrize(
    ("raw", "kind", "text", "base"),
    [
        ("Northwind Medical Research Centre (NMRC)", "acronym", "NMRC", "Northwind Medical Research Centre"),
        ("Vectoria (Bigco AG)", "parent", "Bigco AG", "Vectoria"),
        ("Vectoria, a Bigco Company", "parent", "bigco", "Vectoria"),
        ("Vectoria (an Old Mill group company)", "parent", "old mill", "Vectoria"),
        ("Vectoria (a subsidiary of Bigco)", "parent", "bigco", "Vectoria"),
        ("Drug Research Centre (Northwind University)", "parent", "Northwind University", "Drug Research Centre"),
        ("Vectoria (formerly Oldname Bio)", "former", "Oldname Bio", "Vectoria"),
        ("Vectoria (Bigco)", "other", "Bigco", "Vectoria"),
        ("Vectoria (Modena) Srl", "other", "Modena", "Vectoria Srl"),
        ("Vectoria Hospital (VHX)", "other", "VHX", "Vectoria Hospital"),
    ],
)
def test_trailing_qualifiers_are_read(raw: str, kind: str, text: str, base: str) -> None:
    qualifier = split_qualifier(raw)
    assert qualifier is not None
    assert (qualifier.kind, qualifier.text, qualifier.base) == (kind, text, base)


@pytest.mark.parametrize("raw", ["Acme AB (publ)", "Acme, Inc.", "Acme Co., Ltd.", "Acme", "Acme (UK)"])
def test_legal_forms_and_plain_names_have_no_qualifier(raw: str) -> None:
    assert split_qualifier(raw) is None


def test_an_acronym_parent_or_former_name_does_not_change_the_keys() -> None:
    assert name_forms("Northwind Medical Research Centre (NMRC)").clean == "northwind medical research centre"
    assert name_forms("Vectoria, a Bigco Company").clean == name_forms("Vectoria").clean
    assert name_forms("Vectoria (Bigco AG)").core == name_forms("Vectoria SA").core
    assert name_forms("Vectoria (formerly Oldname Bio)").clean == "vectoria"
    # a place, or a word only the name graph can place, stays part of the name
    assert name_forms("Vectoria (Modena) Srl").clean == "vectoria modena"
    assert name_forms("Vectoria (Bigco)").clean == "vectoria bigco"
