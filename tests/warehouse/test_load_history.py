"""Loading is idempotent, keeps observation windows, and keeps every change as history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from schemas.tables import TABLES
from tests.warehouse.conftest import SLUGS, load, table_rows
from tests.warehouse.landscape import organisation
from warehouse.connection import connect
from warehouse.load import load_staging

T1 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
T2 = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
T3 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _all_tables(db):
    with connect(db, read_only=True) as con:
        return {name: table_rows(con, name) for name in TABLES}


def test_same_input_twice_gives_identical_tables_and_no_new_history(tmp_path, landscape):
    db = tmp_path / "w.duckdb"
    first = load(db, landscape, tmp_path / "staging", loaded_at=T1)
    before = _all_tables(db)
    second = load(db, landscape, tmp_path / "staging", loaded_at=T2)
    assert _all_tables(db) == before
    assert sum(first.new_versions.values()) == len(landscape.organisations) + len(landscape.facilities) + len(
        landscape.tables()["out_atmp__map_points"])
    assert second.new_versions == {k: 0 for k in second.new_versions}
    assert second.closed_versions == {k: 0 for k in second.closed_versions}
    with connect(db, read_only=True) as con:
        dupes = con.execute("SELECT count(*) - count(DISTINCT organisation_id) FROM hist_atmp__organisations").fetchall()
        assert dupes == [(0,)]


def test_as_of_returns_the_earlier_state_after_an_update(tmp_path, landscape):
    db, staging = tmp_path / "w.duckdb", tmp_path / "staging"
    load(db, landscape, staging, loaded_at=T1)
    moved = organisation("leiden0", "Amsterdam", org_type="cdmo", modalities=["car-t"], seen="2026-03-20T00:00:00Z")
    landscape.organisations = [moved if o["organisation_id"] == "org_leiden0" else o for o in landscape.organisations]
    report = load(db, landscape, staging, loaded_at=T2)
    assert report.new_versions["hist_atmp__organisations"] == 1
    assert report.closed_versions["hist_atmp__organisations"] == 1
    with connect(db, read_only=True) as con:
        def city_at(ts):
            return con.execute("SELECT city, org_type FROM organisations_as_of(?) WHERE organisation_id = 'org_leiden0'",
                               [ts]).fetchall()
        assert city_at(T1 + timedelta(days=1)) == [("Leiden", "developer")]
        assert city_at(T2 + timedelta(seconds=1)) == [("Amsterdam", "cdmo")]
        assert city_at(T1 - timedelta(days=1)) == []
        assert con.execute("SELECT city FROM core_atmp__organisations WHERE organisation_id = 'org_leiden0'").fetchall() == [("Amsterdam",)]
        # the map follows: the point moved, and map_as_of an earlier time has it at the old place
        old = con.execute("SELECT city FROM map_as_of(?) WHERE point_id = 'org:org_leiden0'", [T1]).fetchall()
        new = con.execute("SELECT city FROM map_as_of(?) WHERE point_id = 'org:org_leiden0'", [T3]).fetchall()
        assert (old, new) == ([("Leiden",)], [("Amsterdam",)])
        change = con.execute("SELECT change_type, changed_columns FROM hist_atmp__organisations "
                             "WHERE organisation_id = 'org_leiden0' AND valid_to IS NULL").fetchall()
        assert change == [("changed", ["city", "lat", "lon", "modalities", "org_type"])]
        changes = con.execute("SELECT kind, entity_id, change FROM changes_since(?)", [T1 + timedelta(days=1)]).fetchall()
        assert changes == [("organisation", "org_leiden0", "changed")]


def test_map_as_of_now_matches_the_published_map(loaded):
    db, _ = loaded
    with connect(db, read_only=True) as con:
        current = con.execute("SELECT * FROM out_atmp__map_points ORDER BY point_id").fetchall()
        as_of = con.execute("SELECT * FROM map_as_of(now()) ORDER BY point_id").fetchall()
    assert current and as_of == current


def test_removed_and_returned_rows_keep_their_history(tmp_path, landscape):
    db, staging = tmp_path / "w.duckdb", tmp_path / "staging"
    load(db, landscape, staging, loaded_at=T1)
    gone = landscape.organisations.pop(0)
    load(db, landscape, staging, loaded_at=T2)
    landscape.organisations.insert(0, gone)
    load(db, landscape, staging, loaded_at=T3)
    key = gone["organisation_id"]
    with connect(db, read_only=True) as con:
        versions = con.execute("SELECT change_type, valid_from, valid_to FROM hist_atmp__organisations "
                               "WHERE organisation_id = ? ORDER BY valid_from", [key]).fetchall()
        assert [(v[0], v[1], v[2]) for v in versions] == [("added", T1, T2), ("returned", T3, None)]
        assert con.execute("SELECT count(*) FROM organisations_as_of(?) WHERE organisation_id = ?",
                           [T2 + timedelta(days=1), key]).fetchall() == [(0,)]
        removed = con.execute("SELECT change, changed_at FROM changes_since(?) WHERE entity_id = ? ORDER BY changed_at",
                              [T1 + timedelta(days=1), key]).fetchall()
        assert removed == [("removed", T2), ("returned", T3)]


def test_observation_window_only_widens(tmp_path, landscape):
    db, staging = tmp_path / "w.duckdb", tmp_path / "staging"
    key = landscape.organisations[0]["organisation_id"]
    load(db, landscape, staging, loaded_at=T1)
    later = dict(landscape.organisations[0], first_seen_at="2026-02-01T00:00:00Z", last_seen_at="2026-02-01T00:00:00Z")
    landscape.organisations[0] = later
    report = load(db, landscape, staging, loaded_at=T2)
    with connect(db, read_only=True) as con:
        first, last = con.execute("SELECT first_seen_at, last_seen_at FROM core_atmp__organisations "
                                  "WHERE organisation_id = ?", [key]).fetchall()[0]
    assert first == datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # the earlier observation stays
    assert last == datetime(2026, 2, 1, tzinfo=UTC)
    assert report.new_versions["hist_atmp__organisations"] == 0  # observation times are not a change


def test_load_time_never_goes_back(tmp_path, landscape):
    db, staging = tmp_path / "w.duckdb", tmp_path / "staging"
    load(db, landscape, staging, loaded_at=T2)
    landscape.organisations[0] = dict(landscape.organisations[0], name="Renamed Org")
    report = load(db, landscape, staging, loaded_at=T1)  # a clock running behind
    assert report.loaded_at > T2
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM hist_atmp__organisations WHERE valid_to < valid_from").fetchall() == [(0,)]


def test_a_failing_load_changes_nothing(tmp_path, landscape):
    db, staging = tmp_path / "w.duckdb", tmp_path / "staging"
    load(db, landscape, staging, loaded_at=T1)
    before = _all_tables(db)
    landscape.organisations[0] = dict(landscape.organisations[0], name="Should not land")
    landscape.write(staging)
    with (staging / "tables" / "core_atmp__crawls.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"crawl_id": "bad", "source_slug": "x", "mode": "replay", "started_at": "not a time"}) + "\n")
    with connect(db) as con, pytest.raises(duckdb.Error):
        load_staging(con, staging, SLUGS, loaded_at=T2)
    assert _all_tables(db) == before


def test_duplicate_keys_keep_one_row_deterministically(tmp_path, landscape):
    db, staging = tmp_path / "w.duckdb", tmp_path / "staging"
    first = landscape.organisations[0]
    newer = dict(first, name="Newer Name", last_seen_at="2026-02-01T00:00:00Z")
    landscape.organisations = [newer, *landscape.organisations]
    report = load(db, landscape, staging, loaded_at=T1)
    assert report.duplicate_keys["core_atmp__organisations"] == 1
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT name FROM core_atmp__organisations WHERE organisation_id = ?",
                           [first["organisation_id"]]).fetchall() == [("Newer Name",)]


def test_an_outdated_history_table_is_kept_aside_not_lost(tmp_path, landscape):
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        con.execute("CREATE TABLE hist_atmp__organisations (organisation_id VARCHAR, row_json JSON)")
        con.execute("INSERT INTO hist_atmp__organisations VALUES ('o1', '{}')")
    load(db, landscape, tmp_path / "staging", loaded_at=T1)
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM hist_atmp__organisations__legacy_1").fetchall() == [(1,)]
        assert con.execute("SELECT count(*) FROM hist_atmp__organisations").fetchall() == [(len(landscape.organisations),)]
