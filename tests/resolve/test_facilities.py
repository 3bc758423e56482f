"""Facilities: one site per owner and place (or plant name), with a status history."""

from __future__ import annotations

from datetime import date

from pipeline.resolve import resolve_facilities
from schemas.curation import Correction, Curation, FacilityAddition
from schemas.resolution import FacilityFact


def fact(ann: str, when: date | None, title: str, event: str | None, city: str | None = "Ghent", **kw) -> FacilityFact:
    base = dict(announcement_id=ann, source_url=f"https://news.example/{ann}", published=when, title=title,
                organisation_id="org_acme", organisation_name="Acme", city=city, country_code="BE", event_type=event)
    return FacilityFact(**{**base, **kw})


HISTORY = [
    fact("a1", date(2021, 6, 1), "Acme to build cell therapy plant in Ghent", "new_facility",
         investment_value=50e6, investment_currency="EUR", investment_text="EUR 50 million", modalities=["car-t", "cell_therapy"]),
    fact("a2", date(2022, 2, 1), "Acme breaks ground in Ghent", "new_facility"),
    fact("a3", date(2023, 9, 1), "Acme opens its Ghent CAR-T plant", "opening", operational_year=2023),
    fact("a4", date(2025, 5, 1), "Acme expands Ghent site", "expansion", modalities=["viral_vector"]),
]


def test_groundbreaking_construction_opening_and_expansion_make_one_timeline() -> None:
    (site,) = resolve_facilities(HISTORY)
    assert [e.status for e in site.status_timeline] == ["announced", "under_construction", "operational", "expanded"]
    assert site.status == "expanded" and site.first_announced == date(2021, 6, 1)
    assert site.announcement_ids == ["a1", "a2", "a3", "a4"]
    assert site.modalities == ["car-t", "cell_therapy", "viral_vector"]
    assert (site.investment_value, site.investment_currency) == (50e6, "EUR")
    assert site.operational_year == 2023 and site.is_european


def test_a_late_investment_news_does_not_turn_a_working_plant_back_to_announced() -> None:
    later = fact("a5", date(2026, 1, 1), "Acme invests in Ghent", "investment")
    (site,) = resolve_facilities([*HISTORY[:3], later])
    assert site.status == "operational"


def test_closure_is_final_until_reopened() -> None:
    closed = fact("a6", date(2026, 2, 1), "Acme closes Ghent plant", "other")
    (site,) = resolve_facilities([*HISTORY, closed])
    assert site.status == "closed"


def test_syndicated_copies_count_once_but_keep_their_urls() -> None:
    copy = fact("copy", date(2023, 9, 1), "Acme opens its Ghent CAR-T plant", "opening", city="Gent",
                source_url="https://wire.example/copy")
    (site,) = resolve_facilities([*HISTORY, copy])
    assert site.announcement_ids.count("a3") == 1 and "copy" not in site.announcement_ids
    assert "https://wire.example/copy" in site.source_urls


def test_named_plant_joins_across_spellings_of_the_place_and_other_cities_stay_apart() -> None:
    named = [fact("n1", date(2022, 1, 1), "Acme plans Finport", "new_facility", city=None, facility_name="Finport",
                  country_code="FI"),
             fact("n2", date(2024, 1, 1), "Finport opens", "opening", city="Turku", facility_name="Finport",
                  country_code="FI")]
    other = fact("o1", date(2022, 1, 1), "Acme to build plant in Leuven", "new_facility", city="Leuven")
    sites = resolve_facilities([*HISTORY, *named, other])
    assert len(sites) == 3
    finport = next(s for s in sites if s.name == "Finport")
    assert finport.city == "Turku" and finport.status == "operational"


def test_points_close_together_are_one_site() -> None:
    a = fact("p1", date(2022, 1, 1), "Acme plant", "new_facility", city="Gosselies", lat=50.469, lon=4.433)
    b = fact("p2", date(2023, 1, 1), "Acme plant opens", "opening", city="Charleroi-Gosselies", lat=50.47, lon=4.44)
    assert len(resolve_facilities([a, b])) == 1


def test_facility_ids_survive_order_and_new_announcements(tmp_path) -> None:
    id_map = tmp_path / "ids.json"
    first = {s.city: s.facility_id for s in resolve_facilities(HISTORY[:2], id_map_path=id_map)}
    again = {s.city: s.facility_id for s in resolve_facilities(HISTORY[::-1], id_map_path=id_map)}
    assert first == again
    pure = {s.city: s.facility_id for s in resolve_facilities(HISTORY[::-1])}
    assert pure == {s.city: s.facility_id for s in resolve_facilities(HISTORY)}


def test_curated_addition_and_correction() -> None:
    review = dict(reason="seen on the operator's site", reviewer="tester", decided=date(2026, 1, 1))
    curation = Curation(
        facilities=[FacilityAddition(organisation="Novartis", city="Stein", country_code="CH", status="operational", **review)],
        corrections=[Correction(target="facility", organisation="Acme", city_was="Ghent", field="city", value="Zwijnaarde", **review)],
    )
    sites = resolve_facilities(HISTORY, judgements=curation)
    assert {s.city for s in sites} == {"Stein", "Zwijnaarde"}
    assert all(s.is_curated for s in sites)


def test_two_named_plants_in_one_town_are_two_sites() -> None:
    a = fact("v1", date(2022, 1, 1), "Acme plant Alpha", "new_facility", city="Visp", facility_name="Alpha", country_code="CH")
    b = fact("v2", date(2023, 1, 1), "Acme plant Beta", "new_facility", city="Visp", facility_name="Beta", country_code="CH")
    c = fact("v3", date(2024, 1, 1), "Acme opens Alpha", "opening", city="Visp", facility_name="Alpha", country_code="CH")
    sites = resolve_facilities([a, b, c])
    assert sorted((s.name, s.status) for s in sites) == [("Alpha", "operational"), ("Beta", "announced")]


def test_reviewer_can_merge_two_facilities_by_id(tmp_path) -> None:
    from schemas.curation import Judgement

    id_map = tmp_path / "ids.json"
    zwijnaarde = fact("z1", date(2024, 1, 1), "Acme opens Zwijnaarde lab", "opening", city="Zwijnaarde")
    first = resolve_facilities([*HISTORY, zwijnaarde], id_map_path=id_map)
    assert len(first) == 2
    ghent_id = next(s.facility_id for s in first if s.city == "Ghent")
    other_id = next(s.facility_id for s in first if s.city == "Zwijnaarde")
    same = Curation(judgements=[Judgement(a_id=ghent_id, b_id=other_id, decision="same", reason="one campus, two addresses",
                                          reviewer="tester", decided=date(2026, 1, 1))])
    (site,) = resolve_facilities([*HISTORY, zwijnaarde], judgements=same, id_map_path=id_map)
    assert site.facility_id in (ghent_id, other_id) and "z1" in site.announcement_ids
