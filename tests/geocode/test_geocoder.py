"""Matching rules on mentions written the way announcements write them.

Reference points are public facts (rounded town centres); a test passes when
the answer is in the right country and within a town-sized distance.
"""

from __future__ import annotations

import pytest

from pipeline.geocode import GeoResult, Geocoder
from pipeline.geocode.geocoder import distance_km

# (mention, hint, country, lat, lon, km)
LOCALITIES = [
    # exonyms, endonyms and dropped diacritics
    ("Gent", "BE", "BE", 51.05, 3.72, 10),
    ("Ghent", None, "BE", 51.05, 3.72, 10),
    ("München", "DE", "DE", 48.14, 11.58, 15),
    ("Munich", None, "DE", 48.14, 11.58, 15),
    ("Muenchen", None, "DE", 48.14, 11.58, 15),
    ("Genève", "CH", "CH", 46.20, 6.15, 10),
    ("Geneva", None, "CH", 46.20, 6.15, 10),
    ("Milano", "IT", "IT", 45.46, 9.19, 15),
    ("Den Haag", "NL", "NL", 52.08, 4.30, 10),
    ("The Hague", None, "NL", 52.08, 4.30, 10),
    ("Anvers", "BE", "BE", 51.22, 4.40, 10),
    ("Praha", None, "CZ", 50.09, 14.42, 15),
    ("Krakow", None, "PL", 50.06, 19.94, 15),
    ("Tuebingen", None, "DE", 48.52, 9.06, 10),
    # a main name beats a larger namesake's alternate name, unless that one is far larger
    ("Venice", None, "IT", 45.44, 12.33, 10),
    ("Bienne", None, "CH", 47.14, 7.25, 10),  # half of the bilingual name Biel/Bienne
    ("Vienne", "FR", "FR", 45.52, 4.87, 10),
    # hyphens, apostrophes and abbreviations
    ("Braine l'Alleud", None, "BE", 50.68, 4.37, 5),
    ("Saint-Priest", "FR", "FR", 45.70, 4.94, 10),
    ("St. Gallen", None, "CH", 47.42, 9.38, 10),
    ("St Gallen", "CH", "CH", 47.42, 9.38, 10),
    ("Kgs. Lyngby", "DK", "DK", 55.77, 12.50, 5),
    ("Frankfurt am Main", "DE", "DE", 50.11, 8.68, 10),
    ("Frankfurt a. M.", "DE", "DE", 50.11, 8.68, 10),
    ("Freiburg i. Br.", None, "DE", 48.00, 7.85, 10),
    ("'s-Hertogenbosch", None, "NL", 51.70, 5.30, 10),
    # population decides between namesakes, the hint between countries
    ("Halle", "DE", "DE", 51.48, 11.97, 15),
    ("Halle (Saale)", None, "DE", 51.48, 11.97, 15),
    ("Halle", "BE", "BE", 50.73, 4.23, 10),
    ("Bergen", "NO", "NO", 60.39, 5.32, 15),
    ("Bergen", "NL", "NL", 52.67, 4.70, 10),
    ("Cambridge", "GB", "GB", 52.20, 0.12, 10),
    ("Cambridge", "US", "US", 42.37, -71.11, 10),
    # qualifiers after commas and in brackets
    ("Stevenage, Hertfordshire", None, "GB", 51.90, -0.20, 10),
    ("Cambridge, MA", None, "US", 42.37, -71.11, 10),
    ("Cambridge, Massachusetts", None, "US", 42.37, -71.11, 10),
    ("Cambridge, UK", None, "GB", 52.20, 0.12, 10),
    ("Boston, MA 02210, USA", None, "US", 42.36, -71.06, 10),
    ("Gosselies (Charleroi)", "BE", "BE", 50.47, 4.43, 5),
    ("Shannon, Co. Clare", "IE", "IE", 52.70, -8.86, 10),
    ("Paris, France", None, "FR", 48.86, 2.35, 10),
    ("Rue de l'Institut 89, 1330 Rixensart", "BE", "BE", 50.71, 4.53, 5),
    # parks, campuses and clusters mapped to their town
    ("Tech Lane Ghent Science Park", "BE", "BE", 51.05, 3.72, 25),
    ("Biopark Charleroi Brussels South", "BE", "BE", 50.47, 4.43, 10),
    ("Leiden Bio Science Park", "NL", "NL", 52.16, 4.49, 25),
    ("Stevenage Bioscience Catalyst", None, "GB", 51.90, -0.20, 10),
    ("Genopole", "FR", "FR", 48.63, 2.44, 10),
    ("Edinburgh BioQuarter", None, "GB", 55.95, -3.19, 25),
    # ... and parks nobody listed: the town inside the name
    ("Utrecht Science Park", "NL", "NL", 52.09, 5.12, 25),
    ("BioPark Regensburg", "DE", "DE", 49.02, 12.10, 25),
    ("Lyon Gerland Biodistrict", "FR", "FR", 45.75, 4.85, 25),
    ("Switzerland Innovation Park Basel Area", None, "CH", 47.56, 7.59, 25),
    ("Oxford Science Park", None, "GB", 51.75, -1.26, 25),
    # what GeoNames lacks or splits
    ("Évry-Courcouronnes", "FR", "FR", 48.63, 2.44, 10),
    ("Martinsried", "DE", "DE", 48.11, 11.45, 10),
    ("Planegg-Martinsried", "DE", "DE", 48.11, 11.45, 10),
    ("Grens", "CH", "CH", 46.40, 6.19, 10),
    # compounds
    ("Berlin-Buch", "DE", "DE", 52.52, 13.40, 25),
    ("Strasbourg-Illkirch", "FR", "FR", 48.56, 7.74, 10),
    ("Libramont-Chevigny", None, "BE", 49.92, 5.38, 10),
]


@pytest.mark.parametrize(("mention", "hint", "country", "lat", "lon", "km"), LOCALITIES)
def test_localities(geocoder: Geocoder, mention: str, hint: str | None, country: str, lat: float, lon: float, km: float) -> None:
    r = geocoder.geocode(mention, hint)
    assert r.precision == "city", (r.rule, r.reason)
    assert r.country == country
    assert distance_km(r.lat, r.lon, lat, lon) <= km, (r.name, r.lat, r.lon, r.rule)
    assert r.rule


@pytest.mark.parametrize(
    ("mention", "hint", "country"),
    [("the Netherlands", None, "NL"), ("Deutschland", None, "DE"), ("Belgium", "BE", "BE"), ("UK", None, "GB"), ("Schweiz", None, "CH")],
)
def test_countries_answer_at_country_precision_never_a_city(geocoder: Geocoder, mention: str, hint: str | None, country: str) -> None:
    r = geocoder.geocode(mention, hint)
    assert (r.precision, r.country, r.geonameid) == ("country", country, None)
    assert r.rule == "country_name"


def test_country_point_lies_inside_the_country(geocoder: Geocoder) -> None:
    middles = {"Netherlands": (52.13, 5.29), "Germany": (51.17, 10.45), "France": (46.6, 2.4), "Italy": (42.8, 12.6)}
    for name, (lat, lon) in middles.items():
        r = geocoder.geocode(name)
        assert distance_km(r.lat, r.lon, lat, lon) < 300, name


def test_city_state_country_is_answered_as_its_capital(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Luxembourg")
    assert (r.precision, r.country) == ("city", "LU")


@pytest.mark.parametrize(
    ("mention", "hint", "country", "name"),
    [
        ("Wallonia", None, "BE", "Wallonia"),
        ("Flanders", "BE", "BE", "Flanders"),
        ("Bayern", None, "DE", "Bavaria"),
        ("Île-de-France", None, "FR", "Île-de-France"),
        ("Lombardia", None, "IT", "Lombardy"),
        ("Catalonia", "ES", "ES", "Catalonia"),
        ("Scotland", None, "GB", "Scotland"),
        ("Hertfordshire", None, "GB", "Hertfordshire"),
        ("Co. Cork", None, "IE", "County Cork"),
        ("Kanton Zug", None, "CH", "Canton of Zug"),
        ("Limburg", "NL", "NL", "Limburg (Netherlands)"),
        ("Massachusetts", None, "US", "Massachusetts"),
        ("Flanders region", None, "BE", "Flanders"),  # a region inside a longer phrase beats a small US town
        # US states as releases in other languages name them; a small town with the name as an alternate loses
        ("Kalifornien", None, "US", "California"),
        ("Californië", None, "US", "California"),
        ("Californie", None, "US", "California"),  # not La Californie, a quarter of Cannes
        ("Caroline du Nord", None, "US", "North Carolina"),  # not Carolina, Puerto Rico, inside the name
        ("Carolina del Norte", None, "US", "North Carolina"),
        ("Noord-Carolina", None, "US", "North Carolina"),
        ("Floride", None, "US", "Florida"),  # not Florida, Uruguay
        ("Pennsylvanië", None, "US", "Pennsylvania"),
        ("État de New York", None, "US", "New York"),
    ],
)
def test_regions(geocoder: Geocoder, mention: str, hint: str | None, country: str, name: str) -> None:
    r = geocoder.geocode(mention, hint)
    assert (r.precision, r.country, r.name) == ("region", country, name)


def test_a_foreign_state_name_qualifies_a_town_and_a_big_city_keeps_its_name(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Raleigh, Caroline du Nord")
    assert (r.name, r.country, r.precision) == ("Raleigh", "US", "city") and "+admin1" in r.rule
    assert geocoder.geocode("Nueva York").name == "New York City"  # the city, as for "New York"


def test_a_district_missing_from_geonames_is_curated(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Flemingsberg", "SE")  # district of Huddinge: its name, Huddinge's point
    huddinge = geocoder.geocode("Huddinge", "SE")
    assert (r.name, r.rule, r.gazetteer_name) == ("Flemingsberg", "curated_locality", "Huddinge")
    assert (r.lat, r.lon) == (huddinge.lat, huddinge.lon)


def test_a_big_city_beats_a_region_of_the_same_name(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Utrecht", "NL").precision == "city"
    assert geocoder.geocode("Zug", "CH").precision == "city"
    assert geocoder.geocode("Provincie Utrecht", "NL").precision == "region"


def test_region_points_sit_inside_the_region(geocoder: Geocoder) -> None:
    bavaria = geocoder.geocode("Bavaria")
    assert distance_km(bavaria.lat, bavaria.lon, 48.9, 11.4) < 120
    wallonia = geocoder.geocode("Wallonia")
    assert distance_km(wallonia.lat, wallonia.lon, 50.4, 4.9) < 80


@pytest.mark.parametrize(
    "mention",
    ["Europe", "EMEA", "our European hub", "Our European Hub", "worldwide", "European Union", "Nordics", "Asia-Pacific",
     "Europa", "Headquarters", "", "   ", "n/a", "Science Park", "Manufacturing site"],
)
def test_non_places_are_null_with_a_reason(geocoder: Geocoder, mention: str) -> None:
    r = geocoder.geocode(mention)
    assert r.precision is None and r.lat is None and r.lon is None
    assert r.reason


def test_ambiguous_region_without_hint_is_not_guessed(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Limburg")
    assert r.precision is None and "ambiguous" in r.reason


def test_name_only_found_outside_the_hinted_country_is_reported_not_returned(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Leiden", "BE")
    assert r.precision is None
    assert "NL" in r.reason


def test_explicit_country_in_the_mention_beats_the_hint(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Basel, Switzerland", "DE")
    assert (r.country, r.name) == ("CH", "Basel")


def test_invalid_hint_is_ignored(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Leiden", "not a code").country == "NL"
    assert geocoder.geocode("Leiden", "UK").precision is None  # UK -> GB: no Leiden there


def test_results_carry_gazetteer_details(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Leiden")
    assert isinstance(r, GeoResult)
    assert r.geonameid and r.population and r.population > 100_000 and r.admin1
    assert r.rule == "gazetteer_name"
    assert geocoder.geocode("Ghent").rule == "gazetteer_alternate"


def test_candidates_are_exact_lookups_best_first(geocoder: Geocoder) -> None:
    halle = geocoder.candidates("Halle")
    assert halle[0].name == "Halle (Saale)"
    assert all(p.kind == "locality" for p in halle)
    assert [p.population for p in halle] == sorted((p.population for p in halle), reverse=True)
    assert {p.country for p in geocoder.candidates("Halle", "BE")} == {"BE"}
    assert geocoder.candidates("Halle Saale")[0].name == "Halle (Saale)"
    assert geocoder.candidates("our") == []


def test_candidates_expose_kinds_for_parks_regions_and_countries(geocoder: Geocoder) -> None:
    assert geocoder.candidates("Leiden Bio Science Park")[0].kind == "site"
    assert [p.kind for p in geocoder.candidates("Bavaria")] == ["region"]
    assert geocoder.candidates("Belgium")[-1].kind == "country"


def test_candidates_let_callers_drop_common_words(geocoder: Geocoder) -> None:
    # "Union" and "Home" are hamlet names somewhere; population tells them from towns
    for word in ("Union", "Home"):
        places = geocoder.candidates(word)
        assert places and all(p.kind == "locality" for p in places)
    assert max(p.population for p in geocoder.candidates("Home")) < 10_000
    assert geocoder.candidates("Leiden")[0].population > 100_000


def test_candidates_are_cached_copies(geocoder: Geocoder) -> None:
    first = geocoder.candidates("Leiden")
    first.clear()
    assert geocoder.candidates("Leiden")


@pytest.mark.parametrize(
    ("mention", "country", "lat", "lon"),
    [
        ("Stein (AG)", "CH", 47.54, 7.95),  # canton code = GeoNames admin1 code
        ("Visp (VS)", "CH", 46.29, 7.88),
        ("Rockville, MD", "US", 39.08, -77.15),  # state code
        ("Paris, TX", "US", 33.66, -95.56),
        ("Milano (MI)", "IT", 45.46, 9.19),  # a province code that is no admin1 code is ignored
        ("Halle, Sachsen-Anhalt", "DE", 51.48, 11.97),  # a region qualifier gives the admin1 unit
        ("Lexington, Massachusetts", "US", 42.44, -71.23),
        ("Illkirch (67)", "FR", 48.53, 7.72),  # department number dropped
        ("CAMBRIDGE, Mass.", "US", 42.37, -71.11),  # AP-style state abbreviation of a wire dateline
        ("SOUTH SAN FRANCISCO, Calif.", "US", 37.65, -122.41),
        ("Parsippany, N.J.", "US", 40.86, -74.43),
        ("Bergen (NL)", "NL", 52.67, 4.70),  # an ISO country code in brackets
        ("Halle (DE)", "DE", 51.48, 11.97),
        ("Gerenzano (VA)", "IT", 45.64, 9.00),  # a province code that looks like a US state is ignored
        ("Bergen, Noord-Holland", "NL", 52.67, 4.70),
    ],
)
def test_admin_codes_and_region_qualifiers_pick_the_namesake(
    geocoder: Geocoder, mention: str, country: str, lat: float, lon: float
) -> None:
    r = geocoder.geocode(mention)
    assert r.country == country and r.precision == "city"
    assert distance_km(r.lat, r.lon, lat, lon) < 10, (r.name, r.rule)


def test_a_word_glued_to_a_particle_is_not_a_place_of_its_own(geocoder: Geocoder) -> None:
    # Neither "Marcy" nor "Neuville" alone: the compound names another commune.
    r = geocoder.geocode("Neuville-sur-Imaginaire", "FR")
    assert r.precision is None
    r = geocoder.geocode("Frankfurt-Höchst", "DE")  # a capitalised part is fine
    assert (r.name, r.gazetteer_name) == ("Frankfurt", "Frankfurt am Main")


@pytest.mark.parametrize("mention", ["German", "Dutch", "Belgian"])
def test_nationality_adjectives_are_not_places(geocoder: Geocoder, mention: str) -> None:
    r = geocoder.geocode(mention)
    assert r.precision is None and "nationality" in r.reason


def test_free_text_around_a_place_name(geocoder: Geocoder) -> None:
    assert geocoder.geocode("a new plant near Leiden").name == "Leiden"
    assert geocoder.geocode("Boston area").country == "US"
    r = geocoder.geocode("site in Belgium")
    assert (r.precision, r.country) == ("country", "BE")


def test_a_shortened_official_name_is_found_by_its_first_word(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Lasne", "BE")  # official name Lasne-Chapelle-Saint-Lambert
    assert (r.country, r.precision, r.rule) == ("BE", "city", "gazetteer_prefix")
    assert distance_km(r.lat, r.lon, 50.69, 4.50) < 5
    # many places start with "Saint": no single winner, no answer
    assert geocoder.geocode("Saint", "FR").precision is None
