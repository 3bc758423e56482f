"""What spiders emit, and what each kind of item must contain to be valid.

A spider yields a :class:`RawItem`: an envelope with provenance (source, URL,
time, the public page the content is based on) around a ``data`` payload. The
validate stage checks the payload against the model for its ``item_type``;
a payload that fails goes to quarantine with the reason, never silently away.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from schemas.common import STRICT, CountryCode, HttpUrl, Latitude, Longitude, UtcDatetime

ItemType = Literal["organisation", "announcement", "approval", "trial_sponsor", "facility"]

OrgType = Literal[
    "developer", "cdmo", "academic", "hospital", "supplier", "investor", "cluster", "other"
]

Modality = Literal[
    "car-t",
    "cell_therapy",
    "gene_therapy",
    "viral_vector",
    "plasmid",
    "tissue_engineered",
    "ipsc",
    "mrna",
    "other",
]


def stable_id(prefix: str, *raw_keys: str) -> str:
    """A short, stable ID from raw source keys (never from cleaned text)."""
    digest = hashlib.sha1("\x1f".join(raw_keys).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}_{digest}"


class RawItem(BaseModel):
    """One captured item with its provenance, as written by the crawl runner."""

    model_config = STRICT

    item_id: str = Field(description="stable hash of source slug, item type and item key")
    source_slug: str = Field(pattern=r"^[a-z]{2}_[a-z0-9]+_[a-z0-9_]+$", description="source folder name")
    item_type: ItemType = Field(description="which payload model `data` must satisfy")
    item_key: str = Field(min_length=1, description="stable raw key inside the source (URL or source ID)")
    source_url: HttpUrl = Field(description="URL of the page or document the item was parsed from")
    based_on_url: HttpUrl | None = Field(
        default=None,
        description="public page the recorded content is based on (replay archive); the source URL when live",
    )
    fetched_at: UtcDatetime = Field(description="when the response was recorded or fetched (UTC)")
    crawl_id: str = Field(description="the crawl that captured this item")
    data: dict[str, Any] = Field(description="type-specific payload, validated later")

    @model_validator(mode="after")
    def _id_matches_key(self) -> RawItem:
        expected = stable_id("itm", self.source_slug, self.item_type, self.item_key)
        if self.item_id != expected:
            raise ValueError(f"item_id {self.item_id} does not match its key (expected {expected})")
        return self


class OrganisationRecord(BaseModel):
    """An organisation as listed by a landscape, directory or map-layer source."""

    model_config = STRICT

    name: str = Field(min_length=2, max_length=300, description="name as the source writes it")
    org_type: OrgType = Field(default="other", description="role in the CGT field")
    city: str | None = Field(default=None, max_length=120, description="locality as written")
    country_code: CountryCode = Field(description="ISO alpha-2 country of the listed site")
    lat: Latitude | None = Field(default=None, description="latitude given by the source, if any")
    lon: Longitude | None = Field(default=None, description="longitude given by the source, if any")
    modalities: list[Modality] = Field(default_factory=list, description="therapy modalities worked on")
    website: HttpUrl | None = Field(default=None, description="organisation homepage")
    aliases: list[str] = Field(default_factory=list, description="other names in use (trading names, spellings)")
    tickers: list[str] = Field(default_factory=list, description="stock tickers, e.g. 'LSE: OXB'")
    former_names: list[str] = Field(default_factory=list, description="earlier names of the same legal entity")
    parent: str | None = Field(default=None, description="parent organisation, if the source names one")
    hub: str | None = Field(default=None, description="cluster or hub the source assigns, if any")
    description: str | None = Field(default=None, max_length=4000, description="short description in our words")

    @model_validator(mode="after")
    def _coords_together(self) -> OrganisationRecord:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


class AnnouncementRecord(BaseModel):
    """A news item or press release about an organisation or facility."""

    model_config = STRICT

    url: HttpUrl = Field(description="URL the article was fetched from")
    canonical_url: HttpUrl | None = Field(default=None, description="canonical URL declared by the page")
    title: str = Field(min_length=3, max_length=600, description="headline")
    published: date | None = Field(default=None, description="publication date (JSON-LD, URL, dateline or byline)")
    published_source: Literal["jsonld", "meta", "url", "dateline", "byline", "feed", "listing", "sitemap"] | None = (
        Field(default=None, description="where the publication date was found")
    )
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$", description="ISO 639-1 language of the text")
    text: str = Field(min_length=1, max_length=200_000, description="main text of the article")
    publisher: str | None = Field(default=None, description="outlet or issuer")
    dateline: str | None = Field(default=None, description="wire dateline, e.g. 'GHENT, Belgium, May 3, 2021'")
    is_partial: bool = Field(default=False, description="true for paywalled stubs with only headline and lead")


class ApprovalRecord(BaseModel):
    """A centrally authorised medicine from a regulator's export (EMA)."""

    model_config = STRICT

    product_name: str = Field(min_length=1, description="trade name")
    active_substance: str | None = Field(default=None, description="INN or common name")
    holder: str = Field(min_length=2, description="marketing-authorisation holder as written")
    holder_country_code: CountryCode | None = Field(default=None, description="country of the holder, if given")
    authorisation_date: date | None = Field(default=None, description="date of the EU marketing authorisation")
    is_advanced_therapy: bool = Field(description="the regulator's ATMP flag, normalised to a boolean")
    atmp_class: Literal["gene_therapy", "somatic_cell_therapy", "tissue_engineered", "combined", "unknown"] | None = (
        Field(default=None, description="ATMP class where the source tells it")
    )
    status: Literal["authorised", "withdrawn", "suspended", "refused", "other"] = Field(
        description="authorisation status"
    )
    therapeutic_area: str | None = Field(default=None, description="disease area as written")
    product_url: HttpUrl | None = Field(default=None, description="regulator's product page")


class TrialSponsorRecord(BaseModel):
    """A clinical trial of a cell or gene therapy with at least one European site."""

    model_config = STRICT

    nct_id: str = Field(pattern=r"^NCT\d{8}$", description="ClinicalTrials.gov identifier")
    title: str = Field(min_length=3, description="brief title")
    sponsor: str = Field(min_length=2, description="lead sponsor as written")
    sponsor_class: str | None = Field(default=None, description="INDUSTRY, OTHER, NIH ...")
    phase: str | None = Field(default=None, description="trial phase(s) as written")
    overall_status: str | None = Field(default=None, description="recruitment status")
    start_date: date | None = Field(default=None, description="study start date")
    interventions: list[str] = Field(default_factory=list, description="intervention names")
    modalities: list[Modality] = Field(default_factory=list, description="modalities inferred from intervention types")
    sites: list[dict[str, Any]] = Field(
        default_factory=list, description="European sites: facility, city, country_code, lat, lon"
    )


class FacilityRecord(BaseModel):
    """A facility described by a project-profile page."""

    model_config = STRICT

    name: str = Field(min_length=2, description="facility or project name")
    owner: str = Field(min_length=2, description="owner or operator")
    partners: list[str] = Field(default_factory=list, description="builders, partners")
    city: str | None = Field(default=None, description="locality as written")
    country_code: CountryCode = Field(description="ISO alpha-2 country")
    status: Literal["announced", "under_construction", "operational", "expanded", "closed"] | None = Field(
        default=None, description="project status as stated"
    )
    modalities: list[Modality] = Field(default_factory=list, description="modalities made there")
    operational_year: int | None = Field(default=None, ge=1950, le=2100, description="year it starts or started operating")
    investment_value: float | None = Field(default=None, ge=0, description="investment amount in units of the currency")
    investment_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO 4217 currency")
    investment_text: str | None = Field(default=None, description="the amount as written")
    text: str | None = Field(default=None, max_length=50_000, description="profile text")


PAYLOAD_MODELS: dict[str, type[BaseModel]] = {
    "organisation": OrganisationRecord,
    "announcement": AnnouncementRecord,
    "approval": ApprovalRecord,
    "trial_sponsor": TrialSponsorRecord,
    "facility": FacilityRecord,
}
