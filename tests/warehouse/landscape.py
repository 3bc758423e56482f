"""Small, hand-written landscapes staged as the geocoding stage would stage them.

Tests build warehouses from these instead of running crawls: each row is
validated against its model in ``schemas.entities`` before it is written, so
the staged files look exactly like the pipeline's. The benchmark uses
:func:`synthetic_landscape` to make 100k-row landscapes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemas.entities import Announcement, Approval, Crawl, Facility, MapPoint, Organisation, Quarantine
from schemas.tables import TABLES

# Town centres (WGS84) used to place sites; the map's real geography.
TOWNS: dict[str, tuple[float, float, str]] = {
    "London": (51.5085, -0.1257, "GB"), "Oxford": (51.7522, -1.2560, "GB"), "Cambridge": (52.2000, 0.1167, "GB"),
    "Stevenage": (51.9022, -0.2026, "GB"), "Leiden": (52.1583, 4.4931, "NL"), "Amsterdam": (52.3740, 4.8897, "NL"),
    "Hoofddorp": (52.3025, 4.6889, "NL"),
    "Basel": (47.5584, 7.5733, "CH"), "Milan": (45.4643, 9.1895, "IT"), "Paris": (48.8534, 2.3488, "FR"),
    "Lund": (55.7058, 13.1932, "SE"), "Copenhagen": (55.6759, 12.5655, "DK"), "Ghent": (51.0500, 3.7167, "BE"),
    "Brussels": (50.8505, 4.3488, "BE"), "Aalst": (50.9378, 4.0410, "BE"), "Munich": (48.1374, 11.5755, "DE"),
    "Madrid": (40.4165, -3.7026, "ES"), "Boston": (42.3584, -71.0598, "US"),
}
SEEN = "2026-01-05T08:00:00Z"
Place = str | tuple[str, float, float, str]  # a name in TOWNS, or (name, lat, lon, country)
SOURCE = "https://example.org/landscape"


def _place(town: Place) -> tuple[str, float, float, str]:
    if isinstance(town, tuple):
        return town
    lat, lon, country = TOWNS[town]
    return town, lat, lon, country


def organisation(key: str, town: Place, *, name: str | None = None, org_type: str = "developer",
                 modalities: Iterable[str] = ("cell_therapy",), seen: str = SEEN, jitter: float = 0.0,
                 **extra: Any) -> dict[str, Any]:
    town, lat, lon, country = _place(town)
    row = {
        "organisation_id": f"org_{key}", "name": name or f"Org {key}", "org_type": org_type, "city": town,
        "country_code": country, "lat": round(lat + jitter, 6), "lon": round(lon + jitter, 6),
        "geo_precision": "site" if jitter else "city", "geo_rule": "test", "is_european": country != "US",
        "modalities": sorted(modalities), "website": None, "aliases": [], "hub": None, "description": None,
        "mention_count": 1, "source_slugs": ["test_source"], "source_url": f"{SOURCE}/{key}", "is_curated": False,
        "first_seen_at": seen, "last_seen_at": seen,
    }
    row.update(extra)
    return Organisation.model_validate(row).model_dump(mode="json")


def facility(key: str, town: Place, *, status: str = "operational", year: int | None = 2024,
             modalities: Iterable[str] = ("car-t",), operator: str = "Org op", seen: str = SEEN,
             **extra: Any) -> dict[str, Any]:
    town, lat, lon, country = _place(town)
    row = {
        "facility_id": f"fac_{key}", "name": f"Plant {key}", "organisation_id": None, "organisation_name": operator,
        "partner_names": [], "city": town, "country_code": country, "lat": lat, "lon": lon,
        "geo_precision": "city", "geo_rule": "test", "is_european": country != "US", "status": status,
        "status_timeline_json": "[]", "event_types": ["new_facility"], "modalities": sorted(modalities),
        "operational_year": year, "investment_value": None, "investment_currency": None, "investment_text": None,
        "announcement_ids": [], "first_announced_date": None, "source_url": f"{SOURCE}/fac/{key}",
        "source_urls": [f"{SOURCE}/fac/{key}"], "first_seen_at": seen, "last_seen_at": seen,
    }
    row.update(extra)
    return Facility.model_validate(row).model_dump(mode="json")


def approval(key: str, year: int | None, *, status: str = "authorised", holder: str = "Holder BV",
             organisation_id: str | None = None) -> dict[str, Any]:
    row = {
        "approval_id": f"apr_{key}", "product_name": f"Product {key}", "active_substance": None, "holder": holder,
        "organisation_id": organisation_id, "authorisation_date": f"{year}-06-01" if year else None,
        "authorisation_year": year, "atmp_class": None, "status": status, "source_url": f"{SOURCE}/ema/{key}",
        "first_seen_at": SEEN, "last_seen_at": SEEN,
    }
    return Approval.model_validate(row).model_dump(mode="json")


def announcement(key: str, title: str, **extra: Any) -> dict[str, Any]:
    row = {
        "announcement_id": f"ann_{key}", "source_slug": "test_source", "url": f"{SOURCE}/news/{key}", "title": title,
        "is_relevant": True, "extraction_json": json.dumps({"id": key}), "source_url": f"{SOURCE}/news/{key}",
        "first_seen_at": SEEN, "last_seen_at": SEEN,
    }
    row.update(extra)
    return Announcement.model_validate(row).model_dump(mode="json")


def crawl(slug: str = "test_source", finished: str = SEEN) -> dict[str, Any]:
    row = {"crawl_id": f"{finished}-replay", "source_slug": slug, "mode": "replay", "started_at": finished,
           "finished_at": finished, "is_success": True, "items_scraped": 1, "items_unchanged": 0, "requests": 1,
           "rejects": 0, "failures": []}
    return Crawl.model_validate(row).model_dump(mode="json")


def quarantine(key: str, reason: str) -> dict[str, Any]:
    return Quarantine.model_validate({"quarantine_id": f"q_{key}", "stage": "validate", "reason": reason,
                                      "seen_at": SEEN}).model_dump(mode="json")


def map_points(orgs: list[dict[str, Any]], facs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The map rule of the geocoding stage: European rows with a point at site, city or region precision."""
    points = []
    for o in orgs:
        if o["lat"] is not None and o["is_european"] and o["geo_precision"] in ("site", "city", "region"):
            points.append({"point_id": f"org:{o['organisation_id']}", "kind": "organisation",
                           "entity_id": o["organisation_id"], "name": o["name"], "organisation_id": o["organisation_id"],
                           "category": o["org_type"], "city": o["city"], "country_code": o["country_code"],
                           "lat": o["lat"], "lon": o["lon"], "geo_precision": o["geo_precision"],
                           "modalities": o["modalities"], "operational_year": None, "source_url": o["source_url"],
                           "first_seen_at": o["first_seen_at"], "last_seen_at": o["last_seen_at"]})
    for f in facs:
        if f["lat"] is not None and f["is_european"] and f["geo_precision"] in ("site", "city", "region"):
            points.append({"point_id": f"fac:{f['facility_id']}", "kind": "facility", "entity_id": f["facility_id"],
                           "name": f["name"] or "Facility", "organisation_id": f["organisation_id"],
                           "category": f["status"], "city": f["city"], "country_code": f["country_code"],
                           "lat": f["lat"], "lon": f["lon"], "geo_precision": f["geo_precision"],
                           "modalities": f["modalities"], "operational_year": f["operational_year"],
                           "source_url": f["source_url"], "first_seen_at": f["first_seen_at"],
                           "last_seen_at": f["last_seen_at"]})
    return [MapPoint.model_validate(p).model_dump(mode="json") for p in points]


@dataclass
class Landscape:
    organisations: list[dict[str, Any]] = field(default_factory=list)
    facilities: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)
    announcements: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    crawls: list[dict[str, Any]] = field(default_factory=lambda: [crawl()])

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "core_atmp__organisations": self.organisations, "core_atmp__facilities": self.facilities,
            "core_atmp__announcements": self.announcements, "core_atmp__approvals": self.approvals,
            "core_atmp__quarantine": self.quarantine, "core_atmp__crawls": self.crawls,
            "out_atmp__map_points": map_points(self.organisations, self.facilities),
        }

    def write(self, staging: Path) -> Path:
        """Stage every table as ``staging/tables/<table>.jsonl`` (what ``load`` reads)."""
        folder = staging / "tables"
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in self.tables().items():
            assert name in TABLES
            with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return staging


def small_landscape() -> Landscape:
    """A hand-made map: the seed's hubs plus a few traps (a border, a sparse chain, a US site)."""
    orgs, facs = [], []
    counts = {"London": 19, "Stevenage": 9, "Oxford": 10, "Cambridge": 4, "Leiden": 7, "Basel": 6, "Milan": 6,
              "Paris": 7, "Lund": 6, "Copenhagen": 5, "Ghent": 6, "Brussels": 2, "Aalst": 1, "Munich": 2,
              "Madrid": 1, "Boston": 2}
    for town, n in counts.items():
        for i in range(n):
            kind = ["developer", "cdmo", "academic", "supplier"][i % 4]
            mods = [["cell_therapy"], ["gene_therapy", "viral_vector"], ["car-t", "cell_therapy"], ["mrna"]][i % 4]
            orgs.append(organisation(f"{town.lower()}{i}", town, org_type=kind, modalities=mods,
                                     jitter=0.004 * i))
    facs += [facility("ghent", "Ghent", status="operational", year=2023, operator="Janssen"),
             facility("leiden", "Leiden", status="announced", year=2026, operator="Kite"),
             facility("stevenage", "Stevenage", status="under_construction", year=None, modalities=["viral_vector"]),
             facility("basel", "Basel", status="operational", year=2019),
             facility("boston", "Boston", status="operational", year=2022)]
    approvals = [approval("a", 2018), approval("b", 2018, status="withdrawn"), approval("c", 2022),
                 approval("d", None), approval("e", 2024, organisation_id="org_leiden0")]
    announcements = [announcement("1", "Kite opens a plant in Leiden")]
    return Landscape(orgs, facs, approvals, announcements, [quarantine("1", "no title")])


def synthetic_landscape(n_rows: int, towns: list[tuple[str, float, float, str, float]], seed: int = 7) -> Landscape:
    """About ``n_rows`` rows: 70% organisations, 10% facilities, 20% announcements, for benchmarks.

    ``towns`` are (name, lat, lon, country, weight); sites pick towns by weight
    (big cities get more), half at the town centre (city precision), half
    within a few kilometres of it (site precision).
    """
    rng = random.Random(seed)
    weights = [t[4] for t in towns]
    picks = rng.choices(towns, weights=weights, k=n_rows)
    n_orgs, n_facs = int(n_rows * 0.7), int(n_rows * 0.1)
    orgs, facs, anns = [], [], []
    for i in range(n_orgs):
        name, lat, lon, cc, _ = picks[i]
        orgs.append(organisation(f"s{i}", (name, lat, lon, cc), name=f"Synthetic {i} Bio",
                                 org_type=rng.choice(["developer", "cdmo", "academic", "supplier", "hospital"]),
                                 modalities=rng.sample(["cell_therapy", "gene_therapy", "car-t", "viral_vector", "mrna"], 2),
                                 jitter=round(rng.uniform(-0.03, 0.03), 4) if i % 2 else 0.0))
    for i in range(n_facs):
        name, lat, lon, cc, _ = picks[n_orgs + i]
        facs.append(facility(f"s{i}", (name, lat, lon, cc), status=rng.choice(["announced", "operational", "expanded"]),
                             year=rng.choice([None, 2024, 2025, 2026, 2027]), operator=f"Synthetic {i} Bio"))
    for i in range(n_rows - n_orgs - n_facs):
        anns.append(announcement(f"s{i}", f"Synthetic {i} Bio opens a site <b>near</b> town {i % 977}"))
    return Landscape(orgs, facs, [approval(f"s{i}", 2009 + i % 17) for i in range(40)], anns)
