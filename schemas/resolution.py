"""Models of the entity-resolution stage: mentions in, entities and facilities out.

The `atmp resolve` contract (DESIGN.md) reads :class:`Mention` lines and writes
:class:`ResolutionLine`; the library call returns the richer :class:`Resolution`
(with the rule and score that decided it). Facility resolution turns one
:class:`FacilityFact` per site and announcement into one :class:`ResolvedFacility`
per real site, with its status history.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.common import CountryCode, Latitude, Longitude
from schemas.records import Modality

FacilityStatus = Literal["announced", "under_construction", "operational", "expanded", "closed"]

MatchRule = Literal[
    "exact", "core", "compact", "abbreviation", "fuzzy", "registry", "ticker", "ticker_guess", "learned",
    "judgement", "single", "qualifier",
]

AliasKind = Literal["ticker", "former_name", "alias", "subsidiary_of"]

_LENIENT = ConfigDict(extra="ignore", str_strip_whitespace=True)


class Mention(BaseModel):
    """One organisation name as written somewhere (an input line of `atmp resolve`)."""

    model_config = _LENIENT

    id: str = Field(min_length=1, description="caller's identifier of the mention, echoed back")
    mention: str = Field(min_length=1, max_length=400, description="the name as written")
    country_hint: CountryCode | None = Field(default=None, description="country the text ties the name to, if any")
    source: str | None = Field(default=None, description="where the mention was seen (URL or announcement id)")

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class ResolutionLine(BaseModel):
    """The `atmp resolve` output contract: one line per input mention."""

    id: str
    entity_id: str = Field(description="stable organisation ID")
    canonical_name: str = Field(description="display name of the organisation")


class Resolution(ResolutionLine):
    """A resolved mention, with the evidence that put it in its cluster."""

    rule: MatchRule = Field(description="the strongest rule that attached the mention to its entity")
    score: float = Field(ge=0, le=1, description="confidence of that rule (1 for exact and curated links)")
    registry_id: str | None = Field(default=None, description="ID of the registry organisation the entity is anchored on")


class RegistryEntry(BaseModel):
    """A known organisation with its own stable ID: landscape records, curated additions."""

    model_config = _LENIENT

    id: str = Field(min_length=1, description="the entry's own stable ID")
    name: str = Field(min_length=1, description="current name as the registry writes it")
    aliases: list[str] = Field(default_factory=list, description="other names in use (trading names, spellings)")
    tickers: list[str] = Field(default_factory=list, description="stock tickers, 'EXCHANGE: SYMBOL' or 'SYMBOL'")
    former_names: list[str] = Field(default_factory=list, description="earlier names of the same legal entity")
    country_code: CountryCode | None = Field(default=None, description="country of the organisation")
    parent: str | None = Field(default=None, description="parent organisation's name; parent and child stay apart")
    source: str | None = Field(default=None, description="where the entry comes from (dataset, curation file)")


class AliasFact(BaseModel):
    """Something an announcement says about a name: its ticker, former name or parent."""

    kind: AliasKind
    name: str = Field(description="the organisation the fact is about, as written")
    value: str = Field(description="the ticker symbol, the former name, the alias or the parent's name")
    exchange: str | None = Field(default=None, description="stock exchange for tickers, as written")
    span: tuple[int, int] = Field(description="character offsets of the evidence in the text")
    evidence: str = Field(description="the sentence part that states the fact")
    announcement_id: str = Field(description="provenance: the announcement")
    source_url: str | None = Field(default=None, description="provenance: the announcement's URL")


class FacilityFact(BaseModel):
    """One site named by one announcement, after extraction and organisation resolution."""

    model_config = _LENIENT

    announcement_id: str = Field(min_length=1)
    source_url: str | None = None
    published: date | None = None
    title: str | None = None
    organisation_id: str | None = Field(default=None, description="resolved organisation ID of the owner")
    organisation_name: str | None = None
    partners: list[str] = Field(default_factory=list)
    facility_name: str | None = Field(default=None, description="proper name of the plant, if any")
    city: str | None = None
    country_code: CountryCode | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    event_type: str | None = Field(default=None, description="new_facility, expansion, opening, investment, ...")
    modalities: list[Modality] = Field(default_factory=list)
    operational_year: int | None = Field(default=None, ge=1950, le=2100)
    investment_value: float | None = Field(default=None, ge=0)
    investment_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    investment_text: str | None = None
    is_european: bool | None = None


class StatusEvent(BaseModel):
    """One step of a facility's history, with the announcement that reported it."""

    date: date | None
    status: FacilityStatus
    announcement_id: str


class ResolvedFacility(BaseModel):
    """One real site, merged from every announcement about it."""

    facility_id: str = Field(description="stable facility ID")
    name: str | None = Field(description="proper name of the plant, if one is known")
    organisation_id: str | None
    organisation_name: str | None
    city: str | None
    country_code: str | None
    lat: float | None
    lon: float | None
    status: FacilityStatus
    status_timeline: list[StatusEvent]
    operational_year: int | None
    modalities: list[Modality]
    investment_value: float | None
    investment_currency: str | None
    investment_text: str | None
    announcement_ids: list[str] = Field(description="canonical announcements behind the site (syndicated copies once)")
    source_urls: list[str] = Field(description="URLs of every copy, syndicated ones included")
    first_announced: date | None
    is_european: bool | None = None
    is_curated: bool = Field(default=False, description="added or corrected by a reviewer (curation file)")
