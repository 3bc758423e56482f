"""Field types shared by every model: country codes, URLs, UTC times, Europe.

Constraints live here once so that validation, DDL, the data dictionary and the
data-quality checks all read the same definition.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)

# Codes people write that are not ISO 3166-1 alpha-2 but mean one country.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}

# Europe as the map understands it: EU, EEA, UK, Switzerland, the Balkans and
# the other Council of Europe members on the continent.
EUROPEAN_COUNTRIES: frozenset[str] = frozenset(
    """AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE
    IS LI NO CH GB AD MC SM VA AL BA ME MK RS XK MD UA GI IM JE GG FO AX""".split()
)

# A generous box around geographic Europe (Azores to the Urals' foothills,
# Canaries to North Cape): points outside it are impossible for the map.
EUROPE_BBOX = {"min_lat": 27.0, "max_lat": 72.0, "min_lon": -32.0, "max_lon": 45.0}


def normalise_country(value: object) -> object:
    """Upper-case, trim and map common aliases (UK -> GB) before checking."""
    if isinstance(value, str):
        code = value.strip().upper()
        return _COUNTRY_ALIASES.get(code, code)
    return value


def check_country(code: str) -> str:
    if code == "XK" or pycountry.countries.get(alpha_2=code) is not None:
        return code
    raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code")


CountryCode = Annotated[
    str,
    BeforeValidator(normalise_country),
    Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code"),
    AfterValidator(check_country),
]

HttpUrl = Annotated[
    str,
    Field(pattern=r"^https?://\S+$", max_length=2048, description="absolute http(s) URL"),
]


def to_utc(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC; aware ones are converted to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(to_utc)]

Latitude = Annotated[float, Field(ge=-90, le=90, description="WGS84 latitude in degrees")]
Longitude = Annotated[float, Field(ge=-180, le=180, description="WGS84 longitude in degrees")]


def is_in_europe_bbox(lat: float | None, lon: float | None) -> bool:
    if lat is None or lon is None:
        return False
    b = EUROPE_BBOX
    return b["min_lat"] <= lat <= b["max_lat"] and b["min_lon"] <= lon <= b["max_lon"]


def utc_now() -> datetime:
    return datetime.now(UTC)
