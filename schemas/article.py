"""What the generic article parser returns, and the vocabulary it reads.

:class:`ParsedArticle` uses the field names of
:class:`schemas.records.AnnouncementRecord`, so a spider can copy the fields it
needs into an announcement payload without renaming. Unlike the record, a
parsed article may be incomplete (no title, no text): ``error`` then says why,
and the parser never raises.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.common import STRICT

DateSource = Literal["jsonld", "meta", "url", "dateline", "byline"]

# Order in which date evidence is trusted (first wins). Portal header dates
# (the byline tier) are last on purpose: they are often the crawl or update date.
DATE_SOURCE_ORDER: tuple[DateSource, ...] = ("jsonld", "meta", "url", "dateline", "byline")

# Fields a parsed article shares with schemas.records.AnnouncementRecord.
ANNOUNCEMENT_FIELDS = (
    "url", "canonical_url", "title", "published", "published_source", "language", "text", "publisher",
    "dateline", "is_partial",
)


class Dateline(BaseModel):
    """The dateline that opens a press release, e.g. ``GHENT, Belgium, May 3, 2021 (GLOBE NEWSWIRE) --``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    city: str | None = Field(description="first place as written (often the issuer's office), e.g. 'GHENT'")
    region: str | None = Field(default=None, description="region or country after the city, e.g. 'Belgium', 'N.J.'")
    places: list[tuple[str, str | None]] = Field(
        default_factory=list, description="every (city, region) pair of a multi-place dateline, in order"
    )
    date: dt.date | None = Field(
        default=None,
        description="the date in the dateline; without a year in the text, the year comes from another date of the "
        "page within 31 days (see year_inferred), else null",
    )
    year_inferred: bool = Field(default=False, description="true when the dateline has no year and `date` took it from the page")
    date_text: str | None = Field(default=None, description="the date as written")
    wire: str | None = Field(default=None, description="canonical wire name, e.g. 'GLOBE NEWSWIRE', 'BUSINESS WIRE'")
    start: int = Field(ge=0, description="offset of the first character of the dateline in the searched text")
    end: int = Field(ge=0, description="offset where the body starts (after the closing dash)")
    raw: str = Field(description="the dateline exactly as written, without the closing dash")
    label: str = Field(description="the dateline without wire marker and dashes: 'GHENT, Belgium, May 3, 2021'")


class ParsedArticle(BaseModel):
    """One news page or press release reduced to what the pipeline uses."""

    model_config = STRICT

    url: str = Field(description="URL the page was fetched from")
    canonical_url: str | None = Field(default=None, description="canonical http(s) URL declared by the page")
    title: str | None = Field(default=None, description="headline")
    published: dt.date | None = Field(default=None, description="publication date as the publisher states it (local date)")
    published_source: DateSource | None = Field(default=None, description="which evidence gave `published`")
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$", description="ISO 639-1 language of the text")
    text: str = Field(default="", description="main body of the article, paragraphs separated by blank lines")
    publisher: str | None = Field(default=None, description="outlet or issuer named by the page (site name)")
    byline: str | None = Field(default=None, description="author(s) named by the page")
    dateline: str | None = Field(default=None, description="wire dateline, e.g. 'GHENT, Belgium, May 3, 2021'")
    is_partial: bool = Field(default=False, description="true when the page shows only a headline and lead (paywall)")
    encoding: str | None = Field(default=None, description="character encoding the page was decoded with")
    warnings: list[str] = Field(default_factory=list, description="anything odd seen while parsing")
    error: str | None = Field(default=None, description="why no article could be read; set instead of raising")

    @property
    def ok(self) -> bool:
        """True when the page gave an article and no error."""
        return self.error is None

    def announcement_payload(self, **overrides: Any) -> dict[str, Any]:
        """The ``data`` of an announcement RawItem (fields of AnnouncementRecord), JSON-ready.

        ``overrides`` replace fields, e.g. ``publisher=`` from the source's metadata.
        Validation is the validate stage's job: an unparsed page gives an invalid payload.
        """
        data = self.model_dump(mode="json", include=set(ANNOUNCEMENT_FIELDS))
        data.update(overrides)
        return data


class ParseRequest(BaseModel):
    """One input line of ``atmp parse``: a saved page to parse."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = Field(description="caller's record id, copied to the output")
    url: str = Field(min_length=1, description="URL the page was fetched from")
    path: str = Field(min_length=1, description="HTML file, plain or gzipped; relative to the input file's folder")
    content_type: str | None = Field(default=None, description="HTTP Content-Type header, if it was saved")
    content_language: str | None = Field(default=None, description="HTTP Content-Language header, if it was saved")

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class WireName(BaseModel):
    """A news wire and the ways its marker is written in datelines."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="canonical name reported in Dateline.wire")
    patterns: list[str] = Field(min_length=1, description="regular expressions (case-insensitive) of the marker")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", description="ISO country whose conventions the wire follows")


class MonthFirstDates(BaseModel):
    """Where numeric dates are written month first (06/07/2021 is June 7)."""

    model_config = ConfigDict(extra="forbid")

    countries: list[str] = Field(description="ISO countries: language tag region (en-US), wire country, dateline country")
    regions: dict[str, list[str]] = Field(
        default_factory=dict, description="per country: state abbreviations in datelines that pycountry does not know"
    )
    cities: dict[str, list[str]] = Field(
        default_factory=dict, description="per country: cities its wires write without a state"
    )


class CodePageFamily(BaseModel):
    """Single-byte code pages that write the languages of one part of Europe."""

    model_config = ConfigDict(extra="forbid")

    encodings: list[str] = Field(min_length=1, description="Python codec names, best first")
    languages: list[str] = Field(min_length=1, description="ISO 639-1 codes of languages written with them")


class ParseVocabulary(BaseModel):
    """Curated word lists the parser reads from ``pipeline/parse/data/vocabulary.yml``."""

    model_config = ConfigDict(extra="forbid")

    date_languages: list[str] = Field(min_length=1, description="languages dateparser may use for textual dates")
    fallback_encodings: list[str] = Field(min_length=1, description="encodings tried for undeclared non-UTF-8 pages")
    code_page_families: dict[str, CodePageFamily] = Field(
        min_length=1, description="fallback encodings grouped by the languages they write; the first family is the default"
    )
    wires: list[WireName] = Field(min_length=1)
    jsonld_article_types: list[str] = Field(min_length=1, description="schema.org types that are an article")
    date_meta_names: list[str] = Field(min_length=1, description="<meta> name/property/itemprop holding the publish date")
    byline_cues: dict[str, list[str]] = Field(description="per language: words that introduce a publication date")
    paywall_markers: dict[str, list[str]] = Field(description="per language: phrases shown instead of the rest")
    paywall_class_hints: list[str] = Field(description="class/id fragments of elements that hide paywalled text")
    cookie_markers: dict[str, list[str]] = Field(description="per language: phrases of consent walls")
    weekdays: dict[str, list[str]] = Field(description="per language: weekday names that may precede a dateline date")
    place_particles: list[str] = Field(description="lower-case words allowed inside dateline place names")
    dateline_joiners: list[str] = Field(min_length=1, description="words joining several places in one dateline")
    month_first: MonthFirstDates = Field(description="pages whose numeric dates are read month first")
    dateline_qualifiers: dict[str, list[str]] = Field(
        default_factory=dict, description="per language: header fields around a dateline that are not places or dates"
    )

    @model_validator(mode="after")
    def _families_cover_the_fallback_encodings(self) -> ParseVocabulary:
        import codecs

        grouped = [enc for family in self.code_page_families.values() for enc in family.encodings]
        if sorted(grouped) != sorted(self.fallback_encodings):
            raise ValueError("code_page_families must list every fallback encoding exactly once")
        for enc in grouped:
            try:
                codecs.lookup(enc)
            except LookupError as exc:
                raise ValueError(f"unknown encoding {enc!r} in code_page_families") from exc
        return self
