"""Country names in many languages -> ISO 3166-1 alpha-2.

Sources, merged in this order (the first source to claim a name keeps it):
English names from pycountry (name, common and official name), country names
from Babel's CLDR locale data for the locales listed in the curated file
(Deutschland, Allemagne, Duitsland, Germania, Alemania, Tyskland ...), then
the curated aliases. Upper-case acronyms (UK, USA, UAE) are matched only when
written in capitals, so the pronoun "us" never becomes a country.

Babel's numeric CLDR territories (Europe, Western Europe, Latin America ...)
are multi-country regions: they are exposed as names that are *not* places.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version as package_version

import pycountry

from pipeline.geocode.curated import load_curated
from pipeline.geocode.normalise import normalise

# Leading articles dropped before a country lookup ("the Netherlands", "les Pays-Bas").
_ARTICLES = frozenset("the la le les l die der das het de el il lo gli los las os as".split())
# CLDR pseudo-territories that are groupings, not countries.
_GROUPINGS = frozenset({"EU", "EZ", "UN", "QO"})
_ACRONYM_CHARS = re.compile(r"[.\s]")


@dataclass
class CountryNames:
    """Lookup tables built once per process."""

    by_key: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    english: dict[str, str] = field(default_factory=dict)
    world_regions: set[str] = field(default_factory=set)

    def add(self, name: str | None, code: str) -> None:
        if not name:
            return
        key = strip_article(normalise(name))
        if len(key) >= 3:
            self.by_key.setdefault(key, code)


def strip_article(key: str) -> str:
    """Drop one leading article from a normalised key."""
    head, _, rest = key.partition(" ")
    return rest if rest and head in _ARTICLES else key


def _is_country(code: str) -> bool:
    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


@lru_cache(maxsize=1)
def country_names() -> CountryNames:
    """The multilingual name tables: read from the cache folder, or built (about 0.5 s) and cached."""
    from pipeline.geocode.curated import curated_path
    from pipeline.paths import cache_dir

    stamp = hashlib.sha1(
        "|".join(
            [package_version("babel"), package_version("pycountry"), curated_path().read_text(encoding="utf-8")]
        ).encode("utf-8")
    ).hexdigest()[:12]
    path = cache_dir() / f"country-names-{stamp}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CountryNames(data["by_key"], data["acronyms"], data["english"], set(data["world_regions"]))
    except (OSError, ValueError, KeyError):
        pass
    names = build_country_names()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(
            {
                "by_key": names.by_key,
                "acronyms": names.acronyms,
                "english": names.english,
                "world_regions": sorted(names.world_regions),
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    tmp.replace(path)
    for old in path.parent.glob("country-names-*.json"):
        if old != path:  # tables built from other library versions or curated files
            old.unlink(missing_ok=True)
    return names


def build_country_names() -> CountryNames:
    """Build the tables from pycountry, Babel's CLDR data and the curated file."""
    from babel import Locale

    curated = load_curated()
    names = CountryNames()
    for country in pycountry.countries:
        code = country.alpha_2
        short = getattr(country, "common_name", None) or country.name
        names.english[code] = short
        for attr in ("common_name", "name", "official_name"):
            names.add(getattr(country, attr, None), code)
    names.english.setdefault("XK", "Kosovo")
    for locale_name in curated.country_name_locales:
        for code, label in Locale.parse(locale_name).territories.items():
            if code.isdigit() or code in _GROUPINGS:
                names.world_regions.add(strip_article(normalise(label)))
            elif len(code) == 2 and _is_country(code):
                names.add(label, code)
    for override in curated.countries:
        for alias in override.aliases:
            key = strip_article(normalise(alias))
            names.by_key[key] = override.country  # curated entries win over library names
        for acronym in override.acronyms:
            names.acronyms[acronym.upper()] = override.country
    names.world_regions.discard("")
    return names


def country_from_name(text: str) -> str | None:
    """ISO2 code of a country named by ``text`` in any supported language, else None.

    "Belgium", "Belgique", "België", "Deutschland", "the Netherlands", "UK" -> BE, BE, BE, DE, NL, GB.
    The whole text must be the country name: "Ghent, Belgium" gives None.
    """
    if not text:
        return None
    raw = text.strip()
    names = country_names()
    compact = _ACRONYM_CHARS.sub("", raw)
    if compact.isupper() and compact in names.acronyms:
        return names.acronyms[compact]
    return names.by_key.get(strip_article(normalise(raw)))


def country_name(code: str) -> str:
    """Short English name of a country code (falls back to the code)."""
    return country_names().english.get(code, code)


def is_world_region(text: str) -> bool:
    """True for a continent or CLDR multi-country region name in a supported language."""
    return strip_article(normalise(text)) in country_names().world_regions
