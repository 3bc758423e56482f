"""Optional live geocoding of street addresses with Nominatim (OpenStreetMap), off by default.

Only used when a caller asks for it (``atmp geocode --live``); never in tests,
which inject a fake. geopy's ``RateLimiter`` keeps to Nominatim's usage policy
of at most one request per second, and every answer (also "not found") is kept
in a JSON cache file so that a query is never sent twice.

Results from Nominatim are OpenStreetMap data (ODbL): a snapshot that uses
them must carry :data:`LIVE_ATTRIBUTION` as well.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from schemas.geo import GeoResult

log = logging.getLogger(__name__)

LIVE_ATTRIBUTION = "Street-level coordinates © OpenStreetMap contributors (ODbL), via Nominatim."
DEFAULT_USER_AGENT = "atmp-landscape-geocoder/0.1 (European ATMP landscape map; open-source)"
MIN_DELAY_SECONDS = 1.0
_DIGIT = re.compile(r"\d")


def looks_like_address(mention: str) -> bool:
    """A street address has a number (house number or postcode) and at least two parts."""
    return bool(_DIGIT.search(mention)) and ("," in mention or len(mention.split()) >= 4)


class LiveAddressGeocoder:
    """Nominatim lookups, rate-limited and cached on disk.

    ``query`` defaults to geopy's Nominatim wrapped in a RateLimiter; tests
    pass a plain function instead, so nothing here touches the network.
    """

    def __init__(
        self,
        cache_path: Path,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        min_delay_seconds: float = MIN_DELAY_SECONDS,
        query: Callable[..., Any] | None = None,
    ) -> None:
        self.cache_path = cache_path
        self._cache: dict[str, dict[str, Any] | None] = self._read_cache()
        if query is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            nominatim = Nominatim(user_agent=user_agent, timeout=10)
            query = RateLimiter(nominatim.geocode, min_delay_seconds=max(min_delay_seconds, MIN_DELAY_SECONDS))
        self._query = query

    def _read_cache(self) -> dict[str, dict[str, Any] | None]:
        try:
            return json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _write_cache(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_path.with_name(self.cache_path.name + ".tmp")
        tmp.write_text(json.dumps(self._cache, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(self.cache_path)

    def lookup(self, address: str, country: str | None = None) -> GeoResult | None:
        """A site-precision point for a street address, or None when Nominatim has nothing."""
        cache_key = f"{country or ''}|{' '.join(address.split())}"
        if cache_key not in self._cache:
            kwargs: dict[str, Any] = {"exactly_one": True, "addressdetails": True}
            if country:
                kwargs["country_codes"] = country.lower()
            try:
                location = self._query(address, **kwargs)
            except Exception as exc:  # a live service can fail in many ways; never break the batch
                log.warning("live geocoder failed for %r: %s", address, exc)
                return None
            self._cache[cache_key] = _from_location(location)
            self._write_cache()
        hit = self._cache[cache_key]
        if hit is None:
            return None
        return GeoResult(
            name=hit.get("name"),
            country=hit.get("country") or country,
            lat=hit["lat"],
            lon=hit["lon"],
            precision="site",
            rule="live_nominatim",
        )


def _from_location(location: Any) -> dict[str, Any] | None:
    if location is None:
        return None
    raw = getattr(location, "raw", {}) or {}
    details = raw.get("address") or {}
    code = details.get("country_code")
    return {
        "lat": float(location.latitude),
        "lon": float(location.longitude),
        "name": getattr(location, "address", None),
        "country": code.upper() if isinstance(code, str) else None,
    }
