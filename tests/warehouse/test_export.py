"""Snapshots: complete files, a valid manifest, RFC 7946 GeoJSON, a read-only database, atomic publishing."""

from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import UTC, datetime

import duckdb
import pyarrow.parquet as pq
import pytest

from schemas.tables import SCHEMA_VERSION, TABLES, columns
from warehouse import geojson
from warehouse.connection import connect
from warehouse.ddl import table_specs
from warehouse.export import GEOJSON_NAME, HUBS_GEOJSON_NAME, PICTURE_NAME, export_snapshot, latest_snapshot
from warehouse.retention import apply_retention, snapshots_to_keep

SOURCES = [{"slug": "test_source", "licence": "facts only", "attribution": "Test source",
            "last_successful_crawl": "2026-01-05T08:00:00+00:00"}]


def _export(db, folder, **kwargs):
    with connect(db, read_only=True) as con:
        return export_snapshot(con, folder, table_specs([]), sources=SOURCES, attributions=["Places: test"], **kwargs)


@pytest.fixture(scope="module")
def published(shared_warehouse, tmp_path_factory):
    """One snapshot for the tests that only read it."""
    return shared_warehouse, _export(shared_warehouse, tmp_path_factory.mktemp("snapshots"))


@pytest.fixture
def fresh(shared_warehouse, tmp_path):
    """A snapshot of its own, for tests that publish more or break publishing."""
    return shared_warehouse, _export(shared_warehouse, tmp_path / "snapshots")


def test_every_table_has_parquet_zstd_and_csv_and_the_manifest_matches(published):
    _, info = published
    manifest = json.loads((info.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == SCHEMA_VERSION and manifest["snapshot_id"] == info.path.name
    assert set(TABLES) <= set(manifest["tables"])
    for name, meta in manifest["tables"].items():
        parquet = pq.ParquetFile(info.path / f"{name}.parquet")
        assert parquet.metadata.num_rows == meta["rows"]
        if parquet.metadata.num_row_groups:
            assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
        header = (info.path / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(c.name for c in columns(TABLES[name].model))
    for name, meta in manifest["files"].items():
        assert hashlib.sha256((info.path / name).read_bytes()).hexdigest() == meta["sha256"], name
    assert manifest["sources"][0]["last_successful_crawl"] and manifest["licences"] == {"test_source": "facts only"}
    assert any("Natural Earth" in a for a in manifest["attributions"])
    assert manifest["picture"]["file"] == PICTURE_NAME and PICTURE_NAME in manifest["files"]
    assert (info.path / PICTURE_NAME).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert manifest["methods"] == {} or "hubs" in manifest["methods"]


def test_history_and_marts_are_exported(published):
    _, info = published
    manifest = json.loads((info.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["hist_atmp__organisations"]["rows"] == manifest["tables"]["core_atmp__organisations"]["rows"]
    assert manifest["tables"]["out_atmp__hubs"]["rows"] >= 7
    hubs = {r["name"] for r in pq.read_table(info.path / "out_atmp__hubs.parquet").to_pylist()}
    assert {"London", "Leiden", "Basel", "Milan", "Paris", "Lund", "Ghent"} <= hubs


def test_geojson_follows_rfc7946_and_matches_the_table(published):
    _, info = published
    doc = json.loads((info.path / GEOJSON_NAME).read_text(encoding="utf-8"))
    assert geojson.validate(doc) == []
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    table = {r["point_id"]: r for r in pq.read_table(info.path / "out_atmp__map_points.parquet").to_pylist()}
    assert len(doc["features"]) == len(table)
    for feature in doc["features"]:
        row = table[feature["id"]]
        lon, lat = feature["geometry"]["coordinates"]
        assert (round(lon, 5), round(lat, 5)) == (round(row["lon"], 5), round(row["lat"], 5))  # lon first
        assert feature["properties"]["name"] == row["name"]
    in_hub = [f for f in doc["features"] if f["properties"]["hub_name"]]
    assert in_hub and all(f["properties"]["hub_id"] for f in in_hub)
    hubs = json.loads((info.path / HUBS_GEOJSON_NAME).read_text(encoding="utf-8"))
    assert geojson.validate(hubs) == [] and len(hubs["features"]) >= 7


@pytest.mark.parametrize("bad, problem", [
    ({"type": "FeatureCollection", "crs": {}, "features": []}, "crs"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                 "geometry": {"type": "Point", "coordinates": [52.1, 200.0]}}]}, "latitude"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                 "geometry": {"type": "Point", "coordinates": [181.0, 4.0]}}]}, "longitude"),
    ({"type": "FeatureCollection", "bbox": [0, 0, 1, 1], "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [5.0, 52.0]}}]}, "bbox"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1]}}]},
     "position"),
])
def test_geojson_validator_catches_rfc7946_violations(bad, problem):
    assert any(problem in p for p in geojson.validate(bad))


def test_snapshot_duckdb_is_read_only_with_comments_and_macros(published):
    _, info = published
    con = duckdb.connect(str(info.path / "snapshot.duckdb"), read_only=True)
    try:
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'out_atmp__hubs' "
                              "AND column_name = 'name'").fetchall()[0][0]
        assert "town" in comment
        assert con.execute("SELECT count(*) FROM map_as_of(now())").fetchall() == \
            con.execute("SELECT count(*) FROM out_atmp__map_points").fetchall()
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM core_atmp__organisations")
    finally:
        con.close()


def test_a_failed_export_leaves_nothing_and_latest_keeps_pointing_at_the_last_good_one(fresh, monkeypatch):
    db, first = fresh
    snapshots = first.path.parent

    def broken(*args, **kwargs):
        raise RuntimeError("disk full while drawing")

    monkeypatch.setattr("warehouse.export.render_map", broken)
    with pytest.raises(RuntimeError):
        _export(db, snapshots)
    assert sorted(p.name for p in snapshots.iterdir() if not p.name.startswith((".", "L", "l"))) == [first.path.name]
    assert not list(snapshots.glob(".tmp-*"))
    assert latest_snapshot(snapshots) == first.path
    assert (snapshots / "latest").resolve() == first.path.resolve()


def test_two_exports_in_one_second_get_two_folders(fresh):
    db, first = fresh
    second = _export(db, first.path.parent)
    third = _export(db, first.path.parent)
    assert len({first.path, second.path, third.path}) == 3
    assert latest_snapshot(first.path.parent) == third.path


def test_retention_keeps_last_n_and_month_ends_and_latest():
    ids = ["2026-01-10T000000Z", "2026-01-31T230000Z", "2026-02-03T000000Z", "2026-02-04T000000Z",
           "2026-03-01T000000Z", "2026-03-02T000000Z", "2026-03-03T000000Z"]
    keep = snapshots_to_keep(ids, keep_last=2, protected={"2026-01-10T000000Z"})
    assert keep == {"2026-03-02T000000Z", "2026-03-03T000000Z",  # last 2
                    "2026-01-31T230000Z", "2026-02-04T000000Z",  # last of each month
                    "2026-01-10T000000Z"}  # protected (latest)


def test_retention_deletes_old_folders_and_stale_temp_dirs(tmp_path):
    snapshots = tmp_path / "snapshots"
    for day in range(1, 6):
        folder = snapshots / f"2026-05-0{day}T000000Z"
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text("{}")
    (snapshots / "LATEST").write_text("2026-05-01T000000Z\n")  # an operator pinned an old one
    stale = snapshots / ".tmp-2026-04-01T000000Z-123"
    stale.mkdir()
    old = time.time() - 7 * 3600
    os.utime(stale, (old, old))
    fresh = snapshots / ".tmp-2026-05-06T000000Z-456"
    fresh.mkdir()
    result = apply_retention(snapshots, keep_last=2)
    assert sorted(result.removed) == ["2026-05-02T000000Z", "2026-05-03T000000Z"]
    assert sorted(p.name for p in snapshots.iterdir() if p.name[0].isdigit()) == [
        "2026-05-01T000000Z", "2026-05-04T000000Z", "2026-05-05T000000Z"]
    assert not stale.exists() and fresh.exists()


def test_snapshot_ids_are_utc_and_sortable():
    from warehouse.export import new_snapshot_id

    assert new_snapshot_id(datetime(2026, 11, 2, 3, 4, 5, tzinfo=UTC)) == "2026-11-02T030405Z"
