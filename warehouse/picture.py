"""Draw the snapshot's map as a PNG, offline (matplotlib and a vendored basemap).

People would rather look than read: country outlines from Natural Earth
(110m, public domain, ``warehouse/basemap/``), organisations and facilities
as dots coloured by kind, hubs as labelled rings. The projection is a plain
equirectangular one with the x axis shrunk by cos(52°), which keeps Europe's
shapes recognisable without any projection library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

BASEMAP = Path(__file__).resolve().parent / "basemap" / "ne_110m_countries.geojson"
BASEMAP_ATTRIBUTION = "Country outlines: Natural Earth (public domain), naturalearthdata.com"
CORE_EXTENT = (-11.0, 32.0, 35.0, 63.0)  # west, east, south, north: always shown
MAX_EXTENT = (-32.0, 45.0, 27.0, 72.0)  # the map's Europe (schemas.common.EUROPE_BBOX)
PAD = 2.0
LABEL_OFFSETS = ((6, 5, "left"), (6, -12, "left"), (-6, 5, "right"), (-6, -12, "right"), (0, 12, "center"))
ASPECT = 1 / math.cos(math.radians(52))
COLOURS = {"organisation": "#1f6fb2", "facility": "#d95f02"}
LAND, BORDER, SEA = "#eeeeea", "#b4b4ac", "#dfe9f2"


def extent(points: list[Mapping[str, Any]]) -> tuple[float, float, float, float]:
    """The core of Europe, widened to every point (plus a margin), never beyond the map's Europe."""
    west, east, south, north = CORE_EXTENT
    if points:
        west = min(west, min(p["lon"] for p in points) - PAD)
        east = max(east, max(p["lon"] for p in points) + PAD)
        south = min(south, min(p["lat"] for p in points) - PAD)
        north = max(north, max(p["lat"] for p in points) + PAD)
    w, e, s, n = MAX_EXTENT
    return max(west, w), min(east, e), max(south, s), min(north, n)


def _place_labels(ax: Any, fig: Any, hubs: list[Mapping[str, Any]]) -> None:
    """Label hubs biggest first, trying a few offsets so labels do not overlap."""
    renderer = fig.canvas.get_renderer()
    placed = []
    for hub in sorted(hubs, key=lambda h: h.get("rank", 0)):
        for dx, dy, align in LABEL_OFFSETS:
            text = ax.annotate(f"{hub['name']} ({hub['sites']})", (hub["lon"], hub["lat"]), xytext=(dx, dy),
                               textcoords="offset points", fontsize=8, fontweight="bold", color="#222222",
                               ha=align, zorder=5,
                               bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                     "alpha": 0.7})
            box = text.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in placed) or (dx, dy, align) == LABEL_OFFSETS[-1]:
                placed.append(box)
                break
            text.remove()


@lru_cache(maxsize=1)
def country_rings() -> list[list[tuple[float, float]]]:
    """Outer and inner rings of every country polygon in the vendored basemap."""
    doc = json.loads(BASEMAP.read_text(encoding="utf-8"))
    rings = []
    for feature in doc["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            rings.extend([[(float(x), float(y)) for x, y in ring] for ring in polygon])
    return rings


def render_map(target: Path, points: Iterable[Mapping[str, Any]], hubs: Iterable[Mapping[str, Any]], *,
               title: str, attributions: Iterable[str] = ()) -> Path:
    """Write the map to ``target`` (PNG) and return it."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Ellipse

    points, hubs = list(points), list(hubs)
    west, east, south, north = extent(points)
    height = min(14.0, 10.0 * (north - south) * ASPECT / (east - west) + 0.6)
    fig, ax = plt.subplots(figsize=(10, height), dpi=110)
    try:
        ax.set_facecolor(SEA)
        ax.add_collection(PolyCollection(country_rings(), facecolors=LAND, edgecolors=BORDER, linewidths=0.5, zorder=1))
        for kind in ("organisation", "facility"):
            chosen = [p for p in points if p.get("kind") == kind]
            if chosen:
                ax.scatter([p["lon"] for p in chosen], [p["lat"] for p in chosen], s=10 if kind == "organisation" else 22,
                           c=COLOURS[kind], marker="o" if kind == "organisation" else "^", alpha=0.75,
                           linewidths=0.3, edgecolors="white", zorder=3,
                           label=f"{'organisations' if kind == 'organisation' else 'facilities'} ({len(chosen)})")
        for hub in hubs:
            radius = max(float(hub.get("radius_km") or 0), 12.0) / 111.2  # degrees of latitude
            ax.add_patch(Ellipse((hub["lon"], hub["lat"]), 2 * radius / math.cos(math.radians(hub["lat"])),
                                 2 * radius, fill=False, edgecolor="#333333", linewidth=0.8, alpha=0.6, zorder=4))
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(ASPECT)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, fontsize=12)
        ax.legend(loc="upper left", fontsize=8, frameon=True, title="coloured by kind; rings = hubs",
                  title_fontsize=8)
        fig.tight_layout()
        _place_labels(ax, fig, hubs)
        credit = "\n".join([BASEMAP_ATTRIBUTION, *attributions])
        ax.text(0.995, 0.005, credit, transform=ax.transAxes, fontsize=5.5, ha="right", va="bottom", color="#555555",
                zorder=6, wrap=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(target, format="png", metadata={"Software": None})
    finally:
        plt.close(fig)
    return target
