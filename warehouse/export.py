"""Publish a snapshot: Parquet, CSV, GeoJSON, a picture, a read-only DuckDB and a manifest.

A snapshot is written into a hidden temporary folder and renamed into place
only when complete (a rename is atomic on one file system), so readers never
see a half-written snapshot and a failed run leaves nothing behind. Dated
folders are never overwritten; ``latest`` (a symlink, plus a ``LATEST`` file
for platforms without symlinks) is repointed atomically afterwards, and old
snapshots are pruned by :mod:`warehouse.retention`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from schemas.tables import SCHEMA_VERSION, TABLES, TableSpec, columns, data_dictionary_markdown, json_schema_text
from warehouse import geojson
from warehouse.picture import BASEMAP_ATTRIBUTION, render_map
from warehouse.retention import DEFAULT_KEEP_LAST, RetentionResult, apply_retention
from warehouse.snapshot_db import SNAPSHOT_DB, build_snapshot_db
from warehouse.text_safety import formula_safe_sql

logger = logging.getLogger(__name__)

GEOJSON_NAME = "out_atmp__map_points.geojson"
HUBS_GEOJSON_NAME = "out_atmp__hubs.geojson"
PICTURE_NAME = "out_atmp__map.png"
MACROS_DOC = [
    ("organisations_as_of(ts)", "core_atmp__organisations as the published map showed it at ts"),
    ("facilities_as_of(ts)", "core_atmp__facilities as the published map showed it at ts"),
    ("map_as_of(ts)", "out_atmp__map_points as published at ts"),
    ("changes_since(ts)", "organisations and facilities added, changed, returned or removed after ts"),
]


@dataclass
class SnapshotInfo:
    snapshot_id: str
    path: Path
    manifest: dict[str, Any]
    retention: RetentionResult = field(default_factory=RetentionResult)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _csv_select(spec: TableSpec) -> str:
    """Lists as JSON arrays; text a spreadsheet would run as a formula gets a leading apostrophe."""
    parts = []
    for col in columns(spec.model):
        c = col.name
        if col.type.endswith("[]"):
            parts.append(f"CAST(to_json({c}) AS VARCHAR) AS {c}")
        elif col.type in ("VARCHAR", "JSON"):
            parts.append(f"{formula_safe_sql(f'CAST({c} AS VARCHAR)')} AS {c}")
        else:
            parts.append(c)
    return ", ".join(parts)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


MAP_POINTS_WITH_HUBS = """
    SELECT m.*, s.hub_id, h.name AS hub_name
    FROM out_atmp__map_points m
    LEFT JOIN out_atmp__hub_sites s USING (point_id)
    LEFT JOIN out_atmp__hubs h USING (hub_id)
    ORDER BY m.point_id"""


def _write_geojson(con: duckdb.DuckDBPyConnection, select: str, spec: TableSpec, id_column: str,
                   extra: list[tuple[str, str]], target: Path) -> int:
    """GeoJSON of a table with ``lat``/``lon``: the other columns (and ``extra``) become properties."""
    props = [(c.name, c.type) for c in columns(spec.model) if c.name not in ("lat", "lon")] + extra
    rows = con.execute(geojson.features_sql(select, id_column, props)).fetchall()
    bbox = None
    if rows:
        lons, lats = [r[1] for r in rows], [r[2] for r in rows]
        bbox = [min(lons), min(lats), max(lons), max(lats)]
    return geojson.write_features([r[0] for r in rows], bbox, target)


def _write_tables(con: duckdb.DuckDBPyConnection, tmp: Path, specs: list[TableSpec]) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for spec in specs:
        parquet, csv = tmp / f"{spec.name}.parquet", tmp / f"{spec.name}.csv"
        con.execute(f"COPY (SELECT * FROM {spec.name} ORDER BY {spec.order_by}) TO '{parquet}' "
                    "(FORMAT parquet, COMPRESSION zstd)")
        con.execute(f"COPY (SELECT {_csv_select(spec)} FROM {spec.name} ORDER BY {spec.order_by}) TO '{csv}' "
                    "(HEADER, DELIMITER ',')")  # DuckDB writes UTF-8
        rows = con.execute(f"SELECT count(*) FROM {spec.name}").fetchall()[0][0]
        tables[spec.name] = {"rows": rows, "layer": spec.layer, "key": list(spec.key_columns),
                             "built_by": spec.built_by, "description": spec.description,
                             "files": [parquet.name, csv.name]}
    return tables


def _dictionary(specs: list[TableSpec]) -> str:
    lines = [data_dictionary_markdown().rstrip(), "", "## Table macros (in `snapshot.duckdb` and the warehouse)", "",
             "| macro | returns |", "|---|---|"]
    lines += [f"| `{name}` | {what} |" for name, what in MACROS_DOC]
    lines += ["", "`ts` is a TIMESTAMPTZ or text like `'2026-06-30'`; valid_from/valid_to are load times (UTC).", ""]
    return "\n".join(lines)


def new_snapshot_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H%M%SZ")


def _free_id(snapshots_dir: Path) -> str:
    base = new_snapshot_id()
    snapshot_id, n = base, 2
    while (snapshots_dir / snapshot_id).exists():  # never overwrite an earlier snapshot
        snapshot_id, n = f"{base}-{n}", n + 1
    return snapshot_id


def export_snapshot(
    con: duckdb.DuckDBPyConnection,
    snapshots_dir: Path,
    specs: list[TableSpec],
    *,
    sources: list[dict[str, Any]],
    attributions: list[str],
    methods: dict[str, Any] | None = None,
    keep_last: int = DEFAULT_KEEP_LAST,
) -> SnapshotInfo:
    """Write every table of ``specs`` and the derived files, then publish atomically."""
    snapshots_dir.mkdir(parents=True, exist_ok=True)
    snapshot_id = _free_id(snapshots_dir)
    tmp = snapshots_dir / f".tmp-{snapshot_id}-{os.getpid()}"
    tmp.mkdir()
    try:
        tables = _write_tables(con, tmp, specs)
        n_points = _write_geojson(con, MAP_POINTS_WITH_HUBS, TABLES["out_atmp__map_points"], "point_id",
                                  [("hub_id", "VARCHAR"), ("hub_name", "VARCHAR")], tmp / GEOJSON_NAME)
        n_hubs = _write_geojson(con, "SELECT * FROM out_atmp__hubs ORDER BY rank", TABLES["out_atmp__hubs"], "hub_id",
                                [], tmp / HUBS_GEOJSON_NAME)
        points = _rows(con, "SELECT kind, lat, lon FROM out_atmp__map_points")
        hubs = _rows(con, "SELECT name, rank, sites, lat, lon, radius_km FROM out_atmp__hubs ORDER BY rank")
        every_attribution = [*attributions, BASEMAP_ATTRIBUTION]
        credits = [*attributions[:1], "Sources, licences and attributions: manifest.json"]  # first = gazetteer
        render_map(tmp / PICTURE_NAME, points, hubs, attributions=credits,
                   title=f"European cell and gene therapy landscape, snapshot {snapshot_id[:10]} "
                         f"({len(points)} sites, {len(hubs)} hubs)")
        (tmp / "data_dictionary.md").write_text(_dictionary(specs), encoding="utf-8")
        (tmp / "schema.json").write_text(json_schema_text(), encoding="utf-8")
        build_snapshot_db(tmp, specs, {name: info["rows"] for name, info in tables.items()})
        files = {p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p)} for p in sorted(tmp.iterdir())}
        manifest = {
            "snapshot_id": snapshot_id,
            "schema_version": SCHEMA_VERSION,
            "generated_at": datetime.now(UTC).isoformat(),
            "tables": tables,
            "geojson": {"file": GEOJSON_NAME, "features": n_points, "hubs_file": HUBS_GEOJSON_NAME,
                        "hubs": n_hubs},
            "picture": {"file": PICTURE_NAME, "format": "image/png"},
            "database": {"file": SNAPSHOT_DB, "macros": [name for name, _ in MACROS_DOC]},
            "files": files,
            "sources": sources,
            "licences": {s["slug"]: s.get("licence") for s in sources},
            "attributions": every_attribution,
            "methods": methods or {},
            "retention": {"keep_last": keep_last, "keep_last_of_each_month": True, "never_delete_latest": True},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str),
                                           encoding="utf-8")
        final = snapshots_dir / snapshot_id
        tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    point_latest(snapshots_dir, snapshot_id)
    retention = apply_retention(snapshots_dir, keep_last=keep_last)
    return SnapshotInfo(snapshot_id, final, manifest, retention)


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
    done = sorted(p for p in snapshots_dir.glob("[0-9]*") if p.is_dir() and (p / "manifest.json").exists())
    return done[-1] if done else None
