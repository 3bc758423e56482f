"""Rows of the published tables: organisations, facilities, announcements and more.

These models are the single source of truth for the warehouse: the DuckDB DDL,
column comments, data dictionary and data-quality checks are all derived from
them (see :mod:`schemas.tables`). Every row keeps where it came from
(``source_url``) and when it was seen (``first_seen_at`` / ``last_seen_at``,
the observation times of the source data, so re-running the same input changes
nothing).
"""

from __future__ import annotations

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


# --- history ---------------------------------------------------------------------------------


class Version(BaseModel):
    """Version columns of a history row.

    ``valid_from`` / ``valid_to`` are *load* times: the interval during which the
    published map showed this version. Source observation times stay in
    ``first_seen_at`` / ``last_seen_at`` of the row itself.
    """

    version_id: str = Field(description="entity ID and valid_from: one row per version")
    version_hash: str = Field(description="md5 of the row's content, observation times excluded")
    valid_from: UtcDatetime = Field(description="load time from which the published map showed this version (UTC)")
    valid_to: UtcDatetime | None = Field(
        default=None, description="load time at which it was replaced or removed (UTC); null while current")
    change_type: Literal["added", "changed", "returned"] = Field(
        description="added: first version; changed: content differs from the previous version; "
                    "returned: back after having been removed")
    changed_columns: list[str] = Field(
        default_factory=list, description="columns that differ from the previous version (empty when added)")


class OrganisationVersion(Organisation, Version):
    """``hist_atmp__organisations``: every version of every organisation row."""


class FacilityVersion(Facility, Version):
    """``hist_atmp__facilities``: every version of every facility row."""


class MapPointVersion(MapPoint, Version):
    """``hist_atmp__map_points``: every version of every map point (drives ``map_as_of``)."""


# --- marts -----------------------------------------------------------------------------------


class CountrySummary(BaseModel):
    """``out_atmp__countries``: organisations, facilities and hubs per country."""

    model_config = STRICT

    country_code: CountryCode = Field(description="ISO alpha-2 country")
    country_name: str = Field(description="English short name of the country")
    is_european: bool = Field(description="the country is on the European map")
    organisations: int = Field(ge=0, description="organisations listed in this country")
    organisations_on_map: int = Field(ge=0, description="of these, organisations with a point on the map")
    developers: int = Field(ge=0, description="organisations of type developer")
    cdmos: int = Field(ge=0, description="organisations of type cdmo")
    academic_and_hospital: int = Field(ge=0, description="organisations of type academic or hospital")
    suppliers: int = Field(ge=0, description="organisations of type supplier")
    facilities: int = Field(ge=0, description="facilities (plants, centres) in this country")
    facilities_operational: int = Field(ge=0, description="facilities whose latest status is operational or expanded")
    facilities_planned: int = Field(ge=0, description="facilities announced or under construction")
    hubs: int = Field(ge=0, description="hubs whose main town is in this country")
    approvals_held: int = Field(ge=0, description="EU ATMP approvals whose holder is an organisation of this country")
    top_modalities: list[Modality] = Field(default_factory=list,
                                           description="up to three modalities most often listed here")


class Hub(BaseModel):
    """``out_atmp__hubs``: clusters of sites found by distance (method in docs/warehouse.md)."""

    model_config = STRICT

    hub_id: str = Field(description="country code and slug of the hub's name, e.g. 'nl-leiden'")
    name: str = Field(min_length=1, description="main town: the town with most sites in the hub")
    country_code: CountryCode = Field(description="country of the hub (hubs never cross a border)")
    rank: int = Field(ge=1, description="1 = the hub with most sites")
    lat: Latitude = Field(description="WGS84 latitude of the main town's centre")
    lon: Longitude = Field(description="WGS84 longitude of the main town's centre")
    radius_km: float = Field(ge=0, description="distance from the centre to the farthest site in the hub")
    sites: int = Field(ge=1, description="map points in the hub (organisations plus facilities)")
    organisations: int = Field(ge=0, description="organisation points in the hub")
    facilities: int = Field(ge=0, description="facility points in the hub")
    towns: list[str] = Field(default_factory=list, description="towns in the hub, most sites first")
    anchor_towns: list[str] = Field(default_factory=list,
                                    description="towns with enough sites to anchor a hub, most sites first")
    top_modalities: list[Modality] = Field(default_factory=list,
                                           description="up to three modalities most often listed by its sites")
    modality_counts_json: str = Field(default="{}", description="JSON object: modality -> sites listing it")


class HubSite(BaseModel):
    """``out_atmp__hub_sites``: which hub each map point belongs to (points outside hubs are absent)."""

    model_config = STRICT

    point_id: str = Field(description="map point ('org:' or 'fac:' plus the entity ID)")
    hub_id: str = Field(description="hub it belongs to")
    kind: Literal["organisation", "facility"] = Field(description="what the point stands for")
    entity_id: str = Field(description="organisation_id or facility_id")
    town: str = Field(description="town (cluster of nearby sites) the point was grouped into")
    is_anchor_town: bool = Field(description="its town is big enough to anchor a hub (rather than a satellite)")
    distance_km: float = Field(ge=0, description="distance to the hub's centre")


class ModalitySummary(BaseModel):
    """``out_atmp__modalities``: how often each therapy modality appears on the European map."""

    model_config = STRICT

    modality: Modality = Field(description="therapy modality")
    organisations: int = Field(ge=0, description="European organisations listing it")
    facilities: int = Field(ge=0, description="European facilities making it")
    countries: int = Field(ge=0, description="countries with at least one of these")
    share_of_organisations: float = Field(
        ge=0, le=1, description="organisations listing it / European organisations listing any modality")
    top_countries: list[str] = Field(default_factory=list, description="up to three countries with most of them")


class FacilityPipelineRow(BaseModel):
    """``out_atmp__facility_pipeline``: European facilities by latest status and operational year."""

    model_config = STRICT

    status: FacilityStatus = Field(description="latest known status")
    operational_year: int | None = Field(default=None, description="year operational; null when not stated")
    facilities: int = Field(ge=1, description="facilities with this status and year")
    car_t_facilities: int = Field(ge=0, description="of these, facilities making CAR-T")
    countries: list[str] = Field(default_factory=list, description="their countries")
    operators: list[str] = Field(default_factory=list, description="their operators as named")


class ApprovalsPerYear(BaseModel):
    """``out_atmp__approvals_per_year``: EU approvals of advanced therapies by year of authorisation."""

    model_config = STRICT

    authorisation_year: int = Field(ge=1990, le=2100, description="year of EU authorisation")
    approvals: int = Field(ge=1, description="products authorised that year")
    still_authorised: int = Field(ge=0, description="of these, still authorised today")
    withdrawn: int = Field(ge=0, description="of these, since withdrawn, suspended or expired")
    cumulative_approvals: int = Field(ge=1, description="products authorised up to and including that year")
    products: list[str] = Field(default_factory=list, description="trade names, alphabetical")
    holders: list[str] = Field(default_factory=list, description="marketing-authorisation holders as written")
