"""Where the event happens: place mentions checked against the geocoding stage's gazetteer.

A capitalised word counts as a place only where the text puts it in a place
role: after a locative preposition of the text's language, possibly with a
determiner or an adjective in between ("in Gosselies", "at its Corbeil-Essonnes
site", "im aargauischen Stein", "aux Ulis"); after a site noun ("am Standort
Freiburg"); before "-based"; before ", <country or region>"; before an
organisation noun ("a Munich contract manufacturer"); as a town adjective
("Freiburger CellGenix", "la biotech modenese"); or in the dateline. That keeps
person names, company names and "Jeffrey Leiden Center" out.

Each mention is weighted by its zone and by the words around it: site nouns
(plant, Werk, usine ...) raise it; head-office words, "near"/"outside"
prepositions (a reference place, not the site), words of existing sites named
in passing ("alongside its existing campus in Beerse") and reported speech lower
it. The dateline is the issuer's office more often than the site, so it counts
only a little.

Names that are regions, countries or world regions ("Essonne", "California",
"Comunidad de Madrid", "Noord-Amerika") are never localities: they only tell
which countries the text is about. An ambiguous town name is resolved with the
countries named in its sentence and in the text, the text's language and the
other places next to it; a place qualified by a nearby town ("San Paolo, a
Roma") that lies far from that town is a district or site name, and the town
wins.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.extract.text import BOILERPLATE, TITLE, Document
from pipeline.extract.vocab import get_vocabulary
from schemas.common import EUROPEAN_COUNTRIES

_UPPER = "A-ZÀ-ÞĄĆĘŁŃÓŚŹŻČŠŽ"
_CAPWORD = rf"[{_UPPER}][\w'’\-]*"
_CONNECTOR = r"(?:sur|sous|de|la|le|les|l'|d'|am|an|der|die|im|upon|on|del|della|di|en|op|aan|den|of|da|do|dos|das|du|des|los|las|el|y|bei|ob|vor)"
_NAME = re.compile(rf"{_CAPWORD}(?:(?:\s|-)(?:{_CONNECTOR}(?:\s|-)?){{0,2}}{_CAPWORD}){{0,4}}")
_POSSESSIVE = re.compile(r"['’]s?$")
_WORD = re.compile(r"[\w'’\-]+")
_QUALIFIER_AFTER = re.compile(
    r"\s*(?:,|\()\s*(?:(?:in|en|im|i|à|a)\s+)?(?:the\s+|de\s+|la\s+|le\s+)?((?:Co\.\s|County\s)?[" + _UPPER + r"][\w.\-']*(?:[\s\-][" + _UPPER + r"][\w.\-']*){0,2})"
)
_LIST_GAP = re.compile(r",\s*|\s+(?:and|und|et|en|e|y|och|&)\s+|,\s*(?:and|und|et|en|e|y|och)\s+")
_QUALIFYING_GAP = re.compile(r"\s*(?:,|\()\s*(?:(?:a|in|à|en|im|nel|nella|bei|near|bij|nahe)\s+)?|\s+(?:a|in|à|im|bij|near|nahe)\s+")

DATELINE_WEIGHT = 0.7  # the dateline is the issuer's office more often than the site
SITE_FACTOR = 2.0
HQ_FACTOR = 0.5
ELSEWHERE_FACTOR = 0.6
EXISTING_FACTOR = 0.4
RELATIVE_FACTOR = 0.35
SPEECH_FACTOR = 0.6
ADJECTIVE_FACTOR = 0.5  # 'Freiburger CellGenix', 'a Munich contract manufacturer': the organisation's seat
CONTEXT_WINDOW = 45  # characters around a place in which site and head-office words count
CUE_WINDOW = 60  # characters before a place in which 'existing'/'also' words count
REGION_LOCALITY_POPULATION = 20_000  # a region's namesake town smaller than this is not meant
ALTERNATE_NAME_POPULATION = 50_000  # a rare alternate name of a smaller town is not trusted
OBSCURE_POPULATION = 5_000
HAMLET_POPULATION = 1_000
DETERMINER_MIN_POPULATION = 10_000  # 'in das Zentrum', 'at the Lisbon ...': a determiner before a name makes a town less likely
QUALIFIER_DISTANCE_KM = 80.0
ATTRIBUTIVE_MIN_POPULATION = 20_000  # 'a Munich contract manufacturer': only real towns are used as modifiers
SUBSPAN_MIN_POPULATION = 10_000
HEAD_OF_NAME_MIN_POPULATION = 50_000  # a town found inside a longer capitalised run must be a real town


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
    role: str = "prep"  # prep, relative, based, qualifier, site_noun, attributive, adjective, dateline, list
    elsewhere: bool = False  # 'also', 'such as': may still be a further site
    existing: bool = False  # an existing site named in passing: never a further site
    lat: float | None = None
    lon: float | None = None
    alternatives: list[Any] = field(default_factory=list, repr=False)


@dataclass
class PlaceAnalysis:
    mentions: list[PlaceMention] = field(default_factory=list)
    countries: dict[str, float] = field(default_factory=dict)  # country context: ISO2 -> weight
    country_mentions: list[tuple[int, int, str]] = field(default_factory=list)
    region_mentions: list[tuple[int, int, str]] = field(default_factory=list)  # regions, states, countries in a place role

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

    def mentions_of(self, name: str, country: str) -> list[PlaceMention]:
        return [m for m in self.mentions if m.name == name and m.country == country]


def fold_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in text if not unicodedata.combining(c)).lower()).strip()


def is_european(country: str | None) -> bool | None:
    return None if country is None else country in EUROPEAN_COUNTRIES


def distance_km(a: Any, b: Any) -> float | None:
    """Great-circle distance between two objects with ``lat``/``lon`` (None if either lacks them)."""
    la, lo, lb, mb = getattr(a, "lat", None), getattr(a, "lon", None), getattr(b, "lat", None), getattr(b, "lon", None)
    if None in (la, lo, lb, mb):
        return None
    p1, p2 = math.radians(la), math.radians(lb)
    dp, dl = p2 - p1, math.radians(mb - lo)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _names(place: Any) -> tuple[str, ...]:
    """A place's display name and, for a GeoNames place, its GeoNames name ('Ghent', 'Gent')."""
    gazetteer_name = getattr(place, "gazetteer_name", None)
    return (place.name, gazetteer_name) if gazetteer_name and gazetteer_name != place.name else (place.name,)


def _written_as(place: Any, written: str) -> bool:
    """The text writes the place by one of its names, possibly shortened ('Gent', 'Ghent', 'Lyngby')."""
    return any(_same_name(n, written) for n in _names(place))


def _same_name(canonical: str, written: str) -> bool:
    """The written name is the canonical one, or the canonical one with words added ('Lyngby', 'Kongens Lyngby')."""
    wf, cf = fold_name(written), fold_name(canonical)
    return wf == cf or (len(wf) >= 3 and re.search(rf"(?:^| ){re.escape(wf)}(?: |$)", cf) is not None)


def _country_of(text: str, country_from_name: Callable[[str], str | None]) -> str | None:
    t = text.strip(" .,()")
    if not t:
        return None
    q = get_vocabulary().qualifier_country.get(t.lower())
    if q:
        return q
    return country_from_name(t)


def _is_world_region(text: str) -> bool:
    if text.lower() in get_vocabulary().not_localities:
        return True
    try:
        from pipeline.geocode.countries import is_world_region
    except ImportError:  # the geocoding stage is not installed
        return False
    try:
        return bool(is_world_region(text))
    except Exception:  # a lookup problem must not sink the record
        return False


class PlaceFinder:
    """Finds place mentions in a document with a gazetteer (the geocoding stage's)."""

    def __init__(self, lookup: PlaceLookup, country_from_name: Callable[[str], str | None]) -> None:
        self.lookup = lookup
        self.country_from_name = country_from_name

    # -- gazetteer ---------------------------------------------------------------------------
    def _candidates(self, name: str, country: str | None = None) -> list[Any]:
        try:
            return list(self.lookup.candidates(name, country) if country else self.lookup.candidates(name))
        except Exception:  # a gazetteer problem must not sink the record
            return []

    def _resolve(self, name: str, country: str | None, ctx: _Context) -> tuple[str, Any, list[Any], int] | None:
        """('locality', place, alternatives, population) or ('region', country code, [], 0) or None.

        ``population`` is the gazetteer entry's (a park's town keeps the park's entry: 'site' counts as large).
        """
        qualifier = get_vocabulary().qualifier_country.get(name.lower())
        cands = self._candidates(name, country)
        if qualifier and not country and not any(
            getattr(p, "kind", "locality") in ("locality", "site") and (getattr(p, "population", 0) or 0) >= REGION_LOCALITY_POPULATION
            and getattr(p, "country", "") == qualifier for p in cands
        ):
            return "region", qualifier, [], 0  # 'Californië', 'Maryland': a region named in the vocabulary ('Madrid' stays a town)
        if not cands:
            return None
        localities = [p for p in cands if getattr(p, "kind", "locality") in ("locality", "site")]
        regions = [p for p in cands if getattr(p, "kind", "locality") in ("region", "country")]
        best_pop = max((getattr(p, "population", 0) or 0 for p in localities), default=0)
        is_qualifier_region = name.lower() in get_vocabulary().qualifier_country
        if regions and (not localities or best_pop < REGION_LOCALITY_POPULATION or is_qualifier_region):
            return "region", regions[0].country, [], 0
        if regions and (region_country := self._region_reading(name, country)):
            return "region", region_country, [], 0  # 'Floride': the US state, not the town of Florida in Uruguay
        if not localities:
            return None
        if any(getattr(p, "kind", "") == "site" for p in localities):
            top = next(p for p in localities if getattr(p, "kind", "") == "site")
        elif country:
            top = localities[0]
        else:
            top = max(localities, key=lambda p: ctx.rank(p))
            cc = getattr(top, "country", "")
            pop = getattr(top, "population", 0) or 0
            if pop < OBSCURE_POPULATION and not ctx.known_country(cc):
                return None  # an obscure homonym in a country the text never names
            if pop < HAMLET_POPULATION and getattr(top, "kind", "") != "site":
                return None  # a hamlet: more often a word or a name than the site
        pop = getattr(top, "population", 0) or 0
        if not _written_as(top, name) and pop < ALTERNATE_NAME_POPULATION and country is None \
                and getattr(top, "kind", "") != "site" and getattr(top, "source", "") != "curated":
            return None  # a rare alternate name of some other place ('Kirin', 'Hudson')
        size = 10**9 if getattr(top, "kind", "") == "site" else pop
        return "locality", self._locality(top, name, getattr(top, "country", country)), localities, size

    def _region_reading(self, name: str, country: str | None = None) -> str | None:
        """ISO2 of the region the geocoding stage reads the whole name as, else None.

        The geocoder decides between a region and a town of the same name ('Caroline du Nord', 'Floride', 'Mass.'
        are US states; 'Somerset' and 'Madrid' are towns), with the region names of its curated file.
        """
        geocode = getattr(self.lookup, "geocode", None)
        text = name.strip(" .,()")
        if geocode is None or not text:
            return None
        try:
            res = geocode(text, country)
        except Exception:  # a lookup problem must not sink the record
            return None
        return getattr(res, "country", None) if getattr(res, "precision", None) == "region" else None

    def _qualifier_country(self, text: str) -> str | None:
        """ISO2 named by a qualifier: a country, a vocabulary qualifier or a region ('RALEIGH, Caroline du Nord')."""
        return _country_of(text, self.country_from_name) or self._region_reading(text)

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

    def is_place_name(self, name: str) -> bool:
        """Whether ``name`` is a country, region or sizeable town ('de Cantabria' at the end of a unit's name)."""
        if self.country_from_name(name) or _is_world_region(name):
            return True
        for p in self._candidates(name):
            kind = getattr(p, "kind", "locality")
            if kind in ("region", "country") or (getattr(p, "population", 0) or 0) >= SUBSPAN_MIN_POPULATION:
                return True
        return False

    # -- text -------------------------------------------------------------------------------
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
        ctx = _Context(doc, context, country_mentions, vocab.places.language_home_countries.get(lang or "en", []))  # type: ignore[call-overload]
        cues = vocab.place_context_lexicon.find(doc.folded)
        preps = vocab.preposition_lexicon.find(doc.folded, longest=False)
        prep_ends: dict[int, list[str]] = defaultdict(list)
        for h in preps:
            prep_ends[h.end].append(h.key)
        speech = _speech_segments(doc)
        seen: set[tuple[int, int]] = set()

        def add(start: int, end: int, surface: str, country_hint: str | None, base: float, zone: str, role: str,
                min_population: int = 0, strict_name: bool = False) -> bool:
            name = _POSSESSIVE.sub("", surface).strip(" .,'’")
            if len(name) < 2 or (start, end) in seen or name in vocab.name_stopwords:
                return False
            if min_population and (name.lower() in vocab.generic_place_words or len(name) < 4):
                return False
            if name.lower() in vocab.not_place_words or (" " not in name and name.lower() in vocab.site_noun_words):
                return False  # 'im Mai', 'in das Zentrum'
            if role == "prep_det":
                min_population = max(min_population, DETERMINER_MIN_POPULATION)
                role = "prep"
            named_country = self.country_from_name(name)
            if named_country:
                out.region_mentions.append((start, end, named_country))
                return False  # a country, not a locality
            if _is_world_region(name):
                out.region_mentions.append((start, end, ""))
                return False
            found = self._resolve(name.title() if name.isupper() else name, country_hint, ctx)
            if found is None:
                return False
            kind, place, alternatives, size = found
            if kind == "locality" and min_population and size < min_population:
                return False
            if kind == "locality" and role == "attributive" and size < ATTRIBUTIVE_MIN_POPULATION:
                return False
            if kind == "locality" and role == "weak" and size < WEAK_MIN_POPULATION and not (country_hint or ctx.known_country(place.country)):
                return False
            if kind == "locality" and min_population >= 0 and strict_name and not _written_as(place, name):
                return False
            seen.add((start, end))
            if kind == "region":
                out.region_mentions.append((start, end, place))
                context[place] = context.get(place, 0.0) + (0.3 if zone == BOILERPLATE else 1.0)
                return True
            seg = doc.segment_at(start)
            lo, hi = (seg.start, seg.end) if seg else (start - CONTEXT_WINDOW, end + CONTEXT_WINDOW)
            near = [h for h in cues if max(lo, start - CONTEXT_WINDOW) <= h.start and h.end <= min(hi, end + CONTEXT_WINDOW)]
            before = [h for h in cues if max(lo, start - CUE_WINDOW) <= h.start and h.end <= start]
            site = any(h.key == "site" for h in near)
            hq = role in ("based", "attributive", "adjective") or any(h.key == "hq" for h in near)
            existing = any(h.key == "existing" for h in before)
            elsewhere = any(h.key == "elsewhere" for h in before)
            weight = base
            weight *= SITE_FACTOR if site else 1.0
            weight *= HQ_FACTOR if hq else 1.0
            weight *= EXISTING_FACTOR if existing else (ELSEWHERE_FACTOR if elsewhere else 1.0)
            weight *= RELATIVE_FACTOR if role == "relative" else 1.0
            weight *= ADJECTIVE_FACTOR if role in ("attributive", "adjective") else 1.0
            weight *= SPEECH_FACTOR if seg is not None and id(seg) in speech else 1.0
            out.mentions.append(
                PlaceMention(start, end, surface, place.name, place.country,
                             getattr(place, "population", 0) or 0, weight, site, hq, zone, role, elsewhere, existing,
                             getattr(place, "lat", None), getattr(place, "lon", None), alternatives)
            )
            ctx.note(place, start)
            return True

        # dateline: 'GOSSELIES and MONT-SAINT-GUIBERT, Belgium', 'SOMERSET, N.J. & BALTIMORE'
        dl = doc.dateline
        if dl and dl.places_text:
            parts = [p for p in re.split(r"\s*(?:,|&|/|;|\(|\)|\band\b|\bet\b|\bund\b|\by\b|\be\b|\boch\b|\ben\b)\s*", dl.places_text) if p.strip()]
            for i, part in enumerate(parts):
                qual = self._qualifier_country(parts[i + 1]) if i + 1 < len(parts) else None
                if self._qualifier_country(part):
                    continue
                if qual is None:  # 'GOSSELIES and MONT-SAINT-GUIBERT, Belgium': the last qualifier covers all
                    qual = next((c for p in parts[i + 1 :] if (c := self._qualifier_country(p))), None)
                pos = doc.text.find(part, dl.start, dl.end)
                if pos >= 0:
                    add(pos, pos + len(part), part, qual, DATELINE_WEIGHT, "dateline", "dateline")

        org_type = _org_type_words()
        for m in _NAME.finditer(doc.text):
            start, end = m.start(), m.end()
            if dl and dl.start <= start < dl.end:
                continue
            words = list(_WORD.finditer(doc.text, start, end))
            # 'In Paris', 'Bei Madrid', 'Standort Freiburg': a capitalised preposition, stopword or site noun is not part of the name
            article_start = None
            leading_site_noun = False
            while words and (words[0].group() in vocab.name_stopwords or words[0].group().lower() in vocab.single_word_prepositions
                             or words[0].group().lower() in vocab.places.site_noun_before):
                leading_site_noun = leading_site_noun or words[0].group().lower() in vocab.places.site_noun_before
                if words[0].group().lower() in _ARTICLES and len(words) > 1:
                    article_start = words[0].start()
                words = words[1:]
            if not words:
                continue
            start = words[0].start()
            zone = doc.zone_at(start)
            seg = doc.segment_at(start)
            base = 0.3 if zone == BOILERPLATE else (seg.weight if seg else 1.0)
            surface = doc.text[start:end]
            role = None
            if surface.lower().endswith("-based"):
                surface, end, role = surface[:-6], end - 6, "based"
            after = doc.text[end : end + 60]
            if after.lower().startswith("-based"):
                role = "based"
            qual = None
            qm = _QUALIFIER_AFTER.match(after)
            if qm:
                qual = _country_of(qm.group(1), self.country_from_name)
                if qual is None:
                    qual = self._region_country(qm.group(1))
            prep_role = _preposition_role(doc, article_start if article_start is not None else start, prep_ends, lang)
            if prep_role in ("prep", "weak", "prep_det") and (_area_word_around(doc, start, end) or _governed_by_relative(doc, start, preps, lang)):
                prep_role = "relative"
            if role is None:
                role = prep_role
            if role is None and qual:
                role = "qualifier"
            if role is None and (leading_site_noun or _after_site_noun(doc, start)):
                role = "site_noun"
            if role == "weak" and qual:
                role = "prep"
            if role is None and out.mentions:  # 'in New York, London and Amsterdam': a list goes on
                last = out.mentions[-1]
                gap = doc.text[last.end : start]
                if last.end <= start and _LIST_GAP.fullmatch(gap) and last.role not in ("adjective", "attributive", "dateline"):
                    role = "list" if last.role != "relative" else "relative"
            if role is None and re.match(rf"\s+(?!(?:{_VERBS})\b)(?:[a-z][\w\-]*\s+){{0,3}}(?:{org_type})\b", after):
                role = "attributive"  # 'a Munich contract manufacturer', 'the Oxford group'
            if role is None:
                continue
            if article_start is not None and add(article_start, end, doc.text[article_start:end], qual, base, zone, role):
                continue  # 'Les Ulis', 'Den Haag'
            contraction = _contraction_before(doc, start)
            self._add_run(doc, start, end, surface, qual, base, zone, role, add, contraction)

        self._town_adjectives(doc, lang, add)
        self._qualified_by_nearby_town(doc, out)
        return out

    def _add_run(self, doc: Document, start: int, end: int, surface: str, qual: str | None, base: float, zone: str,
                 role: str, add: Callable[..., bool], contraction: str | None) -> None:
        """Try the whole run, then its longest resolvable sub-spans ('Tech Lane Ghent Science Park' -> 'Ghent').

        A run with an institution word ('Universidade Nova de Lisboa') is an organisation: only the whole run is tried.
        """
        if contraction and add(start, end, contraction + surface, qual, base, zone, role):
            return
        words = [(w.start(), w.end()) for w in _WORD.finditer(doc.text, start, end)]
        if len(words) > 1 and any(doc.text[a:b].lower() in _INSTITUTION_WORDS for a, b in words):
            add(start, end, surface, qual, base, zone, role)
            return
        spans = [(0, len(words))]
        while spans:
            i, j = spans.pop()
            found = False
            for size in range(j - i, 0, -1):
                for k in range(i, j - size + 1):
                    s, e = words[k][0], words[k + size - 1][1]
                    sub = doc.text[s:e]
                    if size == 1 and sub.lower() in get_vocabulary().single_word_prepositions:
                        continue
                    hint = qual if k + size == len(words) else None
                    inner = k > 0 or size < len(words)
                    min_pop = SUBSPAN_MIN_POPULATION if k > 0 else 0
                    joined_by_and = re.match(r"\s+(?:en|y|e|et|und|and|och|&)\s+", doc.text[words[size - 1][1] : words[size][0] + 1] + " ") \
                        if size < len(words) else None
                    if k == 0 and size < len(words) and not joined_by_and and any(
                        doc.text[a:b][:1].isupper() and doc.text[a:b].lower() not in get_vocabulary().generic_place_words
                        for a, b in words[size:]
                    ):
                        min_pop = HEAD_OF_NAME_MIN_POPULATION  # 'Warburg Pincus', 'Galapagos NV': a town prefix must be a real town
                    if add(s, e, sub, hint, base, zone, role if k == 0 else ("list" if role != "relative" else role),
                           min_pop, inner):
                        if k > i:
                            spans.append((i, k))
                        if k + size < j:
                            spans.append((k + size, j))
                        found = True
                        break
                if found:
                    break

    def _region_country(self, text: str) -> str | None:
        """ISO2 of a region named as a qualifier ('Stein, Aargau', 'Gaithersburg, Maryland')."""
        cands = self._candidates(text.strip(" .,()"))
        regions = [p for p in cands if getattr(p, "kind", "") in ("region", "country")]
        return regions[0].country if regions else None

    def _town_adjectives(self, doc: Document, lang: str | None, add: Callable[..., bool]) -> None:
        """'Freiburger CellGenix', 'het Leuvense TiGenix', 'la biotech modenese': the organisation's town."""
        vocab = get_vocabulary()
        rules = vocab.places.city_adjective_suffixes.get(lang or "en", {})  # type: ignore[call-overload]
        irregular = vocab.city_adjective_words
        min_pop = vocab.places.city_adjective_min_population
        for m in _WORD.finditer(doc.text):
            word = m.group()
            low = word.lower()
            if len(low) < 5 or not word.isalpha():
                continue
            seg = doc.segment_at(m.start())
            if seg is None:
                continue
            towns: list[str] = []
            if low in irregular:
                towns.append(irregular[low])
            else:
                for suffix, endings in rules.items():
                    if low.endswith(suffix) and len(low) - len(suffix) >= 3:
                        stem = word[: len(word) - len(suffix)]
                        towns.extend(stem + e for e in endings)
            for town in towns:
                cands = [p for p in self._candidates(town.capitalize() if town.islower() else town)
                         if getattr(p, "kind", "locality") == "locality" and getattr(p, "country", "") in EUROPEAN_COUNTRIES
                         and (getattr(p, "population", 0) or 0) >= min_pop]
                if not cands and low in irregular:
                    cands = [p for p in self._candidates(town) if getattr(p, "country", "") in EUROPEAN_COUNTRIES]
                if cands:
                    base = 0.3 if seg.zone == BOILERPLATE else seg.weight
                    add(m.start(), m.end(), cands[0].name, cands[0].country, base, seg.zone, "adjective")
                    break

    def _qualified_by_nearby_town(self, doc: Document, out: PlaceAnalysis) -> None:
        """'San Paolo, a Roma': a place qualified by a town it lies far from is a district or site of that town."""
        ms = sorted(out.mentions, key=lambda x: x.start)
        drop: set[int] = set()
        for a, b in zip(ms, ms[1:], strict=False):
            if a.role in ("dateline", "adjective") or b.role in ("dateline", "adjective"):
                continue
            gap = doc.text[a.end : b.start]
            if len(gap) > 12 or not _QUALIFYING_GAP.fullmatch(gap) or doc.segment_at(a.start) is not doc.segment_at(b.start):
                continue
            tail = doc.text[b.end : b.end + 12]
            if re.match(r"\s*(?:,\s*[" + _UPPER + r"]|\s(?:and|und|et|en|e|y|och)\s)", tail):
                continue  # a list of places, not a qualifier
            d = distance_km(a, b)
            if d is None or d <= QUALIFIER_DISTANCE_KM:
                continue
            near = [p for p in a.alternatives if (dd := distance_km(p, b)) is not None and dd <= QUALIFIER_DISTANCE_KM]
            if near:
                p = near[0]
                a.name, a.country, a.population = p.name, p.country, getattr(p, "population", 0) or 0
                a.lat, a.lon = getattr(p, "lat", None), getattr(p, "lon", None)
            elif b.role != "relative":
                b.weight += a.weight
                b.site_context = b.site_context or a.site_context
                drop.add(id(a))
        if drop:
            out.mentions = [m for m in out.mentions if id(m) not in drop]


class _Context:
    """What the text says about countries, used to tell homonyms apart."""

    def __init__(self, doc: Document, countries: dict[str, float], country_mentions: list[tuple[int, int, str]], home: list[str]) -> None:
        self.doc = doc
        self.countries = countries
        self.country_mentions = country_mentions
        self.home = set(home)
        self.points: list[tuple[int, Any]] = []
        self._sentence_start = 0
        self._sentence_ccs: set[str] = set()

    def note(self, place: Any, start: int) -> None:
        self.points.append((start, place))
        self.countries.setdefault(getattr(place, "country", ""), 0.0)
        self.countries[getattr(place, "country", "")] += 0.5

    def known_country(self, cc: str) -> bool:
        return self.countries.get(cc, 0.0) > 0 or cc in self.home

    def rank(self, p: Any) -> float:
        pop = getattr(p, "population", 0) or 0
        cc = getattr(p, "country", "")
        score = math.log10(pop + 10)
        if self.countries.get(cc, 0.0) > 0:
            score += 1.5 + min(self.countries[cc], 4.0) * 0.25
        if cc in self.home:
            score += 1.0
        if any((d := distance_km(p, q)) is not None and d < 150 for _, q in self.points[-6:]):
            score += 2.0
        return score


def _org_type_words() -> str:
    words = sorted({w for w in get_vocabulary().orgs.org_type_nouns if " " not in w and w.isalpha()}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def _speech_segments(doc: Document) -> set[int]:
    """Sentences of reported speech ('..., said the chief executive'): places there are rarely the site."""
    vocab = get_vocabulary()
    out: set[int] = set()
    for h in vocab.person_lexicon.find(doc.folded):
        if h.key != "after":
            continue
        seg = doc.segment_at(h.start)
        if seg is not None and seg.zone not in (TITLE,):
            out.add(id(seg))
    return out


def _preposition_role(doc: Document, start: int, prep_ends: dict[int, list[str]], lang: str | None) -> str | None:
    """'prep' or 'relative' when a preposition of the text's language (or English) stands before ``start``.

    Up to two determiners and one lower-case adjective may stand in between ('at its', 'im aargauischen').
    """
    vocab = get_vocabulary()
    folded = doc.folded
    dets = {d.lower() for d in vocab.places.determiners.get(lang or "en", [])} | {d.lower() for d in vocab.places.determiners["en"]}  # type: ignore[index]
    pos = start
    skipped_adjective = False
    for _ in range(4):
        text_before = folded[max(0, pos - 40) : pos]
        if text_before.endswith(("d'", "l'", "d’", "l’")) and pos == start:
            return "prep"
        stripped = text_before.rstrip()
        end = pos - (len(text_before) - len(stripped))
        kinds = prep_ends.get(end, [])
        langs = {lang or "en", "en"}
        rel = any(k.startswith("rel:") and k[4:] in langs for k in kinds)
        loc = any(k.startswith("loc:") and k[4:] in langs for k in kinds)
        if rel:
            return "relative"
        if loc and pos != start and (lang or "en") != "en":
            return "prep_det" if not (stripped.split() and stripped.split()[-1] in _WEAK_PREPOSITIONS) else "weak"
        if loc:
            return "weak" if any(k.startswith("loc:") and stripped.endswith(tuple(f" {w}" for w in _WEAK_PREPOSITIONS)) for k in kinds) \
                and stripped.split()[-1] in _WEAK_PREPOSITIONS else "prep"
        m = re.search(r"([\w'’\-]+)$", stripped)
        if not m:
            return None
        word = m.group(1)
        if pos == start and word in vocab.places.article_contractions and (lang or "en") in ("fr", "es"):
            return "prep"  # 'aux Ulis', 'des Ulis'

        if word in dets or word.rstrip("'’") + "'" in dets:
            pos = end - len(word)
            continue
        if not skipped_adjective and word.isalpha() and word.islower() and len(word) >= 4 and word not in vocab.prepositions \
                and not ((lang or "en") == "en" and word.endswith(("ing", "ed", "s"))):
            skipped_adjective = True
            pos = end - len(word)
            continue
        return None
    return None


# prepositions that also introduce names of institutions, products or people ('consejera de Salud'): the place must be
# in a country the text is about, or a large town
_WEAK_PREPOSITIONS = frozenset("de di d' da of to from van von aus uit från".split())
WEAK_MIN_POPULATION = 100_000
_ARTICLES = frozenset("les le la l' el los las den de het il lo".split())
# words after a name that make it the subject of a clause, not a modifier ('Galapagos is a biotechnology company')
_VERBS = ("is|was|has|had|have|will|would|are|were|be|been|said|says|announced|today|ist|war|hat|wird|sind|est|a|sera|était|ont|"
          "is|heeft|was|wordt|zijn|è|ha|sarà|sono|es|ha|será|son|är|har|blir|var")


_INSTITUTION_WORDS = frozenset(
    "university universität université universiteit università universidad universidade universitet institute institut instituut istituto "
    "instituto hospital hôpital ospedale hospitale ziekenhuis klinikum clinic clínic clinique foundation fondation fondazione fundación stiftung "
    "stichting college school council agency centre center centro zentrum centrum".split()
)


def _area_word_around(doc: Document, start: int, end: int) -> bool:
    """'the Lisbon area', 'in provincia di Varese', 'im Raum München': a region around the town."""
    vocab = get_vocabulary()
    after = doc.folded[end : end + 25]
    if any(re.match(rf"\s*{re.escape(w)}\b", after) or (w.startswith("-") and after.startswith(w)) for w in vocab.places.area_words_after):
        return True
    m = re.search(r"([\w\-]+)\s+(?:(?:di|de|du|del|of|von|van)\s+)?$", doc.folded[max(0, start - 30) : start])
    return bool(m) and m.group(1) in vocab.places.area_words_before


def _governed_by_relative(doc: Document, start: int, preps: list[Any], lang: str | None) -> bool:
    """'südlich von Evotecs Campus Levi-Montalcini in Verona': the near-preposition governs the whole phrase."""
    seg = doc.segment_at(start)
    lo = max(seg.start if seg else 0, start - CUE_WINDOW)
    langs = {lang or "en", "en"}
    for h in preps:
        if lo <= h.start and h.end <= start and h.key.startswith("rel:") and h.key[4:] in langs:
            if not re.search(r"[,;:()]", doc.text[h.end : start]):
                return True
    return False


def _after_site_noun(doc: Document, start: int) -> bool:
    m = re.search(r"([\w\-]+)\s+$", doc.folded[max(0, start - 30) : start])
    return bool(m) and m.group(1) in get_vocabulary().places.site_noun_before


def _contraction_before(doc: Document, start: int) -> str | None:
    """'aux Ulis' -> 'Les ': the article a French or Spanish contraction hides."""
    m = re.search(r"(?:^|\s)(\w+)\s+$", doc.folded[max(0, start - 12) : start])
    if not m:
        return None
    return get_vocabulary().places.article_contractions.get(m.group(1))
