"""Reviewed human decisions, kept apart from crawled data (curation/*.yml).

One format carries four kinds of entries, so a reviewer learns it once:

- ``judgements``: two names (or entity IDs) are the ``same`` organisation, ``different``
  ones, or the reviewer is ``unsure`` (which stops the algorithm from merging them).
- ``organisations``: a curated addition ("did we miss your organisation?"), with
  aliases, tickers and former names that the resolver then knows.
- ``facilities``: a curated site that no crawled announcement describes (yet).
- ``corrections``: one field of an organisation or facility set to a reviewed value
  (a corrected city, say).

Every entry says who decided, when and why. Judgements win over the algorithm and
survive every re-crawl because they live here, not in the crawled data.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.common import CountryCode, Latitude, Longitude
from schemas.records import Modality
from schemas.resolution import FacilityStatus

_ENTRY = ConfigDict(extra="forbid", str_strip_whitespace=True)

Decision = Literal["same", "different", "unsure"]


class Reviewed(BaseModel):
    """Who decided, when, and why: required on every curated entry."""

    model_config = _ENTRY

    reason: str = Field(min_length=8, description="the evidence, in the reviewer's words (a public source helps)")
    reviewer: str = Field(min_length=2, description="who made the decision")
    decided: date = Field(description="when the decision was made")


class Judgement(Reviewed):
    """Two organisations are the same, different, or the reviewer is unsure."""

    a: str | None = Field(default=None, min_length=1, description="a name as written, or omit and give a_id")
    b: str | None = Field(default=None, min_length=1, description="the other name, or omit and give b_id")
    a_id: str | None = Field(default=None, description="entity or registry ID instead of a name")
    b_id: str | None = Field(default=None, description="entity or registry ID instead of a name")
    decision: Decision

    @model_validator(mode="after")
    def _two_sides(self) -> Judgement:
        if (self.a is None) == (self.a_id is None):
            raise ValueError("give exactly one of 'a' (a name) or 'a_id' (an ID)")
        if (self.b is None) == (self.b_id is None):
            raise ValueError("give exactly one of 'b' (a name) or 'b_id' (an ID)")
        if (self.a or self.a_id) == (self.b or self.b_id):
            raise ValueError("a judgement needs two different sides")
        return self

    @property
    def sides(self) -> tuple[str, str]:
        """The two sides as written (names or IDs), for messages."""
        return (self.a or self.a_id or "", self.b or self.b_id or "")


class OrganisationAddition(Reviewed):
    """An organisation a reviewer adds because no source lists it (or lists it badly)."""

    id: str | None = Field(default=None, description="stable ID; minted from name and country when omitted")
    name: str = Field(min_length=2, max_length=300)
    country_code: CountryCode
    city: str | None = None
    aliases: list[str] = Field(default_factory=list)
    tickers: list[str] = Field(default_factory=list, description="'EXCHANGE: SYMBOL' or 'SYMBOL'")
    former_names: list[str] = Field(default_factory=list)
    parent: str | None = None
    website: str | None = Field(default=None, pattern=r"^https?://\S+$")


class FacilityAddition(Reviewed):
    """A site a reviewer adds: a plant the crawled sources have not described."""

    name: str | None = Field(default=None, description="proper name of the plant, if it has one")
    organisation: str = Field(min_length=2, description="owner or operator, as a name")
    organisation_id: str | None = Field(default=None, description="owner's entity ID, if known")
    city: str = Field(min_length=1)
    country_code: CountryCode
    lat: Latitude | None = None
    lon: Longitude | None = None
    status: FacilityStatus
    status_date: date | None = Field(default=None, description="when the status was reached, if known")
    operational_year: int | None = Field(default=None, ge=1950, le=2100)
    modalities: list[Modality] = Field(default_factory=list)
    source_url: str | None = Field(default=None, pattern=r"^https?://\S+$", description="public page behind it")

    @model_validator(mode="after")
    def _coords_together(self) -> FacilityAddition:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


CorrectableField = Literal["name", "city", "country_code", "lat", "lon", "status", "operational_year"]


class Correction(Reviewed):
    """One field of one organisation or facility set to a reviewed value."""

    target: Literal["organisation", "facility"]
    id: str | None = Field(default=None, description="the entity's or facility's ID")
    name: str | None = Field(default=None, description="or its name (organisation name, or facility name)")
    organisation: str | None = Field(default=None, description="for a facility without a name: its owner")
    city_was: str | None = Field(default=None, description="for a facility without a name: the city it had")
    field: CorrectableField
    value: str | float | int | None

    @model_validator(mode="after")
    def _addressable(self) -> Correction:
        if not (self.id or self.name or (self.target == "facility" and self.organisation and self.city_was)):
            raise ValueError("say which entry to correct: 'id', 'name', or (for a facility) 'organisation' + 'city_was'")
        if self.field in ("lat", "lon") and not isinstance(self.value, (int, float)):
            raise ValueError(f"{self.field} needs a number")
        if self.field == "country_code" and isinstance(self.value, str):
            from schemas.common import check_country, normalise_country

            self.value = check_country(str(normalise_country(self.value)))
        if self.field == "status" and self.value not in (
            "announced", "under_construction", "operational", "expanded", "closed"
        ):
            raise ValueError("status must be one of announced, under_construction, operational, expanded, closed")
        return self


class CurationFile(BaseModel):
    """The top level of one curation YAML file; every section is optional."""

    model_config = _ENTRY

    judgements: list[Judgement] = Field(default_factory=list)
    organisations: list[OrganisationAddition] = Field(default_factory=list)
    facilities: list[FacilityAddition] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)


class Curation(CurationFile):
    """All curation files merged: what the resolver reads."""

    sources: list[str] = Field(default_factory=list, description="files the entries came from")
