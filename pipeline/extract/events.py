"""What happened: the event type from weighted cue words, and commentary detection.

Each cue counts with the weight of its zone (headline 3, lead 2, ...) times its
group's weight; the type with the highest total wins, ties going to the more
specific type. A text whose best total is small announces nothing concrete.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pipeline.extract.lexicon import Hit
from pipeline.extract.text import BOILERPLATE, TITLE, Document
from pipeline.extract.vocab import get_vocabulary

MIN_EVENT_SCORE = 1.5
TITLE_BONUS = 1.5  # the headline says what happened: its cues count 1.5 times its zone weight


@dataclass
class EventResult:
    event_type: str
    score: float
    scores: dict[str, float]
    evidence: Hit | None
    hits: list[Hit]
    is_commentary: bool


def _split_hits(doc: Document) -> list[Hit]:
    """German and Dutch verbs with a clause-final particle: 'Takeda baut seinen Standort ... aus.'"""
    out: list[Hit] = []
    cues = get_vocabulary().events.split_cues
    for seg in doc.segments:
        if seg.zone == BOILERPLATE:
            continue
        text = doc.folded[seg.start : seg.end]
        for etype, pairs in cues.items():
            for first, particle in pairs:
                m = re.search(rf"(?<!\w){re.escape(first)}(?!\w)", text)
                if not m:
                    continue
                tail = re.search(rf"(?<!\w){re.escape(particle)}(?=\s*(?:[.,;:!?)–-]|$|\s(?:und|en|and)\s))", text[m.end() :])
                if tail:
                    out.append(Hit(seg.start + m.start(), seg.start + m.end(), first, etype))
    return out


def _approval_factor(doc: Document, h: Hit, seg: Any, hedges: list[Hit]) -> tuple[str, float]:
    """An approval that is expected, conditional, about trials or background counts little; one of a site is an opening."""
    lo, hi = max(seg.start, h.start - 70), min(seg.end, h.end + 70)
    near = [x for x in hedges if lo <= x.start < hi]
    if any(x.key == "site" for x in near) and not re.search(r"marketing|authori[sz]ation|for (?:the )?(?:treatment|patients)|indicat", doc.folded[seg.start : seg.end]):
        return "opening", 1.0
    if any(x.key == "hedge" for x in near):
        return "approval", 0.3
    if re.search(r"(?:\bis|\bwas|already|been)\s+$", doc.folded[max(seg.start, h.start - 12) : h.start]) and seg.zone != TITLE:
        return "approval", 0.4  # 'AUCATZYL is approved in the United States': a state, not the news
    return "approval", 1.0


def classify_event(doc: Document, lang: str | None = "en") -> EventResult:
    vocab = get_vocabulary()
    groups = vocab.events.groups
    split = _split_hits(doc)
    split_starts = {h.start for h in split}
    hits = sorted([h for h in vocab.event_lexicon.find(doc.folded) if h.start not in split_starts] + split, key=lambda h: h.start)
    hedges = vocab.approval_hedge_lexicon.find(doc.folded)
    scores: dict[str, float] = defaultdict(float)
    best_hit: dict[str, tuple[float, Hit]] = {}
    verbs_by_seg: dict[int, set[str]] = defaultdict(set)
    for h in hits:
        seg = doc.segment_at(h.start)
        if seg is not None and h.key in ("opening", "expansion") and h.term not in vocab.noun_phrase_cues:
            verbs_by_seg[seg.start].add(h.key)
    for h in hits:
        seg = doc.segment_at(h.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        key = "acquisition" if h.key == "passive_acquisition" else h.key
        word = doc.text[h.start : h.end]
        if seg.zone != TITLE and lang != "de" and word[:1].isupper() and h.start != seg.start:
            continue  # part of a name ('Flerie Invest', 'Opening Night'), not a verb
        if key == "new_facility" and h.term in vocab.noun_phrase_cues and verbs_by_seg.get(seg.start):
            continue  # 'inaugure sa nouvelle usine': the new plant is what opens
        factor = 1.0
        if key == "approval":
            key, factor = _approval_factor(doc, h, seg, hedges)
        w = seg.weight * groups[key].weight * factor * (TITLE_BONUS if seg.zone == TITLE else 1.0)  # type: ignore[index]
        scores[key] += w
        if key not in best_hit or w > best_hit[key][0]:
            best_hit[key] = (w, h)
    # investing in a plant that is being built is a new facility, unless the headline says investment
    if scores.get("investment") and scores.get("new_facility") and not any(
        h.key == "investment" and doc.zone_at(h.start) == TITLE for h in hits
    ):
        scores["new_facility"] += scores.pop("investment") * 0.5
    scores.pop("neutral", None)
    priority = vocab.events.priority
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], priority.index(kv[0])))  # type: ignore[arg-type]
    commentary = _is_commentary(doc)
    if not ranked or ranked[0][1] < MIN_EVENT_SCORE:
        return EventResult("other", ranked[0][1] if ranked else 0.0, dict(scores), None, hits, commentary)
    etype, score = ranked[0]
    if commentary:
        etype = "other"
    return EventResult(etype, score, dict(scores), best_hit[ranked[0][0]][1], hits, commentary)


def _is_commentary(doc: Document) -> bool:
    vocab = get_vocabulary()
    head = doc.folded[: doc.body_start + 300]
    if vocab.commentary_lexicon.find(head):
        return True
    return any(h.term.startswith(("the views", "views expressed", "die meinung")) for h in vocab.commentary_lexicon.find(doc.folded))
