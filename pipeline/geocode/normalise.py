"""One normal form for place names, shared by the index and the queries.

Case is folded, accents are stripped, letters that Unicode does not decompose
(ł, ø, æ, đ ...) are spelled out, and every run of punctuation (hyphens,
apostrophes, dots, brackets) becomes one space. So "Braine-l'Alleud",
"Braine l'Alleud" and "BRAINE L ALLEUD" share the key ``braine l alleud``.

The folding is a ``str.translate`` table that fills itself one character at a
time, so normalising a name costs one C-level pass.
"""

from __future__ import annotations

import re
import unicodedata

# Latin letters with no Unicode decomposition to a base letter.
_SPECIAL = {
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ŋ": "ng", "ß": "ss",
}
# German umlauts also spelled with a trailing e (Muenchen, Zuerich, Koeln).
_UMLAUT_E = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})

_SPACES = re.compile(r" {2,}")
_TOKEN = re.compile(r"[^\W_]+")


class _FoldTable(dict[int, str]):
    """Character -> folded text, computed on first sight of each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        out = []
        for part in char.casefold():
            part = _SPECIAL.get(part, part)
            for c in unicodedata.normalize("NFKD", part):
                if unicodedata.combining(c):
                    continue
                out.append(c if c.isalnum() else " ")
        folded = "".join(out)
        self[code] = folded
        return folded


_FOLD = _FoldTable()
_SEPARATOR = "\x1f"  # unit separator: never part of a name


class _FoldKeepSeparator(_FoldTable):
    def __missing__(self, code: int) -> str:
        if code == ord(_SEPARATOR):
            self[code] = _SEPARATOR
            return _SEPARATOR
        return super().__missing__(code)


_FOLD_KEEP_SEPARATOR = _FoldKeepSeparator()


def normalise_many(texts: list[str], *, umlaut_e: bool = False) -> list[str]:
    """``normalise`` for many names at once: one translate call over the joined text (index builds).

    With ``umlaut_e``, German umlauts are first spelled out (München -> muenchen).
    """
    if not texts:
        return []
    joined = _SEPARATOR.join(texts)
    if umlaut_e:
        joined = joined.translate(_UMLAUT_E)
    joined = joined.translate(_FOLD_KEEP_SEPARATOR)
    return [" ".join(piece.split()) for piece in joined.split(_SEPARATOR)]


def normalise(text: str) -> str:
    """The lookup key of a name: folded, accent-free, words split by single spaces."""
    folded = text.translate(_FOLD)
    if "  " in folded:
        folded = _SPACES.sub(" ", folded)
    return folded.strip()


def umlaut_variant(text: str) -> str | None:
    """The ae/oe/ue spelling of a name with German umlauts, or None if it has none."""
    if not any(c in text for c in "äöüÄÖÜ"):
        return None
    return text.translate(_UMLAUT_E)


def is_latin_key(key: str) -> bool:
    """True when a key is plain ASCII: the name was written in Latin script."""
    return key.isascii()


def tokens_with_case(text: str) -> list[tuple[str, bool]]:
    """Normalised words of ``text``, each with whether it was written capitalised.

    Place names are proper nouns: a span of free text that starts with a
    lower-case word ("our european hub") is not looked up as a place.
    """
    return [(word, capital) for word, capital, _ in tokens_with_joins(text)]


_JOINERS = frozenset("-'’‐‑–")


def tokens_with_joins(text: str) -> list[tuple[str, bool, bool]]:
    """Like :func:`tokens_with_case`, plus whether each word is glued to the one before.

    Glued means joined by a hyphen or apostrophe with no space, as inside
    "Marcy-l'Étoile" or "Neuville-sur-Saône".
    """
    out: list[tuple[str, bool, bool]] = []
    previous_end = None
    for match in _TOKEN.finditer(text):
        raw = match.group(0)
        gap = text[previous_end : match.start()] if previous_end is not None else None
        glued = gap is not None and len(gap) == 1 and gap in _JOINERS
        capital = raw[0].isupper() or raw[0].isdigit()
        for i, word in enumerate(normalise(raw).split()):
            out.append((word, capital, glued if i == 0 else True))
        previous_end = match.end()
    return out
