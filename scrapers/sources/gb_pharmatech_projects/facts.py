"""Reading a project profile's fact box: labels, status, amount, year, place, modality.

Plain functions over strings so that each rule can be tested on its own; the
tables they use live in ``labels.yml`` and ``values.yml`` next to this file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from schemas.source import load_yaml

HERE = Path(__file__).resolve().parent


@cache
def table(name: str) -> dict[str, Any]:
    """A mapping from one of this folder's YAML files, read once."""
    raw = load_yaml(HERE / name)
    if not isinstance(raw, dict):
        raise TypeError(f"{HERE / name}: expected a mapping")
    return raw


def squeeze(text: str | None) -> str:
    """Whitespace collapsed and trimmed; None becomes ''."""
    return re.sub(
        r"\s+", " ", unicodedata.normalize("NFC", text or "").replace("\xa0", " ")
    ).strip()


def label_key(label: str) -> str:
    return squeeze(label).rstrip(":").strip().casefold()


def fact_name(label: str) -> str | None:
    """The fact a fact-box label holds, or None for a label we do not know."""
    return table("labels.yml")["labels"].get(label_key(label))


def without_remarks(text: str) -> str:
    """'Operational (since 2020)' -> 'Operational'."""
    return squeeze(re.sub(r"\([^)]*\)", " ", text))


def status_value(text: str) -> str | None:
    """The FacilityRecord status for a status line, or None when the table does not know it."""
    key = without_remarks(text).casefold().rstrip(".")
    return table("values.yml")["statuses"].get(key)


@dataclass(frozen=True)
class Amount:
    value: float | None
    currency: str | None
    text: str


_NUMBER = r"(\d+(?:[.,]\d+)*)"


def parse_amount(text: str) -> Amount:
    """The first amount outside brackets ('CHF90m ($91m)' -> 90e6 CHF); the text is kept as written.

    Conversions and remarks in brackets are distractors, not the facility's amount.
    """
    written = squeeze(text)
    main = without_remarks(written)
    values = table("values.yml")
    currencies: dict[str, str] = values["currencies"]
    multipliers: dict[str, int] = values["multipliers"]
    marks = sorted(currencies, key=len, reverse=True)
    mark = "|".join(re.escape(m) for m in marks)
    mult = "|".join(sorted(multipliers, key=len, reverse=True))
    pattern = re.compile(
        rf"(?P<pre>{mark})?\s*{_NUMBER}\s*(?P<mult>{mult})?\b\s*(?P<post>{mark})?", re.IGNORECASE
    )
    for match in pattern.finditer(main):
        pre, post = match.group("pre"), match.group("post")
        if not (pre or post):
            continue
        number = float(match.group(2).replace(",", ""))
        factor = multipliers.get((match.group("mult") or "").casefold(), 1)
        code = currencies[(pre or post).casefold()]
        return Amount(number * factor, code, written)
    return Amount(None, None, written)


def first_year(text: str) -> int | None:
    """The first plausible four-digit year in a date line ('End of 2019' -> 2019)."""
    match = re.search(r"\b(19[5-9]\d|20\d\d)\b", text or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Place:
    city: str | None
    country_code: str | None
    country_text: str | None


def parse_location(text: str) -> Place:
    """'Stein, Aargau, Switzerland' -> Stein / CH; the last part is the country."""
    parts = [p.strip() for p in squeeze(text).split(",") if p.strip()]
    if not parts:
        return Place(None, None, None)
    country_text = parts[-1]
    city = parts[0] if len(parts) > 1 else None
    return Place(city, country_code(country_text), country_text)


def country_code(name: str) -> str | None:
    key = squeeze(name).casefold()
    aliases = {str(k).casefold(): str(v) for k, v in table("values.yml")["country_aliases"].items()}
    if key in aliases:
        return aliases[key]
    try:
        return pycountry.countries.lookup(squeeze(name)).alpha_2
    except LookupError:
        return None


def modalities(text: str) -> list[str]:
    """Modalities a project-type line names, in the order of the vocabulary."""
    lowered = squeeze(text).casefold()
    found = []
    for modality, words in table("values.yml")["modalities"].items():
        pattern = (
            r"(?<![a-z0-9])(?:"
            + "|".join(re.escape(w.casefold()) for w in words)
            + r")(?![a-z0-9])"
        )
        if re.search(pattern, lowered):
            found.append(modality)
    return found


def split_partners(text: str) -> list[str]:
    """'Merit; Reef Group' -> ['Merit', 'Reef Group']; a role in brackets is dropped.

    Only semicolons separate partners: names such as 'Kite, a Gilead Company' hold commas.
    """
    return [without_remarks(p) for p in squeeze(text).split(";") if without_remarks(p)]
