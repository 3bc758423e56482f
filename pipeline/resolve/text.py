"""Text folding shared by every resolver module: case, accents, punctuation.

Accent stripping reuses cleanco's table (it also maps letters that Unicode does not
decompose, such as ø, ł and ß), so names and legal forms fold the same way.
"""

from __future__ import annotations

import re
import unicodedata

from cleanco.clean import remove_accents

_PUNCT = re.compile(r"[^\w&]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case without accents; NFKC first so ligatures and wide forms compare equal."""
    if text.isascii():  # most names: skip the per-character accent table
        return text.casefold()
    return remove_accents(unicodedata.normalize("NFKC", text))


def words(text: str) -> list[str]:
    """Folded words: punctuation splits, '&' stays a word of its own, apostrophes vanish."""
    folded = fold(text).replace("'", "").replace("\u2019", "").replace(".", "")
    folded = folded.replace("&", " & ")
    return [w for w in _PUNCT.sub(" ", folded).split() if w]


def squash(text: str) -> str:
    """Collapse runs of white space to single spaces and trim."""
    return _SPACES.sub(" ", text).strip()
