"""Stage: place organisations and facilities on the map, and build the table rows.

Coordinates a landscape source gives are kept (precision ``site``); otherwise
the offline GeoNames gazetteer geocodes the city within its country. Every
row is validated against its model in :mod:`schemas.entities` before it is
handed to ``load``; a row that fails goes to quarantine with the reason.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.paths import DataPaths
from pipeline.stages.files import (
    EXTRACTED,
    QUARANTINE,
    RESOLVED,
    TABLES_DIR,
    VALIDATED,
    read_json,
    read_rows,
    write_rows,
)
from pipeline.validate import quarantine_row
from schemas.common import EUROPEAN_COUNTRIES, is_in_europe_bbox
from schemas.entities import Announcement, Approval, Facility, MapPoint, Organisation

MAPPABLE_PRECISION = {"site", "city", "region"}
ORG_TYPE_PRIORITY = ["cdmo", "developer", "academic", "hospital", "supplier", "investor", "cluster", "other"]


class Geo:
    """The gazetteer's answer as row fields (the geocoder caches repeated lookups itself)."""

    def __init__(self) -> None:
        from pipeline.geocode import get_geocoder

        self.geocoder = get_geocoder()
        self.asked: set[tuple[str, str | None]] = set()

    def locate(self, place: str | None, country: str | None) -> dict[str, Any]:
        if not place:
            return {}
        self.asked.add((place, country))
        res = self.geocoder.geocode(place, country)
        if res.lat is None or res.precision is None:
            return {"reason": res.reason}
        return {"lat": res.lat, "lon": res.lon, "geo_precision": res.precision, "geo_rule": res.rule,
                "country_code": res.country, "name": res.name}


def _seen(times: Iterable[str | None]) -> tuple[str, str]:
    values = sorted(t for t in times if t)
    return values[0], values[-1]


def _validated_rows(model: type[BaseModel], rows: list[dict[str, Any]], key: str,
                    quarantine: list[Any]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        try:
            out.append(model.model_validate(row).model_dump(mode="json"))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            quarantine.append(quarantine_row("resolve", f"{model.__name__} row refused: {field}: {err['msg']}",
                                             field_name=field, item={"item_id": row.get(key), **{k: row.get(k) for k in ("name", "source_url")}}))
    return out


def _day_start(day: str | None) -> str | None:
    return f"{day[:10]}T00:00:00+00:00" if day else None


def build_organisations(validated: list[dict[str, Any]], resolved: dict[str, Any], geo: Geo,
                        curation: Any = None) -> list[dict[str, Any]]:
    from pipeline.resolve.curation import apply_organisation_corrections

    rows_by_id = {r["item_id"]: r for r in validated}
    curated = resolved.get("curated_organisations", {})
    rows = []
    for org in resolved["organisations"]:
        records = [rows_by_id[m["item_id"]] for m in org["members"] if m["kind"] == "landscape" and m["item_id"] in rows_by_id]
        others = [rows_by_id[m["item_id"]] for m in org["members"] if m["kind"] != "landscape" and m.get("item_id") in rows_by_id]
        additions = [curated[m["registry_id"]] for m in org["members"] if m["kind"] == "curated" and m.get("registry_id") in curated]
        addition = additions[0] if additions else {}
        payloads = [r["data"] for r in records]
        with_coords = [p for p in payloads if p.get("lat") is not None]
        primary = (with_coords or payloads or [{}])[0]
        types = Counter(p.get("org_type", "other") for p in payloads)
        mentioned = any(m["kind"] in ("companies", "approval", "trial", "profile") for m in org["members"])
        org_type = min(types, key=lambda t: (-types[t], ORG_TYPE_PRIORITY.index(t))) if types else (
            "developer" if mentioned else "other")
        aliases = sorted({a for p in payloads for a in [p["name"], *p.get("aliases", []), *p.get("tickers", []),
                                                          *p.get("former_names", [])]} - {org["name"]})
        every = records + others
        first, last = _seen([r["fetched_at"] for r in every]) if every else (None, None)
        if first is None:
            first = last = _day_start(addition.get("decided"))
        rows.append({
            "organisation_id": org["organisation_id"], "name": org["name"], "org_type": org_type,
            "city": primary.get("city") or addition.get("city"),
            "country_code": primary.get("country_code") or addition.get("country_code"),
            "lat": primary.get("lat"), "lon": primary.get("lon"),
            "modalities": sorted({m for p in payloads for m in p.get("modalities", [])}),
            "website": next((p["website"] for p in payloads if p.get("website")), addition.get("website")),
            "aliases": aliases, "hub": next((p["hub"] for p in payloads if p.get("hub")), None),
            "description": next((p["description"] for p in payloads if p.get("description")), None),
            "mention_count": len(org["members"]),
            "source_slugs": sorted({r["source_slug"] for r in every}),
            "source_url": (records or others)[0]["source_url"] if every else None,
            "is_curated": bool(additions),
            "first_seen_at": first, "last_seen_at": last,
        })
    out = []
    for row, fixed in zip(rows, apply_organisation_corrections(rows, curation), strict=True):
        moved = fixed.get("city") != row.get("city") or fixed.get("country_code") != row.get("country_code")
        if fixed.get("lat") is not None and not (moved and fixed.get("lat") == row.get("lat")):
            # landscape layers pin the town, so their points count as city precision
            fixed.update(geo_precision="city", geo_rule="curated" if fixed.get("lat") != row.get("lat") else "source_coordinates")
        elif fixed.get("city"):
            found = geo.locate(fixed["city"], fixed.get("country_code"))
            fixed.update(lat=found.get("lat"), lon=found.get("lon"), geo_precision=found.get("geo_precision"),
                         geo_rule=found.get("geo_rule"))
        else:
            fixed.update(lat=None, lon=None)
        fixed["is_european"] = fixed.get("country_code") in EUROPEAN_COUNTRIES
        out.append(fixed)
    return out


def build_facilities(validated: list[dict[str, Any]], resolved: dict[str, Any], geo: Geo,
                     facts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Facility rows; ``facts`` maps each relevant announcement ID to its extraction."""
    rows_by_id = {r["item_id"]: r for r in validated}
    out = []
    for fac in resolved["facilities"]:
        location: dict[str, Any] = {}
        if fac.get("lat") is not None:
            location = {"lat": fac["lat"], "lon": fac["lon"], "geo_precision": "site", "geo_rule": "curated"}
        else:
            found = geo.locate(fac.get("city") or fac.get("name"), fac.get("country_code"))
            location = {k: found[k] for k in ("lat", "lon", "geo_precision", "geo_rule") if k in found}
        country = fac.get("country_code")
        ann_rows = [rows_by_id[a] for a in fac["announcement_ids"] if a in rows_by_id]
        behind = [facts[a] for a in fac["announcement_ids"] if a in facts]
        event_types = sorted({f["event_type"] for f in behind if f.get("event_type")})
        first, last = _seen([r["fetched_at"] for r in ann_rows]) if ann_rows else (None, None)
        if first is None:
            first = last = _day_start(resolved.get("curated_facility_dates", {}).get(fac["facility_id"]) or fac.get("first_announced"))
        out.append({
            "facility_id": fac["facility_id"], "name": fac.get("name"), "organisation_id": fac.get("organisation_id"),
            "organisation_name": fac.get("organisation_name"),
            "partner_names": sorted({p for f in behind for p in f.get("partners") or []}),
            "city": fac.get("city"), "country_code": country, **location,
            "is_european": bool(fac.get("is_european")) if fac.get("is_european") is not None else country in EUROPEAN_COUNTRIES,
            "status": fac["status"], "status_timeline_json": json.dumps(fac.get("status_timeline", []), default=str),
            "event_types": event_types, "modalities": fac.get("modalities", []),
            "operational_year": fac.get("operational_year"), "investment_value": fac.get("investment_value"),
            "investment_currency": fac.get("investment_currency"), "investment_text": fac.get("investment_text"),
            "announcement_ids": fac["announcement_ids"], "first_announced_date": fac.get("first_announced"),
            "source_url": (fac.get("source_urls") or [None])[0], "source_urls": fac.get("source_urls", []),
            "first_seen_at": first, "last_seen_at": last,
        })
    return out


def build_announcements(validated, extracted, resolved) -> list[dict[str, Any]]:
    ext_by_id = {e["id"]: e for e in extracted}
    canonical = resolved["announcement_canonical"]
    facilities_of: dict[str, list[str]] = {}
    for fac in resolved["facilities"]:
        for a in fac["announcement_ids"]:
            facilities_of.setdefault(a, []).append(fac["facility_id"])
    out = []
    for row in validated:
        if row["item_type"] != "announcement":
            continue
        d, aid = row["data"], row["item_id"]
        ext = ext_by_id.get(aid, {})
        amount = ext.get("investment_amount") or {}
        canon = canonical.get(aid, aid)
        out.append({
            "announcement_id": aid, "source_slug": row["source_slug"], "url": d["url"], "title": d["title"],
            "published_date": d.get("published") or ext.get("published"), "published_source": d.get("published_source"),
            "language": d.get("language") or ext.get("language"), "publisher": d.get("publisher"),
            "is_partial": d.get("is_partial", False), "is_relevant": bool(ext.get("relevant")),
            "not_relevant_reason": None if ext.get("relevant") else ext.get("reason"),
            "event_type": ext.get("event_type") if ext.get("relevant") else None,
            "companies": ext.get("companies") or [], "partners": ext.get("partners") or [],
            "city": ext.get("city"), "country_code": ext.get("country"), "modalities": ext.get("modality") or [],
            "operational_year": ext.get("operational_year"), "investment_value": amount.get("value"),
            "investment_currency": amount.get("currency"),
            "duplicate_of": canon if canon != aid else None,
            "facility_ids": sorted(set(facilities_of.get(aid, []) + facilities_of.get(canon, []))),
            "extraction_json": json.dumps(ext, ensure_ascii=False, default=str),
            "source_url": row["source_url"], "based_on_url": row.get("based_on_url"),
            "first_seen_at": row["fetched_at"], "last_seen_at": row["fetched_at"],
        })
    return out


def build_approvals(validated, resolved) -> list[dict[str, Any]]:
    entity = resolved["mention_entities"]
    out = []
    for row in validated:
        if row["item_type"] != "approval":
            continue
        d = row["data"]
        auth = d.get("authorisation_date")
        out.append({
            "approval_id": row["item_id"], "product_name": d["product_name"], "active_substance": d.get("active_substance"),
            "holder": d["holder"], "organisation_id": entity.get(f"{row['item_id']}#holder"),
            "authorisation_date": auth, "authorisation_year": int(auth[:4]) if auth else None,
            "atmp_class": d.get("atmp_class"), "status": d["status"], "source_url": d.get("product_url") or row["source_url"],
            "first_seen_at": row["fetched_at"], "last_seen_at": row["fetched_at"],
        })
    return out


def build_map_points(organisations: list[dict[str, Any]], facilities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    points = []
    for org in organisations:
        if org.get("lat") is None or org.get("geo_precision") not in MAPPABLE_PRECISION or not org["is_european"]:
            continue
        points.append({
            "point_id": f"org:{org['organisation_id']}", "kind": "organisation", "entity_id": org["organisation_id"],
            "name": org["name"], "organisation_id": org["organisation_id"], "category": org["org_type"],
            "city": org.get("city"), "country_code": org["country_code"], "lat": org["lat"], "lon": org["lon"],
            "geo_precision": org["geo_precision"], "modalities": org["modalities"], "operational_year": None,
            "source_url": org.get("source_url"), "first_seen_at": org["first_seen_at"], "last_seen_at": org["last_seen_at"],
        })
    for fac in facilities:
        if fac.get("lat") is None or fac.get("geo_precision") not in MAPPABLE_PRECISION or not fac["is_european"]:
            continue
        label = fac.get("name") or f"{fac.get('organisation_name') or 'Facility'} ({fac.get('city')})"
        points.append({
            "point_id": f"fac:{fac['facility_id']}", "kind": "facility", "entity_id": fac["facility_id"], "name": label,
            "organisation_id": fac.get("organisation_id"), "category": fac["status"], "city": fac.get("city"),
            "country_code": fac["country_code"], "lat": fac["lat"], "lon": fac["lon"], "geo_precision": fac["geo_precision"],
            "modalities": fac["modalities"], "operational_year": fac.get("operational_year"),
            "source_url": fac.get("source_url"), "first_seen_at": fac["first_seen_at"], "last_seen_at": fac["last_seen_at"],
        })
    return points


def _outside_europe(rows: list[dict[str, Any]], key: str, quarantine: list[Any]) -> list[dict[str, Any]]:
    """European rows whose point falls outside Europe lose the point (and the reason is kept)."""
    for row in rows:
        if row.get("is_european") and row.get("lat") is not None and not is_in_europe_bbox(row["lat"], row["lon"]):
            quarantine.append(quarantine_row("geocode", f"point ({row['lat']}, {row['lon']}) outside Europe for {row.get('country_code')}; point removed",
                                             field_name="lat", item={"item_id": row[key], "name": row.get("name")}))
            for k in ("lat", "lon", "geo_precision", "geo_rule"):
                row[k] = None
    return rows


def run_geocode(data: DataPaths, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    validated = read_rows(data.staging, VALIDATED)
    extracted = read_rows(data.staging, EXTRACTED)
    resolved = read_json(data.staging, RESOLVED)
    relevant_facts = {e["id"]: e for e in extracted if e.get("relevant")}
    from pipeline.resolve import load_curation

    geo = Geo()
    quarantine: list[Any] = []
    orgs = _outside_europe(build_organisations(validated, resolved, geo, load_curation()), "organisation_id", quarantine)
    facs = _outside_europe(build_facilities(validated, resolved, geo, relevant_facts), "facility_id", quarantine)
    tables = {
        "core_atmp__organisations": _validated_rows(Organisation, orgs, "organisation_id", quarantine),
        "core_atmp__facilities": _validated_rows(Facility, facs, "facility_id", quarantine),
        "core_atmp__announcements": _validated_rows(Announcement, build_announcements(validated, extracted, resolved), "announcement_id", quarantine),
        "core_atmp__approvals": _validated_rows(Approval, build_approvals(validated, resolved), "approval_id", quarantine),
    }
    tables["out_atmp__map_points"] = _validated_rows(
        MapPoint, build_map_points(tables["core_atmp__organisations"], tables["core_atmp__facilities"]), "point_id", quarantine)
    for name, rows in tables.items():
        write_rows(data.staging, f"{TABLES_DIR}/{name}.jsonl", rows)
    all_quarantine = read_rows(data.staging, QUARANTINE) + [q.model_dump(mode="json") for q in quarantine]
    write_rows(data.staging, f"{TABLES_DIR}/core_atmp__quarantine.jsonl", list({q["quarantine_id"]: q for q in all_quarantine}.values()))
    write_rows(data.staging, f"{TABLES_DIR}/core_atmp__crawls.jsonl", read_rows(data.staging, "crawls.jsonl"))
    located = sum(1 for o in tables["core_atmp__organisations"] if o.get("lat") is not None)
    return {**{name: len(rows) for name, rows in tables.items()}, "organisations_located": located,
            "geocode_lookups": len(geo.asked), "quarantined_here": len(quarantine)}
