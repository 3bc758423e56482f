"""The model every ``scrapers/sources/<slug>/source.yml`` must satisfy.

The Dagster ingest asset, its schedule and its count checks are generated from
this file, so a source is added by writing metadata plus a parse-only spider.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from schemas.common import STRICT, CountryCode, HttpUrl
from schemas.records import ItemType

SourceKind = Literal[
    "html_listing",  # paginated listing pages -> article pages
    "rss",  # RSS 2.0 or Atom feed -> article pages
    "sitemap",  # XML sitemap -> article pages
    "json_api",  # JSON export or REST API
    "map_layer",  # KML or GeoJSON layer of organisations
    "directory",  # paginated member or cluster directory
    "facility_profiles",  # project profile pages of facilities
]

Frequency = Literal["hourly", "daily", "weekly", "monthly"]

# Cron schedules for each frequency, spread over the night in UTC so that
# sources do not all start at once.
FREQUENCY_CRON: dict[str, str] = {
    "hourly": "17 * * * *",
    "daily": "30 3 * * *",
    "weekly": "45 4 * * 1",
    "monthly": "15 5 1 * *",
}


class Politeness(BaseModel):
    """Live-mode manners; replay mode ignores them and runs fast."""

    model_config = STRICT

    download_delay: float = Field(default=2.0, ge=0.5, le=60, description="seconds between requests to one domain")
    concurrent_requests_per_domain: int = Field(default=1, ge=1, le=4, description="parallel requests per domain")
    obey_robots_txt: bool = Field(default=True, description="honour robots.txt (only an API with explicit terms may say false)")
    max_pages: int = Field(default=2000, ge=1, le=100_000, description="hard cap on requests in one crawl")
    timeout_seconds: int = Field(default=1800, ge=10, le=86_400, description="the crawl is stopped after this long")
    download_timeout: int = Field(default=30, ge=1, le=300, description="seconds before one request is given up")
    retry_backoff_base: float = Field(default=2.0, ge=0, le=60, description="first pause before retrying 429/5xx; doubles each time")
    max_page_bytes: int = Field(default=10 * 1024 * 1024, ge=10_000, le=100 * 1024 * 1024,
                                description="responses larger than this are cancelled and reported")


class Expected(BaseModel):
    """Assertions on the size of the source's current item set (zavod style).

    Set the minimum about 10-20 % under a healthy crawl and the maximum about
    twice it; never widen a bound to fit an unexplained collapse.
    """

    model_config = STRICT

    min_items: int = Field(ge=0, description="fewer items than this fails the crawl and its ingest asset")
    max_items: int = Field(ge=1, description="more items than this is reported as a warning")

    @model_validator(mode="after")
    def _ordered(self) -> Expected:
        if self.max_items < self.min_items:
            raise ValueError("max_items must be >= min_items")
        return self


class SourceConfig(BaseModel):
    """Metadata of one source, read from its ``source.yml``."""

    model_config = STRICT

    slug: str = Field(pattern=r"^[a-z]{2}_[a-z0-9]+_[a-z0-9_]+$", description="<cc>_<publisher>_<feed>, equal to the folder name")
    title: str = Field(min_length=3, description="human name of the source")
    publisher: str = Field(min_length=2, description="who publishes it")
    homepage: HttpUrl = Field(description="publisher homepage")
    kind: SourceKind = Field(description="how the source is shaped")
    item_types: list[ItemType] = Field(min_length=1, description="kinds of items the spider emits")
    start_urls: list[HttpUrl] = Field(min_length=1, description="where the crawl starts")
    allowed_domains: list[str] = Field(default_factory=list, description="domains the spider may follow; derived from start URLs when empty")
    frequency: Frequency = Field(description="how often the source changes; drives the schedule")
    languages: list[str] = Field(min_length=1, description="ISO 639-1 codes of the content")
    countries: list[CountryCode | Literal["EU"]] = Field(default_factory=list, description="ISO alpha-2 countries covered, or EU")
    expected: Expected
    politeness: Politeness = Field(default_factory=Politeness)
    based_on: HttpUrl = Field(description="the public source this folder is modelled on")
    licence: str = Field(description="terms of the publisher's content, as far as known")
    attribution: str | None = Field(default=None, description="attribution line for the snapshot manifest")
    description: str = Field(min_length=10, description="what the source holds, in our words")
    enabled: bool = Field(default=True, description="disabled sources get no asset")

    @model_validator(mode="after")
    def _domains(self) -> SourceConfig:
        if not self.allowed_domains:
            from urllib.parse import urlsplit

            self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in self.start_urls} - {""})
        return self

    @property
    def cron(self) -> str:
        return FREQUENCY_CRON[self.frequency]


class _Yaml12Loader(yaml.SafeLoader):
    """YAML 1.1 reads NO (Norway), yes and on as booleans; we accept only true/false."""


_Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(path: Path) -> object:
    """Read YAML with 1.2-style booleans (so country code NO stays a string)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)  # noqa: S506 - safe loader subclass


class SourceConfigError(ValueError):
    """A source.yml that cannot be used; the message names the file and field."""


def load_source_config(path: Path) -> SourceConfig:
    """Read and validate one source.yml; errors name the file and the field."""
    try:
        raw = load_yaml(path)
    except yaml.YAMLError as exc:
        raise SourceConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise SourceConfigError(f"{path}: expected a mapping at the top level")
    try:
        config = SourceConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"field '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}" for err in exc.errors()
        )
        raise SourceConfigError(f"{path}: {problems}") from exc
    if config.slug != path.parent.name:
        raise SourceConfigError(f"{path}: field 'slug': '{config.slug}' differs from the folder name '{path.parent.name}'")
    return config
