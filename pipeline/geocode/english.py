"""English display names for GeoNames places ("Gent" -> "Ghent", "Donostia / San Sebastián" -> "San Sebastián").

GeoNames names a place the way its country does: local names ("Gent", "Köln"),
official long forms ("Frankfurt am Main", "Kongens Lyngby"), official double
names ("Donostia / San Sebastián") and accented romanisations ("Thessaloníki").
The published tables and the ``atmp geocode`` answer use the name English usage
gives the place; the GeoNames name stays available as ``gazetteer_name``.

The names come from the ``english_names`` section of the curated file, applied
in this order:

1. ``slash_names`` rules: for a name written "A / B", which half English usage
   takes in a country or some of its admin1 units (the Castilian half in the
   Basque Country; the municipality of a Zurich quarter); a bracket in the kept
   half is dropped ("Zürich (Kreis 11)" -> "Zürich");
2. ``accent_free`` countries: stress accents of romanised names are dropped
   (Greek and Cypriot names: "Thessaloníki" -> "Thessaloniki");
3. ``places``: reviewed entries keyed by country and GeoNames name (or GeoNames
   id); an entry also applies to the result of a rule ("Zürich" -> "Zurich").

Every entry is checked against the gazetteer when the geocoder starts: it must
name exactly one GeoNames place (or give its id) and must change its name.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from schemas.geo import EnglishNames

if TYPE_CHECKING:
    from pipeline.geocode.gazetteer import Gazetteer

_SLASH = re.compile(r"\s*/\s*")
_BRACKET = re.compile(r"\s*\([^)]*\)\s*$")


def _drop_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


class DisplayNames:
    """GeoNames name -> English display name, from the curated ``english_names`` section."""

    def __init__(self, section: EnglishNames) -> None:
        self.section = section
        self._accent_free = frozenset(section.accent_free)
        self._slash: dict[tuple[str, str | None], int] = {}
        for rule in section.slash_names:
            half = 0 if rule.keep == "first" else 1
            for unit in rule.admin1 or [None]:
                self._slash[(rule.country, unit)] = half
        self._by_name = {(e.country, e.geonames): e.name for e in section.places if e.geonameid is None}
        self._by_id = {e.geonameid: e.name for e in section.places if e.geonameid is not None}

    def rule_name(self, name: str, country: str, admin1: str | None) -> str:
        """The name the rules give (before reviewed entries)."""
        if "/" in name:
            half = self._slash.get((country, admin1), self._slash.get((country, None)))
            parts = [p for p in _SLASH.split(name) if p]
            if half is not None and len(parts) == 2:
                name = _BRACKET.sub("", parts[half]) or parts[half]
        if country in self._accent_free:
            name = _drop_accents(name)
        return name

    def display(self, geonameid: int | None, name: str, country: str, admin1: str | None) -> str:
        """English display name of a GeoNames place."""
        if geonameid is not None and geonameid in self._by_id:
            return self._by_id[geonameid]
        if (country, name) in self._by_name:
            return self._by_name[(country, name)]
        ruled = self.rule_name(name, country, admin1)
        return self._by_name.get((country, ruled), ruled)

    def check(self, gazetteer: Gazetteer) -> None:
        """Every reviewed entry names one GeoNames place and changes its name (raises ValueError)."""
        from pipeline.geocode.normalise import normalise

        for entry in self.section.places:
            same_name = [p for p in gazetteer.lookup(normalise(entry.geonames), entry.country) if p.gazetteer_name == entry.geonames]
            where = f"{entry.geonames!r} ({entry.country})"
            if entry.geonameid is not None:
                same_name = [p for p in same_name if p.geonameid == entry.geonameid]
                where = f"{where} with id {entry.geonameid}"
            if not same_name:
                raise ValueError(f"english_names: no GeoNames place {where}")
            if len(same_name) > 1:
                ids = ", ".join(str(p.geonameid) for p in same_name)
                raise ValueError(f"english_names: several GeoNames places {where} ({ids}); give the geonameid")
            place = same_name[0]
            if self.rule_name(entry.geonames, entry.country, place.admin1) == entry.name:
                raise ValueError(f"english_names: the entry for {where} changes nothing (the rules give {entry.name!r})")
