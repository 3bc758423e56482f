"""One geocoder for the whole test session (its index is built once in the session cache folder)."""

from __future__ import annotations

import pytest

from pipeline.geocode import Geocoder, get_geocoder


@pytest.fixture(scope="session")
def geocoder() -> Geocoder:
    return get_geocoder()
