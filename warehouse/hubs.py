"""Find hubs: clusters of sites, found from the map points alone.

The method is a gravity-style agglomeration on two scales (docs/warehouse.md):

1. **Towns.** Sites (organisation and facility points at site or city
   precision) closer than ``town_km`` to each other, chained, form a town: a
   city with its suburbs and science parks (positions are snapped to a
   ``snap_deg`` grid, about 1 km, first: it bounds the work in dense cities). A town is named after the
   ``city`` most of its sites give, and never crosses a border.
2. **Anchors.** A town with at least ``core_sites`` sites can anchor a hub.
3. **Linking.** Two groups of anchor towns in one country attract each other
   in proportion to the geometric mean of their sizes over their distance
   (nearest anchor towns, centre to centre). They merge when

       distance <= link_km * sqrt(sites_a * sites_b) / reference_sites

   i.e. two towns of ``reference_sites`` sites each link within
   ``link_km``; bigger ones reach further, smaller ones less far. Merging
   is greedy, strongest pair first, and a merged group attracts with its
   combined size; never beyond ``max_link_km``. The rule only looks at one
   country's sites, so data added elsewhere never changes a country's hubs.
4. **Satellites.** A smaller town joins the group that attracts it most by
   the same rule, but never links two groups (no chaining through sparse
   country).
5. **Hubs.** Groups with at least ``min_hub_sites`` sites; each is named
   after its town with most sites.

Why this shape: London and Stevenage (17 and 9 sites, 44 km) link; with
Cambridge (40 km) the group is big enough to reach Oxford (76 km), while
Ghent (8 sites) stays apart from the anchor towns south of Brussels (16
sites, 71 km away), and the small towns between them cannot chain them
together. Hubs never cross a border: Lund and Copenhagen are 40 km apart but
in two countries, each with its own cluster organisations and funding.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from warehouse.geo import haversine_km, haversine_matrix, linkage_components

HUB_PRECISION = ("site", "city")


@dataclass(frozen=True)
class HubParams:
    """The documented knobs of the hub method (defaults tuned once, see docs/warehouse.md)."""

    town_km: float = 10.0  # sites this close (chained) are one town
    snap_deg: float = 0.01  # positions are snapped to this grid (about 1 km) before towns are formed
    core_sites: int = 4  # a town with this many sites can anchor a hub
    link_km: float = 35.0  # two towns of reference_sites sites link within this distance
    reference_sites: float = 7.0  # bigger towns reach further, in proportion to sqrt(sites_a * sites_b)
    max_link_km: float = 120.0  # never link farther than this, however big
    min_hub_sites: int = 5  # smaller groups are not reported as hubs
    top_modalities: int = 3  # modalities listed per hub

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Town:
    index: int
    country_code: str
    name: str
    lat: float
    lon: float
    points: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sites(self) -> int:
        return len(self.points)


@dataclass
class HubResult:
    hubs: list[dict[str, Any]]
    sites: list[dict[str, Any]]


def slug(text: str) -> str:
    """ASCII, lower case, hyphens: 'Évry-Courcouronnes' -> 'evry-courcouronnes'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "hub"


def _town_name(points: list[dict[str, Any]]) -> str:
    cities = Counter(p["city"] for p in points if p.get("city"))
    if not cities:
        lat = float(np.mean([p["lat"] for p in points]))
        lon = float(np.mean([p["lon"] for p in points]))
        return f"{lat:.2f} {lon:.2f}"
    return min(cities, key=lambda c: (-cities[c], len(c), c))  # ties: the shorter, then alphabetical


def find_towns(points: list[dict[str, Any]], params: HubParams) -> list[Town]:
    """Group points into towns, country by country (a town never crosses a border)."""
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in points:
        by_country[p["country_code"]].append(p)
    towns: list[Town] = []
    for country in sorted(by_country):
        group = sorted(by_country[country], key=lambda p: p["point_id"])
        # snapping merges sites a few hundred metres apart first, so a dense city costs little
        snap = params.snap_deg or 1e-9
        labels = linkage_components(np.round(np.array([p["lat"] for p in group]) / snap) * snap,
                                    np.round(np.array([p["lon"] for p in group]) / snap) * snap, params.town_km)
        members: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for label, p in zip(labels, group, strict=True):
            members[label].append(p)
        for label in sorted(members):
            pts = members[label]
            name = _town_name(pts)
            named = [p for p in pts if p.get("city") == name] or pts
            towns.append(Town(len(towns), country, name, float(np.mean([p["lat"] for p in named])),
                              float(np.mean([p["lon"] for p in named])), pts))
    return towns


def _town_centres(towns: list[Town]) -> tuple[np.ndarray, np.ndarray]:
    """Centroids of all sites of each town (stabler than one city's centre for distances)."""
    return (np.array([np.mean([p["lat"] for p in t.points]) for t in towns]),
            np.array([np.mean([p["lon"] for p in t.points]) for t in towns]))


def link_strength(sites_a: np.ndarray | float, sites_b: np.ndarray | float, dist: np.ndarray | float,
                  params: HubParams) -> np.ndarray:
    """>= 1 when two groups link: link_km * sqrt(a * b) / reference_sites / distance (0 beyond max_link_km)."""
    dist = np.maximum(dist, params.town_km)
    ratio = params.link_km * np.sqrt(np.multiply(sites_a, sites_b)) / (params.reference_sites * dist)
    return np.where(dist <= params.max_link_km, ratio, 0.0)


def _group_country(towns: list[Town], params: HubParams) -> list[list[Town]]:
    """Greedy agglomeration of the anchor towns of one country, then satellites."""
    anchors = [t for t in towns if t.sites >= params.core_sites]
    if not anchors:
        return []
    lat, lon = _town_centres(anchors)
    dist = haversine_matrix(lat, lon, lat, lon)  # single-link distance between groups, updated on merge
    np.fill_diagonal(dist, np.inf)
    sites = np.array([t.sites for t in anchors], dtype=float)
    alive = np.ones(len(anchors), dtype=bool)
    members = [[i] for i in range(len(anchors))]
    while alive.sum() > 1:
        strength = link_strength(sites[:, None], sites[None, :], dist, params)
        strength[~alive, :] = 0
        strength[:, ~alive] = 0
        a, b = np.unravel_index(int(np.argmax(strength)), strength.shape)
        if strength[a, b] < 1:
            break
        a, b = min(a, b), max(a, b)  # keep the lower index: results do not depend on tie order
        members[a] += members[b]
        sites[a] += sites[b]
        dist[a, :] = dist[:, a] = np.minimum(dist[a, :], dist[b, :])
        dist[a, a] = np.inf
        alive[b] = False
        dist[b, :] = dist[:, b] = np.inf
    groups = [[anchors[i] for i in members[g]] for g in np.flatnonzero(alive)]
    others = [t for t in towns if t.sites < params.core_sites]
    if others:
        olat, olon = _town_centres(others)
        to_anchor = haversine_matrix(olat, olon, lat, lon)
        index = {t.index: i for i, t in enumerate(anchors)}
        group_sites = np.array([sum(t.sites for t in g) for g in groups], dtype=float)
        near = np.array([[to_anchor[o, [index[t.index] for t in g]].min() for g in groups] for o in range(len(others))])
        pull = link_strength(np.array([t.sites for t in others], dtype=float)[:, None], group_sites[None, :], near,
                             params)
        joined: list[list[Town]] = [[] for _ in groups]
        for o, town in enumerate(others):
            best = int(np.argmax(pull[o]))
            if pull[o, best] >= 1:
                joined[best].append(town)
        groups = [g + j for g, j in zip(groups, joined, strict=True)]
    return groups


def _group_towns(towns: list[Town], params: HubParams) -> list[list[Town]]:
    """Groups of towns (candidate hubs), country by country."""
    by_country: dict[str, list[Town]] = defaultdict(list)
    for t in towns:
        by_country[t.country_code].append(t)
    return [g for country in sorted(by_country) for g in _group_country(by_country[country], params)]


def _rank_key(t: Town) -> tuple[int, int, str]:
    organisations = sum(1 for p in t.points if p["kind"] == "organisation")
    return (-t.sites, -organisations, t.name)


def find_hubs(points: Iterable[Mapping[str, Any]], params: HubParams | None = None) -> HubResult:
    """Hubs and hub membership from map points (dicts with the ``out_atmp__map_points`` columns)."""
    params = params or HubParams()
    usable = [dict(p) for p in points
              if p.get("lat") is not None and p.get("lon") is not None and p.get("geo_precision") in HUB_PRECISION]
    towns = find_towns(usable, params)
    grouped = _group_towns(towns, params)
    hubs, sites, used_ids = [], [], set()
    drafts = []
    for members in grouped:
        if sum(t.sites for t in members) < params.min_hub_sites:
            continue
        members = sorted(members, key=_rank_key)
        main = members[0]
        points_in = [p for t in members for p in t.points]
        drafts.append((main, members, points_in))
    drafts.sort(key=lambda d: (-len(d[2]), d[0].name, d[0].country_code))
    for rank, (main, members, points_in) in enumerate(drafts, start=1):
        hub_id = f"{main.country_code.lower()}-{slug(main.name)}"
        n = 2
        while hub_id in used_ids:
            hub_id, n = f"{main.country_code.lower()}-{slug(main.name)}-{n}", n + 1
        used_ids.add(hub_id)
        modality_counts = Counter(m for p in points_in for m in set(p.get("modalities") or []))
        top = sorted(modality_counts, key=lambda m: (-modality_counts[m], m))[: params.top_modalities]
        distance = {p["point_id"]: haversine_km(main.lat, main.lon, p["lat"], p["lon"]) for p in points_in}
        anchors = [t.name for t in members if t.sites >= params.core_sites]
        hubs.append({
            "hub_id": hub_id, "name": main.name, "country_code": main.country_code, "rank": rank,
            "lat": round(main.lat, 6), "lon": round(main.lon, 6),
            "radius_km": round(max(distance.values()), 1),
            "sites": len(points_in),
            "organisations": sum(1 for p in points_in if p["kind"] == "organisation"),
            "facilities": sum(1 for p in points_in if p["kind"] == "facility"),
            "towns": _unique([t.name for t in members]), "anchor_towns": _unique(anchors),
            "top_modalities": top,
            "modality_counts_json": json.dumps(dict(sorted(modality_counts.items())), sort_keys=True),
        })
        for t in members:
            for p in t.points:
                sites.append({"point_id": p["point_id"], "hub_id": hub_id, "kind": p["kind"],
                              "entity_id": p["entity_id"], "town": t.name,
                              "is_anchor_town": t.sites >= params.core_sites,
                              "distance_km": round(distance[p["point_id"]], 1)})
    sites.sort(key=lambda s: s["point_id"])
    return HubResult(hubs, sites)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for n in names:
        seen.setdefault(n, None)
    return list(seen)
