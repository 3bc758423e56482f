"""Tickers, former names and parents learned from announcement text, with provenance."""

from __future__ import annotations

from pipeline.resolve.aliases import learn_aliases


def _facts(text: str):
    return learn_aliases(text, "ann-1", "https://example.org/release")


def test_ticker_after_a_name_with_legal_form() -> None:
    text = "LONDON, May 2, 2024 -- Autolus Therapeutics plc (Nasdaq: AUTL), a CAR-T company, announced"
    (fact,) = _facts(text)
    assert (fact.kind, fact.name, fact.value, fact.exchange) == ("ticker", "Autolus Therapeutics plc", "AUTL", "Nasdaq")
    assert text[fact.span[0]:fact.span[1]] == fact.evidence
    assert fact.announcement_id == "ann-1" and fact.source_url == "https://example.org/release"


def test_two_listings_in_one_parenthesis() -> None:
    facts = _facts("Cellectis S.A. (Euronext Growth: ALCLS; Nasdaq: CLLS) reported results.")
    assert {(f.name, f.value) for f in facts} == {("Cellectis S.A.", "ALCLS"), ("Cellectis S.A.", "CLLS")}


def test_comma_before_legal_form_belongs_to_the_name() -> None:
    (fact,) = _facts("BALTIMORE--(BUSINESS WIRE)-- Catalent, Inc. (NYSE: CTLT) agreed to buy a plant.")
    assert fact.name == "Catalent, Inc."


def test_a_parenthesis_without_an_exchange_is_not_a_ticker() -> None:
    assert _facts("The plant (Phase 2: ABC) opened.") == []


def test_former_name_in_parentheses_and_after_a_comma() -> None:
    facts = _facts("Celyad (formerly Cardio3 BioSciences) today said. "
                   "NorthX Biologics AB, formerly known as Cobra Biologics Matfors AB, is a CDMO.")
    pairs = {(f.name, f.value) for f in facts if f.kind == "former_name"}
    assert pairs == {("Celyad", "Cardio3 BioSciences"), ("NorthX Biologics AB", "Cobra Biologics Matfors AB")}


def test_renaming_sentence_gives_the_old_name_as_former() -> None:
    (fact,) = _facts("In 2020 GE Healthcare Life Sciences was renamed Cytiva.")
    assert (fact.kind, fact.name, fact.value) == ("former_name", "Cytiva", "GE Healthcare Life Sciences")


def test_subsidiary_links_child_to_parent() -> None:
    facts = _facts("After closing, Orchard will then become a wholly owned subsidiary of Kyowa Kirin.")
    assert [(f.kind, f.name, f.value) for f in facts] == [("subsidiary_of", "Orchard", "Kyowa Kirin")]


def test_cue_words_are_multilingual_data() -> None:
    facts = _facts("Die Mendus AB (ehemals Immunicum) gab bekannt.")
    assert [(f.kind, f.value) for f in facts] == [("former_name", "Immunicum")]
