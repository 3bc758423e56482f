"""GeoJSON (RFC 7946) of the map: write it and check it.

RFC 7946 rules we keep: a FeatureCollection of Features; positions are
``[longitude, latitude]`` in WGS84 decimal degrees (no ``crs`` member: the
CRS is implied); longitudes in [-180, 180] and latitudes in [-90, 90]; an
optional ``bbox`` is ``[west, south, east, north]``; feature ``id`` is a
string or number. We also round to 6 decimals (about 0.1 m), as the RFC
suggests, and never write NaN.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

PRECISION = 6


def features_sql(select: str, id_column: str, property_columns: list[tuple[str, str]]) -> str:
    """SQL giving one Feature (JSON text) per row of ``select`` (which has ``lat``/``lon``).

    ``property_columns`` are (name, DuckDB type); timestamps become ISO 8601 UTC
    text, everything else keeps its JSON type. DuckDB builds the JSON, which
    is much faster than Python for large maps.
    """
    props = []
    for name, dtype in property_columns:
        value = (f"strftime({name}, '%Y-%m-%dT%H:%M:%S.%fZ')" if dtype in ("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE")
                 else name)
        props.append(f"'{name}': {value}")
    return f"""SELECT CAST(json_object(
                'type', 'Feature', 'id', CAST({id_column} AS VARCHAR),
                'geometry', json_object('type', 'Point', 'coordinates', [round(lon, {PRECISION}), round(lat, {PRECISION})]),
                'properties', to_json({{{', '.join(props)}}})) AS VARCHAR) AS feature,
               round(lon, {PRECISION}) AS lon, round(lat, {PRECISION}) AS lat
        FROM ({select}) WHERE lat IS NOT NULL AND lon IS NOT NULL AND isfinite(lat) AND isfinite(lon)"""


def write_features(features: list[str], bbox: list[float] | None, target: Path) -> int:
    """Write a FeatureCollection from Feature JSON texts, then read it back and validate it."""
    head = {"type": "FeatureCollection", **({"bbox": bbox} if bbox else {})}
    with target.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [')
        fh.write(",\n".join(features))
        fh.write("]}\n")
    problems = validate(json.loads(target.read_text(encoding="utf-8")))
    if problems:
        raise ValueError(f"{target.name} is not valid RFC 7946 GeoJSON: {problems[:5]}")
    return len(features)


def _position_problems(pos: Any, where: str) -> list[str]:
    if not isinstance(pos, list) or len(pos) not in (2, 3):
        return [f"{where}: a position is [lon, lat] (optionally altitude)"]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in pos):
        return [f"{where}: coordinates must be finite numbers"]
    lon, lat = pos[0], pos[1]
    out = []
    if not -180 <= lon <= 180:
        out.append(f"{where}: longitude {lon} outside [-180, 180]")
    if not -90 <= lat <= 90:
        out.append(f"{where}: latitude {lat} outside [-90, 90]")
    return out


def validate(doc: Any) -> list[str]:
    """Problems with ``doc`` as an RFC 7946 FeatureCollection of Points (empty list = valid)."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return ["top level must be an object with type FeatureCollection"]
    problems = []
    if "crs" in doc:
        problems.append("RFC 7946 removed the crs member (WGS84 is implied)")
    features = doc.get("features")
    if not isinstance(features, list):
        return problems + ["features must be an array"]
    positions = []
    for i, feat in enumerate(features):
        where = f"feature {i}"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(f"{where}: type must be Feature")
            continue
        if "crs" in feat:
            problems.append(f"{where}: crs member is not allowed")
        if "id" in feat and not isinstance(feat["id"], str | int | float):
            problems.append(f"{where}: id must be a string or number")
        if "properties" not in feat or not (feat["properties"] is None or isinstance(feat["properties"], dict)):
            problems.append(f"{where}: properties must be an object or null")
        geom = feat.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") != "Point":
            problems.append(f"{where}: geometry must be a Point")
            continue
        found = _position_problems(geom.get("coordinates"), where)
        problems += found
        if not found:
            positions.append(geom["coordinates"])
    bbox = doc.get("bbox")
    if bbox is not None:
        if not (isinstance(bbox, list) and len(bbox) == 4 and all(isinstance(v, int | float) for v in bbox)):
            problems.append("bbox must be [west, south, east, north]")
        elif positions and not all(bbox[0] <= p[0] <= bbox[2] and bbox[1] <= p[1] <= bbox[3] for p in positions):
            problems.append("bbox does not contain every point")
    return problems
