"""Load the parser's curated word lists once, validated, so a typo fails loudly at start."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from schemas.article import ParseVocabulary

VOCABULARY_FILE = Path(__file__).with_name("data") / "vocabulary.yml"


@cache
def vocabulary() -> ParseVocabulary:
    """The validated vocabulary (cached for the process)."""
    with VOCABULARY_FILE.open(encoding="utf-8") as fh:
        return ParseVocabulary.model_validate(yaml.safe_load(fh))


@cache
def wire_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(canonical wire name, compiled marker pattern) pairs, in file order."""
    return tuple(
        (wire.name, re.compile(pattern, re.IGNORECASE))
        for wire in vocabulary().wires
        for pattern in wire.patterns
    )


def all_phrases(per_language: dict[str, list[str]]) -> tuple[str, ...]:
    """Every phrase of a per-language list, lower-cased, longest first."""
    phrases = {p.casefold() for words in per_language.values() for p in words}
    return tuple(sorted(phrases, key=len, reverse=True))
