"""Input and output of the fact-extraction stage (`atmp extract`).

One :class:`ExtractInput` (an announcement) gives one :class:`Extraction`
(a facility/event record). ``Extraction.model_dump(mode="json")`` is exactly one
output line of ``atmp extract``; the keys follow DESIGN.md's command contract.
Every extracted fact keeps its provenance: the announcement ``id`` and ``url``
and, in ``evidence``, the character span of the text it was read from.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.common import CountryCode
from schemas.records import Modality

EventType = Literal[
    "new_facility", "expansion", "opening", "investment", "acquisition", "partnership", "approval", "other"
]

# Texts longer than this are cut before analysis (the reason says so); a real
# announcement is a few thousand characters, a crawl accident can be megabytes.
MAX_TEXT_CHARS = 200_000


class ExtractInput(BaseModel):
    """An announcement as the extractor reads it (``atmp extract`` input line)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str = Field(min_length=1, description="announcement ID, copied to the output")
    url: str | None = Field(default=None, description="page the text comes from (provenance)")
    title: str | None = Field(default=None, description="headline, if known")
    published: date | None = Field(default=None, description="publication date, if known")
    text: str = Field(description="main text of the announcement (may be empty: gives relevant=false)")

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @field_validator("published", mode="before")
    @classmethod
    def _blank_date_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and len(value) > 10 and value[4:5] == "-":
            return value[:10]  # a timestamp: keep its date
        return value


class Span(BaseModel):
    """Where a fact was read: character offsets into the analysed text and the text itself.

    ``source`` tells which text: ``text`` (the body as given) or ``title``.
    """

    model_config = ConfigDict(extra="forbid")

    start: int = Field(ge=0, description="offset of the first character")
    end: int = Field(ge=0, description="offset after the last character")
    text: str = Field(description="the characters between start and end")
    source: Literal["text", "title"] = Field(default="text", description="which field the offsets refer to")


class Amount(BaseModel):
    """A money amount as first written in the announcement."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(ge=0, description="full number, e.g. 2300000000 for '2,3 Milliarden Euro'")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code of the currency as written")
    text: str = Field(description="the raw text span of the amount")


class Site(BaseModel):
    """A further site named in the same release (one facility per site)."""

    model_config = ConfigDict(extra="forbid")

    city: str | None = Field(default=None, description="locality in common English spelling")
    country: CountryCode | None = Field(default=None, description="ISO alpha-2 of the locality")
    facility_name: str | None = Field(default=None, description="proper name of the plant, if given")
    is_european: bool = Field(description="false for sites the European map leaves out")
    evidence: Span | None = Field(default=None, description="where the site is named")


class Extraction(BaseModel):
    """The facts read from one announcement: one ``atmp extract`` output line."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="announcement ID (provenance)")
    url: str | None = Field(default=None, description="announcement URL (provenance)")
    relevant: bool = Field(description="a concrete CGT event about a company or facility located in Europe")
    reason: str | None = Field(default=None, description="why the record is not relevant, or what limited it")
    language: str | None = Field(default=None, description="ISO 639-1 language detected in the text")
    companies: list[str] = Field(default_factory=list, description="owner/operator/builder; acquirer; holder")
    partners: list[str] = Field(default_factory=list, description="co-developers, targets, sellers")
    facility_name: str | None = Field(default=None, description="proper name of the plant or programme")
    city: str | None = Field(default=None, description="locality of the facility, common English spelling")
    country: CountryCode | None = Field(default=None, description="ISO alpha-2 of the facility or named country")
    is_european: bool | None = Field(default=None, description="whether the main site is in Europe (null if unknown)")
    event_type: EventType = Field(default="other", description="what happened")
    modality: list[Modality] = Field(default_factory=list, description="therapy modalities concerned")
    operational_year: int | None = Field(default=None, ge=1900, le=2100, description="year it operates(d)")
    investment_amount: Amount | None = Field(default=None, description="amount tied to this facility or deal")
    published: date | None = Field(default=None, description="publication date (input, else dateline)")
    sites: list[Site] = Field(default_factory=list, description="further sites named in the same release")
    evidence: dict[str, Span] = Field(default_factory=dict, description="field -> text span it came from")
