"""The whole pipeline, for real: replay crawls in subprocesses, Dagster materialisations,
a DuckDB warehouse and a published snapshot, all in a temporary data folder.

This is what `make run` does on a fresh machine; the assertions are the
foundation's definition of done (the Janssen / Legend Biotech Ghent site).
"""

from __future__ import annotations

import hashlib
import json
import math
import os

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
