"""Which way round a page writes numeric dates: ``06/07/2021`` is 6 July in Europe, June 7 in the US.

Numeric dates are read month first only when the page is clearly American: an ``en-US``
language tag, a US wire (``country`` in the vocabulary's wires) or a dateline in the US
(a state after the city, or a city American wires write alone), and nothing that points
elsewhere (another language, ``en-GB``, a European country in the dateline). Mixed or
missing evidence on an English page keeps day first and is *ambiguous*: a date such as
``06/07/2021`` read that way earns a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.parse.vocabulary import vocabulary
from schemas.article import Dateline

_TAG = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?(?:[-_][a-zA-Z0-9]{1,8})*\s*$")


@dataclass(frozen=True)
class DateOrder:
    """How to read the page's numeric dates, and why."""

    month_first: bool = False
    ambiguous: bool = False
    reasons: tuple[str, ...] = ()


def _squash(text: str) -> str:
    return re.sub(r"[\s.]+", "", text).casefold()


@cache
def _countries() -> frozenset[str]:
    return frozenset(vocabulary().month_first.countries)


@cache
def _wire_countries() -> dict[str, str]:
    return {wire.name: wire.country for wire in vocabulary().wires if wire.country}


@cache
def _region_names() -> dict[str, str]:
    """Squashed region name or abbreviation -> country, for the month-first countries."""
    import pycountry

    names: dict[str, str] = {}
    for country in _countries():
        for sub in pycountry.subdivisions.get(country_code=country) or ():
            names[_squash(sub.name)] = country
    for country, regions in vocabulary().month_first.regions.items():
        for region in regions:
            names[_squash(region)] = country
    return names


@cache
def _subdivision_codes() -> dict[str, str]:
    """Two-letter codes such as 'NJ' (written in capitals after a city) -> country."""
    import pycountry

    return {
        sub.code.split("-", 1)[1]: country
        for country in _countries()
        for sub in pycountry.subdivisions.get(country_code=country) or ()
    }


@cache
def _cities() -> dict[str, str]:
    return {
        _squash(city): country for country, cities in vocabulary().month_first.cities.items() for city in cities
    }


@lru_cache(maxsize=2048)
def _country_of(name: str) -> str | None:
    """ISO country a region item names: a country ('Belgium', 'the Netherlands') or a state ('N.J.', 'Pennsylvania')."""
    name = name.strip()
    if not name:
        return None
    if name in _subdivision_codes():
        return _subdivision_codes()[name]
    squashed = _squash(name)
    if squashed in _region_names():
        return _region_names()[squashed]
    if len(squashed) <= 3:
        return None
    import pycountry

    try:
        return pycountry.countries.lookup(re.sub(r"^the\s+", "", name, flags=re.I)).alpha_2
    except LookupError:
        pass
    try:
        return pycountry.subdivisions.lookup(name).country_code  # 'England', 'Bavaria'
    except (LookupError, AttributeError):
        return None


def _dateline_countries(dateline: Dateline) -> list[str]:
    found: list[str] = []
    for city, region in dateline.places:
        countries = [c for c in (_country_of(item) for item in (region or "").split(",")) if c]
        if not countries and not region and _squash(city) in _cities():
            countries = [_cities()[_squash(city)]]
        found += countries
    return found


def numeric_date_order(*, lang_tags: list[str], language: str | None, dateline: Dateline | None) -> DateOrder:
    """How to read numeric dates on a page with these language tags, text language and dateline."""
    mdy: list[str] = []
    dmy: list[str] = []
    for tag in lang_tags:
        match = _TAG.match(tag or "")
        if not match:
            continue
        lang, region = match.group(1).lower(), (match.group(2) or "").upper()
        if lang != "en":
            dmy.append(f"language tag {tag}")
        elif region in _countries():
            mdy.append(f"language tag {tag}")
        elif region:
            dmy.append(f"language tag {tag}")
    if language and language != "en":
        dmy.append(f"text in '{language}'")
    if dateline is not None:
        wire_country = _wire_countries().get(dateline.wire or "")
        if wire_country in _countries():
            mdy.append(f"{dateline.wire} wire")
        for country in _dateline_countries(dateline):
            (mdy if country in _countries() else dmy).append(f"dateline in {country}")
    if mdy and not dmy:
        return DateOrder(month_first=True, reasons=tuple(mdy))
    english = language in (None, "en")
    return DateOrder(month_first=False, ambiguous=english and (bool(mdy) or not dmy), reasons=tuple(mdy + dmy))
