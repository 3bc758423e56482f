"""Fast multi-pattern matching of vocabulary terms (pyahocorasick) with word boundaries.

All cue words of all languages are compiled into one Aho-Corasick automaton per
vocabulary, so a text is scanned once whatever the number of terms. A term may
end with ``*`` (matches word continuations: ``zelltherapie*`` finds
``Zelltherapien``) or start with ``*`` (matches compounds: ``*therapie``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick


def fold_same_length(text: str) -> str:
    """Lower-case ``text`` and unify apostrophes without changing its length (offsets stay valid)."""
    low = text.lower()
    if len(low) != len(text):  # rare characters such as 'İ' grow when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class Hit:
    """One vocabulary match: offsets into the text, the matched term and its payload."""

    start: int
    end: int
    term: str
    key: str


class Lexicon:
    """A set of terms, each with a key (e.g. the modality or event type it signals)."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._automaton = ahocorasick.Automaton()
        count = 0
        for term, key in entries:
            raw = term.strip().lower().replace("\u2019", "'")
            if not raw:
                continue
            left_open = raw.startswith("*")
            right_open = raw.endswith("*")
            core = raw.strip("*")
            if not core:
                continue
            existing = self._automaton.get(core, None)
            payload = (core, left_open, right_open, key)
            self._automaton.add_word(core, existing + [payload] if existing else [payload])
            count += 1
        self.size = count
        if count:
            self._automaton.make_automaton()

    def find(self, folded: str, *, longest: bool = True) -> list[Hit]:
        """All matches in an already folded text; with ``longest``, overlapping shorter hits are dropped."""
        if not self.size:
            return []
        hits: list[Hit] = []
        n = len(folded)
        for end_idx, payloads in self._automaton.iter(folded):
            for core, left_open, right_open, key in payloads:
                start = end_idx - len(core) + 1
                end = end_idx + 1
                if not left_open and start > 0 and _is_word_char(folded[start - 1]) and _is_word_char(core[0]):
                    continue
                if right_open:
                    while end < n and _is_word_char(folded[end]):
                        end += 1
                elif end < n and _is_word_char(folded[end]) and _is_word_char(core[-1]):
                    continue
                if left_open:
                    while start > 0 and _is_word_char(folded[start - 1]):
                        start -= 1
                hits.append(Hit(start, end, core, key))
        unique: dict[tuple[int, int, str], Hit] = {}
        for h in hits:
            unique.setdefault((h.start, h.end, h.key), h)
        hits = list(unique.values())
        if not longest:
            return sorted(hits, key=lambda h: (h.start, -h.end))
        hits.sort(key=lambda h: (-(h.end - h.start), h.start))
        taken: list[Hit] = []
        covered: list[tuple[int, int]] = []
        for h in hits:
            if any(h.start < e and s < h.end and (s, e) != (h.start, h.end) for s, e in covered):
                continue
            taken.append(h)
            covered.append((h.start, h.end))
        return sorted(taken, key=lambda h: h.start)
