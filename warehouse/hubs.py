"""Find hubs: clusters of sites, found from the map points alone.

The method is density-based on two scales (see ``docs/warehouse.md``):

1. **Towns.** Sites (organisation and facility points at site or city
   precision) closer than ``town_km`` to each other, chained, form a town: a
   city with its suburbs and science parks. A town is named after the
   ``city`` most of its sites give.
2. **Anchors.** A town with at least ``core_sites`` sites is dense enough to
   anchor a hub.
3. **Hubs.** Each anchor town reaches ``reach_km`` x sqrt(its sites) around
   its centre, like a bubble on a map whose area grows with the sites in it.
   Two anchor towns of one country whose reaches touch (centre distance
   <= the sum of both reaches, and never more than ``max_link_km``) are
   linked, and linked anchors (chained) form one hub. Every other town joins
   the hub of its nearest anchor town in the same country if that is within
   ``attach_km``. Small towns never link two anchors, so a hub cannot grow by
   chaining through sparse country. Groups with fewer than ``min_hub_sites``
   sites are not reported.
4. **Names.** A hub is named after its town with most sites.

Why this shape: big places tens of kilometres apart (London, Stevenage,
Oxford, with Cambridge as a satellite) form one hub because their reaches
touch, while two mid-sized towns as far apart (Ghent and Charleroi-Gosselies)
do not, and the small towns between Ghent and Brussels cannot chain them
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

from warehouse.geo import components, haversine_km, haversine_matrix, linkage_components

HUB_PRECISION = ("site", "city")


@dataclass(frozen=True)
class HubParams:
    """The documented knobs of the hub method (defaults tuned once, see docs/warehouse.md)."""

    town_km: float = 10.0  # sites this close (chained) are one town
    core_sites: int = 4  # a town with this many sites anchors a hub
    reach_km: float = 13.0  # an anchor reaches reach_km * sqrt(sites) around its centre
    max_link_km: float = 90.0  # anchors farther apart are never linked, however big
    attach_km: float = 30.0  # a smaller town joins its nearest anchor town within this distance
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
        labels = linkage_components(np.array([p["lat"] for p in group]), np.array([p["lon"] for p in group]),
                                    params.town_km)
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


def _group_towns(towns: list[Town], params: HubParams) -> dict[int, list[Town]]:
    """Hub label (index of its first anchor town) -> towns, anchors linked first, then satellites."""
    hubs: dict[int, list[Town]] = defaultdict(list)
    by_country: dict[str, list[Town]] = defaultdict(list)
    for t in towns:
        by_country[t.country_code].append(t)
    for country_towns in by_country.values():
        anchors = [t for t in country_towns if t.sites >= params.core_sites]
        if not anchors:
            continue
        lat = np.array([t.lat for t in anchors])
        lon = np.array([t.lon for t in anchors])
        reach = params.reach_km * np.sqrt([t.sites for t in anchors])
        touching = haversine_matrix(lat, lon, lat, lon) <= np.minimum(reach[:, None] + reach[None, :],
                                                                      params.max_link_km)
        a, b = np.nonzero(np.triu(touching, k=1))
        labels = components(len(anchors), a, b)
        hub_of = {t.index: anchors[label].index for t, label in zip(anchors, labels.tolist(), strict=True)}
        for t in anchors:
            hubs[hub_of[t.index]].append(t)
        others = [t for t in country_towns if t.sites < params.core_sites]
        if not others:
            continue
        dist = haversine_matrix(np.array([t.lat for t in others]), np.array([t.lon for t in others]), lat, lon)
        for row, town in enumerate(others):
            nearest = int(np.argmin(dist[row]))
            if dist[row, nearest] <= params.attach_km:
                hubs[hub_of[anchors[nearest].index]].append(town)
    return hubs


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
    for members in grouped.values():
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
            "towns": _unique([t.name for t in members]), "core_towns": _unique(anchors),
            "top_modalities": top,
            "modality_counts_json": json.dumps(dict(sorted(modality_counts.items())), sort_keys=True),
        })
        for t in members:
            for p in t.points:
                sites.append({"point_id": p["point_id"], "hub_id": hub_id, "kind": p["kind"],
                              "entity_id": p["entity_id"], "town": t.name,
                              "is_core_town": t.sites >= params.core_sites,
                              "distance_km": round(distance[p["point_id"]], 1)})
    sites.sort(key=lambda s: s["point_id"])
    return HubResult(hubs, sites)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for n in names:
        seen.setdefault(n, None)
    return list(seen)
