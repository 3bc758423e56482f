"""Take a written place mention apart: parts, qualifiers and word spans.

"Stevenage, Hertfordshire", "Gosselies (Charleroi)", "Cambridge, MA 02139, USA"
and "Rue de l'Institut 89, 1330 Rixensart" all name one place plus qualifiers.
We split on commas, semicolons, slashes, brackets and spaced dashes, and drop
words with digits (house numbers, postcodes) from each part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.geocode.normalise import normalise, tokens_with_joins

_SPLIT = re.compile(r"\s*(?:[,;/|()\[\]]|\s[-–—]\s)\s*")
_HAS_DIGIT = re.compile(r"\S*\d\S*")


@dataclass(frozen=True)
class Part:
    """One comma- or bracket-separated piece of a mention."""

    raw: str
    key: str


def split_parts(text: str) -> list[Part]:
    """Non-empty parts of a mention, digits removed, in written order."""
    parts = []
    for piece in _SPLIT.split(text):
        cleaned = " ".join(_HAS_DIGIT.sub(" ", piece).split())
        key = normalise(cleaned)
        if key:
            parts.append(Part(cleaned, key))
    return parts


@dataclass(frozen=True)
class Span:
    """A run of consecutive words inside a part."""

    key: str
    start: int
    length: int


def word_spans(text: str, skip_words: frozenset[str], max_len: int = 6) -> Iterator[Span]:
    """Spans that could be a place name inside a longer name, leftmost first, then longest.

    Leftmost first because a compound's first element is its main place
    ("Planegg-Martinsried", "Puurs-Sint-Amands"), and a park or campus usually
    leads with its town ("Leiden Bio Science Park"); longest at each start, so
    "Frankfurt am Main ..." is tried before "Frankfurt".

    A span must start with a capitalised word when the text has any capitals
    (place names are proper nouns), may not consist only of ``skip_words``
    (park, science, the ...), and a single word needs at least three letters.
    A span may not stop before a glued lower-case particle: "Marcy" is not a
    place inside "Marcy-l'Étoile", nor "Neuville" inside "Neuville-sur-Saône".
    """
    tokens = tokens_with_joins(text)
    has_caps = any(cap for _, cap, _ in tokens)
    n = len(tokens)
    for start in range(n):
        for length in range(min(n - start, max_len), 0, -1):
            window = tokens[start : start + length]
            if has_caps and not window[0][1]:
                continue
            end = start + length
            if end < n and tokens[end][2] and not tokens[end][1]:
                continue
            words = [w for w, _, _ in window]
            if all(w in skip_words for w in words):
                continue
            if length == 1 and (len(words[0]) < 3 or words[0].isdigit()):
                continue
            yield Span(" ".join(words), start, length)
