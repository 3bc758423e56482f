"""The proper name of a plant or programme ('Finport', 'Exellula', 'Evolutive Vaccine Facility').

Three shapes are accepted: a capitalised name ending in a facility word
("... Vaccine Facility", "... Center for Cell and Genetic Therapies"); a name
followed by its acronym and a facility noun ("Large Scale Cell Culture (LSCC)
facility"); and a name in apposition to a facility noun ("Finport, a gene
therapy manufacturing hub", "Exellula, il primo centro"). Science and business
parks, zones and campuses are locations, never facility names.
"""

from __future__ import annotations

import re

from pipeline.extract.text import BOILERPLATE, Document

_HEAD_WORDS = r"(?:Facility|Center|Centre|Plant|Hub|Building|Factory|Institute for Cell|Manufacturing Centre|Werk|Zentrum|Usine|Centro|Polo|Fabriek)"
_NOT_NAMES = re.compile(r"\b(?:Park|BioPark|Parc|Zone|Campus|Science|Business|Industrial|Estate|Gewerbegebiet|Airport|University|Hospital)\b", re.I)
_FACILITY_NOUN = (
    r"(?:facility|plant|site|hub|centre|center|building|factory|unit|campus|werk|anlage|produktionsstätte|zentrum|usine|installation|unité|centre|"
    r"fabriek|faciliteit|centrum|stabilimento|impianto|centro|polo|planta|instalación|fábrica|anläggning|fabrik)"
)
_DESCRIPTOR = r"(?:a|an|the|its|our|their|le|la|l'|un|une|il|lo|un|una|el|ein|eine|einen|das|die|der|een|het|de|en|ett)"
_NAME = r"[A-Z][\w\-]+(?:\s(?:of|for|and|de|di|für|[A-Z][\w\-]+)){0,7}"

_SHAPES = [
    re.compile(rf"(?P<name>(?:[A-Z][\w\-]+\s){{1,5}}{_HEAD_WORDS}(?:\sfor(?:\s[A-Z][\w\-]+|\sand){{1,5}})?)"),
    re.compile(rf"(?P<name>(?:[A-Z][\w\-]+\s){{1,5}}[A-Z][\w\-]+)\s\((?P<acr>[A-Z]{{2,6}})\)\s(?i:{_FACILITY_NOUN})"),
    re.compile(rf"(?P<name>\b[A-Z][a-z]+[A-Za-z]+)(?:®)?,\s{_DESCRIPTOR}\s(?:[\w\-]+\s){{0,5}}?(?i:{_FACILITY_NOUN})\b"),
]


def facility_name(doc: Document, exclude: set[str], facility_cue_spans: list[tuple[int, int]] | None = None) -> tuple[str, int, int] | None:
    """(name, start, end) of the facility's proper name, or None.

    ``exclude``: folded org and place names; ``facility_cue_spans``: offsets of opening/building/expansion
    cue words: a name ending in 'Center' counts only in a sentence that talks about a facility event.
    """
    found: list[tuple[float, str, int, int]] = []
    cues = facility_cue_spans or []
    for seg in doc.sentences():
        if seg.zone == BOILERPLATE:
            continue
        chunk = doc.text[seg.start : seg.end]
        has_cue = any(seg.start <= s < seg.end for s, _ in cues)
        for i, shape in enumerate(_SHAPES):
            if i == 0 and not has_cue:
                continue
            for m in shape.finditer(chunk):
                if re.search(r"[A-Z][\w\-]*\s$", chunk[max(0, m.start() - 25) : m.start()]):
                    continue  # the tail of a longer name ('Delphi Genetics, a ...')
                name = m.group("name").strip()
                name = re.sub(r"^(?:The|Der|Die|Das|Le|La|Il|El|Het|De)\s", "", name)
                if _NOT_NAMES.search(name) and i != 0:
                    continue
                if i == 0 and _NOT_NAMES.search(name.rsplit(" ", 1)[0]):
                    continue
                if name.lower() in exclude or len(name) < 3:
                    continue
                start = seg.start + m.start("name") + (len(m.group("name")) - len(m.group("name").lstrip()))
                found.append((seg.weight + (0.5 if i == 2 else 0.0), name, start, start + len(name)))
    if not found:
        return None
    found.sort(key=lambda f: (-f[0], f[2]))
    _, name, s, e = found[0]
    return name, s, e
