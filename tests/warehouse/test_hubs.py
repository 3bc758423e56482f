"""The hub method: towns, gravity-style linking of anchor towns, borders, names; and the distance code under it."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.warehouse.landscape import TOWNS, small_landscape
from warehouse.geo import haversine_km, haversine_matrix, linkage_components
from warehouse.hubs import HubParams, find_hubs, slug


def _points(spec: dict[str, int], *, country: dict[str, str] | None = None) -> list[dict]:
    """``spec``: town -> number of sites, spread within a few km of the town centre."""
    out = []
    for town, n in spec.items():
        lat, lon, cc = TOWNS[town]
        for i in range(n):
            out.append({"point_id": f"org:{town}{i}", "kind": "organisation", "entity_id": f"{town}{i}",
                        "city": town, "country_code": (country or {}).get(town, cc), "lat": lat + 0.01 * (i % 3),
                        "lon": lon + 0.01 * (i // 3), "geo_precision": "site", "modalities": ["cell_therapy"]})
    return out


def _hub_towns(result) -> dict[str, set[str]]:
    return {h["name"]: set(h["towns"]) for h in result.hubs}


def test_seed_hubs_are_found_on_the_small_landscape():
    points = small_landscape().tables()["out_atmp__map_points"]
    hubs = _hub_towns(find_hubs(points))
    assert {"London", "Leiden", "Basel", "Milan", "Paris", "Lund", "Ghent"} <= set(hubs)
    assert {"London", "Oxford", "Cambridge", "Stevenage"} <= hubs["London"]
    assert "Copenhagen" not in hubs["Lund"]
    assert not hubs["Ghent"] & {"Brussels", "Aalst"}


def test_big_towns_tens_of_km_apart_form_one_hub_named_after_the_biggest():
    result = find_hubs(_points({"London": 19, "Stevenage": 10, "Oxford": 10, "Cambridge": 4}))
    assert len(result.hubs) == 1
    hub = result.hubs[0]
    assert hub["name"] == "London" and hub["hub_id"] == "gb-london" and hub["sites"] == 43
    assert hub["towns"][0] == "London" and set(hub["towns"]) == {"London", "Stevenage", "Oxford", "Cambridge"}


def test_mid_sized_towns_as_far_apart_stay_separate():
    # Ghent and Brussels are 49 km apart; towns of this size only link within about 32 km
    result = find_hubs(_points({"Ghent": 8, "Brussels": 8}))
    assert _hub_towns(result) == {"Ghent": {"Ghent"}, "Brussels": {"Brussels"}}


def test_a_much_bigger_neighbour_pulls_a_town_in_and_names_the_hub():
    result = find_hubs(_points({"Ghent": 6, "Brussels": 40}))
    assert _hub_towns(result) == {"Brussels": {"Brussels", "Ghent"}}


def test_a_sparse_chain_of_small_towns_does_not_join_two_hubs():
    points = _points({"Ghent": 8, "Brussels": 8, "Aalst": 3})  # Aalst lies between them
    hubs = _hub_towns(find_hubs(points))
    assert "Ghent" in hubs and "Brussels" in hubs
    assert not (hubs["Ghent"] & hubs["Brussels"])


def test_hubs_never_cross_a_border():
    hubs = _hub_towns(find_hubs(_points({"Lund": 12, "Copenhagen": 12})))  # 40 km apart, SE and DK
    assert hubs == {"Lund": {"Lund"}, "Copenhagen": {"Copenhagen"}}


def test_without_the_border_the_same_places_would_merge():
    # same coordinates, pretend both are Swedish: the border is what keeps them apart
    hubs = _hub_towns(find_hubs(_points({"Lund": 12, "Copenhagen": 12}, country={"Copenhagen": "SE"})))
    assert len(hubs) == 1


def test_small_groups_are_not_hubs_and_imprecise_points_are_ignored():
    points = _points({"Munich": 3})
    points += [dict(p, point_id=p["point_id"] + "c", geo_precision="country") for p in _points({"Munich": 5})]
    assert find_hubs(points).hubs == []
    assert len(find_hubs(_points({"Munich": 5})).hubs) == 1


def test_hub_sites_point_at_their_hub_with_distances():
    result = find_hubs(_points({"Leiden": 17, "Hoofddorp": 2}))
    assert {s["hub_id"] for s in result.sites} == {"nl-leiden"}
    assert len(result.sites) == 19
    satellite = [s for s in result.sites if s["town"] == "Hoofddorp"]
    assert satellite and all(not s["is_anchor_town"] for s in satellite)  # a satellite, 20 km out
    assert all(15 < s["distance_km"] < 25 for s in satellite)


def test_params_change_the_outcome_as_documented():
    points = _points({"Ghent": 8, "Brussels": 8})
    assert len(find_hubs(points, HubParams(link_km=55)).hubs) == 1  # a longer link distance joins them
    assert find_hubs(points, HubParams(core_sites=9)).hubs == []  # nobody anchors


def test_data_elsewhere_never_changes_a_countrys_hubs():
    uk = _points({"London": 19, "Stevenage": 10, "Oxford": 10, "Cambridge": 4})
    more = _points({"Ghent": 30, "Brussels": 25, "Munich": 9, "Paris": 40})
    assert _hub_towns(find_hubs(uk)) == {k: v for k, v in _hub_towns(find_hubs(uk + more)).items() if k == "London"}


def test_result_is_independent_of_input_order():
    points = small_landscape().tables()["out_atmp__map_points"]
    assert find_hubs(points) == find_hubs(list(reversed(points)))


def test_slug_is_ascii():
    assert slug("Évry-Courcouronnes") == "evry-courcouronnes"
    assert slug("Braine-l'Alleud") == "braine-l-alleud"


def test_haversine_known_distance():
    london, paris = TOWNS["London"][:2], TOWNS["Paris"][:2]
    assert 340 < haversine_km(*london, *paris) < 345
    assert math.isclose(haversine_matrix(np.array([london[0]]), np.array([london[1]]),
                                         np.array([paris[0]]), np.array([paris[1]]))[0, 0],
                        haversine_km(*london, *paris), rel_tol=1e-9)


def _brute_force(lat, lon, threshold):
    n = len(lat)
    dist = haversine_matrix(lat, lon, lat, lon)
    label = list(range(n))
    for i in range(n):
        for j in range(n):
            if dist[i, j] <= threshold:
                a, b = label[i], label[j]
                if a != b:
                    low, high = min(a, b), max(a, b)
                    label = [low if x == high else x for x in label]
    return label


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(35, 70), st.floats(-20, 40)), min_size=0, max_size=60),
       st.floats(1, 400), st.booleans())
def test_grid_linkage_equals_brute_force(coords, threshold, duplicate):
    if duplicate and coords:
        coords = coords + coords[: len(coords) // 2]
    lat = np.array([c[0] for c in coords])
    lon = np.array([c[1] for c in coords])
    assert linkage_components(lat, lon, threshold) == _brute_force(lat, lon, threshold)
