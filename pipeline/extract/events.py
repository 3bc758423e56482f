"""What happened: the event type from weighted cue words, and commentary detection.

Each cue counts with the weight of its zone (headline 3, lead 2, ...) times its
group's weight; the type with the highest total wins, ties going to the more
specific type. A text whose best total is small announces nothing concrete.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pipeline.extract.lexicon import Hit
from pipeline.extract.text import BOILERPLATE, TITLE, Document
from pipeline.extract.vocab import get_vocabulary

MIN_EVENT_SCORE = 1.5


@dataclass
class EventResult:
    event_type: str
    score: float
    scores: dict[str, float]
    evidence: Hit | None
    hits: list[Hit]
    is_commentary: bool


def classify_event(doc: Document, lang: str | None = "en") -> EventResult:
    vocab = get_vocabulary()
    groups = vocab.events.groups
    hits = vocab.event_lexicon.find(doc.folded)
    scores: dict[str, float] = defaultdict(float)
    best_hit: dict[str, tuple[float, Hit]] = {}
    for h in hits:
        seg = doc.segment_at(h.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        key = "acquisition" if h.key == "passive_acquisition" else h.key
        word = doc.text[h.start : h.end]
        if seg.zone != TITLE and lang != "de" and word[:1].isupper() and h.start != seg.start:
            continue  # part of a name ('Flerie Invest', 'Opening Night'), not a verb
        w = seg.weight * groups[key].weight  # type: ignore[index]
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
