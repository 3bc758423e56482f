"""Find the dateline that opens a press release or wire story.

Shapes handled (wire names and the words around them come from the vocabulary):

* ``GHENT, Belgium, May 3, 2021 (GLOBE NEWSWIRE) --``
* ``SOMERSET, N.J.--(BUSINESS WIRE)--April 15, 2019--``
* ``NEW YORK, June 17, 2021 /PRNewswire/ --``
* ``HAMBURG, 30. Mai 2022 –`` and ``BARCELONA, 10 de febrero de 2021 –``
* ``PARIS and AMSTERDAM – November 2, 2020 –`` (date after the places)
* ``LONDON, June 17 (Reuters) -`` (no year: the date stays null)
* ``AMSTERDAM – ...`` (upper-case place, no date) and ``10 May 2022 – ...`` (date only)

A dateline is looked for at the start of each of the first paragraphs. The
head of a paragraph is cut at the first dash (or a colon/full stop right after
a date); what is before the cut must read as places and/or a date. A place
without a date or wire must be written in capitals, so ordinary sentences
("Novartis – the Swiss group – said") are not taken for datelines.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from pipeline.parse.dates import complete_year, day_and_month, parse_text_date
from pipeline.parse.vocabulary import vocabulary, wire_patterns
from schemas.article import Dateline

MAX_HEAD = 260  # a dateline never runs longer than this into its paragraph
MAX_PARAGRAPHS = 10

_WORD = r"[^\W\d_]{3,12}\.?"
_DATE_BODY = (
    r"\d{1,2}(?:\.|º|er|st|nd|rd|th)?\s*(?:de\s+)?" + _WORD + r",?\s+(?:de\s+)?\d{4}"  # 30. Mai 2022
    r"|" + _WORD + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"  # May 3, 2021
    r"|\d{4}-\d{2}-\d{2}"  # 2021-06-17
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"  # 17.06.2021
    r"|\d{1,2}-" + _WORD + r"-\d{4}"  # 01-Feb-2022
    r"|" + _WORD + r"\s+\d{1,2}(?:st|nd|rd|th)?"  # June 17 (no year)
    r"|\d{1,2}(?:\.|º|er|st|nd|rd|th)?\s*(?:de\s+)?" + _WORD + r"(?!\s*\d)"  # 5 Ene. / 12 mar / 3. Mai (no year)
    r"|" + _WORD + r"\s+\d{4}"  # February 2023 (no day)
)
_MONTH_YEAR = re.compile(r"^(?P<month>[^\W\d_]{3,12})\.?\s+\d{4}$", re.I)
_WEEKDAY_PREFIX = r"(?:(?P<weekday>[^\W\d_]{2,14}(?:-[^\W\d_]+)?)\.?,?\s+)?"
_DATE_AT_END = re.compile(r"(?:^|,\s*|\s+)(?P<weekday>)(?P<date>" + _DATE_BODY + r")\s*,?\s*$", re.I)
_DATE_AT_START = re.compile(r"^\s*" + _WEEKDAY_PREFIX + r"(?P<date>" + _DATE_BODY + r")(?=\s*(?:,|$|--|[–—‒―−]|\s-\s|:|\.\s))", re.I)
# Where the dateline ends and the body begins.
_SEPARATOR = re.compile(r"\s*(?:-{2,}|[–—‒―−])\s*|\s+-\s+|(?<=\d{4}):\s+|(?<=\d{4})\.\s+")
# A time after the date of a header: '21 June 2022, 22.01 CET', '5 May 2021 at 7:00 a.m. CEST'.
_TIME_AT_END = re.compile(
    r"(?<=\d)\s*,?\s*(?:at\s+|um\s+|à\s+|alle\s+|om\s+|kl\.?\s+)?\d{1,2}[.:h]\d{2}"
    r"(?:\s*(?:[ap]\.?\s?m\.?|uhr|h))?(?:\s*\(?(?:[A-Z]{2,5}|GMT[+-]\d{1,2})\)?)?\s*$",
    re.I,
)
# Fields of a header are separated by semicolons or dashes: 'Mechelen, Belgium; 21 June 2022; regulated information –'.
_FIELD_END = re.compile(r"\s*;\s*|\s*(?:-{2,}|[–—‒―−])\s*|\s+-\s+")
_PLACE_CHARS = re.compile(r"^[^\W\d_][\w .,&/()'’\-]*$")
_TRIM = " \t,;/-–—‒―−"


@cache
def _weekdays() -> frozenset[str]:
    return frozenset(day.casefold() for days in vocabulary().weekdays.values() for day in days)


@cache
def _qualifiers() -> frozenset[str]:
    return frozenset(_squash(q) for phrases in vocabulary().dateline_qualifiers.values() for q in phrases)


def _squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).split()).casefold()


def _is_qualifier(field: str) -> bool:
    """'regulated information', 'Press release', 'Ad-hoc-Mitteilung' (vocabulary) and nothing else."""
    return len(field) <= 60 and _squash(field) in _qualifiers()


def _leading_qualifier(text: str) -> int:
    """Length of 'Press release – ' / 'regulated information; ' opening ``text``; 0 when there is none."""
    pos = 0
    for _ in range(3):
        sep = _FIELD_END.search(text, pos, pos + 80)
        if sep is None or not _is_qualifier(text[pos: sep.start()]):
            break
        pos = sep.end()
    return pos


@cache
def _joiner_split() -> re.Pattern[str]:
    words = [re.escape(j) for j in vocabulary().dateline_joiners if j != "/"]
    return re.compile(r"\s+(?:" + "|".join(words) + r")\s+|\s*/\s*", re.I)


def _read_date(match: re.Match[str]) -> tuple[str, date | None] | None:
    """(date text, date) for a full date, (date text, None) for 'June 17', '5 Ene.' or 'February 2023', else None."""
    weekday = match.group("weekday")
    if weekday and weekday.casefold().rstrip(".") not in _weekdays():
        return None
    text = match.group("date").strip()
    value = parse_text_date(text)
    if value is not None:
        return text, value
    if day_and_month(text) is not None:
        return text, None  # a day and a month without a year
    partial = _MONTH_YEAR.match(text)
    if partial and parse_text_date(f"1 {partial.group('month')} 2000") is not None:
        return text, None  # a real month name without a day
    return None  # looked like a date but is not one (31 February, 2021-13-01, 'Series 2021', '12 patients')


def _place_ok(text: str) -> bool:
    """Does ``text`` read like 'GHENT, Belgium' or 'Leiden, the Netherlands'?"""
    if not text or len(text) > 90 or not _PLACE_CHARS.match(text):
        return False
    words = [w.strip("().,'’") for w in re.split(r"[\s,/]+", text) if w.strip("().,'’&-")]
    if not words or len(words) > 10:
        return False
    particles = set(vocabulary().place_particles) | {j for j in vocabulary().dateline_joiners}
    for word in words:
        first = word.split("-")[0] or word
        if not (first[:1].isupper() or word.casefold() in particles or first.casefold() in particles):
            return False
    return True


def _split_places(text: str) -> list[tuple[str, str | None]]:
    """'KING OF PRUSSIA, Pa. and MARBURG, Germany' -> [('KING OF PRUSSIA','Pa.'), ('MARBURG','Germany')]."""
    places: list[tuple[str, str | None]] = []
    for part in _joiner_split().split(text):
        part = part.strip(_TRIM)
        if not part:
            continue
        for one in _split_at_countries(part):
            city, _, region = one.partition(",")
            city, region = city.strip(), region.strip(_TRIM) or None
            paren = re.match(r"^(?P<city>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*$", city)
            if paren:
                city = paren.group("city").strip()
                region = ", ".join(p for p in (paren.group("inner").strip(), region) if p)
            places.append((city, region))
    if len(places) > 1 and places[-1][1] and _is_country(places[-1][1]):
        places = [(c, r if r else places[-1][1]) for c, r in places]
    return places


def _split_at_countries(part: str) -> list[str]:
    """'Mechelen, Belgium, Leiden, the Netherlands' -> ['Mechelen, Belgium', 'Leiden, the Netherlands'].

    A comma list of places is cut after each country that has more places after it; a list
    without an inner country ('Cambridge, Massachusetts, United States') stays one place.
    """
    items = [item.strip() for item in part.split(",")]
    if len(items) < 4:
        return [part]
    groups: list[list[str]] = [[]]
    for n, item in enumerate(items):
        groups[-1].append(item)
        if n < len(items) - 1 and len(groups[-1]) >= 2 and _is_country(item):
            groups.append([])
    return [", ".join(g) for g in groups if g]


def _is_country(name: str) -> bool:
    import pycountry

    if len(name) <= 3:
        return False
    try:
        pycountry.countries.lookup(re.sub(r"^the\s+", "", name, flags=re.I))
    except LookupError:
        return False
    return True


def _find_wire(head: str) -> tuple[str, re.Match[str]] | None:
    best: tuple[str, re.Match[str]] | None = None
    for name, pattern in wire_patterns():
        match = pattern.search(head)
        if match and (best is None or match.start() < best[1].start()):
            best = (name, match)
    return best


def _leading_date(text: str) -> tuple[str, date | None, int, int] | None:
    """A date opening ``text`` and followed by a separator: (date text, date, end of date, end of separator)."""
    match = _DATE_AT_START.match(text)
    if not match:
        return None
    read = _read_date(match)
    if read is None:
        return None
    sep = _SEPARATOR.match(text, match.end())
    if sep is None:
        return None
    return read[0], read[1], match.end(), sep.end()


def _split_head(pre: str, *, wire: bool = True) -> tuple[str, tuple[str, date | None] | None, int] | None:
    """Split the text before the cut into (places, date, length of the dateline proper), or None.

    Header fields after the date are not part of it: a time ('22.01 CET') and qualifiers from
    the vocabulary ('regulated information'); semicolons between fields read as commas
    ('Mechelen, Belgium; 21 June 2022'). Without a wire marker, a place followed by its date
    without a comma must be in capitals ('MADRID 5 Ene.'): 'Il 12 marzo –' and
    'Am 3. Mai 2021 –' open sentences, not datelines.
    """
    lead = len(pre) - len(pre.lstrip(_TRIM))
    pre = pre.strip(_TRIM)
    if not pre:
        return "", None, 0
    pre = _drop_trailing_fields(pre)
    core = pre.replace(";", ",")
    match = _DATE_AT_END.search(core)
    if match:
        read = _read_date(match)
        if read is not None:
            before = core[: match.start("date")]
            places = _drop_weekday(before.strip(_TRIM))
            joined = before[len(before.rstrip(_TRIM)):]  # what separates the places from the date
            if not wire and places and not (set(joined) & set(",-–—‒―−")) and not _is_caps(places):
                return None
            return places, read, lead + len(pre)
    start = _DATE_AT_START.match(core)
    if start:
        read = _read_date(start)
        if read is not None:
            return core[start.end():].strip(_TRIM), read, lead + len(pre)
    return core, None, lead + len(pre)


def _drop_trailing_fields(head: str) -> str:
    """'Mechelen, Belgium; 21 June 2022, 22.01 CET; regulated information' -> 'Mechelen, Belgium; 21 June 2022'."""
    for _ in range(4):
        fields = list(_FIELD_END.finditer(head))
        if fields and _is_qualifier(head[fields[-1].end():]):
            head = head[: fields[-1].start()].rstrip(_TRIM)
            continue
        timed = _TIME_AT_END.search(head)
        if timed and _DATE_AT_END.search(head[: timed.start()].replace(";", ",")):
            head = head[: timed.start()].rstrip(_TRIM)
            continue
        break
    return head


def _drop_weekday(places: str) -> str:
    """'GHENT, Belgium, Monday' -> 'GHENT, Belgium' (the weekday belongs to the date)."""
    head, _, last = places.rpartition(",")
    if last.strip().casefold().rstrip(".") in _weekdays():
        return head.strip(_TRIM)
    return places


def _is_caps(place: str) -> bool:
    """An upper-case first place ('AMSTERDAM', 'BERLIN, Germany'); 3-letter words need a region (UCB, GSK)."""
    first, _, region = place.partition(",")
    letters = [ch for ch in first if ch.isalpha()]
    return len(letters) >= (2 if region.strip() else 4) and all(ch.isupper() for ch in letters)


def _wire_dateline(paragraph: str, offset: int) -> Dateline | None:
    """A dateline built around a wire marker: places and/or date before it, or the date right after it."""
    head = paragraph[:MAX_HEAD]
    wire = _find_wire(head)
    if wire is None:
        return None
    name, match = wire
    pre = head[: match.start()]
    lead = re.match(r"[\s\-–—‒―−/]*", head[match.end():])
    body_from = match.end() + (lead.end() if lead else 0)
    split = _split_head(pre)
    if split is None:
        return None
    places_text, date_read, _ = split
    raw_end = match.end()
    date_after = _leading_date(head[body_from:])
    if date_after is not None and date_read is None:
        date_read = (date_after[0], date_after[1])
        raw_end = body_from + date_after[2]
        body_from += date_after[3]
    elif not places_text and date_read is None and match.start() == 0:
        after = _dash_head(head[body_from:])  # '(ANSA) - ROMA, 12 MAR - ': the wire comes first
        if after is not None and after[0]:
            places_text, date_read = after[0], after[1]
            raw_end = body_from + after[2]
            body_from += after[3]
    if places_text and not _place_ok(places_text):
        return None
    if not places_text and date_read is None and match.start() > 0:
        return None
    return _build(paragraph, offset, places_text, date_read, name, raw_end, body_from, match.span())


def _dash_head(head: str) -> tuple[str, tuple[str, date | None] | None, int, int] | None:
    """Places and/or date ended by a dash (or a colon/full stop after a date): (places, date, raw end, body start)."""
    for count, sep in enumerate(_SEPARATOR.finditer(head)):
        if count >= 3:
            break
        raw_end, body_from = sep.start(), sep.end()
        split = _split_head(head[:raw_end], wire=False)
        if split is None:
            continue
        places_text, date_read, raw_end = split
        if places_text and not _place_ok(places_text):
            continue
        if date_read is None:
            after = _leading_date(head[body_from:])
            if after is not None:
                date_read = (after[0], after[1])
                raw_end = body_from + after[2]
                body_from += after[3]
        if date_read is None and not (places_text and _is_caps(places_text)):
            continue
        if date_read is not None and date_read[1] is None and not places_text:
            continue  # 'June 17 –' alone is too weak
        body_from += _leading_qualifier(head[body_from:])  # '... 07:00 CET – Regulated information – '
        return places_text, date_read, raw_end, body_from
    return None


def _dash_dateline(paragraph: str, offset: int) -> Dateline | None:
    """A dateline ended by a dash (or a colon/full stop after a date), without a wire marker."""
    found = _dash_head(paragraph[:MAX_HEAD])
    if found is None:
        return None
    places_text, date_read, raw_end, body_from = found
    return _build(paragraph, offset, places_text, date_read, None, raw_end, body_from)


def _dateline_in(paragraph: str, offset: int) -> Dateline | None:
    found = _wire_dateline(paragraph, offset) or _dash_dateline(paragraph, offset)
    if found is None:
        skip = _leading_qualifier(paragraph)  # 'Press release – GHENT, Belgium, 5 May 2021 – '
        if skip and skip < len(paragraph):
            rest = paragraph[skip:]
            found = _wire_dateline(rest, offset + skip) or _dash_dateline(rest, offset + skip)
    return found


def _build(
    paragraph: str,
    offset: int,
    places_text: str,
    date_read: tuple[str, date | None] | None,
    wire: str | None,
    raw_end: int,
    body_from: int,
    wire_span: tuple[int, int] | None = None,
) -> Dateline:
    places = _split_places(places_text) if places_text else []
    city, region = places[0] if places else (None, None)
    raw = paragraph[:raw_end].rstrip(" \t;-–—‒―−").strip()
    label = raw
    if wire_span is not None:
        label = label[: wire_span[0]] + ", " + label[wire_span[1]:]
    label = re.sub(r"\s*(?:-{2,}|[–—‒―−]|\s-\s|;)\s*", ", ", label)
    label = re.sub(r"(?:\s*,\s*)+", ", ", label).strip(_TRIM)
    return Dateline(
        city=city,
        region=region,
        places=places,
        date=date_read[1] if date_read else None,
        date_text=date_read[0] if date_read else None,
        wire=wire,
        start=offset,
        end=offset + body_from,
        raw=raw,
        label=label,
    )


def with_year(dateline: Dateline, near: date | None) -> Dateline:
    """``dateline`` with a date written without a year ('5 Ene.') completed from ``near``.

    ``near`` is another date of the same page (metadata, URL, byline). The year is the one
    that puts the day and month closest to it, and only when that is at most
    ``YEAR_WINDOW_DAYS`` away; otherwise the date stays null. Nothing is guessed without ``near``.
    """
    if dateline.date is not None or not dateline.date_text or near is None:
        return dateline
    day_month = day_and_month(dateline.date_text)
    value = complete_year(*day_month, near) if day_month else None
    if value is None:
        return dateline
    return dateline.model_copy(update={"date": value, "year_inferred": True})


def find_dateline(text: str, *, max_chars: int = 4000, near: date | None = None) -> Dateline | None:
    """The dateline opening one of the first paragraphs of ``text``; None when there is none.

    ``start``/``end`` are offsets in ``text``: ``text[end:]`` is the body after the dateline.
    ``near``: another date of the page, used to complete a date written without a year (see :func:`with_year`).
    """
    if not isinstance(text, str) or not text:
        return None
    window = text[:max_chars]
    seen = 0
    for match in re.finditer(r"[^\n]+", window):
        paragraph = match.group(0)
        stripped = paragraph.lstrip(" \t\u00a0*•")
        if not stripped.strip():
            continue
        seen += 1
        if seen > MAX_PARAGRAPHS:
            break
        found = _dateline_in(stripped, match.start() + (len(paragraph) - len(stripped)))
        if found is not None:
            return with_year(found, near)
    return None
