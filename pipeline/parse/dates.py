"""Dates as pages write them: ISO stamps in metadata, paths in URLs, words in many languages.

Structured values (JSON-LD, ``<meta>``) are read by a strict ISO reader that
keeps the publisher's local date (``2021-06-17T23:30-05:00`` is 17 June, not
18 June in UTC). Textual dates (``17. Juni 2021``, ``10 de febrero de 2021``,
``Sept. 20, 2022``) are located with one regular expression per shape and
converted by dateparser, restricted to the vocabulary's languages. Numeric
dates are read day-first, as Europe writes them, unless only month-first works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from pipeline.parse.vocabulary import vocabulary

EARLIEST = date(1990, 1, 1)

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_]|[+-]\d|Z)")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
_SLASHED_YMD = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")

_WORD = r"[^\W\d_]{3,12}\.?"
# Shapes of dates in running text; each match is confirmed by a converter.
_TEXT_DATE = re.compile(
    r"(?<![\d.])(?:"
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})(?![\d])"
    r"|(?P<num>\d{1,2}[./-]\d{1,2}[./-]\d{4})(?!\d)"
    r"|(?P<dmy>\d{1,2}(?:\.|º|er|st|nd|rd|th)?\s*(?:de\s+)?" + _WORD + r",?\s+(?:de\s+)?\d{4})(?!\d)"
    r"|(?P<dmy_dash>\d{1,2}-" + _WORD + r"-\d{4})(?!\d)"
    r"|(?P<mdy>" + _WORD + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})(?!\d)"
    r")",
    re.IGNORECASE,
)

_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=/|$|[-_.])"),
    re.compile(r"(?:^|/|[-_])((?:19|20)\d{2})-(\d{2})-(\d{2})(?=/|$|[-_.])"),
    re.compile(r"(?:^|/|[-_])((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{0,8})(?=/|$|[-_.])"),
)


def today() -> date:
    """Today in UTC (the pipeline's clock)."""
    return datetime.now(UTC).date()


def plausible(value: date | None) -> bool:
    """A publication date between 1990 and tomorrow (time zones) is believable."""
    return value is not None and EARLIEST <= value <= today() + timedelta(days=1)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if plausible(value) else None


def parse_structured_date(value: object, *, month_first: bool = False) -> date | None:
    """A date from a metadata value (ISO 8601 and friends); the local date as written."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 64:
        return None
    for pattern in (_ISO, _COMPACT, _SLASHED_YMD):
        match = pattern.match(value)
        if match:
            return _make(*(int(g) for g in match.groups()))
    return parse_text_date(value, month_first=month_first)


def _numeric(text: str, month_first: bool) -> date | None:
    a, b, year = (int(p) for p in re.split(r"[./-]", text))
    if month_first and "." not in text:  # dotted dates are European whoever writes them
        return _make(year, a, b) or _make(year, b, a)
    return _make(year, b, a) or _make(year, a, b)


def is_ambiguous_numeric(text: str) -> bool:
    """'06/07/2021': both day first and month first give a different real date (dotted dates are day first)."""
    match = re.fullmatch(r"\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4})\s*", text)
    if not match:
        return False
    a, b = int(match.group(1)), int(match.group(2))
    return a != b and 1 <= a <= 12 and 1 <= b <= 12


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> date | None:
    import dateparser

    settings = {
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past",
        "STRICT_PARSING": True,
    }
    try:
        parsed = dateparser.parse(text, languages=vocabulary().date_languages, settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises odd errors on odd strings
        return None
    if parsed is None:
        return None
    value = parsed.date()
    return value if plausible(value) else None


def parse_text_date(text: str, *, month_first: bool = False) -> date | None:
    """One date written in words or digits, in any vocabulary language; None when unsure.

    Numeric dates are read day first (``06/07/2021`` is 6 July) unless ``month_first`` (a US
    page) or only the other order is a real date; dotted dates are always day first.
    """
    text = " ".join(text.split())
    if not text or len(text) > 60:
        return None
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}", text):
        return _numeric(text, month_first)
    iso = _ISO.match(text)
    if iso:
        return _make(*(int(g) for g in iso.groups()))
    return _dateparser(text)


_DAY_MONTH = re.compile(
    r"^(?:\d{1,2}(?:\.|º|er|st|nd|rd|th)?\s*(?:de\s+)?[^\W\d_]{3,12}\.?"  # 5 Ene. / 3. Mai / 5 de enero
    r"|[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?)$",  # June 17 / Sept. 20
    re.IGNORECASE,
)
YEAR_WINDOW_DAYS = 31  # a date without a year takes the year that puts it this close to another date of the page


def day_and_month(text: str) -> tuple[int, int] | None:
    """(month, day) of a date written without a year ('5 Ene.', '12 mar', 'June 17'); None otherwise."""
    text = " ".join(text.split())
    if not _DAY_MONTH.match(text):
        return None
    value = _dateparser(text + " 2000")  # a leap year, so 29 February is possible
    return (value.month, value.day) if value is not None else None


def complete_year(month: int, day: int, near: date | None, *, window: int = YEAR_WINDOW_DAYS) -> date | None:
    """The date with this day and month closest to ``near``, when at most ``window`` days away; else None."""
    if near is None:
        return None
    best: date | None = None
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((value - near).days) < abs((best - near).days):
            best = value
    if best is None or abs((best - near).days) > window or not plausible(best):
        return None
    return best


@dataclass(frozen=True)
class FoundDate:
    """A date found in running text, with its character span."""

    value: date
    text: str
    start: int
    end: int


def find_dates(text: str, *, limit: int = 20, month_first: bool = False) -> list[FoundDate]:
    """Dates in ``text`` in order of appearance (at most ``limit`` candidates are tried)."""
    found: list[FoundDate] = []
    for tried, match in enumerate(_TEXT_DATE.finditer(text)):
        if tried >= limit:
            break
        raw = match.group(0)
        value = parse_text_date(raw, month_first=month_first)
        if value is not None:
            found.append(FoundDate(value, raw, match.start(), match.end()))
    return found


def date_from_url(url: str) -> date | None:
    """A publication date written in the URL path (``/2021/06/17/``, ``/20210617...``, ``2021-06-17``)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            value = _make(*(int(g) for g in match.groups()))
            if value is not None:
                return value
    return None
