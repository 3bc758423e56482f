"""Property test: datelines built from random places, dates, languages and wire styles are read back."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse import find_dateline

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
}
DATE_STYLES = {
    "en": ["{month} {day}, {year}", "{day} {month} {year}"],
    "de": ["{day}. {month} {year}", "{dd}.{mm}.{year}"],
    "fr": ["{day} {month} {year}"],
    "nl": ["{day} {month} {year}"],
    "it": ["{day} {month} {year}", "{dd}/{mm}/{year}"],
    "es": ["{day} de {month} de {year}"],
    "sv": ["{day} {month} {year}", "{year}-{mm}-{dd}"],
}
PLACES = [("GHENT", "Belgium"), ("LEIDEN", "the Netherlands"), ("MÜNCHEN", None), ("ÉVRY", "France"),
          ("SAN SEBASTIÁN", "Spain"), ("KING OF PRUSSIA", "Pa."), ("FRANKFURT AM MAIN", None), ("LUND", "Sweden"),
          ("Milan", "Italy"), ("Zwijnaarde", "Belgium")]
SHAPES = [
    "{place}, {date} (GLOBE NEWSWIRE) -- {body}",
    "{place}--(BUSINESS WIRE)--{date}-- {body}",
    "{place}, {date} /PRNewswire/ -- {body}",
    "{place}, {date} – {body}",
    "{place} – {date} – {body}",
    "{place}, {date} - {body}",
]


@settings(max_examples=80, deadline=None, database=None)
@given(
    when=st.dates(min_value=date(1995, 1, 1), max_value=date(2025, 12, 31)),
    lang=st.sampled_from(sorted(MONTHS)),
    style_pick=st.integers(0, 1),
    place=st.sampled_from(PLACES),
    shape=st.sampled_from(SHAPES),
    headline=st.booleans(),
)
def test_generated_datelines_are_read_back(when, lang, style_pick, place, shape, headline):
    styles = DATE_STYLES[lang]
    written = styles[style_pick % len(styles)].format(
        day=when.day, dd=f"{when.day:02d}", mm=f"{when.month:02d}", year=when.year,
        month=MONTHS[lang].split()[when.month - 1],
    )
    city, region = place
    where = f"{city}, {region}" if region else city
    body = "The company said today that it will open a new plant."
    text = shape.format(place=where, date=written, body=body)
    if headline:
        text = "A headline about the plant\n\n" + text
    found = find_dateline(text)
    assert found is not None, text
    assert found.city == city, text
    assert found.date == when, text
    assert text[found.end:] == body, text
