"""A tiny stand-in gazetteer so extractor tests do not depend on the geocoding stage's data."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.places import PlaceFinder

_PLACES = {
    "ghent": ("Ghent", "BE", 265086), "gent": ("Ghent", "BE", 265086), "gosselies": ("Gosselies", "BE", 11017),
    "rockville": ("Rockville", "US", 66980), "leiden": ("Leiden", "NL", 119713), "boston": ("Boston", "US", 653833),
    "stevenage": ("Stevenage", "GB", 84000), "london": ("London", "GB", 8961989), "oxford": ("Oxford", "GB", 171000),
    "marburg": ("Marburg", "DE", 72000), "halle": ("Halle", "DE", 238000), "münchen": ("Munich", "DE", 1260000),
    "munich": ("Munich", "DE", 1260000), "lyon": ("Lyon", "FR", 513000), "évry": ("Évry", "FR", 52000),
    "milano": ("Milan", "IT", 1236000), "milan": ("Milan", "IT", 1236000), "siena": ("Siena", "IT", 53000),
    "barcelona": ("Barcelona", "ES", 1686208), "madrid": ("Madrid", "ES", 3255000), "uppsala": ("Uppsala", "SE", 140000),
    "stockholm": ("Stockholm", "SE", 975000), "cambridge": ("Cambridge", "GB", 145674), "basel": ("Basel", "CH", 164000),
    "visp": ("Visp", "CH", 7000), "amsterdam": ("Amsterdam", "NL", 741636), "dublin": ("Dublin", "IE", 1024000),
    "parsippany": ("Parsippany", "US", 51144), "kuopio": ("Kuopio", "FI", 125462), "utrecht": ("Utrecht", "NL", 290000),
}
_COUNTRIES = {"belgium": "BE", "belgique": "BE", "germany": "DE", "deutschland": "DE", "france": "FR", "italy": "IT", "italia": "IT",
              "spain": "ES", "españa": "ES", "sweden": "SE", "sverige": "SE", "switzerland": "CH", "schweiz": "CH", "the netherlands": "NL",
              "netherlands": "NL", "nederland": "NL", "united kingdom": "GB", "uk": "GB", "ireland": "IE", "finland": "FI",
              "united states": "US", "usa": "US", "japan": "JP"}


@dataclass
class FakePlace:
    name: str
    country: str
    population: int


class FakeGazetteer:
    def candidates(self, name: str, country: str | None = None) -> list[FakePlace]:
        hit = _PLACES.get(name.lower())
        if hit is None or (country and hit[1] != country):
            return []
        return [FakePlace(*hit)]


def country_from_name(text: str) -> str | None:
    return _COUNTRIES.get(text.strip().lower())


def fake_places() -> PlaceFinder:
    return PlaceFinder(FakeGazetteer(), country_from_name)
