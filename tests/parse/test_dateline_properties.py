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


SHORT_MONTHS = {
    "es": "Ene. Feb. Mar. Abr. May. Jun. Jul. Ago. Sep. Oct. Nov. Dic.",
    "it": "gen feb mar apr mag giu lug ago set ott nov dic",
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec",
}
AGENCY_SHAPES = [
    ("{place}, {day} {month} (EUROPA PRESS) - {body}", "EUROPA PRESS"),
    ("{place}, {day} {month} (ANSA) - {body}", "ANSA"),
    ("(ANSA) - {place}, {day} {month} - {body}", "ANSA"),
    ("{place}, {day} {month} (AFP) - {body}", "AFP"),
    ("{place}, {day}. {month} (dpa) - {body}", "DPA"),
    ("{place}, {day} {month} (BELGA) - {body}", "BELGA"),
]


@settings(max_examples=60, deadline=None, database=None)
@given(
    when=st.dates(min_value=date(1995, 1, 1), max_value=date(2025, 12, 31)),
    lang=st.sampled_from(sorted(SHORT_MONTHS)),
    place=st.sampled_from(["MADRID", "ROMA", "SAN SEBASTIÁN", "Frankfurt", "BRUSSEL", "PARIS"]),
    shape=st.sampled_from(AGENCY_SHAPES),
    offset=st.integers(-31, 31),
    upper=st.booleans(),
)
def test_generated_agency_datelines_take_the_year_of_a_near_date(when, lang, place, shape, offset, upper):
    from datetime import timedelta

    month = SHORT_MONTHS[lang].split()[when.month - 1]
    template, wire = shape
    body = "The company said today that it will open a new plant."
    text = template.format(place=place, day=when.day, month=month.upper() if upper else month, body=body)
    alone = find_dateline(text)
    assert alone is not None and alone.date is None, text
    assert (alone.city, alone.wire) == (place, wire), text
    assert text[alone.end:] == body, text
    found = find_dateline(text, near=when + timedelta(days=offset))
    assert found.date == when and found.year_inferred, text
