"""The proper name of a plant, building or programme ('Finport', 'Exellula', 'VIFA One', 'Laboratorio di Terapia Genica').

Shapes accepted, in seven languages:

- a name ending in a facility word, in a sentence about a facility event
  ("Evolutive Vaccine Facility", "Biotech Center of Excellence");
- a facility word opening a Romance-order name ("Laboratorio di Terapia Genica",
  "Unidad de Terapias Avanzadas", "Programa de Terapia Celular y ... (SOHO)");
- a name introduced by a naming phrase ("called VIFA One", "baptisé IMPACT",
  "får namnet Novo Nordisk Foundation Cellerator", "gave the facility its name: The Nucleus");
- a name in apposition to a facility noun ("Finport, a gene therapy manufacturing hub",
  "Oxbox, Oxford Biomedica's ... facility", "une unité de 1 300 m², SMART,");
- "the <Name> facility" ("the Nucleus facility in Stevenage").

Science and business parks, zones and campuses are locations, never facility
names; organisation, place and product names are filtered out by the caller
(:func:`choose_facility`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.text import BOILERPLATE, TITLE, Document
from pipeline.extract.vocab import get_vocabulary

_CAP = r"[A-ZÀ-Þ][\w\-]+"
_NOT_NAMES = re.compile(r"\b(?:Park|BioPark|Parc|Parque|Parco|Zone|Campus|Science|Business|Industrial|Estate|Gewerbegebiet|Airport|University|Hospital|GMP)\b", re.I)
_DESCRIPTOR = r"(?:a|an|the|its|our|their|le|la|l'|un|une|il|lo|un|una|el|ein|eine|einen|das|die|der|een|het|de|en|ett|son|sa|suo|sua|su|sein|seine|ihr|ihre|zijn|sin|sitt)"
_ARTICLE = re.compile(r"^(?:The|Der|Die|Das|Le|La|Les|Il|El|Het|De|Den|Det)\s")


@dataclass(frozen=True)
class FacilityCandidate:
    name: str
    start: int
    end: int
    weight: float
    shape: str  # head, romance, naming, apposition, the_x

    @property
    def strong(self) -> bool:
        """Shapes that leave no doubt that the words name a facility (they may not be organisations)."""
        return self.shape in ("head", "romance", "naming", "the_x")


def _vocab_alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _shapes() -> dict[str, re.Pattern[str]]:
    v = get_vocabulary().extract_facility
    heads = _vocab_alt(v.head_words)
    romance = _vocab_alt(v.romance_heads)
    nouns = _vocab_alt(v.facility_nouns)
    naming = _vocab_alt(v.naming_cues)
    return {
        "head": re.compile(rf"(?P<name>(?:{_CAP}\s){{1,5}}(?:{heads})(?:\s(?:for|of)(?:\s{_CAP}|\sand){{1,5}})?)(?![\w\-])"),
        "romance": re.compile(rf"(?P<name>(?:{romance})(?:\s{_CAP})?\s(?:di|de|d'|per|para|pour|för|für|of)\s{_CAP}(?:\s(?:y|e|et|and|och|und|de|di|d')(?=\s[A-ZÀ-Þ])|\s{_CAP})*)(?P<acr>\s\([A-Z]{{2,8}}\))?"),
        "naming": re.compile(rf"(?<![\w\-])(?i:{naming})\s*:?\s+(?P<name>(?:The\s)?(?:[A-Z][\w\-]+|[A-Z]{{2,}})(?:\s(?:[A-Z][\w\-]+|[A-Z]{{2,}}|One|Two|1|2|II)){{0,4}})"),
        "apposition": re.compile(
            rf"(?P<name>\b(?:[A-Z][a-z]+[A-Za-z]+|[A-Z][A-Z0-9]{{2,}}(?:\s(?:One|Two|[A-Z][a-z]+))?))(?:®)?,\s(?:{_DESCRIPTOR}\s|[A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?['’]s?\s)(?:[\w\-,]+\s){{0,6}}?(?i:{nouns})\b"
        ),
        "noun_then_name": re.compile(rf"(?i:{nouns})\b[^,.;]{{0,40}},\s(?P<name>[A-Z][A-Z0-9\-]{{2,}}|[A-Z][a-z]+[A-Z]\w*),"),
        "the_x": re.compile(rf"\b(?:the|at|its)\s(?P<name>{_CAP}(?:\s{_CAP}){{0,2}})\s(?:facility|plant|hub|factory|centre|center)\b"),
    }


_cache: dict[str, re.Pattern[str]] | None = None


def _patterns() -> dict[str, re.Pattern[str]]:
    global _cache
    if _cache is None:
        _cache = _shapes()
    return _cache


def facility_candidates(doc: Document, facility_cue_spans: list[tuple[int, int]] | None = None) -> list[FacilityCandidate]:
    """Every facility-name candidate, with a weight (its sentence's) and its shape."""
    vocab = get_vocabulary()
    cues = facility_cue_spans or []
    out: list[FacilityCandidate] = []
    for seg in doc.segments:
        if seg.zone == BOILERPLATE:
            continue
        chunk = doc.text[seg.start : seg.end]
        has_cue = any(seg.start <= s < seg.end for s, _ in cues)
        for shape, pattern in _patterns().items():
            for m in pattern.finditer(chunk):
                name = m.group("name").strip()
                if shape in ("head", "romance") and not has_cue and not (shape == "romance" and m.group("acr")) and seg.zone != TITLE:
                    continue
                if shape in ("head", "apposition") and re.search(r"[A-Z][\w\-]*\s$", chunk[max(0, m.start() - 25) : m.start()]):
                    continue  # the tail of a longer name ('Delphi Genetics, a ...')
                if re.search(r"\b(?:du|de|del|di|van|von|des)\s$", chunk[max(0, m.start() - 5) : m.start()]) and shape in ("apposition", "noun_then_name"):
                    continue  # 'Caroline du Nord, une usine'
                name = _ARTICLE.sub("", name) if shape != "naming" else re.sub(r"^The\s", "", name)
                if _NOT_NAMES.search(name) and shape not in ("head", "romance", "naming"):
                    continue
                if shape == "head" and _NOT_NAMES.search(name.rsplit(" ", 1)[0]):
                    continue
                words = name.split()
                if shape == "head" and len(words) < 2:
                    continue  # 'Der Labor- und Pharmazulieferer': a head word alone names nothing
                if shape == "romance" and name.split()[-1] in ("de", "di", "y", "e", "et", "and", "och", "und", "d'"):
                    continue
                if len(name) < 3 or all(w in vocab.name_stopwords or w.lower() in vocab.site_noun_words for w in words):
                    continue
                start = seg.start + m.start("name") + (len(m.group("name")) - len(m.group("name").lstrip()))
                start += m.group("name").find(name) if name in m.group("name") else 0
                bonus = {"naming": 1.0, "romance": 0.5, "head": 0.0, "apposition": 0.5, "noun_then_name": 0.5, "the_x": 0.25}[shape]
                out.append(FacilityCandidate(name, start, start + len(name), seg.weight + bonus,
                                             "apposition" if shape == "noun_then_name" else shape))
    return out


def _trim_place_tail(c: FacilityCandidate, not_names: set[str], fold: object, is_place: object = None) -> FacilityCandidate:
    """'Unidad de Terapias Avanzadas de Cantabria' -> 'Unidad de Terapias Avanzadas': a trailing place is not part of the name."""
    m = re.match(r"^(?P<head>.+?)\s(?:de|di|of|du|von|van|i)\s(?P<tail>[A-ZÀ-Þ][\w\-]+(?:\s[A-ZÀ-Þ][\w\-]+)?)$", c.name)
    if m and len(m.group("head").split()) >= 2 and (fold(m.group("tail")) in not_names  # type: ignore[operator]
                                                    or (is_place is not None and is_place(m.group("tail")))):  # type: ignore[operator]
        head = m.group("head")
        return FacilityCandidate(head, c.start, c.start + len(head), c.weight, c.shape)
    return c


def choose_facility(candidates: list[FacilityCandidate], not_names: set[str], strong_orgs: set[str],
                    fold: object, is_place: object = None) -> FacilityCandidate | None:
    """The best candidate that is not an organisation, place or product name.

    ``not_names``: folded names never facilities (places, products, chosen companies and partners);
    ``strong_orgs``: folded names with strong organisation evidence (they beat an apposition shape).
    """
    ok = []
    for c in candidates:
        c = _trim_place_tail(c, not_names, fold, is_place)
        key = fold(c.name)  # type: ignore[operator]
        if key in not_names or (c.shape == "apposition" and key in strong_orgs):
            continue
        ok.append(c)
    if not ok:
        return None
    ok.sort(key=lambda c: (-c.weight, c.start))
    return ok[0]


def facility_name(doc: Document, exclude: set[str], facility_cue_spans: list[tuple[int, int]] | None = None) -> tuple[str, int, int] | None:
    """(name, start, end) of the facility's proper name, or None (``exclude``: folded names that are not facilities)."""
    from pipeline.extract.orgs import fold

    best = choose_facility(facility_candidates(doc, facility_cue_spans), exclude, set(), fold)
    return (best.name, best.start, best.end) if best else None
