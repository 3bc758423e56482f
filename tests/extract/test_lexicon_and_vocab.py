"""The multi-pattern matcher keeps word boundaries; vocabularies are validated."""

from __future__ import annotations

import pytest
import yaml

from pipeline.extract.lexicon import Lexicon, fold_same_length
from pipeline.extract.vocab import EventsVocab, get_vocabulary


def test_word_boundaries_and_wildcards() -> None:
    lex = Lexicon([("viral vector", "vv"), ("zelltherapie*", "cell"), ("*gentherapie", "gene")])
    hits = lex.find(fold_same_length("A lentiviral vector, Zelltherapien und Stammzell-Gentherapie"))
    keys = [(h.key, h.start) for h in hits]
    assert ("vv", 2) not in keys  # 'lentiviral vector' is not 'viral vector'
    assert any(k == "cell" for k, _ in keys)
    assert any(k == "gene" for k, _ in keys)


def test_longest_match_wins() -> None:
    lex = Lexicon([("approval", "approval"), ("gmp approval", "opening")])
    hits = lex.find(fold_same_length("The site received GMP approval."))
    assert [h.key for h in hits] == ["opening"]


def test_fold_keeps_offsets() -> None:
    text = "İstanbul’s plant"
    assert len(fold_same_length(text)) == len(text)


def test_shipped_vocabularies_load() -> None:
    vocab = get_vocabulary()
    assert vocab.event_lexicon.size > 100
    for lang in ("en", "de", "fr", "nl", "it", "es", "sv"):
        assert vocab.events.groups["acquisition"].cues.get(lang), f"no acquisition cues for {lang}"


def test_bad_vocabulary_is_rejected() -> None:
    data = yaml.safe_load("priority: [approval]\ngroups: {approval: {cues: {xx: [a]}}}\npassive_acquisition: {}\ncommentary: {}")
    with pytest.raises(Exception):
        EventsVocab.model_validate(data)
