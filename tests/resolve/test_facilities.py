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


def test_brief_name_and_long_descriptive_title_are_one_plant() -> None:
    brief = fact("z1", date(2022, 1, 1), "Acme opens Zephyr in Ghent", "opening", facility_name="Zephyr")
    profile = fact("z2", None, "Acme Zephyr CAR-T Manufacturing Facility, Ghent", "opening",
                   facility_name="Acme Zephyr CAR-T Manufacturing Facility, Ghent")
    (site,) = resolve_facilities([*HISTORY, brief, profile])
    assert site.name == "Zephyr" and {"a1", "z1", "z2"} <= set(site.announcement_ids)


def test_a_title_without_distinctive_words_is_like_no_name() -> None:
    profile = fact("p1", None, "Acme Cell and Gene Therapy Plant, Ghent", "opening",
                   facility_name="Acme Cell and Gene Therapy Plant, Ghent")
    (site,) = resolve_facilities([*HISTORY, profile])
    assert "p1" in site.announcement_ids


def test_a_numbered_plant_is_another_plant() -> None:
    one = fact("z1", date(2022, 1, 1), "Acme opens Zephyr", "opening", facility_name="Zephyr")
    two = fact("z2", date(2024, 1, 1), "Acme plans Zephyr 2", "new_facility", facility_name="Zephyr 2")
    second = fact("z3", date(2024, 2, 1), "Acme plans a second Zephyr plant", "new_facility",
                  facility_name="Second Zephyr Plant")
    assert len(resolve_facilities([one, two, second])) == 3


def test_unnamed_news_in_a_town_with_two_plants_is_not_guessed_into_either() -> None:
    alpha = fact("v1", date(2022, 1, 1), "Acme plant Alpha", "new_facility", facility_name="Alpha")
    beta = fact("v2", date(2023, 1, 1), "Acme plant Beta", "new_facility", facility_name="Beta")
    unnamed = fact("v3", date(2024, 1, 1), "Acme expands in Ghent", "expansion")
    sites = resolve_facilities([alpha, beta, unnamed])
    assert sorted(s.announcement_ids for s in sites) == [["v1"], ["v2"], ["v3"]]


def test_a_name_inside_two_plant_names_is_not_guessed_either() -> None:
    north = fact("n1", date(2022, 1, 1), "Zephyr North", "new_facility", facility_name="Zephyr North")
    south = fact("n2", date(2022, 1, 1), "Zephyr South", "new_facility", facility_name="Zephyr South")
    plain = fact("n3", date(2023, 1, 1), "Zephyr opens", "opening", facility_name="Zephyr")
    assert len(resolve_facilities([north, south, plain])) == 3


def test_same_distinctive_name_without_a_town_joins_the_plant() -> None:
    placed = fact("z1", date(2022, 1, 1), "Acme opens Zephyr", "opening", facility_name="Zephyr")
    unplaced = fact("z2", None, "Acme Zephyr Manufacturing Facility, Ghent", "opening", city=None,
                    facility_name="Acme Zephyr Manufacturing Facility, Ghent")
    other_owner = fact("z3", None, "Zephyr", "opening", city=None, facility_name="Zephyr",
                       organisation_id="org_other", organisation_name="Other")
    sites = resolve_facilities([placed, unplaced, other_owner])
    assert sorted(s.announcement_ids for s in sites) == [["z1", "z2"], ["z3"]]


def test_grouping_and_ids_do_not_depend_on_fact_order() -> None:
    import random

    facts = [*HISTORY,
             fact("z1", date(2022, 1, 1), "Zephyr", "opening", facility_name="Zephyr"),
             fact("z2", None, "Acme Zephyr Facility", "opening", facility_name="Acme Zephyr Facility, Ghent"),
             fact("v1", date(2022, 1, 1), "Alpha", "new_facility", facility_name="Alpha")]
    reference = {s.facility_id: s.announcement_ids for s in resolve_facilities(facts)}
    rng = random.Random(3)
    for _ in range(5):
        shuffled = facts[:]
        rng.shuffle(shuffled)
        assert {s.facility_id: sorted(s.announcement_ids) for s in resolve_facilities(shuffled)} == {
            k: sorted(v) for k, v in reference.items()}


REVIEW = dict(reason="seen on the operator's site", reviewer="tester", decided=date(2026, 1, 1))


def test_curated_site_without_a_name_joins_the_site_the_news_describes(tmp_path) -> None:
    id_map = tmp_path / "ids.json"
    alone = Curation(facilities=[FacilityAddition(organisation="Acme NV", city="Ghent", country_code="BE",
                                                  status="operational", modalities=["gene_therapy"], **REVIEW)])
    (curated_only,) = resolve_facilities([], judgements=alone, id_map_path=id_map)
    profile = fact("p1", None, "Acme Ghent Cell Therapy Facility", "opening", facility_name="Acme Ghent Cell Therapy Facility")
    (site,) = resolve_facilities([*HISTORY, profile], judgements=alone, id_map_path=id_map)
    assert site.is_curated and "curation" in [e.announcement_id for e in site.status_timeline]
    assert site.facility_id == curated_only.facility_id  # the curated site keeps its ID when news arrives
    assert "gene_therapy" in site.modalities and site.announcement_ids == ["a1", "a2", "a3", "a4", "p1"]
    assert site.status == "expanded"  # the reviewer's undated "operational" does not move it back


def test_curated_site_stays_apart_when_the_town_has_two_plants_or_the_owner_differs() -> None:
    alpha = fact("v1", date(2022, 1, 1), "Acme plant Alpha", "new_facility", facility_name="Alpha")
    beta = fact("v2", date(2023, 1, 1), "Acme plant Beta", "new_facility", facility_name="Beta")
    curation = Curation(facilities=[
        FacilityAddition(organisation="Acme", city="Ghent", country_code="BE", status="operational", **REVIEW),
        FacilityAddition(organisation="Acme Diagnostics", city="Ghent", country_code="BE", status="operational", **REVIEW),
        FacilityAddition(name="Beta", organisation="Acme", city="Ghent", country_code="BE", status="operational", **REVIEW),
    ])
    sites = resolve_facilities([alpha, beta], judgements=curation)
    assert len(sites) == 4
    beta_site = next(s for s in sites if s.announcement_ids == ["v2"])
    assert beta_site.is_curated and beta_site.status == "operational"


def test_reviewer_can_merge_two_named_plants_of_one_town(tmp_path) -> None:
    from schemas.curation import Judgement

    id_map = tmp_path / "ids.json"
    alpha = fact("v1", date(2022, 1, 1), "Acme plant Alpha", "new_facility", facility_name="Alpha")
    beta = fact("v2", date(2023, 1, 1), "Acme plant Beta", "opening", facility_name="Beta")
    first = resolve_facilities([alpha, beta], id_map_path=id_map)
    assert len(first) == 2
    same = Curation(judgements=[Judgement(a_id=first[0].facility_id, b_id=first[1].facility_id, decision="same",
                                          reason="Beta is Alpha's new name", reviewer="tester",
                                          decided=date(2026, 1, 1))])
    (site,) = resolve_facilities([alpha, beta], judgements=same, id_map_path=id_map)
    assert site.facility_id in {s.facility_id for s in first} and site.status == "operational"


def test_closing_a_deal_is_not_closing_a_plant() -> None:
    from pipeline.resolve.facilities import fact_status

    deal = fact("d1", date(2020, 8, 3), "Acme closes Brightvec takeover, gaining two Ghent plants", "acquisition")
    german = fact("d2", date(2020, 8, 3), "Acme schließt Übernahme von Brightvec ab", "acquisition")
    shut = fact("d3", date(2026, 1, 1), "Acme closes Ghent plant after Brightvec deal", "other")
    assert fact_status(deal) == fact_status(german) == "operational"
    assert fact_status(shut) == "closed"
