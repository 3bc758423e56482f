"""Facility facts (one site named in one announcement) to facilities with a history.

Announcements about the same site (the same owner and locality with compatible
names, or the same named plant) become one facility; its status timeline runs from
announced through under construction and operational to expanded or closed, with the
announcement behind each step. Syndicated copies of a release count once
(``announcements.py``). Curated additions join the site they describe, or stand as
sites of their own; corrections (``curation/*.yml``) are applied last.

Names are compared by their distinctive words (``distinctive_words``): what is left
after the owner's name, the town and words that merely describe a plant
(``vocabulary.yml``: facility, plant, manufacturing, CAR-T, gene therapy ...). One
name's distinctive words contained in the other's make one plant ("Oxbox" and
"Oxford Biomedica Oxbox Manufacturing Facility, Oxford"); a name with none is like
no name; two names that each have a word the other lacks ("Alpha" / "Beta"), or one
that adds a number ("Oxbox" / "Oxbox 2"), are two plants.
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
from pipeline.resolve.normalise import descriptors_compatible, name_forms
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


DEAL_WINDOW = 4  # words after a closing cue that may name a deal ("closes MolMed takeover")


def _closes_a_deal(text: str, cue: str) -> bool:
    """Every "closes" in the headline is followed by a deal word: a completed deal, not a closure."""
    deal = set(load_vocabulary().deal_words)
    tokens = text.split()
    size = len(cue.split())
    hits = [i for i in range(len(tokens)) if tokens[i:i + size] == cue.split()]
    return bool(hits) and all(deal & set(tokens[i + size:i + size + DEAL_WINDOW]) for i in hits)


def _cue_status(title: str | None) -> FacilityStatus | None:
    text = f" {' '.join(words(title or ''))} "
    for status, cues in _cue_lists().items():
        found = [cue for cue in cues if f" {cue} " in text]
        if status == "closed":
            found = [cue for cue in found if not _closes_a_deal(text, cue)]
        if found:
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


def _link_nearby(facts: list[FacilityFact], order: list[int], uf: ConstrainedUnionFind) -> None:
    by_owner: dict[str, list[int]] = defaultdict(list)
    for i in order:
        fact = facts[i]
        if fact.lat is not None and fact.lon is not None and _org_key(fact):
            by_owner[_org_key(fact) or ""].append(i)
    for members in by_owner.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if _km(facts[i], facts[j]) <= SAME_SITE_KM:
                    uf.union(i, j)


def _link_copies(facts: list[FacilityFact], order: list[int], canonical: dict[str, str],
                 uf: ConstrainedUnionFind) -> None:
    """A syndicated copy names the same sites as its original, whatever spelling it uses."""
    by_release: dict[tuple, list[int]] = defaultdict(list)
    for i in order:
        fact = facts[i]
        release = canonical.get(fact.announcement_id, fact.announcement_id)
        by_release[(release, _org_key(fact), fact.country_code)].append(i)
    for members in by_release.values():
        per_announcement = Counter(facts[i].announcement_id for i in members)
        if len(per_announcement) > 1 and max(per_announcement.values()) == 1:
            for i in members[1:]:
                uf.union(members[0], i)


@lru_cache(maxsize=1)
def _facility_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    vocab = load_vocabulary()
    return frozenset(vocab.facility_generic_words) | frozenset(vocab.stopwords), frozenset(vocab.facility_ordinals)


@lru_cache(maxsize=20_000)
def distinctive_words(name: str | None, owner: str | None = None, city: str | None = None) -> frozenset[str]:
    """The words that name one plant: the name less the owner's name, the town and generic words.

    Without a town, a short trailing ", Town" part of the name is taken for the town.
    """
    if not name:
        return frozenset()
    generic, _ = _facility_vocabulary()
    text = name
    if not city:
        head, comma, tail = name.rpartition(",")
        if comma and words(head) and 1 <= len(words(tail)) <= 3:
            text = head
    drop = set(generic) | set(words(city or ""))
    if owner:
        drop |= set(words(owner)) | set(name_forms(owner).tokens)
    return frozenset(w for w in words(text) if w not in drop and w != "&")


def _numbering(word: str) -> bool:
    return word.isdigit() or word in _facility_vocabulary()[1]


def names_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """One plant: a name without distinctive words, or one's words inside the other's
    (unless the longer one only adds a number: "Oxbox" / "Oxbox 2")."""
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if not small:
        return True
    return small <= big and not any(_numbering(w) for w in big - small)


def _words_of(fact: FacilityFact) -> frozenset[str]:
    return distinctive_words(fact.facility_name, fact.organisation_name, fact.city)


def _content_key(fact: FacilityFact) -> tuple:
    """Order of facts by content, so that grouping never depends on input order."""
    return (fact.announcement_id, fact.city or "", fact.facility_name or "", _org_key(fact) or "",
            fact.country_code or "", fact.title or "")


def _plants(members: list[int], named: dict[int, frozenset[str]]) -> list[list[int]]:
    """Split the facts of one owner in one town into plants by their distinctive words.

    Each name goes to the one largest name that contains it; a name that two
    different plants contain is a plant of its own (it cannot be told which).
    Facts without a distinctive name join the only plant, or, when the town has
    several, make a site of their own rather than guess.
    """
    sets = {named[i] for i in members if named[i]}

    def inside(s: frozenset[str], t: frozenset[str]) -> bool:
        return s < t and names_compatible(s, t)

    largest = [t for t in sets if not any(inside(t, u) for u in sets)]
    home: dict[frozenset[str], frozenset[str]] = {}
    for s in sets:
        homes = [t for t in largest if s == t or inside(s, t)]
        home[s] = homes[0] if len(homes) == 1 else s
    plants: dict[frozenset[str], list[int]] = defaultdict(list)
    for i in members:
        if named[i]:
            plants[home[named[i]]].append(i)
    unnamed = [i for i in members if not named[i]]
    if len(plants) == 1:
        next(iter(plants.values())).extend(unnamed)
    elif unnamed:
        plants[frozenset()] = unnamed
    return [plants[k] for k in sorted(plants, key=sorted)]


def _link_plants(facts: list[FacilityFact], order: list[int], named: dict[int, frozenset[str]],
                 uf: ConstrainedUnionFind) -> None:
    """Same owner and town: one site per plant; two plants there never merge."""
    by_place: dict[str, list[int]] = defaultdict(list)
    for i in order:
        loc = next((k for k in _keys(facts[i]) if k.startswith("fac:loc")), None)
        if loc:
            by_place[loc].append(i)
    for loc in sorted(by_place):
        plants = _plants(by_place[loc], named)
        for x, left in enumerate(plants):
            for right in plants[x + 1:]:
                if {uf.find(i) for i in left} & {uf.find(i) for i in right}:
                    log.info("a reviewer's judgement joins two plants at %s", loc)
                    continue
                uf.cannot_link(left, right)
        for plant in plants:
            for i in plant[1:]:
                uf.union(plant[0], i)


def _link_names(facts: list[FacilityFact], order: list[int], named: dict[int, frozenset[str]],
                uf: ConstrainedUnionFind) -> None:
    """The same distinctive name of the same owner (or, owner unknown, in the same country)
    is one plant, wherever the town is written or missing."""
    by_name: dict[tuple, list[int]] = defaultdict(list)
    for i in order:
        if named[i]:
            fact = facts[i]
            owner = _org_key(fact)
            by_name[(tuple(sorted(named[i])), owner or "", "" if owner else fact.country_code or "")].append(i)
    for members in by_name.values():
        for i in members[1:]:
            uf.union(members[0], i)


def _link_loose(facts: list[FacilityFact], order: list[int], named: dict[int, frozenset[str]],
                uf: ConstrainedUnionFind) -> None:
    """A fact with neither town nor distinctive name joins its owner's only site in that country."""
    placed = {i for i in order if facts[i].city or named[i]}
    sites: dict[tuple, set] = defaultdict(set)
    for i in order:
        if i in placed:
            sites[(_org_key(facts[i]), facts[i].country_code)].add(uf.find(i))
    for i in order:
        fact = facts[i]
        if i in placed or not _org_key(fact):
            continue
        candidates = sites.get((_org_key(fact), fact.country_code), set())
        if len(candidates) == 1:
            uf.union(next(iter(candidates)), i)


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
    """Facts about one site: reviewer decisions first, then plants of one owner in one town,
    the same distinctive plant name elsewhere, nearby points, syndicated copies, and facts
    without town or distinctive name that can only be their owner's one site in that country."""
    uf = ConstrainedUnionFind()
    order = sorted(range(len(facts)), key=lambda i: _content_key(facts[i]))
    for i in order:
        uf.add(i)
    named = {i: _words_of(fact) for i, fact in enumerate(facts)}
    _apply_judgements(facts, uf, judgements, issued or {})
    _link_plants(facts, order, named, uf)
    _link_names(facts, order, named, uf)
    _link_nearby(facts, order, uf)
    _link_copies(facts, order, canonical, uf)
    _link_loose(facts, order, named, uf)
    rank = {i: r for r, i in enumerate(order)}
    groups = [sorted(members, key=rank.__getitem__) for members in uf.components().values()]
    return sorted(groups, key=lambda members: rank[members[0]])


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
    """One merged record per group plus the curated sites, each with its ID keys and anchor.

    A curated site joins the one group it describes (``_home_of``); otherwise it is a
    site of its own."""
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
    for add in judgements.facilities if judgements else []:
        org = "name:" + name_forms(add.organisation).core
        key = f"fac:loc|{add.organisation_id or org}|{_place(add.city)}|{add.country_code}"
        home = _home_of(add, [[facts[i] for i in members] for members in groups])
        if home is None:
            merged.append(_addition(add))
            clusters.append(([key], key, None))
        else:
            _absorb(merged[home], add)
            keys, anchor, _ = clusters[home]
            clusters[home] = (sorted({*keys, key}), anchor, None)
    return merged, clusters


def _same_owner(add: FacilityAddition, fact: FacilityFact) -> bool:
    if add.organisation_id:
        return add.organisation_id == fact.organisation_id
    if not fact.organisation_name:
        return False
    a, b = name_forms(add.organisation), name_forms(fact.organisation_name)
    return a.core == b.core and descriptors_compatible(a, b)


def _home_of(add: FacilityAddition, groups: list[list[FacilityFact]]) -> int | None:
    """The one site a curated facility describes: same owner, town and country, and a
    compatible name (or none); None when no site, or more than one, fits."""
    wanted = distinctive_words(add.name, add.organisation, add.city)
    fits = []
    for g, group in enumerate(groups):
        here = [f for f in group if f.country_code == add.country_code and _place(f.city) == _place(add.city)]
        if not any(_same_owner(add, f) for f in here):
            continue
        names = frozenset().union(*(_words_of(f) for f in group))
        if names_compatible(wanted, names):
            fits.append(g)
    return fits[0] if len(fits) == 1 else None


def _absorb(record: dict, add: FacilityAddition) -> None:
    """A curated facility merged into the site the announcements describe: the reviewed
    values win, the timeline gets the reviewer's step."""
    event = StatusEvent(date=add.status_date, status=add.status, announcement_id="curation")
    timeline = sorted([*record["status_timeline"], event],
                      key=lambda e: (e.date is None, e.date or date.max, STAGE[e.status], e.announcement_id))
    record["status_timeline"] = timeline
    record["status"] = current_status(timeline)
    record["name"] = add.name or record["name"]
    record["organisation_id"] = record["organisation_id"] or add.organisation_id
    record["organisation_name"] = record["organisation_name"] or add.organisation
    if add.lat is not None:
        record["lat"], record["lon"] = add.lat, add.lon
    if add.operational_year is not None:
        record["operational_year"] = add.operational_year
    record["modalities"] = sorted({*record["modalities"], *add.modalities})
    if add.source_url and add.source_url not in record["source_urls"]:
        record["source_urls"] = [*record["source_urls"], add.source_url]
    record["first_announced"] = record["first_announced"] or add.status_date
    record["is_curated"] = True


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
