"""Blocking and fuzzy scoring: typo-level matches without comparing every pair.

Each name goes into a few small buckets (the first and last four letters of its
core name without spaces); only names sharing a bucket are compared, and buckets
above ``MAX_BUCKET`` are skipped, so the work grows linearly with the number of
names. Distances come from rapidfuzz (optimal string alignment, so a swapped pair of
letters is one edit); scores are its normalised Levenshtein similarity.
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


def max_edits(length: int) -> int:
    """Edits tolerated for a name of this length: one below 14 letters, two above."""
    return 1 if length < 14 else 2


def block_keys(forms: NameForms) -> list[str]:
    """Bucket keys of one name; empty for names too short to compare fuzzily."""
    compact = forms.compact
    if len(compact) < MIN_LENGTH or forms.ticker:
        return []
    return [f"p:{compact[:4]}", f"s:{compact[-4:]}"]


SHORT = 10  # below this, only a changed or swapped letter counts as a typo, not an added one


def _plausible(a: NameForms, b: NameForms) -> bool:
    longest = max(len(a.compact), len(b.compact))
    gap = abs(len(a.compact) - len(b.compact))
    return (
        a.compact[0] == b.compact[0]
        and a.digits == b.digits
        and len(a.core.split()) == len(b.core.split())
        and gap <= max_edits(longest)
        and (gap == 0 or min(len(a.compact), len(b.compact)) >= SHORT)  # "Medigen" is not "Medigene"
    )


def fuzzy_pairs(names: Sequence[NameForms]) -> Iterator[tuple[int, int, float]]:
    """Pairs of indexes whose core names are one or two typing errors apart, with a 0-1 score."""
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
                b = names[j]
                if not _plausible(a, b):
                    continue
                limit = max_edits(max(len(a.compact), len(b.compact)))
                dist = OSA.distance(a.compact, b.compact, score_cutoff=limit)  # a swap is one edit
                if dist <= limit:
                    yield pair[0], pair[1], Levenshtein.normalized_similarity(a.compact, b.compact)
    if skipped:
        log.info("fuzzy matching skipped %d oversized blocks (more than %d names)", skipped, MAX_BUCKET)
