"""Facility facts (one site named in one announcement) to facilities with a history.

Announcements about the same site (the same owner and locality, or the same named
plant) become one facility; its status timeline runs from announced through under
construction and operational to expanded or closed, with the announcement behind
each step. Syndicated copies of a release count once (``announcements.py``).
Curated additions and corrections (``curation/*.yml``) are applied last.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipeline.resolve.announcements import dedupe_announcements
from pipeline.resolve.graph import ConstrainedUnionFind
from pipeline.resolve.idmap import open_id_map
from pipeline.resolve.normalise import name_forms
from pipeline.resolve.text import fold, words
from pipeline.resolve.vocabulary import load_vocabulary
from schemas.common import EUROPEAN_COUNTRIES
from schemas.curation import Correction, Curation, FacilityAddition
from schemas.resolution import FacilityFact, FacilityStatus, ResolvedFacility, StatusEvent

log = logging.getLogger(__name__)

EVENT_STATUS: dict[str, FacilityStatus] = {
    "opening": "operational",
    "expansion": "expanded",
    "new_facility": "announced",
    "investment": "announced",
    "acquisition": "operational",  # an acquired site is a working plant
    "approval": "operational",  # a product approved from a site is made there
}
STAGE = {"announced": 0, "under_construction": 1, "operational": 2, "expanded": 3, "closed": 4}


@lru_cache(maxsize=1)
def _cue_lists() -> dict[str, list[str]]:
    cues = load_vocabulary().status_cues
    return {k: [" ".join(words(c)) for c in getattr(cues, k)] for k in ("closed", "under_construction", "operational", "expanded")}


def _cue_status(title: str | None) -> FacilityStatus | None:
    text = f" {' '.join(words(title or ''))} "
    for status, cues in _cue_lists().items():
        if any(f" {cue} " in text for cue in cues):
            return status  # type: ignore[return-value]
    return None


def fact_status(fact: FacilityFact) -> FacilityStatus:
    """The status one announcement shows: its event type, refined by headline cues."""
    cue = _cue_status(fact.title)
    event = EVENT_STATUS.get(fact.event_type or "")
    if cue == "closed":
        return "closed"
    if cue == "under_construction" and event in (None, "announced", "expanded"):
        return "under_construction"
    return event or cue or "announced"


def current_status(timeline: list[StatusEvent]) -> FacilityStatus:
    """Walk the dated history: a site only moves forward, except that it can close and reopen."""
    state: FacilityStatus = "announced"
    for event in timeline:
        if event.status == "closed" or state == "closed" or STAGE[event.status] > STAGE[state]:
            state = event.status
    return state


def _org_key(fact: FacilityFact) -> str | None:
    if fact.organisation_id:
        return fact.organisation_id
    if fact.organisation_name:
        return "name:" + name_forms(fact.organisation_name).core
    return None


def _place(city: str | None) -> str:
    return " ".join(words(city or ""))


def _keys(fact: FacilityFact) -> list[str]:
    org = _org_key(fact)
    country = fact.country_code or ""
    keys = []
    if fact.city and org:
        keys.append(f"fac:loc|{org}|{_place(fact.city)}|{country}")
    if fact.facility_name:
        keys.append(f"fac:name|{name_forms(fact.facility_name).core}|{country or org or ''}")
    return keys


def _most_common(values: list[str | None]) -> str | None:
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(present)
    return min(counts, key=lambda v: (-counts[v], present.index(v)))


def _sort_key(fact: FacilityFact) -> tuple:
    return (fact.published is None, fact.published or date.max, fact.announcement_id)


def _merge(group: list[FacilityFact], canonical: dict[str, str]) -> dict:
    group = sorted(group, key=_sort_key)
    events: dict[tuple, StatusEvent] = {}
    for fact in group:
        ann = canonical.get(fact.announcement_id, fact.announcement_id)
        status = fact_status(fact)
        # Two outlets reporting one event on one day make one step of the history.
        step = (fact.published, status) if fact.published else (ann, status)
        events.setdefault(step, StatusEvent(date=fact.published, status=status, announcement_id=ann))
    timeline = sorted(events.values(), key=lambda e: (e.date is None, e.date or date.max, STAGE[e.status], e.announcement_id))
    city = _most_common([f.city for f in group])
    located = [f for f in group if f.city == city and f.lat is not None] or [f for f in group if f.lat is not None]
    with_amount = [f for f in group if f.investment_value is not None]
    latest_amount = with_amount[-1] if with_amount else None
    years = [f.operational_year for f in group if f.operational_year is not None]
    country = _most_common([f.country_code for f in group])
    flags = [f.is_european for f in group if f.is_european is not None]
    announcements = list(dict.fromkeys(canonical.get(f.announcement_id, f.announcement_id) for f in group))
    return {
        "name": _most_common([f.facility_name for f in group]),
        "organisation_id": _most_common([f.organisation_id for f in group]),
        "organisation_name": _most_common([f.organisation_name for f in group]),
        "city": city,
        "country_code": country,
        "lat": located[0].lat if located else None,
        "lon": located[0].lon if located else None,
        "status": current_status(timeline),
        "status_timeline": timeline,
        "operational_year": years[-1] if years else None,
        "modalities": sorted({m for f in group for m in f.modalities}),
        "investment_value": latest_amount.investment_value if latest_amount else None,
        "investment_currency": latest_amount.investment_currency if latest_amount else None,
        "investment_text": latest_amount.investment_text if latest_amount else None,
        "announcement_ids": announcements,
        "source_urls": list(dict.fromkeys(f.source_url for f in group if f.source_url)),
        "first_announced": next((f.published for f in group if f.published), None),
        "is_european": (country in EUROPEAN_COUNTRIES) if country else (any(flags) if flags else None),
    }


SAME_SITE_KM = 3.0  # two points of one owner closer than this are one site ("Gent" / "Ghent")


def _km(a: FacilityFact, b: FacilityFact) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _link_nearby(facts: list[FacilityFact], uf: ConstrainedUnionFind) -> None:
    by_owner: dict[str, list[int]] = defaultdict(list)
    for i, fact in enumerate(facts):
        if fact.lat is not None and fact.lon is not None and _org_key(fact):
            by_owner[_org_key(fact) or ""].append(i)
    for members in by_owner.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if _km(facts[i], facts[j]) <= SAME_SITE_KM:
                    uf.union(i, j)


def _link_copies(facts: list[FacilityFact], canonical: dict[str, str], uf: ConstrainedUnionFind) -> None:
    """A syndicated copy names the same sites as its original, whatever spelling it uses."""
    by_release: dict[tuple, list[int]] = defaultdict(list)
    for i, fact in enumerate(facts):
        release = canonical.get(fact.announcement_id, fact.announcement_id)
        by_release[(release, _org_key(fact), fact.country_code)].append(i)
    for members in by_release.values():
        per_announcement = Counter(facts[i].announcement_id for i in members)
        if len(per_announcement) > 1 and max(per_announcement.values()) == 1:
            for i in members[1:]:
                uf.union(members[0], i)


def _separate_named_plants(facts: list[FacilityFact], uf: ConstrainedUnionFind) -> None:
    """Two differently named plants of one owner in one town are two sites."""
    by_place: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, fact in enumerate(facts):
        loc = next((k for k in _keys(fact) if k.startswith("fac:loc")), None)
        if loc and fact.facility_name:
            by_place[loc][name_forms(fact.facility_name).core].append(i)
    for names in by_place.values():
        groups = [names[n] for n in sorted(names)]
        for x, left in enumerate(groups):
            for right in groups[x + 1:]:
                uf.cannot_link(list(left), list(right))


def _apply_judgements(facts: list[FacilityFact], uf: ConstrainedUnionFind, judgements: Curation | None,
                      issued: dict[str, str]) -> None:
    """Reviewer decisions between facility IDs: ``same`` merges, ``different``/``unsure`` keep apart."""
    if judgements is None:
        return
    members: dict[str, list[int]] = defaultdict(list)
    for i, fact in enumerate(facts):
        for key in _keys(fact) or [_fallback_key(fact)]:
            if key in issued:
                members[issued[key]].append(i)
    for j in judgements.judgements:
        left, right = members.get(j.a_id or ""), members.get(j.b_id or "")
        if not left or not right:
            continue
        if j.decision == "same":
            for i in right:
                uf.union(left[0], i, forced=True)
        else:
            try:
                uf.cannot_link(left, right)
            except ValueError:
                log.warning("facility judgement %s / %s contradicts another, skipped", j.a_id, j.b_id)


def _group(facts: list[FacilityFact], canonical: dict[str, str], judgements: Curation | None = None,
           issued: dict[str, str] | None = None) -> list[list[int]]:
    """Facts about one site: shared keys link them; a fact with neither city nor
    name joins its owner's only site in that country, or stands alone."""
    uf = ConstrainedUnionFind()
    for i in range(len(facts)):
        uf.add(i)
    _apply_judgements(facts, uf, judgements, issued or {})
    _separate_named_plants(facts, uf)
    owners: dict[str, int] = {}
    loose: list[int] = []
    for i, fact in enumerate(facts):
        keys = _keys(fact)
        if not keys:
            loose.append(i)
        for key in keys:
            if key in owners:
                uf.union(owners[key], i)
            else:
                owners[key] = i
    _link_nearby(facts, uf)
    _link_copies(facts, canonical, uf)
    sites: dict[tuple, set] = defaultdict(set)
    for i, fact in enumerate(facts):
        if _keys(fact):
            sites[(_org_key(fact), fact.country_code)].add(uf.find(i))
    for i in loose:
        fact = facts[i]
        candidates = sites.get((_org_key(fact), fact.country_code), set())
        if len(candidates) == 1 and _org_key(fact):
            uf.union(next(iter(candidates)), i)
    return [sorted(m) for m in uf.components().values()]


def _fallback_key(fact: FacilityFact) -> str:
    return f"fac:org|{_org_key(fact) or 'unknown'}|{fact.country_code or ''}|{fact.announcement_id}"


def _correct(facility: dict, corrections: list[Correction]) -> bool:
    changed = False
    for c in corrections:
        if c.id and c.id != facility["facility_id"]:
            continue
        if not c.id and c.name and fold(c.name) != fold(facility.get("name") or ""):
            continue
        if not c.id and not c.name:
            same_org = name_forms(c.organisation or "").core == name_forms(facility.get("organisation_name") or "").core
            if not same_org or _place(c.city_was) != _place(facility.get("city")):
                continue
        facility[c.field] = c.value
        changed = True
    return changed


def _addition(add: FacilityAddition) -> dict:
    event = StatusEvent(date=add.status_date, status=add.status, announcement_id="curation")
    return {
        "name": add.name, "organisation_id": add.organisation_id, "organisation_name": add.organisation,
        "city": add.city, "country_code": add.country_code, "lat": add.lat, "lon": add.lon,
        "status": add.status, "status_timeline": [event], "operational_year": add.operational_year,
        "modalities": sorted(add.modalities), "investment_value": None, "investment_currency": None,
        "investment_text": None, "announcement_ids": [], "source_urls": [add.source_url] if add.source_url else [],
        "first_announced": add.status_date, "is_european": add.country_code in EUROPEAN_COUNTRIES, "is_curated": True,
    }


def resolve_facilities(
    facts: list[FacilityFact],
    judgements: Curation | None = None,
    id_map_path: Path | None = None,
) -> list[ResolvedFacility]:
    """Merge facility facts into facilities with stable IDs, status timelines and sources."""
    canonical = dedupe_announcements([
        {"id": f.announcement_id, "title": f.title, "published": f.published, "url": f.source_url} for f in facts
    ]) if facts else {}
    with open_id_map(id_map_path) as id_map:
        groups = _group(facts, canonical, judgements, id_map.ids)
        merged, clusters = _records(facts, groups, canonical, judgements)
        ids = id_map.assign(clusters, "fac")
    corrections = [c for c in (judgements.corrections if judgements else []) if c.target == "facility"]
    out = []
    for facility_id, data in zip(ids, merged, strict=True):
        data["facility_id"] = facility_id
        if _correct(data, corrections):
            data["is_curated"] = True
        out.append(ResolvedFacility(**data))
    return sorted(out, key=lambda f: f.facility_id)


def _records(facts: list[FacilityFact], groups: list[list[int]], canonical: dict[str, str],
             judgements: Curation | None) -> tuple[list[dict], list[tuple[list[str], str, None]]]:
    """One merged record per group plus the curated sites, each with its ID keys and anchor."""
    merged: list[dict] = []
    clusters: list[tuple[list[str], str, None]] = []
    for members in groups:
        group = [facts[i] for i in members]
        keys = sorted({k for f in group for k in _keys(f)}) or [_fallback_key(min(group, key=_sort_key))]
        record = _merge(group, canonical)
        main_loc = next((k for k in keys if k.startswith("fac:loc") and k.split("|")[2] == _place(record["city"])), None)
        anchor = main_loc or min(keys, key=lambda k: (not k.startswith("fac:loc"), k))
        merged.append(record)
        clusters.append((keys, anchor, None))
    additions = [_addition(a) for a in (judgements.facilities if judgements else [])]
    for add, source in zip(additions, judgements.facilities if judgements else [], strict=True):
        org = "name:" + name_forms(source.organisation).core
        key = f"fac:loc|{source.organisation_id or org}|{_place(source.city)}|{source.country_code}"
        merged.append(add)
        clusters.append(([key], key, None))
    return merged, clusters


def fact_facility_ids(facts: list[FacilityFact], facilities: list[ResolvedFacility]) -> list[str | None]:
    """The facility each fact ended in: matched on announcement (or its canonical copy) and place."""
    canonical = dedupe_announcements([
        {"id": f.announcement_id, "title": f.title, "published": f.published, "url": f.source_url} for f in facts
    ]) if facts else {}
    out: list[str | None] = []
    for fact in facts:
        ann = canonical.get(fact.announcement_id, fact.announcement_id)
        hits = [f for f in facilities if ann in f.announcement_ids]
        exact = [f for f in hits if f.organisation_id == fact.organisation_id and _place(f.city) == _place(fact.city)]
        nearby = [f for f in hits if f.organisation_id == fact.organisation_id and f.country_code == fact.country_code]
        chosen = exact or nearby or hits
        out.append(chosen[0].facility_id if chosen else None)
    return out
