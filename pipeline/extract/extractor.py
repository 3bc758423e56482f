"""One announcement in, one facility/event record out: the extraction stage's entry point.

Plain Python, deterministic, no Dagster, no network. The steps: clean the text
and find its structure; detect the language; classify the event and the
modalities; find places with the geocoding stage's gazetteer and choose the
site; find organisations and their roles; read the facility name, the amount,
the operational year and the date; decide relevance. Every fact keeps the span
it was read from in ``evidence``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from pipeline.extract.amounts import choose_amount, score_amounts
from pipeline.extract.dates import completed_in_headline, operational_year, published_date
from pipeline.extract.events import classify_event
from pipeline.extract.facility import choose_facility, facility_candidates
from pipeline.extract.language import detect_language, is_supported
from pipeline.extract.modality import CGT_MODALITIES, detect_modalities
from pipeline.extract.orgs import OrgFinder, fold
from pipeline.extract.places import HQ_FACTOR, PlaceAnalysis, PlaceFinder, is_european
from pipeline.extract.roles import assign_roles
from pipeline.extract.text import BOILERPLATE, TITLE, Document, build_document
from pipeline.extract.vocab import get_vocabulary
from schemas.common import EUROPEAN_COUNTRIES
from schemas.extraction import Amount, ExtractInput, Extraction, Site, Span

log = logging.getLogger(__name__)

# a product: 'Kymriah (tisagenlecleucel)', 'Libmeldy®', 'CASGEVY (exagamglogene autotemcel)'
_PRODUCT = re.compile(r"\b([A-Z][\w\-]{2,})(?:®|™|\s\((?=[a-z]{4,}))")
FACILITY_EVENTS = frozenset({"new_facility", "expansion", "opening", "investment"})
SITE_MIN_WEIGHT = 1.0
STRONG_ORG = 3.0  # organisation evidence that beats 'X, the ... centre' as a facility name  # a further site needs site words around it and at least a body sentence's weight


def _default_places() -> PlaceFinder | None:
    try:
        from pipeline.geocode import get_geocoder
        from pipeline.geocode.countries import country_from_name
    except ImportError:  # the geocoding stage is not installed: places stay empty
        log.warning("pipeline.geocode is not available: city and country are left empty")
        return None
    return PlaceFinder(get_geocoder(), country_from_name)


_place_finder: PlaceFinder | None = None
_place_finder_loaded = False


def _places() -> PlaceFinder | None:
    global _place_finder, _place_finder_loaded
    if not _place_finder_loaded:
        _place_finder = _default_places()
        _place_finder_loaded = True
    return _place_finder


def _country_checker() -> Any:
    try:
        from pipeline.geocode.countries import country_from_name
    except ImportError:
        return None
    from pipeline.extract.places import _is_world_region

    return lambda name: country_from_name(name) is not None or _is_world_region(name)


_PRODUCT_APPOSITION = re.compile(
    r"\b([A-Z][\w\-]{2,})(?:®|™)?(?:,\s+(?:the|a|an|its|la|il|le|el|die|der|das|de|het|den|det|sua|su|son|sa|ihre|seine)\s+"
    r"|\s+(?:is|è|ist|est|es|är|was|era|war|was)\s+(?:a|an|un|una|uno|une|ein|eine|en|ett|een)\s+)"
    r"(?:[\w\-]+\s+){0,4}?"
)


def _products(doc: Document) -> list[tuple[int, int]]:
    """Spans of product names: 'Kymriah (tisagenlecleucel)', 'Libmeldy®', 'Strimvelis, la terapia genica', 'X is an autologous CAR T'."""
    spans = [(m.start(1), m.end(1)) for m in _PRODUCT.finditer(doc.text)]
    vocab = get_vocabulary()
    org_nouns = vocab.org_type_words | {"business", "unit", "arm", "maker", "specialist", "centre", "center", "cdmo", "division", "platform"}
    org_nouns |= {n.lower() for n in vocab.extract_facility.facility_nouns} | {"manufacturing", "production"}
    for m in _PRODUCT_APPOSITION.finditer(doc.text):
        tail = doc.folded[m.end() : m.end() + 60]
        hits = vocab.modality_lexicon.find(tail)
        if not hits or hits[0].start > 2:
            continue
        after = re.findall(r"[\w\-]+", tail[hits[0].end :])[:4]
        word = re.match(r"[\w\-]*", tail[hits[0].start :]).group()  # type: ignore[union-attr]
        if any(w in org_nouns for w in after) or any(word.endswith(n) and len(word) > len(n) for n in org_nouns if len(n) >= 5):
            continue  # 'Cellistic, the cell therapy development and manufacturing business of ...' is a company
        spans.append((m.start(1), m.end(1)))
    return spans


def _span(doc: Document, start: int, end: int) -> Span:
    """Evidence span: offsets into the title or into the body as given."""
    if start < doc.title_end:
        return Span(start=start, end=end, text=doc.text[start:end], source="title")
    return Span(start=start - doc.body_start, end=end - doc.body_start, text=doc.text[start:end], source="text")


def _not_relevant(item: ExtractInput, reason: str, language: str | None = None) -> Extraction:
    return Extraction(id=item.id, url=item.url, relevant=False, reason=reason, language=language, published=item.published)


def extract(
    item: ExtractInput,
    known_orgs: Iterable[str] | None = None,
    *,
    place_finder: PlaceFinder | None = None,
) -> Extraction:
    """Read the facts of one announcement. Never raises on bad text: the record says what is wrong."""
    text = item.text or ""
    if sum(ch.isalpha() for ch in text[:2000]) < 20 and sum(ch.isalpha() for ch in (item.title or "")) < 20:
        if not text.strip() and not (item.title or "").strip():
            return _not_relevant(item, "empty text: nothing to read")
        return _not_relevant(item, "too little text to read (fewer than 20 letters in title and text)")
    doc = build_document(item.title, text)
    letters = sum(ch.isalpha() for ch in doc.text[:5000])
    if letters < 0.3 * min(len(doc.text), 5000):
        return _not_relevant(item, "not natural-language text (too few letters: binary or markup?)")
    lang, prob = detect_language(doc.text)
    if not is_supported(lang):
        return _not_relevant(item, f"unsupported language '{lang}' (supported: en, de, fr, nl, it, es, sv)", lang)
    finder = place_finder if place_finder is not None else _places()
    return _extract_doc(item, doc, lang, known_orgs, finder)


def _extract_doc(
    item: ExtractInput, doc: Document, lang: str | None, known_orgs: Iterable[str] | None, finder: PlaceFinder | None
) -> Extraction:
    vocab = get_vocabulary()
    evidence: dict[str, Span] = {}
    event = classify_event(doc, lang)
    modality = detect_modalities(doc)
    places = finder.analyse(doc, lang) if finder else PlaceAnalysis()
    place_names = {fold(m.surface) for m in places.mentions} | {fold(m.name) for m in places.mentions}
    regulators = {fold(r) for r in vocab.places.regulators}
    fac_cues = [(h.start, h.end) for h in event.hits if h.key in ("opening", "new_facility", "expansion")]
    fac_candidates = [c for c in facility_candidates(doc, fac_cues) if fold(c.name) not in place_names]
    not_names = {fold(c.name) for c in fac_candidates if c.strong}
    not_names |= {fold(w) for ws in vocab.places.demonyms.values() for w in ws if "*" not in w}
    products = _products(doc)
    not_names |= {fold(doc.text[a:b]) for a, b in products}
    not_names |= {"europe", "european", "europa", "eu", "emea"}
    blocked = [(m.start, m.end) for m in places.mentions] + [(a, b) for a, b, _ in places.region_mentions] + products
    blocked += [(c.start, c.end) for c in fac_candidates if c.strong]
    orgs = OrgFinder(known_orgs, _country_checker()).find(doc, place_names, not_names, blocked)
    roles = assign_roles(doc, orgs, event, regulators=regulators)
    role_names = {c.key for c in roles.companies + roles.partners} | {fold(a) for c in roles.companies + roles.partners for a in c.aliases}
    strong_orgs = {k for k, o in orgs.items() if o.evidence_strength >= STRONG_ORG}
    product_names = {fold(doc.text[a:b]) for a, b in products}
    fac_pool = fac_candidates
    etype = event.event_type

    # the site
    city = country = None
    sites: list[Site] = []
    if etype == "acquisition" and roles.partners:
        _favour_target_places(doc, places, roles, orgs)
    ranked = [r for r in places.ranked() if not all(m.existing for m in places.mentions_of(r[0], r[1]))]
    if etype == "approval":
        ranked = [r for r in ranked if r[3].site_context and r[3].zone != "dateline"]
        country = _approval_country(doc, event)
    elif etype == "other":  # a dateline or an 'About' paragraph alone does not place a decision or a wind-down
        placed = [r for r in ranked if any(m.zone not in ("dateline", BOILERPLATE) for m in places.mentions_of(r[0], r[1]))]
        if ranked and not placed:
            country = _approval_country(doc, event) or ranked[0][1]
        ranked = placed
    if ranked:
        main = _main_site(doc, places, ranked, event)
        name, cc, weight, best = main
        city, country = name, cc
        evidence["city"] = _span(doc, best.start, best.end)
        for other_name, other_cc, other_w, m in ranked:
            if (other_name, other_cc) == (name, cc):
                continue
            ms = places.mentions_of(other_name, other_cc)
            if not any(x.site_context and not x.hq_context and not x.existing and x.role != "relative" for x in ms):
                continue
            if other_w >= SITE_MIN_WEIGHT or (etype == "acquisition" and any(x.site_context for x in ms)):
                sites.append(Site(city=other_name, country=other_cc, is_european=bool(is_european(other_cc)),
                                  evidence=_span(doc, m.start, m.end)))

    # the facility's name: the one said of the main site when a release names several
    if city:
        fac_pool = [_facility_near_site(doc, c, places, city, country) for c in fac_candidates]
    region_names = {fold(doc.text[a:b]) for a, b, _ in places.region_mentions}
    best_fac = choose_facility(fac_pool, place_names | region_names | role_names | product_names, strong_orgs, fold,
                               finder.is_place_name if finder is not None and hasattr(finder, "is_place_name") else None)
    fac = (best_fac.name, best_fac.start, best_fac.end) if best_fac else None

    # amount, year, date
    site_places = {fold(city)} if city else set()
    site_places |= {fold(p.name) for p in roles.partners}
    main_point = next((m for m in places.mentions if m.name == city and m.country == country), None)
    other = [(m.start, m.end, fold(m.name)) for m in places.mentions
             if city is None or (m.name != city and not _near(m, main_point))]
    own_names = {c.key for c in roles.companies + roles.partners} | ({fold(fac[0])} if fac else set())
    own_names |= {c.key.split()[0] for c in roles.companies + roles.partners if len(c.key.split()[0]) >= 4}
    role_keys = {k for k in orgs if k.split()[0] in own_names or k in own_names}
    other_orgs = [(m.start, m.end) for k, o in orgs.items() if k not in role_keys and o.evidence_strength >= 1.0 for m in o.mentions]
    best_amount = choose_amount(score_amounts(doc, lang, site_places=site_places, other_places=other,
                                              published_year=item.published.year if item.published else None,
                                              event_type=etype, own_names=own_names, other_orgs=other_orgs))
    amount = None
    if best_amount:
        mm = best_amount.mention
        amount = Amount(value=mm.value, currency=mm.currency, text=mm.text)
        evidence["investment_amount"] = _span(doc, mm.start, mm.end)
    year = None
    published, _source = published_date(doc, item.published, lang)
    if etype in FACILITY_EVENTS or etype == "other":
        site_names = {fold(city)} if city else set()
        site_names |= {fold(m.surface) for m in places.mentions if m.name == city}
        other_names = {fold(m.surface) for m in places.mentions if city and m.name != city and not _near(m, main_point)}
        found = operational_year(doc, published=published, site_names=site_names, other_site_names=other_names)
        if found:
            year = found[0]
            evidence["operational_year"] = _span(doc, found[1], found[2])
    if year is None and published and (etype == "opening" or (etype in ("expansion", "new_facility") and completed_in_headline(doc))):
        year = published.year  # opened, or finished, when reported
    if event.evidence:
        evidence["event_type"] = _span(doc, event.evidence.start, event.evidence.end)
    if modality.evidence:
        evidence["modality"] = _span(doc, modality.evidence.start, modality.evidence.end)
    if fac:
        evidence["facility_name"] = _span(doc, fac[1], fac[2])
    for field, group in (("companies", roles.companies), ("partners", roles.partners)):
        if group and group[0].mentions:
            m = min(group[0].mentions, key=lambda x: x.start)
            evidence[field] = _span(doc, m.start, m.end)

    relevant, reason = _relevance(doc, event, modality.modalities, country, etype, places, sites)
    if doc.truncated:
        reason = (reason + "; " if reason else "") + "text cut to its first 30,000 characters"
    mods = [] if event.is_commentary else modality.modalities
    return Extraction(
        id=item.id,
        url=item.url,
        relevant=relevant,
        reason=reason,
        language=lang,
        companies=[o.name for o in roles.companies],
        partners=[o.name for o in roles.partners],
        facility_name=fac[0] if fac else None,
        city=city,
        country=country,
        is_european=is_european(country),
        event_type=etype,  # type: ignore[arg-type]
        modality=mods,  # type: ignore[arg-type]
        operational_year=year,
        investment_amount=amount,
        published=published,
        sites=sites,
        evidence=evidence,
    )


def _near(m: Any, main: Any, km: float = 40.0) -> bool:
    """A place next to the main site ('SEGRO Park Amsterdam Airport' for a Hoofddorp plant) is not another site."""
    if main is None:
        return False
    from pipeline.extract.places import distance_km

    d = distance_km(m, main)
    return d is not None and d <= km


def _facility_near_site(doc: Document, c: Any, places: PlaceAnalysis, city: str, country: str | None) -> Any:
    """A facility name in a sentence about the main site counts more, one in a sentence about another site less."""
    from dataclasses import replace

    seg = doc.segment_at(c.start)
    if seg is None:
        return c
    here = {(m.name, m.country) for m in places.mentions if seg.start <= m.start < seg.end}
    if (city, country) in here:
        return replace(c, weight=c.weight + 2.0)
    if here:
        return replace(c, weight=c.weight - 2.0)  # a sentence about another place
    return c


def _main_site(doc: Document, places: PlaceAnalysis, ranked: list[Any], event: Any) -> Any:
    """The best-weighted place, unless it is outside Europe and a European site has its own facility event.

    One release often names a European and a US site ("plants in Paris and Raleigh"); the European map
    needs the European one, and the other is kept in ``sites``.
    """
    top = ranked[0]
    if is_european(top[1]) is not False:
        return top
    facility_cues = [h for h in event.hits if h.key in FACILITY_EVENTS]
    for cand in ranked[1:]:
        if not is_european(cand[1]):
            continue
        for m in places.mentions_of(cand[0], cand[1]):
            if m.existing or m.elsewhere or m.role in ("relative", "dateline", "adjective", "attributive"):
                continue
            if m.zone == TITLE and facility_cues:
                return cand  # the headline names the European site of a facility event
            seg = doc.segment_at(m.start)
            if m.site_context and seg is not None and any(seg.start <= h.start < seg.end for h in facility_cues):
                return cand
    return top


def _place_owner(doc: Document, m: Any, org_mentions: list[tuple[Any, Any]]) -> Any:
    """The organisation a place is said of: the one right after '<town>-based' or a town adjective, else the
    closest one before it in the sentence ('GenIbet operates from Oeiras'), else the first one after it."""
    seg = doc.segment_at(m.start)
    if seg is None:
        return None
    in_seg = [(om, o) for om, o in org_mentions if seg.start <= om.start < seg.end and not (om.start <= m.start < om.end)]
    if m.role in ("based", "adjective", "attributive"):
        nxt = [x for x in in_seg if x[0].start >= m.end and x[0].start - m.end <= 40]
        return nxt[0][1] if nxt else None
    prev = [x for x in in_seg if x[0].end <= m.start]
    if prev:
        return prev[-1][1]
    nxt = [x for x in in_seg if x[0].start >= m.end]
    return nxt[0][1] if nxt else None


def _favour_target_places(doc: Document, places: PlaceAnalysis, roles: Any, orgs: dict[str, Any]) -> None:
    """In an acquisition the site is the target's: places said of a target count more, places said of the buyer less."""
    targets = {t.key for t in (roles.targets or roles.partners[:1])}
    buyers = {c.key for c in roles.companies}
    org_mentions = sorted(((om, o) for o in orgs.values() if o.evidence_strength >= 0 for om in o.mentions), key=lambda x: x[0].start)
    for m in places.mentions:
        if m.role in ("relative", "dateline"):
            continue
        owner = _place_owner(doc, m, org_mentions)
        if owner is None:
            continue
        if owner.key in targets:
            m.weight *= 2.5 * (1.0 / HQ_FACTOR if m.hq_context else 1.0)  # the target's seat is the answer: no head-office discount
        elif owner.key in buyers:
            m.weight *= 0.5


def _approval_country(doc: Document, event: Any) -> str | None:
    """The country whose regulator approved (None for EU-wide approvals)."""
    vocab = get_vocabulary()
    best: tuple[float, str] | None = None
    folded = doc.folded
    for name, cc in vocab.places.regulators.items():
        low = name.lower()
        start = 0
        while (pos := folded.find(low, start)) >= 0:
            start = pos + len(low)
            if pos > 0 and folded[pos - 1].isalnum() or (start < len(folded) and folded[start].isalnum()):
                continue
            seg = doc.segment_at(pos)
            if seg is None or seg.zone == "boilerplate":
                continue
            near_cue = any(abs(h.start - pos) < 120 and h.key == "approval" for h in event.hits)
            w = seg.weight * (2.0 if near_cue else 0.5)
            if best is None or w > best[0]:
                best = (w, cc)
    if best is None:
        return None
    return None if best[1] == "EU" else best[1]


def _relevance(doc: Document, event: Any, modalities: list[str], country: str | None, etype: str,
               places: PlaceAnalysis, sites: list[Site]) -> tuple[bool, str | None]:
    if event.is_commentary:
        return False, "commentary: announces no event"
    if not any(m in CGT_MODALITIES for m in modalities):
        return False, "not about a cell or gene therapy" if modalities else "no cell or gene therapy named"
    if event.score < 1.5:
        return False, "no concrete event (no event cue words)"
    if country is not None:
        if country in EUROPEAN_COUNTRIES:
            return True, None
        if etype == "acquisition" and any(site.is_european for site in sites):
            return True, None  # the acquired business has European sites
        return False, f"outside Europe ({country})"
    # no site: European if the text is about Europe (EU approval, exit from Europe, European company)
    title = doc.folded[: doc.title_end]
    if etype == "approval" and _approval_country(doc, event) is None:
        return True, None
    europe_words = ("europe", "european", "eu ", "europa", "européen", "europäisch", "europees", "europeo", "europeisk")
    if any(w in title for w in europe_words) or any(w in doc.folded[doc.body_start : doc.body_start + 600] for w in europe_words):
        return True, None
    ctx = places.countries
    if ctx:
        top = max(ctx, key=ctx.get)  # type: ignore[arg-type]
        if top in EUROPEAN_COUNTRIES:
            return True, None
        return False, f"outside Europe ({top})"
    return False, "no European location found"
