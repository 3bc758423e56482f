"""The marts answer the seed's questions and agree with the core tables they come from."""

from __future__ import annotations

import pytest

from warehouse.connection import connect


@pytest.fixture(scope="module")
def con(shared_warehouse):
    with connect(shared_warehouse, read_only=True) as c:
        yield c


def _one(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def test_countries_count_what_the_core_tables_hold(con, landscape):
    rows = {r[0]: r for r in _one(con, "SELECT country_code, organisations, facilities, hubs, is_european, country_name "
                                       "FROM out_atmp__countries")}
    for cc in ("GB", "NL", "BE", "US"):
        orgs = sum(1 for o in landscape.organisations if o["country_code"] == cc)
        facs = sum(1 for f in landscape.facilities if f["country_code"] == cc)
        assert rows[cc][1:3] == (orgs, facs), cc
    assert rows["GB"][3] == 1 and rows["BE"][3] >= 1 and rows["US"][3] == 0
    assert rows["US"][4] is False and rows["NL"][4] is True and rows["NL"][5] == "Netherlands"


def test_hub_sites_add_up_and_point_at_real_points(con):
    assert _one(con, "SELECT count(*) FROM out_atmp__hub_sites s LEFT JOIN out_atmp__map_points m USING (point_id) "
                     "WHERE m.point_id IS NULL") == [(0,)]
    mismatch = _one(con, """SELECT h.hub_id FROM out_atmp__hubs h
                            JOIN (SELECT hub_id, count(*) n FROM out_atmp__hub_sites GROUP BY 1) s USING (hub_id)
                            WHERE s.n <> h.sites OR h.organisations + h.facilities <> h.sites""")
    assert mismatch == []
    low, high, n = _one(con, "SELECT min(rank), max(rank), count(DISTINCT rank) FROM out_atmp__hubs")[0]
    assert (low, high) == (1, n)


def test_modalities_count_european_organisations(con, landscape):
    european = [o for o in landscape.organisations if o["is_european"]]
    with_any = [o for o in european if o["modalities"]]
    expected = sum(1 for o in european if "car-t" in o["modalities"])
    orgs, share = _one(con, "SELECT organisations, share_of_organisations FROM out_atmp__modalities "
                            "WHERE modality = 'car-t'")[0]
    assert orgs == expected and share == pytest.approx(expected / len(with_any), abs=1e-4)


def test_facility_pipeline_covers_every_european_facility_once(con, landscape):
    total = _one(con, "SELECT sum(facilities) FROM out_atmp__facility_pipeline")[0][0]
    assert total == sum(1 for f in landscape.facilities if f["is_european"])
    assert _one(con, "SELECT facilities, car_t_facilities FROM out_atmp__facility_pipeline "
                     "WHERE status = 'under_construction' AND operational_year IS NULL") == [(1, 0)]


def test_approvals_per_year_with_running_total(con):
    rows = _one(con, "SELECT authorisation_year, approvals, still_authorised, withdrawn, cumulative_approvals "
                     "FROM out_atmp__approvals_per_year ORDER BY 1")
    assert rows == [(2018, 2, 1, 1, 2), (2022, 1, 1, 0, 3), (2024, 1, 1, 0, 4)]
    assert _one(con, "SELECT approvals_held FROM out_atmp__countries WHERE country_code = 'NL'") == [(1,)]


def test_marts_pass_their_schema_checks(con):
    from warehouse.marts import mart_specs
    from warehouse.publish import run_checks

    failed = [(o.table, o.name) for o in run_checks(con, [s.name for s in mart_specs()]) if not o.passed]
    assert failed == []
