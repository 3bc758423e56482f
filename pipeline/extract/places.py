"""Where the event happens: place mentions checked against the geocoding stage's gazetteer.

A capitalised word counts as a place only where the text puts it in a place
role: after a locative preposition ("in Gosselies", "à Braine-l'Alleud",
"i Matfors"), before "-based", before ", <country>" or in the dateline. That
keeps person names (Paul Hudson), company names and "Jeffrey Leiden Center"
out. Each mention is weighted by its zone and by the words around it: site
nouns (plant, site, Werk, usine ...) raise it, head-office and "elsewhere"
words lower it. The dateline is the issuer's office more often than the site,
so it counts only a little.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.extract.text import BOILERPLATE, TITLE, Document
from pipeline.extract.vocab import get_vocabulary
from schemas.common import EUROPEAN_COUNTRIES

_NAME = re.compile(
    r"[A-ZÀ-ÞĄĆĘŁŃÓŚŹŻČŠŽ][\w'’\-]*(?:(?:\s|-)(?:(?:sur|sous|de|la|le|les|l'|d'|am|an|der|im|upon|on|del|di|en|op|aan|den|upon-|of)(?:\s|-)?)?[A-ZÀ-ÞĄĆĘŁŃÓŚŹŻČŠŽ][\w'’\-]*){0,3}"
)
_POSSESSIVE = re.compile(r"['’]s$")


DATELINE_WEIGHT = 0.7  # the dateline is the issuer's office more often than the site


class PlaceLike(Protocol):
    name: str
    country: str
    population: int


class PlaceLookup(Protocol):
    def candidates(self, name: str, country: str | None = None) -> list[Any]: ...


@dataclass
class PlaceMention:
    start: int
    end: int
    surface: str
    name: str
    country: str
    population: int
    weight: float
    site_context: bool
    hq_context: bool
    zone: str


@dataclass
class PlaceAnalysis:
    mentions: list[PlaceMention] = field(default_factory=list)
    countries: dict[str, float] = field(default_factory=dict)  # country context: ISO2 -> weight
    country_mentions: list[tuple[int, int, str]] = field(default_factory=list)

    def ranked(self) -> list[tuple[str, str, float, PlaceMention]]:
        """(name, country, total weight, best mention) per place, best first."""
        total: dict[tuple[str, str], float] = defaultdict(float)
        best: dict[tuple[str, str], PlaceMention] = {}
        for m in self.mentions:
            key = (m.name, m.country)
            total[key] += m.weight
            if key not in best or m.weight > best[key].weight:
                best[key] = m
        order = sorted(total, key=lambda k: (-total[k], best[k].start))
        return [(k[0], k[1], total[k], best[k]) for k in order]


def fold_name(name: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in text if not unicodedata.combining(c)).lower()).strip()


def is_european(country: str | None) -> bool | None:
    return None if country is None else country in EUROPEAN_COUNTRIES


def _country_of(text: str, country_from_name: Callable[[str], str | None]) -> str | None:
    t = text.strip(" .,()")
    if not t:
        return None
    q = get_vocabulary().qualifier_country.get(t.lower())
    if q:
        return q
    return country_from_name(t)


def _preceded_by_preposition(doc: Document, start: int, lang: str | None) -> bool:
    before = doc.folded[max(0, start - 30) : start]
    per_lang = get_vocabulary().places.locative_prepositions
    preps = {p.lower() for p in per_lang.get(lang or "en", per_lang["en"])}  # type: ignore[call-overload]
    words = before.rstrip().split()
    if not words:
        return False
    if before.endswith(("d'", "l'")):
        return True
    for n in (3, 2, 1):
        if len(words) >= n and " ".join(words[-n:]) in preps:
            return True
    return False


class PlaceFinder:
    """Finds place mentions in a document with a gazetteer (the geocoding stage's)."""

    def __init__(self, lookup: PlaceLookup, country_from_name: Callable[[str], str | None]) -> None:
        self.lookup = lookup
        self.country_from_name = country_from_name

    def _resolve(self, name: str, country: str | None, context: dict[str, float]) -> Any | None:
        try:
            cands = self.lookup.candidates(name, country) if country else self.lookup.candidates(name)
        except Exception:  # a gazetteer problem must not sink the record
            return None
        if not cands:
            return None
        if country:
            return self._locality(cands[0], name, country)
        # no qualifier: prefer a country the text talks about, else the most populous
        def rank(p: Any) -> float:  # size first; a country the text names tips close calls
            pop = getattr(p, "population", 0) or 0
            return math.log10(pop + 10) + (1.5 if context.get(getattr(p, "country", ""), 0.0) > 0 else 0.0)

        top = max(cands, key=rank)
        if context.get(getattr(top, "country", ""), 0.0) == 0.0 and (getattr(top, "population", 0) or 0) < 5000:
            return None  # an obscure homonym in a country the text never names
        return self._locality(top, name, getattr(top, "country", None))

    def _locality(self, place: Any, name: str, country: str | None) -> Any:
        """A park or campus stands for the town it is in ('Insubrias BioPark' -> Gerenzano)."""
        if getattr(place, "kind", None) == "site" and hasattr(self.lookup, "geocode"):
            try:
                res = self.lookup.geocode(name, country)
            except Exception:
                return place
            if getattr(res, "name", None) and getattr(res, "country", None):
                return res
        return place

    def _text_countries(self, doc: Document) -> tuple[dict[str, float], list[tuple[int, int, str]]]:
        vocab = get_vocabulary()
        ctx: dict[str, float] = defaultdict(float)
        mentions: list[tuple[int, int, str]] = []
        for h in vocab.demonym_lexicon.find(doc.folded):
            zone = doc.zone_at(h.start)
            ctx[h.key] += 0.3 if zone == BOILERPLATE else 1.0
        for m in _NAME.finditer(doc.text):
            cc = self.country_from_name(_POSSESSIVE.sub("", m.group()))
            if cc:
                zone = doc.zone_at(m.start())
                ctx[cc] += 0.3 if zone == BOILERPLATE else 1.0
                mentions.append((m.start(), m.end(), cc))
        return dict(ctx), mentions

    def analyse(self, doc: Document, lang: str | None = "en") -> PlaceAnalysis:
        vocab = get_vocabulary()
        context, country_mentions = self._text_countries(doc)
        out = PlaceAnalysis(countries=context, country_mentions=country_mentions)
        ctx_hits = vocab.place_context_lexicon.find(doc.folded)
        seen: set[tuple[int, int]] = set()

        def add(start: int, end: int, surface: str, country_hint: str | None, base: float, zone: str) -> None:
            name = _POSSESSIVE.sub("", surface).strip(" .,'’")
            if len(name) < 2 or (start, end) in seen:
                return
            if name in vocab.name_stopwords:
                return
            if self.country_from_name(name):
                return  # a country, not a locality
            place = self._resolve(name.title() if name.isupper() else name, country_hint, context)
            if place is None:
                return
            if fold_name(place.name) != fold_name(name) and (getattr(place, "population", 0) or 0) < 100_000 \
                    and getattr(place, "rule", "") != "curated_site":
                return  # a rare alternate name of some other place ('Kirin', 'Hudson')
            seen.add((start, end))
            near = [h for h in ctx_hits if start - 45 <= h.start <= end + 45]
            site = any(h.key == "site" for h in near)
            hq = any(h.key == "hq" for h in near) or doc.text[end : end + 6].lower().startswith("-based")
            elsewhere = any(h.key == "elsewhere" for h in near if start - 30 <= h.start <= end + 30)
            weight = base * (2.0 if site else 1.0) * (0.5 if hq else 1.0) * (0.5 if elsewhere else 1.0)
            out.mentions.append(
                PlaceMention(start, end, surface, place.name, place.country, getattr(place, "population", 0) or 0,
                             weight, site, hq, zone)
            )

        # dateline: 'GOSSELIES and MONT-SAINT-GUIBERT, Belgium', 'SOMERSET, N.J. & BALTIMORE'
        dl = doc.dateline
        if dl and dl.places_text:
            parts = [p for p in re.split(r"\s*(?:,|&|/|\(|\)|\band\b|\bet\b|\bund\b|\by\b|\be\b|\boch\b|\ben\b)\s*", dl.places_text) if p.strip()]
            for i, part in enumerate(parts):
                qual = _country_of(parts[i + 1], self.country_from_name) if i + 1 < len(parts) else None
                if _country_of(part, self.country_from_name):
                    continue
                if qual is None:  # 'GOSSELIES and MONT-SAINT-GUIBERT, Belgium': the last qualifier covers all
                    qual = next((c for p in parts[i + 1 :] if (c := _country_of(p, self.country_from_name))), None)
                pos = doc.text.find(part, dl.start, dl.end)
                if pos >= 0:
                    add(pos, pos + len(part), part, qual, DATELINE_WEIGHT, "dateline")
        for m in _NAME.finditer(doc.text):
            start, end = m.start(), m.end()
            if dl and dl.start <= start < dl.end:
                continue
            zone = doc.zone_at(start)
            seg = doc.segment_at(start)
            base = 0.3 if zone == BOILERPLATE else (seg.weight if seg else 1.0)
            surface = m.group()
            based = False
            if surface.lower().endswith("-based"):
                surface, end, based = surface[:-6], end - 6, True
            after = doc.text[end : end + 40]
            qual_m = re.match(r"\s*(?:,|\()\s*((?:Co\.\s|County\s)?[A-ZÀ-Þ][\w.\-]*(?:\s[A-Z][\w.\-]*)?)", after)
            qual = _country_of(qual_m.group(1), self.country_from_name) if qual_m else None
            prep = _preceded_by_preposition(doc, start, lang)
            if not prep and out.mentions:  # 'in New York, London and Amsterdam': a list goes on
                last = out.mentions[-1]
                gap = doc.text[last.end : start]
                prep = last.end <= start and re.fullmatch(r",\s*|\s+(?:and|und|et|en|e|y|och)\s+|,\s*(?:and|und|et|en|e|y|och)\s+", gap) is not None
            based = based or after.lower().startswith("-based")
            if not (prep or based or qual):
                continue
            # try the whole run, then shorter heads ('Ghent Science Park' -> 'Ghent') and tails
            words = surface.split()
            tried = False
            for k in range(len(words), 0, -1):
                sub = " ".join(words[:k])
                before = len(out.mentions)
                add(start, start + len(sub), sub, qual if k == len(words) else None, base, zone)
                if len(out.mentions) > before:
                    tried = True
                    break
            if not tried and zone == TITLE:
                continue
        return out
