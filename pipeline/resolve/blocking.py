"""Blocking and fuzzy scoring: typo-level matches without comparing every pair.

Each name goes into small buckets: its words with one word replaced by a
one-letter deletion of it (SymSpell's trick), so only names that can be one typo
apart meet; buckets above ``MAX_BUCKET`` are skipped, so the work grows linearly
with the number of names. Two names match when they are the same words but for one typing error in one
word (``_typo_pair``). Distances come from rapidfuzz (optimal string alignment,
so a swapped pair of letters is one edit); scores are its normalised Levenshtein
similarity.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence

from rapidfuzz.distance import OSA, Levenshtein

from pipeline.resolve.normalise import NameForms

log = logging.getLogger(__name__)

MAX_BUCKET = 200
MIN_LENGTH = 7  # shorter names differ by one letter too easily ("Medigen" / "Medigene")


def _deletions(word: str) -> set[str]:
    """The word and every way to drop one of its letters (SymSpell's deletion neighbourhood):
    two words one typo apart always share one of these."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def block_keys(forms: NameForms) -> list[str]:
    """Bucket keys of one name: all other words kept, one word replaced by a deletion variant.

    Two names that are the same words but for one typo in one word share a key, and
    buckets stay small because every other word must agree exactly.
    """
    if len(forms.compact) < MIN_LENGTH or forms.ticker:
        return []
    keys: set[str] = set()
    for kind, words in (("k", forms.core.split()), ("c", forms.clean.split())):
        for i, word in enumerate(words):
            if len(word) < 5:
                continue
            head, tail = " ".join(words[:i]), " ".join(words[i + 1:])
            keys.update(f"{kind}{len(words)}|{i}|{head}|{variant}|{tail}" for variant in _deletions(word))
    return sorted(keys)


SHORT = 10  # below this many letters a changed letter is more often another name than a typo


def _typo_pair(a: str, b: str) -> float | None:
    """Similarity when two words differ by one typing error, else None.

    Accepted: two swapped letters; a letter dropped or doubled inside a word of eight
    letters or more; a changed letter in a word of ten or more. Refused: a letter
    added at the end ("Medigen" / "Medigene"), which usually makes another name.
    """
    if a == b or a[0] != b[0]:
        return None
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) > 1 or OSA.distance(a, b, score_cutoff=1) > 1:
        return None
    if len(short) != len(long_):
        if len(short) < 8 or long_.startswith(short):
            return None
    elif sorted(a) != sorted(b) and len(a) < SHORT:  # not a swap: a substitution in a short word
        return None
    return Levenshtein.normalized_similarity(a, b)


def look_alike(a: NameForms, b: NameForms) -> bool:
    """Same words but one, which is the other plus a letter or two at its end
    ("Medigen" / "Medigene"): two names, so no chain of typos may join them."""
    ta, tb = a.core.split(), b.core.split()
    if len(ta) != len(tb):
        return False
    differing = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    short, long_ = sorted(differing[0], key=len)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 2


def _similar(a: NameForms, b: NameForms) -> float | None:
    """Names that are the same words but for one typo in one word (core words, or all
    words when the typo is in a descriptor: "Stedim Biotceh")."""
    if a.digits != b.digits:
        return None
    for ta, tb in ((a.core.split(), b.core.split()), (a.clean.split(), b.clean.split())):
        if len(ta) != len(tb):
            continue
        differing = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
        if len(differing) == 1:
            return _typo_pair(*differing[0])
    return None


LOOK_ALIKE = -1.0  # score of a pair that must stay apart


def fuzzy_pairs(names: Sequence[NameForms]) -> Iterator[tuple[int, int, float]]:
    """Pairs of indexes whose core names are one typing error apart, with a 0-1 score;
    look-alike pairs that must stay apart come with the score ``LOOK_ALIKE``."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, forms in enumerate(names):
        for key in block_keys(forms):
            buckets[key].append(i)
    seen: set[tuple[int, int]] = set()
    skipped = 0
    for members in buckets.values():
        if len(members) < 2:
            continue
        if len(members) > MAX_BUCKET:
            skipped += 1
            continue
        for x, i in enumerate(members):
            a = names[i]
            for j in members[x + 1:]:
                pair = (i, j) if i < j else (j, i)
                if pair in seen or a.compact == names[j].compact:
                    continue
                seen.add(pair)
                score = _similar(a, names[j])
                if score is not None:
                    yield pair[0], pair[1], score
                elif look_alike(a, names[j]):
                    yield pair[0], pair[1], LOOK_ALIKE
    if skipped:
        log.info("fuzzy matching skipped %d oversized blocks (more than %d names)", skipped, MAX_BUCKET)
