"""Stage: resolve organisations, facilities and syndicated announcements.

Inputs are the validated records and the extracted facts; output is
``resolved.json`` with one entry per organisation (its member mentions and
records), per facility (with status timeline) and the announcement
de-duplication map. Landscape records are the registry: their own stable IDs
anchor organisations, so an organisation keeps its ID when a news item spells
it differently. Human judgements in ``curation/`` win over the algorithm.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pipeline.paths import DataPaths
from pipeline.stages.files import EXTRACTED, RESOLVED, VALIDATED, read_rows, write_json

FACILITY_EVENTS = {"new_facility", "expansion", "opening", "investment", "acquisition", "partnership", "approval"}
PROFILE_STATUS_EVENT = {
    "announced": "new_facility",
    "under_construction": "new_facility",
    "operational": "opening",
    "expanded": "expansion",
    "closed": "other",
}


def _registry_and_mentions(validated: list[dict[str, Any]], extracted: list[dict[str, Any]], curation: Any = None):
    from pipeline.resolve.curation import curated_registry
    from schemas.resolution import Mention, RegistryEntry

    registry: list[RegistryEntry] = []
    mentions: list[Mention] = []
    origin: dict[str, dict[str, Any]] = {}
    for row in validated:
        data, kind, rid = row["data"], row["item_type"], row["item_id"]
        if kind == "organisation":
            registry.append(RegistryEntry(
                id=rid, name=data["name"], aliases=data.get("aliases", []), tickers=data.get("tickers", []),
                former_names=data.get("former_names", []), country_code=data.get("country_code"),
                parent=data.get("parent"), source=row["source_slug"],
            ))
            mentions.append(Mention(id=rid, mention=data["name"], country_hint=data.get("country_code"), source=row["source_url"]))
            origin[rid] = {"kind": "landscape", "row": row}
        elif kind == "approval":
            mid = f"{rid}#holder"
            mentions.append(Mention(id=mid, mention=data["holder"], country_hint=data.get("holder_country_code"), source=row["source_url"]))
            origin[mid] = {"kind": "approval", "row": row}
        elif kind == "trial_sponsor":
            mid = f"{rid}#sponsor"
            mentions.append(Mention(id=mid, mention=data["sponsor"], source=row["source_url"]))
            origin[mid] = {"kind": "trial", "row": row}
        elif kind == "facility":
            mid = f"{rid}#owner"
            mentions.append(Mention(id=mid, mention=data["owner"], country_hint=data.get("country_code"), source=row["source_url"]))
            origin[mid] = {"kind": "profile", "row": row}
    for entry in curated_registry(curation):
        mid = f"curated:{entry.id}"
        mentions.append(Mention(id=mid, mention=entry.name, country_hint=entry.country_code, source="curation"))
        origin[mid] = {"kind": "curated", "row": None, "registry_id": entry.id}
    rows_by_id = {r["item_id"]: r for r in validated}
    for ext in extracted:
        if not ext.get("relevant"):
            continue
        row = rows_by_id.get(ext["id"])
        for role in ("companies", "partners"):
            for i, name in enumerate(ext.get(role) or []):
                mid = f"{ext['id']}#{role}{i}"
                mentions.append(Mention(id=mid, mention=name, source=ext.get("url")))
                origin[mid] = {"kind": role, "row": row, "announcement_id": ext["id"]}
    return registry, mentions, origin


def _learned_aliases(validated: list[dict[str, Any]]):
    from pipeline.resolve import learn_aliases

    facts = []
    for row in validated:
        if row["item_type"] == "announcement":
            facts += learn_aliases(row["data"]["text"], row["item_id"], row["data"]["url"])
    return facts


def _facility_facts(validated, extracted, org_of: dict[str, tuple[str, str]]):
    """One FacilityFact per site named by a relevant announcement or a profile page."""
    from schemas.resolution import FacilityFact

    rows_by_id = {r["item_id"]: r for r in validated}
    facts: list[FacilityFact] = []
    for ext in extracted:
        if not ext.get("relevant") or ext.get("event_type") not in FACILITY_EVENTS:
            continue
        row = rows_by_id[ext["id"]]
        org_id, org_name = org_of.get(f"{ext['id']}#companies0", (None, None))
        amount = ext.get("investment_amount") or {}
        base = dict(
            announcement_id=ext["id"], source_url=row["source_url"], published=ext.get("published"),
            title=row["data"]["title"], organisation_id=org_id,
            organisation_name=org_name or ((ext.get("companies") or [None])[0]),
            partners=ext.get("partners") or [], event_type=ext.get("event_type"),
            modalities=ext.get("modality") or [], operational_year=ext.get("operational_year"),
        )
        sites = [{"city": ext.get("city"), "country": ext.get("country"), "facility_name": ext.get("facility_name"),
                  "is_european": ext.get("is_european"), "main": True}]
        sites += [{**s, "main": False} for s in ext.get("sites") or []]
        for site in sites:
            if not site.get("city") and not site.get("facility_name"):
                continue
            facts.append(FacilityFact(
                **base, city=site.get("city"), country_code=site.get("country"),
                facility_name=site.get("facility_name"), is_european=site.get("is_european"),
                investment_value=amount.get("value") if site["main"] else None,
                investment_currency=amount.get("currency") if site["main"] else None,
                investment_text=amount.get("text") if site["main"] else None,
            ))
    for row in validated:
        if row["item_type"] != "facility":
            continue
        data = row["data"]
        org_id, org_name = org_of.get(f"{row['item_id']}#owner", (None, data["owner"]))
        facts.append(FacilityFact(
            announcement_id=row["item_id"], source_url=row["source_url"], published=None, title=data["name"],
            organisation_id=org_id, organisation_name=org_name, partners=data.get("partners", []),
            facility_name=data["name"], city=data.get("city"), country_code=data["country_code"],
            event_type=PROFILE_STATUS_EVENT.get(data.get("status") or "", "new_facility"),
            modalities=data.get("modalities", []), operational_year=data.get("operational_year"),
            investment_value=data.get("investment_value"), investment_currency=data.get("investment_currency"),
            investment_text=data.get("investment_text"),
        ))
    return facts


def _curated_organisations(curation: Any) -> dict[str, dict[str, Any]]:
    """Curated organisation additions by the registry ID the resolver gives them."""
    from pipeline.resolve.curation import curated_registry

    if curation is None:
        return {}
    entries = curated_registry(curation)
    return {e.id: a.model_dump(mode="json") for e, a in zip(entries, curation.organisations, strict=True)}


def _curated_facility_dates(facilities: list[Any], curation: Any) -> dict[str, str]:
    """Decision dates of curated facilities without announcements (their observation time)."""
    if curation is None:
        return {}
    out = {}
    for fac in facilities:
        if not fac.is_curated or fac.announcement_ids:
            continue
        for add in curation.facilities:
            if add.city == fac.city and add.country_code == fac.country_code:
                out[fac.facility_id] = add.decided.isoformat()
                break
    return out


def run_resolve(data: DataPaths, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    from pipeline.resolve import dedupe_announcements, load_curation, resolve_facilities, resolve_mentions

    validated = read_rows(data.staging, VALIDATED)
    extracted = read_rows(data.staging, EXTRACTED)
    curation = load_curation()
    registry, mentions, origin = _registry_and_mentions(validated, extracted, curation)
    aliases = _learned_aliases(validated)
    if progress:
        progress(f"resolving {len(mentions)} organisation mentions against {len(registry)} registry entries")
    resolutions = resolve_mentions(mentions, registry=registry, judgements=curation,
                                   id_map_path=data.state / "organisation_ids.json", aliases=aliases)
    org_of = {r.id: (r.entity_id, r.canonical_name) for r in resolutions}

    organisations: dict[str, dict[str, Any]] = defaultdict(lambda: {"members": []})
    for res in resolutions:
        org = organisations[res.entity_id]
        org["organisation_id"] = res.entity_id
        org["name"] = res.canonical_name
        o = origin[res.id]
        org["members"].append({
            "mention_id": res.id, "kind": o["kind"], "rule": res.rule, "score": res.score,
            "item_id": o["row"]["item_id"] if o.get("row") else None,
            "registry_id": o.get("registry_id"),
        })

    facts = _facility_facts(validated, extracted, org_of)
    announcements = [
        {"id": r["item_id"], "title": r["data"]["title"], "published": r["data"].get("published"),
         "url": r["source_url"], "dateline": r["data"].get("dateline"), "text": r["data"]["text"]}
        for r in validated if r["item_type"] == "announcement"
    ]
    canonical = dedupe_announcements(announcements)
    facilities = resolve_facilities(facts, judgements=curation, id_map_path=data.state / "facility_ids.json")
    resolved = {
        "organisations": sorted(organisations.values(), key=lambda o: o["organisation_id"]),
        "mention_entities": {r.id: r.entity_id for r in resolutions},
        "facilities": [f.model_dump(mode="json") for f in facilities],
        "announcement_canonical": canonical,
        "curated_organisations": _curated_organisations(curation),
        "curated_facility_dates": _curated_facility_dates(facilities, curation),
    }
    write_json(data.staging, RESOLVED, resolved)
    duplicates = sum(1 for k, v in canonical.items() if k != v)
    return {"organisations": len(organisations), "mentions": len(mentions), "facilities": len(facilities),
            "facility_facts": len(facts), "syndicated_copies": duplicates, "learned_aliases": len(aliases)}
