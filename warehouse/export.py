"""Publish a snapshot: Parquet, CSV, GeoJSON, a read-only DuckDB and a manifest.

A snapshot is written into a hidden temporary folder and renamed into place
only when complete, so readers never see a half-written snapshot; dated
folders are never overwritten; ``latest`` (a symlink plus a ``LATEST`` file
for platforms without symlinks) points at the newest one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from schemas.tables import SCHEMA_VERSION, TableSpec, columns, comment_sql, data_dictionary_markdown, json_schema_text

# OWASP CSV injection: a cell starting with = + - @ tab or CR is a formula to spreadsheets.
FORMULA_PATTERN_SQL = "'^[=+@\\t\\r-]'"
QUOTE_SQL = "''''"  # the SQL literal for one apostrophe
GEOJSON_NAME = "out_atmp__map_points.geojson"


@dataclass
class SnapshotInfo:
    snapshot_id: str
    path: Path
    manifest: dict[str, Any]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _csv_select(spec: TableSpec) -> str:
    """Text cells a spreadsheet would run as a formula get a leading apostrophe.

    Lists are written as JSON arrays; numbers and dates stay as they are.
    """
    parts = []
    for col in columns(spec.model):
        c = col.name
        if col.type.endswith("[]"):
            expr = f"CAST(to_json({c}) AS VARCHAR)"
        elif col.type in ("VARCHAR", "JSON"):
            expr = f"CAST({c} AS VARCHAR)"
        else:
            parts.append(c)
            continue
        parts.append(f"CASE WHEN regexp_matches({expr}, {FORMULA_PATTERN_SQL}) THEN {QUOTE_SQL} || {expr} ELSE {expr} END AS {c}")
    return ", ".join(parts)


def _geojson(con: duckdb.DuckDBPyConnection, target: Path) -> int:
    """RFC 7946 FeatureCollection of the map points (lon, lat order; WGS84 implied)."""
    cur = con.execute("SELECT * FROM out_atmp__map_points ORDER BY point_id")
    names = [d[0] for d in cur.description]
    features = []
    for row in cur.fetchall():
        rec = dict(zip(names, row, strict=True))
        lon, lat = round(float(rec.pop("lon")), 6), round(float(rec.pop("lat")), 6)
        props = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in rec.items()}
        features.append({"type": "Feature", "id": rec["point_id"],
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props})
    target.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8")
    return len(features)


def _snapshot_duckdb(folder: Path, specs: list[TableSpec]) -> Path:
    """A self-contained DuckDB file built from the snapshot's Parquet, with comments."""
    target = folder / "snapshot.duckdb"
    con = duckdb.connect(str(target))
    try:
        for spec in specs:
            con.execute(f"CREATE TABLE {spec.name} AS SELECT * FROM read_parquet(?)", [str(folder / f"{spec.name}.parquet")])
            for stmt in comment_sql(spec):
                con.execute(stmt)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return target


def new_snapshot_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H%M%SZ")


def export_snapshot(
    con: duckdb.DuckDBPyConnection,
    snapshots_dir: Path,
    specs: list[TableSpec],
    *,
    sources: list[dict[str, Any]],
    attributions: list[str],
) -> SnapshotInfo:
    """Write every table of ``specs`` and publish the snapshot atomically."""
    snapshots_dir.mkdir(parents=True, exist_ok=True)
    snapshot_id = new_snapshot_id()
    while (snapshots_dir / snapshot_id).exists():  # never overwrite an earlier snapshot
        snapshot_id = new_snapshot_id(datetime.now(UTC))
    tmp = snapshots_dir / f".tmp-{snapshot_id}-{os.getpid()}"
    tmp.mkdir()
    try:
        files: dict[str, dict[str, Any]] = {}
        tables: dict[str, Any] = {}
        for spec in specs:
            parquet, csv = tmp / f"{spec.name}.parquet", tmp / f"{spec.name}.csv"
            con.execute(f"COPY (SELECT * FROM {spec.name} ORDER BY {spec.primary_key}) TO '{parquet}' (FORMAT parquet, COMPRESSION zstd)")
            con.execute(f"COPY (SELECT {_csv_select(spec)} FROM {spec.name} ORDER BY {spec.primary_key}) TO '{csv}' (HEADER, DELIMITER ',')")
            rows = con.execute(f"SELECT count(*) FROM {spec.name}").fetchall()[0][0]
            tables[spec.name] = {"rows": rows, "layer": spec.layer, "primary_key": spec.primary_key,
                                 "description": spec.description, "files": [parquet.name, csv.name]}
        points = _geojson(con, tmp / GEOJSON_NAME)
        (tmp / "data_dictionary.md").write_text(data_dictionary_markdown(), encoding="utf-8")
        (tmp / "schema.json").write_text(json_schema_text(), encoding="utf-8")
        _snapshot_duckdb(tmp, specs)
        for path in sorted(tmp.iterdir()):
            files[path.name] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
        manifest = {
            "snapshot_id": snapshot_id,
            "schema_version": SCHEMA_VERSION,
            "generated_at": datetime.now(UTC).isoformat(),
            "tables": tables,
            "geojson": {"file": GEOJSON_NAME, "features": points},
            "files": files,
            "sources": sources,
            "attributions": attributions,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        final = snapshots_dir / snapshot_id
        tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    point_latest(snapshots_dir, snapshot_id)
    return SnapshotInfo(snapshot_id, final, manifest)


def point_latest(snapshots_dir: Path, snapshot_id: str) -> None:
    """Atomically repoint ``latest`` (symlink) and ``LATEST`` (text) at a snapshot."""
    text_tmp = snapshots_dir / ".LATEST.tmp"
    text_tmp.write_text(snapshot_id + "\n", encoding="utf-8")
    text_tmp.replace(snapshots_dir / "LATEST")
    link_tmp = snapshots_dir / ".latest.tmp"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    try:
        link_tmp.symlink_to(snapshot_id, target_is_directory=True)
        link_tmp.replace(snapshots_dir / "latest")
    except OSError:  # no symlinks here: LATEST is the pointer
        pass


def latest_snapshot(snapshots_dir: Path) -> Path | None:
    """The newest published snapshot folder, or None."""
    pointer = snapshots_dir / "LATEST"
    if pointer.exists():
        candidate = snapshots_dir / pointer.read_text(encoding="utf-8").strip()
        if (candidate / "manifest.json").exists():
            return candidate
    done = sorted(p for p in snapshots_dir.glob("[0-9]*") if (p / "manifest.json").exists())
    return done[-1] if done else None
