"""The reviewed file is valid, and every town it points to exists in GeoNames."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline.geocode.curated import curated_path, load_curated, parse_curated
from pipeline.geocode.geocoder import distance_km
from pipeline.geocode.normalise import normalise
from schemas.geo import CuratedPlace, CuratedRegion


def test_packaged_file_validates() -> None:
    data = load_curated()
    assert data.places and data.regions and data.not_places
    assert curated_path().suffix == ".yml"


def test_place_needs_exactly_one_point() -> None:
    base = {"name": "X Park", "kind": "site", "country": "BE"}
    with pytest.raises(ValidationError):
        CuratedPlace.model_validate(base)
    with pytest.raises(ValidationError):
        CuratedPlace.model_validate({**base, "town": {"name": "Gent", "country": "BE"}, "lat": 1.0, "lon": 2.0})
    with pytest.raises(ValidationError):
        CuratedPlace.model_validate({**base, "lat": 1.0})
    assert CuratedPlace.model_validate({**base, "lat": 51.0, "lon": 3.7}).lat == 51.0


def test_bad_country_kind_and_unknown_keys_are_rejected() -> None:
    with pytest.raises(ValidationError):
        CuratedPlace.model_validate({"name": "X", "kind": "site", "country": "ZZ", "lat": 1, "lon": 1})
    with pytest.raises(ValidationError):
        CuratedPlace.model_validate({"name": "X", "kind": "campus", "country": "BE", "lat": 1, "lon": 1})
    with pytest.raises(ValidationError):
        CuratedRegion.model_validate({"name": "X", "country": "BE", "seat": "Gent", "capital": "Gent"})
    with pytest.raises(ValidationError):
        CuratedRegion.model_validate({"name": "X", "country": "BE", "admin1": True})


def test_duplicate_place_names_are_rejected() -> None:
    text = """
version: 1
places:
  - {name: A Park, kind: site, country: BE, lat: 50.0, lon: 4.0}
  - {name: B Park, kind: site, country: BE, aliases: [a park], lat: 50.0, lon: 4.0}
"""
    with pytest.raises(ValidationError, match="listed twice"):
        parse_curated(text)


def test_every_town_and_seat_resolves(geocoder) -> None:
    # The geocoder resolves every town and seat when it starts; spot-check the result.
    for place in load_curated().places:
        for hit in geocoder._curated[normalise(place.name)]:
            assert hit.country == place.country
            if place.town is not None:
                assert hit.town is not None and hit.town.country == place.town.country


def test_region_points_lie_near_their_seat(geocoder) -> None:
    """A median point far from the region's own seat means a wrong seat or admin1 flag."""
    for region in load_curated().regions:
        if region.seat is None:
            continue
        seat = geocoder.gazetteer.lookup(normalise(region.seat), region.country)[0]
        found = [r for r in geocoder._regions[normalise(region.name)] if r.country == region.country]
        assert found, region.name
        assert distance_km(found[0].lat, found[0].lon, seat.lat, seat.lon) < 400, region.name


def test_curated_names_are_not_also_non_places(geocoder) -> None:
    for key in geocoder._curated:
        assert key not in geocoder._not_places, key
