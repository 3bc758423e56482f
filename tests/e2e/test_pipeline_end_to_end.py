"""The whole pipeline, for real: replay crawls in subprocesses, Dagster materialisations,
a DuckDB warehouse and a published snapshot, all in a temporary data folder.

This is what `make run` does on a fresh machine; the assertions are the
foundation's definition of done (the Janssen / Legend Biotech Ghent site).
"""

from __future__ import annotations

import hashlib
import json
import math

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.paths import DataPaths

GHENT = (51.05, 3.7167)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from pipeline.orchestrate.run import run_pipeline

    root = tmp_path_factory.mktemp("e2e")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("DAGSTER_HOME", raising=False)
        mp.setenv("ATMP_DATA_DIR", str(root))
        data = DataPaths(root)
        outcome = run_pipeline(data)
    return data, outcome


def test_run_succeeds_and_publishes(published):
    data, outcome = published
    assert outcome.failed_sources == {}, outcome.failed_sources
    assert outcome.exit_code == 0
    assert outcome.snapshot is not None and (data.snapshots / "LATEST").read_text().strip() == outcome.snapshot.name
    assert (data.latest_snapshot / "manifest.json").exists()


def test_every_source_crawled_its_archive_completely(published):
    from pipeline.raw import crawl_summaries
    from scrapers.registry import discover_sources

    data, _ = published
    for source in discover_sources():
        (summary,) = crawl_summaries(source.slug, data)
        assert summary["success"], (source.slug, summary["failures"])
        assert summary["items_scraped"] >= source.expected.min_items, source.slug
        assert summary["stats"].get("replay/missing", 0) == 0, source.slug


def test_ghent_car_t_facility_is_in_the_snapshot(published):
    _, outcome = published
    table = pq.read_table(outcome.snapshot / "core_atmp__facilities.parquet").to_pylist()
    ghent = [f for f in table if f["city"] == "Ghent" and f["country_code"] == "BE"
             and any(n in " ".join(filter(None, [f["organisation_name"], *f["partner_names"]])) for n in ("Janssen", "Legend"))]
    assert ghent, [(f["organisation_name"], f["city"]) for f in table]
    site = ghent[0]
    assert site["operational_year"] == 2023
    assert "car-t" in site["modalities"]
    assert site["source_url"] and site["source_url"].startswith("https://")
    assert _km(site["lat"], site["lon"], *GHENT) <= 15


def test_manifest_checksums_and_counts_match_the_files(published):
    _, outcome = published
    manifest = json.loads((outcome.snapshot / "manifest.json").read_text())
    for name, info in manifest["files"].items():
        digest = hashlib.sha256((outcome.snapshot / name).read_bytes()).hexdigest()
        assert digest == info["sha256"], name
    for table, info in manifest["tables"].items():
        assert pq.read_metadata(outcome.snapshot / f"{table}.parquet").num_rows == info["rows"]
    assert manifest["schema_version"]
    assert any("GeoNames" in a for a in manifest["attributions"])
    assert all("last_successful_crawl" in s for s in manifest["sources"])


def test_snapshot_duckdb_is_readable_read_only(published):
    _, outcome = published
    manifest = json.loads((outcome.snapshot / "manifest.json").read_text())
    con = duckdb.connect(str(outcome.snapshot / "snapshot.duckdb"), read_only=True)
    try:
        for table, info in manifest["tables"].items():
            assert con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] == info["rows"]
        comment = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name='core_atmp__facilities' AND column_name='operational_year'"
        ).fetchall()[0][0]
        assert "operat" in comment
    finally:
        con.close()


def test_geojson_follows_rfc7946(published):
    _, outcome = published
    doc = json.loads((outcome.snapshot / "out_atmp__map_points.geojson").read_text())
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert doc["features"], "the map has points"
    for feat in doc["features"]:
        lon, lat = feat["geometry"]["coordinates"]
        assert feat["geometry"]["type"] == "Point"
        assert -32 <= lon <= 45 and 27 <= lat <= 72, feat["properties"]["name"]


def test_csv_files_have_headers_and_no_formula_cells(published):
    import csv

    _, outcome = published
    for path in outcome.snapshot.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows, path.name
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell[:40])


def test_quarantine_keeps_reasons(published):
    _, outcome = published
    rows = pq.read_table(outcome.snapshot / "core_atmp__quarantine.parquet").to_pylist()
    assert all(r["reason"] for r in rows)


# --- warehouse: history, marts, hubs, picture, queries (issue 4) ---------------------------------

SEED_HUBS = {"London", "Leiden", "Basel", "Milan", "Paris", "Lund", "Ghent"}
BRUSSELS = (50.8505, 4.3488)


def test_hubs_of_the_seed_are_found_from_the_data(published):
    _, outcome = published
    hubs = {h["name"]: h for h in pq.read_table(outcome.snapshot / "out_atmp__hubs.parquet").to_pylist()}
    assert SEED_HUBS <= set(hubs), sorted(hubs)
    assert {"London", "Oxford", "Cambridge", "Stevenage"} <= set(hubs["London"]["towns"]), hubs["London"]["towns"]
    points = {p["point_id"]: p for p in pq.read_table(outcome.snapshot / "out_atmp__map_points.parquet").to_pylist()}
    members = pq.read_table(outcome.snapshot / "out_atmp__hub_sites.parquet").to_pylist()
    by_hub: dict[str, list[dict]] = {}
    for m in members:
        by_hub.setdefault(m["hub_id"], []).append(points[m["point_id"]])
    lund, ghent = by_hub[hubs["Lund"]["hub_id"]], by_hub[hubs["Ghent"]["hub_id"]]
    assert {p["country_code"] for p in lund} == {"SE"}, "Lund is not merged with Copenhagen"
    assert all(_km(p["lat"], p["lon"], *BRUSSELS) > 30 for p in ghent), "Ghent is not merged with Brussels"
    assert all(len(by_hub[h["hub_id"]]) == h["sites"] for h in hubs.values())


def test_snapshot_has_history_marts_picture_and_time_travel(published):
    from schemas.tables import TABLES

    _, outcome = published
    manifest = json.loads((outcome.snapshot / "manifest.json").read_text())
    assert set(TABLES) <= set(manifest["tables"])
    for table in ("out_atmp__countries", "out_atmp__modalities", "out_atmp__facility_pipeline",
                  "out_atmp__approvals_per_year", "hist_atmp__organisations", "hist_atmp__facilities"):
        assert manifest["tables"][table]["rows"] > 0, table
    assert manifest["picture"]["file"] in manifest["files"]
    assert (outcome.snapshot / manifest["picture"]["file"]).read_bytes()[:4] == b"\x89PNG"
    con = duckdb.connect(str(outcome.snapshot / "snapshot.duckdb"), read_only=True)
    try:
        now = con.execute("SELECT count(*) FROM map_as_of(now())").fetchall()[0][0]
        assert now == manifest["tables"]["out_atmp__map_points"]["rows"]
        assert con.execute("SELECT count(*) FROM map_as_of('2000-01-01')").fetchall() == [(0,)]
        years = con.execute("SELECT sum(approvals) FROM out_atmp__approvals_per_year").fetchall()[0][0]
        dated = con.execute("SELECT count(*) FROM core_atmp__approvals WHERE authorisation_year IS NOT NULL").fetchall()
        assert years == dated[0][0] > 0
    finally:
        con.close()


def test_every_example_query_runs_on_the_published_snapshot(published):
    from warehouse.query import example_queries, run_query

    _, outcome = published
    for name, path in example_queries().items():
        result = run_query(outcome.snapshot, path.read_text(encoding="utf-8"), {"since": "2000-01-01"})
        assert result.columns, name
        if name in ("organisations_per_country", "hubs", "approvals_per_year", "modalities", "map_as_of"):
            assert result.rows, name


def test_loading_the_same_staged_input_again_changes_nothing(published):
    from warehouse.connection import connect
    from warehouse.publish import load_warehouse

    data, _ = published
    with connect(data.warehouse) as con:
        before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                  for t in ("hist_atmp__organisations", "hist_atmp__facilities", "hist_atmp__map_points")}
        report = load_warehouse(con, data)
        after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in before}
    assert sum(report.new_versions.values()) == 0 and sum(report.closed_versions.values()) == 0
    assert after == before
