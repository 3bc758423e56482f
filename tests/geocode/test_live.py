"""The optional Nominatim lookup, with a fake in place of the network."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.geocode.geocoder import Geocoder
from pipeline.geocode.live import LiveAddressGeocoder, looks_like_address


@dataclass
class FakeLocation:
    latitude: float
    longitude: float
    address: str
    raw: dict[str, Any]


class FakeNominatim:
    def __init__(self, answer: FakeLocation | None) -> None:
        self.answer = answer
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, query: str, **kwargs: Any) -> FakeLocation | None:
        self.calls.append((query, kwargs))
        return self.answer


RIXENSART = FakeLocation(50.7117, 4.5296, "Rue de l'Institut 89, Rixensart", {"address": {"country_code": "be"}})


def test_answers_are_site_precision_and_cached(tmp_path: Path) -> None:
    fake = FakeNominatim(RIXENSART)
    live = LiveAddressGeocoder(tmp_path / "cache.json", query=fake)
    first = live.lookup("Rue de l'Institut 89, 1330 Rixensart", "BE")
    second = live.lookup("Rue de l'Institut 89,  1330 Rixensart", "BE")
    assert first == second
    assert (first.precision, first.country, first.rule) == ("site", "BE", "live_nominatim")
    assert len(fake.calls) == 1
    assert fake.calls[0][1]["country_codes"] == "be"
    # a new process reads the cache file instead of asking again
    again = LiveAddressGeocoder(tmp_path / "cache.json", query=FakeNominatim(None))
    assert again.lookup("Rue de l'Institut 89, 1330 Rixensart", "BE") == first


def test_not_found_is_cached_too_and_failures_return_none(tmp_path: Path) -> None:
    fake = FakeNominatim(None)
    live = LiveAddressGeocoder(tmp_path / "cache.json", query=fake)
    assert live.lookup("Nowhere Street 1, Atlantis") is None
    assert live.lookup("Nowhere Street 1, Atlantis") is None
    assert len(fake.calls) == 1

    def broken(query: str, **kwargs: Any) -> None:
        raise TimeoutError("service down")

    assert LiveAddressGeocoder(tmp_path / "other.json", query=broken).lookup("Main Street 1, Town") is None


def test_address_heuristic() -> None:
    assert looks_like_address("Rue de l'Institut 89, 1330 Rixensart")
    assert not looks_like_address("Rixensart")
    assert not looks_like_address("Gosselies (Charleroi)")


def test_geocoder_uses_live_only_for_addresses_in_the_same_country(tmp_path: Path, geocoder: Geocoder) -> None:
    fake = FakeNominatim(RIXENSART)
    with_live = Geocoder(geocoder.gazetteer, geocoder.curated, live=LiveAddressGeocoder(tmp_path / "c.json", query=fake))
    assert with_live.geocode("Rue de l'Institut 89, 1330 Rixensart", "BE").precision == "site"
    assert with_live.geocode("Rixensart", "BE").precision == "city"  # not an address: no live call
    assert len(fake.calls) == 1
    elsewhere = FakeNominatim(FakeLocation(40.0, -3.0, "Spain", {"address": {"country_code": "es"}}))
    disagreeing = Geocoder(geocoder.gazetteer, geocoder.curated, live=LiveAddressGeocoder(tmp_path / "d.json", query=elsewhere))
    r = disagreeing.geocode("Rue de l'Institut 89, 1330 Rixensart", "BE")
    assert (r.precision, r.country) == ("city", "BE")


def test_default_geocoder_is_offline(geocoder: Geocoder) -> None:
    assert geocoder.live is None
