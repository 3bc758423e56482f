"""Rows of the published tables: organisations, facilities, announcements and more.

These models are the single source of truth for the warehouse: the DuckDB DDL,
column comments, data dictionary and data-quality checks are all derived from
them (see :mod:`schemas.tables`). Every row keeps where it came from
(``source_url``) and when it was seen (``first_seen_at`` / ``last_seen_at``,
the observation times of the source data, so re-running the same input changes
nothing).
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from schemas.common import STRICT, CountryCode, HttpUrl, Latitude, Longitude, UtcDatetime
from schemas.records import ItemType, Modality, OrgType

GeoPrecision = Literal["site", "city", "region", "country"]
FacilityStatus = Literal["announced", "under_construction", "operational", "expanded", "closed"]
EventType = Literal[
    "new_facility", "expansion", "opening", "investment", "acquisition", "partnership", "approval", "other"
]


class Seen(BaseModel):
    """Observation window shared by all entity rows."""

    first_seen_at: UtcDatetime = Field(description="earliest observation of this row's source data (UTC)")
    last_seen_at: UtcDatetime = Field(description="latest observation of this row's source data (UTC)")


class RawItemRow(BaseModel):
    """``raw_<slug>__items``: the current captured items of one source."""

    model_config = STRICT

    item_id: str = Field(description="stable hash of source, item type and item key")
    source_slug: str = Field(description="source folder name")
    item_type: ItemType = Field(description="payload kind")
    item_key: str = Field(description="stable key inside the source")
    source_url: HttpUrl = Field(description="page the item was parsed from")
    based_on_url: HttpUrl | None = Field(default=None, description="public page the recorded content is based on")
    fetched_at: UtcDatetime = Field(description="when the response was recorded or fetched")
    crawl_id: str = Field(description="crawl that captured the latest version")
    data_json: str = Field(description="payload as JSON text")


class Organisation(Seen):
    """``core_atmp__organisations``: one row per resolved organisation."""

    model_config = STRICT

    organisation_id: str = Field(description="stable organisation ID (survives respellings and re-crawls)")
    name: str = Field(min_length=1, description="canonical display name")
    org_type: OrgType = Field(description="role in the CGT field")
    city: str | None = Field(default=None, description="locality of the listed site")
    country_code: CountryCode | None = Field(default=None, description="ISO alpha-2 country")
    lat: Latitude | None = Field(default=None, description="WGS84 latitude of the site")
    lon: Longitude | None = Field(default=None, description="WGS84 longitude of the site")
    geo_precision: GeoPrecision | None = Field(default=None, description="how precise the point is")
    geo_rule: str | None = Field(default=None, description="which geocoding rule or source gave the point")
    is_european: bool = Field(description="the organisation's listed site is in Europe")
    modalities: list[Modality] = Field(default_factory=list, description="therapy modalities")
    website: str | None = Field(default=None, description="homepage")
    aliases: list[str] = Field(default_factory=list, description="other names, tickers and former names seen")
    hub: str | None = Field(default=None, description="cluster or hub named by a landscape source")
    description: str | None = Field(default=None, description="short description in our words")
    mention_count: int = Field(ge=0, description="mentions merged into this organisation")
    source_slugs: list[str] = Field(default_factory=list, description="sources that list or mention it")
    source_url: HttpUrl | None = Field(default=None, description="primary source page")
    is_curated: bool = Field(default=False, description="added or corrected by a human curation entry")


class StatusChange(BaseModel):
    model_config = STRICT

    date: dt.date | None = Field(description="date of the announcement that shows this status")
    status: FacilityStatus
    announcement_id: str | None = None


class Facility(Seen):
    """``core_atmp__facilities``: one row per resolved site (plant, centre, hub)."""

    model_config = STRICT

    facility_id: str = Field(description="stable facility ID")
    name: str | None = Field(default=None, description="proper name of the facility, if it has one")
    organisation_id: str | None = Field(default=None, description="operating organisation")
    organisation_name: str | None = Field(default=None, description="operator as named")
    partner_names: list[str] = Field(default_factory=list, description="partners, builders, co-investors")
    city: str | None = Field(default=None, description="locality of the site (English spelling)")
    country_code: CountryCode | None = Field(default=None, description="ISO alpha-2 country")
    lat: Latitude | None = Field(default=None, description="WGS84 latitude")
    lon: Longitude | None = Field(default=None, description="WGS84 longitude")
    geo_precision: GeoPrecision | None = Field(default=None, description="how precise the point is")
    geo_rule: str | None = Field(default=None, description="which geocoding rule gave the point")
    is_european: bool = Field(description="the site is in Europe (non-European sites stay off the map)")
    status: FacilityStatus = Field(description="latest known status")
    status_timeline_json: str = Field(default="[]", description="JSON list of {date, status, announcement_id}")
    event_types: list[EventType] = Field(default_factory=list, description="event types of the announcements behind it")
    modalities: list[Modality] = Field(default_factory=list, description="modalities made there")
    operational_year: int | None = Field(default=None, ge=1950, le=2100, description="year it starts or started operating")
    investment_value: float | None = Field(default=None, ge=0, description="investment tied to the site, in its currency")
    investment_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO 4217 currency as first written")
    investment_text: str | None = Field(default=None, description="amount as written in the source")
    announcement_ids: list[str] = Field(default_factory=list, description="announcements behind this facility")
    first_announced_date: date | None = Field(default=None, description="date of the earliest announcement")
    source_url: HttpUrl | None = Field(default=None, description="URL of the earliest announcement or profile")
    source_urls: list[str] = Field(default_factory=list, description="all source URLs")


class Announcement(Seen):
    """``core_atmp__announcements``: every captured announcement, relevant or not."""

    model_config = STRICT

    announcement_id: str = Field(description="item ID of the captured announcement")
    source_slug: str = Field(description="source folder name")
    url: HttpUrl = Field(description="URL it was fetched from")
    title: str = Field(description="headline")
    published_date: date | None = Field(default=None, description="publication date")
    published_source: str | None = Field(default=None, description="where the date came from")
    language: str | None = Field(default=None, description="ISO 639-1 language")
    publisher: str | None = Field(default=None, description="outlet or issuer")
    is_partial: bool = Field(default=False, description="paywalled stub: headline and lead only")
    is_relevant: bool = Field(description="a concrete CGT event in Europe")
    not_relevant_reason: str | None = Field(default=None, description="why it is not relevant")
    event_type: EventType | None = Field(default=None, description="kind of event")
    companies: list[str] = Field(default_factory=list, description="owner, operator, acquirer or holder as written")
    partners: list[str] = Field(default_factory=list, description="partners, targets, sellers as written")
    city: str | None = Field(default=None, description="facility locality")
    country_code: CountryCode | None = Field(default=None, description="facility country")
    modalities: list[Modality] = Field(default_factory=list, description="modalities")
    operational_year: int | None = Field(default=None, description="year operational, if stated")
    investment_value: float | None = Field(default=None, description="amount tied to the event")
    investment_currency: str | None = Field(default=None, description="currency as first written")
    duplicate_of: str | None = Field(default=None, description="canonical announcement when this is a syndicated copy")
    facility_ids: list[str] = Field(default_factory=list, description="facilities this announcement supports")
    extraction_json: str = Field(description="full extraction result with evidence spans (JSON)")
    source_url: HttpUrl = Field(description="page it was parsed from")
    based_on_url: HttpUrl | None = Field(default=None, description="public page the content is based on")


class Approval(Seen):
    """``core_atmp__approvals``: centrally authorised advanced therapies."""

    model_config = STRICT

    approval_id: str = Field(description="item ID of the regulator record")
    product_name: str = Field(description="trade name")
    active_substance: str | None = Field(default=None, description="INN or common name")
    holder: str = Field(description="marketing-authorisation holder as written")
    organisation_id: str | None = Field(default=None, description="resolved holder organisation")
    authorisation_date: date | None = Field(default=None, description="EU authorisation date")
    authorisation_year: int | None = Field(default=None, description="year of authorisation")
    atmp_class: str | None = Field(default=None, description="gene therapy, somatic cell, tissue engineered, combined")
    status: str = Field(description="authorised, withdrawn ...")
    source_url: HttpUrl = Field(description="regulator page or export")


class Quarantine(BaseModel):
    """``core_atmp__quarantine``: everything we could not use, with the reason."""

    model_config = STRICT

    quarantine_id: str = Field(description="stable hash of stage, item and reason")
    stage: Literal["crawl", "validate", "extract", "resolve", "geocode", "load"] = Field(description="stage that refused it")
    source_slug: str | None = Field(default=None, description="source it came from")
    item_id: str | None = Field(default=None, description="captured item, if any")
    source_url: str | None = Field(default=None, description="page or record URL")
    field: str | None = Field(default=None, description="offending field")
    reason: str = Field(description="why it was refused")
    raw_json: str | None = Field(default=None, description="the record as captured (JSON)")
    seen_at: UtcDatetime = Field(description="when it was captured or refused")


class Crawl(BaseModel):
    """``core_atmp__crawls``: one row per crawl, from its stats."""

    model_config = STRICT

    crawl_id: str = Field(description="crawl identifier (start time and mode)")
    source_slug: str = Field(description="source folder name")
    mode: Literal["replay", "live"] = Field(description="replay archive or live site")
    started_at: UtcDatetime = Field(description="start (UTC)")
    finished_at: UtcDatetime | None = Field(default=None, description="end (UTC)")
    is_success: bool = Field(description="the runner judged the crawl successful")
    items_scraped: int = Field(ge=0, description="new or changed items captured")
    items_unchanged: int = Field(ge=0, description="known items confirmed unchanged")
    requests: int = Field(ge=0, description="HTTP requests sent (or replayed)")
    rejects: int = Field(ge=0, description="pages or records rejected")
    failures: list[str] = Field(default_factory=list, description="why it failed, if it did")


class MapPoint(BaseModel):
    """``out_atmp__map_points``: what a map draws, one point per organisation or facility site."""

    model_config = STRICT

    point_id: str = Field(description="'org:' or 'fac:' plus the entity ID")
    kind: Literal["organisation", "facility"] = Field(description="what the point stands for")
    entity_id: str = Field(description="organisation_id or facility_id")
    name: str = Field(description="label")
    organisation_id: str | None = Field(default=None, description="organisation (for facilities: the operator)")
    category: str = Field(description="org_type for organisations, status for facilities")
    city: str | None = Field(default=None, description="locality")
    country_code: CountryCode = Field(description="ISO alpha-2 country")
    lat: Latitude = Field(description="WGS84 latitude")
    lon: Longitude = Field(description="WGS84 longitude")
    geo_precision: GeoPrecision = Field(description="how precise the point is")
    modalities: list[Modality] = Field(default_factory=list, description="modalities")
    operational_year: int | None = Field(default=None, description="for facilities: year operational")
    source_url: str | None = Field(default=None, description="where the facts come from")
    first_seen_at: datetime = Field(description="earliest observation (UTC)")
    last_seen_at: datetime = Field(description="latest observation (UTC)")
