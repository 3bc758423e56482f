"""The team's development places: the stage's bar (read from ../shared, never copied)."""

from __future__ import annotations

import pytest

from pipeline.geocode.evaluate import BAR_WITHIN_TOLERANCE, evaluate
from pipeline.jsonl import read_records
from schemas.geo import GeocodeGoldRow
from tests.shared_data import dev_file

pytestmark = pytest.mark.needs_shared


def test_dev_places_meet_the_bar(geocoder) -> None:
    rows = []
    for _, rec in read_records(dev_file("places.jsonl"), GeocodeGoldRow):
        assert not isinstance(rec, list), rec
        rows.append(rec)
    report = evaluate(rows, geocoder)
    failures = [(o.row.id, o.row.mention, o.problem) for o in report.failures]
    assert report.share_within_tolerance() >= BAR_WITHIN_TOLERANCE, failures
    assert all(o.passed for o in report.expected_null), failures
    # a country-level answer is never a city
    for o in report.located:
        if o.row.expected and o.result.precision == "country":
            assert o.result.geonameid is None
