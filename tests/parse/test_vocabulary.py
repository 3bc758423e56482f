"""The parser's word lists load, validate and do what their names say."""

from __future__ import annotations

import pytest

from pipeline.parse.vocabulary import VOCABULARY_FILE, all_phrases, vocabulary, wire_patterns
from schemas.article import ParseVocabulary


def test_vocabulary_file_validates():
    vocab = vocabulary()
    assert isinstance(vocab, ParseVocabulary)
    assert VOCABULARY_FILE.name == "vocabulary.yml"


def test_unknown_keys_are_refused():
    data = vocabulary().model_dump() | {"surprise": []}
    with pytest.raises(ValueError):
        ParseVocabulary.model_validate(data)


@pytest.mark.parametrize(
    ("marker", "wire"),
    [
        ("(GLOBE NEWSWIRE)", "GLOBE NEWSWIRE"),
        ("--(BUSINESS WIRE)--", "BUSINESS WIRE"),
        ("/PRNewswire/", "PR NEWSWIRE"),
        ("/PRNewswire-FirstCall/", "PR NEWSWIRE"),
        ("(Reuters)", "REUTERS"),
        ("(dpa-AFX)", "DPA-AFX"),
        ("(dpa)", "DPA"),
        ("(Agence France-Presse)", "AFP"),
        ("(EUROPA PRESS)", "EUROPA PRESS"),
        ("(BELGA)", "BELGA"),
        ("(ANSA)", "ANSA"),
    ],
)
def test_wire_markers_are_recognised(marker, wire):
    names = [name for name, pattern in wire_patterns() if pattern.search(marker)]
    assert names and names[0] == wire


def test_phrases_are_casefolded_and_longest_first():
    phrases = all_phrases({"en": ["Subscribe", "subscribe to read"], "de": ["Nur für Abonnenten"]})
    assert set(phrases) == {"subscribe", "subscribe to read", "nur für abonnenten"}
    assert [len(p) for p in phrases] == sorted((len(p) for p in phrases), reverse=True)


def test_every_language_with_paywall_phrases_has_byline_cues():
    vocab = vocabulary()
    assert set(vocab.paywall_markers) - {"da"} <= set(vocab.byline_cues)


def test_code_page_families_must_cover_the_fallback_encodings():
    data = vocabulary().model_dump()
    data["fallback_encodings"] = [*data["fallback_encodings"], "cp1257"]
    with pytest.raises(ValueError, match="exactly once"):
        ParseVocabulary.model_validate(data)
    data = vocabulary().model_dump()
    data["fallback_encodings"] = [*data["fallback_encodings"], "no-such-codec"]
    data["code_page_families"]["western"]["encodings"].append("no-such-codec")
    with pytest.raises(ValueError):
        ParseVocabulary.model_validate(data)
