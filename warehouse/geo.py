"""Great-circle distances and distance-linkage, in numpy.

DuckDB's core has no ST_Distance and the spatial extension cannot be installed
offline, so distances are computed here. Linkage uses a grid so that it stays
close to linear in the number of points: only points in neighbouring cells
are ever compared.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
# a little under the 111.19 km of one degree of latitude, so grid cells are never too narrow
KM_PER_DEGREE_LAT = 110.0
CHUNK = 1024  # rows of a distance block: bounds memory on dense cells


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two WGS84 points in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_matrix(lat_a: np.ndarray, lon_a: np.ndarray, lat_b: np.ndarray, lon_b: np.ndarray) -> np.ndarray:
    """Pairwise distances (km) between points A (rows) and points B (columns)."""
    pa, pb = np.radians(lat_a)[:, None], np.radians(lat_b)[None, :]
    dl = np.radians(lon_b)[None, :] - np.radians(lon_a)[:, None]
    h = np.sin((pb - pa) / 2) ** 2 + np.cos(pa) * np.cos(pb) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def components(n: int, edges_a: np.ndarray, edges_b: np.ndarray) -> np.ndarray:
    """Connected components of an edge list: label = smallest node index in the component.

    Min-label hooking plus pointer jumping, all in numpy, so millions of edges
    take well under a second (no Python loop per edge).
    """
    labels = np.arange(n)
    if len(edges_a) == 0:
        return labels
    while True:
        low = np.minimum(labels[edges_a], labels[edges_b])
        new = labels.copy()
        for target in (edges_a, edges_b, labels[edges_a], labels[edges_b]):
            np.minimum.at(new, target, low)
        while True:  # point every node at its root
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, labels):
            return labels
        labels = new


def _grid(lat: np.ndarray, lon: np.ndarray, threshold_km: float) -> tuple[dict[tuple[int, int], np.ndarray], dict[int, float]]:
    """Bucket points into cells at least ``threshold_km`` wide: (row, col) -> point indices.

    Longitude cells widen with latitude: each band uses the cosine of the
    band's poleward edge one band further out, so neighbouring bands are safe.
    """
    cell_deg = threshold_km / KM_PER_DEGREE_LAT
    rows = np.floor(lat / cell_deg).astype(np.int64)
    col_width: dict[int, float] = {}
    for row in np.unique(rows).tolist():
        edge = min(89.0, (abs(row) + 2) * cell_deg)
        col_width[row] = cell_deg / max(math.cos(math.radians(edge)), 0.01)
    widths = np.array([col_width[r] for r in rows.tolist()])
    cols = np.floor(lon / widths).astype(np.int64)
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, key in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        buckets[key].append(i)
    return {k: np.array(v) for k, v in buckets.items()}, col_width


def linkage_components(lat: np.ndarray, lon: np.ndarray, threshold_km: float) -> list[int]:
    """Single-linkage components: points closer than ``threshold_km`` (chained) share a label.

    The label is the smallest index of the component. Identical coordinates
    (common: city-precision points) are linked first; the remaining distinct
    points are compared only with points in nearby grid cells.
    """
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    n = len(lat)
    if n == 0:
        return []
    coords, first, inverse = np.unique(np.column_stack([lat, lon]), axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    ulat, ulon = coords[:, 0], coords[:, 1]
    members, col_width = _grid(ulat, ulon, threshold_km)
    edges_a: list[np.ndarray] = []
    edges_b: list[np.ndarray] = []
    for (row, col), idx in members.items():
        near: list[np.ndarray] = []
        for drow in (-1, 0, 1):
            width = col_width.get(row + drow)
            if width is None:
                continue
            lo_min, lo_max = col * col_width[row], (col + 1) * col_width[row]
            for c in range(math.floor(lo_min / width) - 1, math.floor(lo_max / width) + 2):
                other = members.get((row + drow, c))
                if other is not None and (row + drow, c) >= (row, col):
                    near.append(other)
        cand = np.concatenate(near)
        for start in range(0, len(idx), CHUNK):
            block = idx[start:start + CHUNK]
            a, b = np.nonzero(haversine_matrix(ulat[block], ulon[block], ulat[cand], ulon[cand]) <= threshold_km)
            edges_a.append(block[a])
            edges_b.append(cand[b])
    unique_labels = components(len(ulat), np.concatenate(edges_a), np.concatenate(edges_b))
    # back to input order: label = smallest input index among the component's points
    smallest = np.full(len(ulat), n, dtype=np.int64)
    np.minimum.at(smallest, unique_labels[inverse], np.arange(n))
    return smallest[unique_labels[inverse]].tolist()
