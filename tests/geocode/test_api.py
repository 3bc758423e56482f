from __future__ import annotations

import pipeline.geocode as api


def test_public_names() -> None:
    for name in ("get_geocoder", "Geocoder", "GeoResult", "Place", "ATTRIBUTION"):
        assert hasattr(api, name), name
    from pipeline.geocode.countries import country_from_name

    assert country_from_name("Belgique") == "BE"


def test_get_geocoder_is_one_instance_per_process(geocoder) -> None:
    assert api.get_geocoder() is geocoder


def test_attribution_names_geonames_and_the_licence() -> None:
    assert "GeoNames" in api.ATTRIBUTION and "CC BY 4.0" in api.ATTRIBUTION


def test_unresolved_results_carry_no_point() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        api.GeoResult(lat=1.0, lon=2.0, reason="x")
    with pytest.raises(ValidationError):
        api.GeoResult(lat=1.0, lon=2.0, precision="city")  # no country
    assert not api.GeoResult.unresolved("nothing").resolved
