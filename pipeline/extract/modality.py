"""Which therapy modalities an announcement is about, weighted by where they are named.

A modality named in the headline or lead counts more than one named in passing
further down; sector labels ("cell and gene therapy business") count little,
specific product words (plasmid, viral vector, iPSC, CAR-T) count much. Only
modalities with a good share of the strongest one are kept, so a plasmid maker
stays ``plasmid`` even when the text mentions the gene therapies its plasmids
serve.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pipeline.extract.lexicon import Hit
from pipeline.extract.text import BOILERPLATE, Document
from pipeline.extract.vocab import get_vocabulary

CGT_MODALITIES = ("car-t", "cell_therapy", "gene_therapy", "viral_vector", "plasmid", "tissue_engineered", "ipsc", "mrna")
SECTOR_LABEL_FACTOR = 0.35  # 'cell and gene therapy' as a sector name, counted for both
KEEP_SHARE = 0.35  # keep generic modalities scoring at least this share of the best one
KEEP_SHARE_SPECIFIC = 0.25  # product-specific words are rarely named in passing
SPECIFIC = frozenset({"car-t", "viral_vector", "plasmid", "tissue_engineered", "ipsc"})
MIN_SCORE = 2.0
_VACCINE_NEAR = re.compile(r"vaccin|vaccine|impfstoff|vacuna|vaccino|vaccini")
GENERIC_FACTOR = SECTOR_LABEL_FACTOR  # a field name weighs like a sector label
NEGATION_REACH = 12  # characters between a negation and the modality it cancels
NON_CGT_DOMINANCE = 1.5  # non-CGT products this much stronger than the best CGT modality, and in the headline: 'other'


def _title_non_cgt(doc: Document, hits: list[Hit]) -> bool:
    return bool(get_vocabulary().headline_non_cgt_lexicon.find(doc.folded[: doc.title_end]))


def _title_cgt(doc: Document, hits: list[Hit]) -> bool:
    return any(h.key in CGT_MODALITIES and h.start < doc.title_end for h in hits)


@dataclass
class ModalityResult:
    modalities: list[str]
    scores: dict[str, float]
    evidence: Hit | None
    cgt_score: float
    non_cgt_score: float


def detect_modalities(doc: Document) -> ModalityResult:
    vocab = get_vocabulary()
    groups = vocab.modality.groups
    hits = vocab.modality_lexicon.find(doc.folded)
    negs = vocab.negation_lexicon.find(doc.folded)
    hits = [h for h in hits if not any(0 <= h.start - n.end <= NEGATION_REACH for n in negs)]
    # 'mRNA COVID-19 vaccine', 'vacunas de ARNm': RNA named as a vaccine's technology is a vaccine
    hits = [Hit(h.start, h.end, h.term, "non_cgt") if h.key == "mrna" and _VACCINE_NEAR.search(doc.folded[max(0, h.start - 25) : h.end + 30]) else h
            for h in hits]
    generic = [h for h in hits if h.key == "generic_atmp"]
    hits = [h for h in hits if h.key != "generic_atmp"]
    by_span: dict[tuple[int, int], list[Hit]] = defaultdict(list)
    for h in hits:
        by_span[(h.start, h.end)].append(h)
    scores: dict[str, float] = defaultdict(float)
    first_hit: dict[str, Hit] = {}
    non_cgt = 0.0
    cells = {id(doc.segment_at(h.start)) for h in hits if h.key == "ex_vivo"}
    modified = {id(doc.segment_at(h.start)) for h in hits if h.key == "modified"}
    cgt = set(CGT_MODALITIES)
    only_sector_labels = all(len({h.key for h in hs} & cgt) > 1 for hs in by_span.values() if {h.key for h in hs} & cgt)
    for (start, _end), span_hits in by_span.items():
        seg = doc.segment_at(start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        keys = {h.key for h in span_hits}
        if keys & {"rna_pair", "ex_vivo", "modified"}:
            if "ex_vivo" in keys and id(seg) in modified:  # cells taken out and modified: a cell-based gene therapy
                scores["cell_therapy"] += seg.weight * 3.0
                scores["gene_therapy"] += seg.weight * 3.0
            span_hits = [h for h in span_hits if h.key not in ("rna_pair", "ex_vivo", "modified")]
            keys = {h.key for h in span_hits}
            if not keys or "ex_vivo" in {h.key for h in by_span[(start, _end)]} and id(seg) in modified:
                continue
        if "non_cgt" in keys:
            non_cgt += seg.weight
            continue
        sector = len(keys & cgt) > 1 and not only_sector_labels
        for h in span_hits:
            group = groups.get(h.key)  # type: ignore[call-overload]
            if group is None:
                continue
            w = seg.weight * group.strength * (SECTOR_LABEL_FACTOR if sector else 1.0)
            scores[h.key] += w
            first_hit.setdefault(h.key, h)
            for implied in group.implies:
                scores[implied] += w * 0.6
    for h in generic:  # 'advanced therapies': both, weakly
        seg = doc.segment_at(h.start)
        if seg is not None and seg.zone != BOILERPLATE:
            scores["cell_therapy"] += seg.weight * GENERIC_FACTOR * groups["cell_therapy"].strength  # type: ignore[index]
            scores["gene_therapy"] += seg.weight * GENERIC_FACTOR * groups["gene_therapy"].strength  # type: ignore[index]
    best = max(scores.values(), default=0.0)
    keep = [
        m
        for m in CGT_MODALITIES
        if scores.get(m, 0.0) >= max(MIN_SCORE, (KEEP_SHARE_SPECIFIC if m in SPECIFIC else KEEP_SHARE) * best)
    ]
    for m in list(keep):
        for implied in groups[m].implies:  # type: ignore[index]
            if implied not in keep:
                keep.append(implied)
    if not keep and non_cgt > 0:
        keep = ["other"]
    elif keep and non_cgt > NON_CGT_DOMINANCE * best and _title_non_cgt(doc, hits) and not _title_cgt(doc, hits):
        keep = ["other"]  # 'to expand COVID-19 vaccine production': CGT words in passing do not make it a CGT project
    evidence = None
    if keep and keep[0] in first_hit:
        evidence = min((first_hit[m] for m in keep if m in first_hit), key=lambda h: h.start)
    return ModalityResult(keep, dict(scores), evidence, best, non_cgt)
