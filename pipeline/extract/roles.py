"""Who did what: buyer and target, operator, holder, partners, sellers and investors.

Votes come from event cue words (the first organisation of a sentence before
"acquires" is its subject, the first one after it its object; a headline's
subject is the name right before the verb), from role cues ("operated by X",
"together with X", "from X", "led by X") and, as a fallback, from how
prominent an organisation is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.extract.events import EventResult
from pipeline.extract.orgs import Org, OrgMention
from pipeline.extract.text import BOILERPLATE, TITLE, Document
from pipeline.extract.vocab import get_vocabulary

CONFIDENT = 1.0
OBJECT_REACH = 120  # characters after a cue in which its object is looked for


@dataclass
class Roles:
    companies: list[Org] = field(default_factory=list)
    partners: list[Org] = field(default_factory=list)
    targets: list[Org] = field(default_factory=list)  # acquisitions: the acquired organisations (also in partners)
    why: dict[str, str] = field(default_factory=dict)


def _index(orgs: dict[str, Org], threshold: float) -> list[tuple[OrgMention, Org]]:
    items = [(m, o) for o in orgs.values() if o.evidence_strength >= threshold for m in o.mentions]
    return sorted(items, key=lambda x: x[0].start)


def _between(index: list[tuple[OrgMention, Org]], start: int, end: int) -> list[tuple[OrgMention, Org]]:
    return [(m, o) for m, o in index if start <= m.start and m.end <= end]


def assign_roles(doc: Document, orgs: dict[str, Org], event: EventResult, *, regulators: set[str]) -> Roles:
    vocab = get_vocabulary()
    sure = _index(orgs, CONFIDENT)
    anyorg = _index(orgs, -1.0)
    subj: dict[str, float] = defaultdict(float)
    obj: dict[str, float] = defaultdict(float)
    operators: dict[str, float] = defaultdict(float)
    developers: dict[str, float] = defaultdict(float)
    partners: dict[str, float] = defaultdict(float)
    sellers: dict[str, float] = defaultdict(float)
    investors: set[str] = set()
    cosubj: dict[str, float] = defaultdict(float)
    coobj: dict[str, float] = defaultdict(float)
    contractors: set[str] = set()
    possessive: dict[str, float] = defaultdict(float)
    investees: dict[str, float] = defaultdict(float)
    joint: dict[str, float] = defaultdict(float)
    etype = event.event_type
    parents_early = _parent_pairs(doc, anyorg)
    parent_set = {(c.key, p.key) for c, p in parents_early}
    wanted = {etype, "passive_acquisition"} if etype == "acquisition" else {etype}
    for h in event.hits:
        if h.key not in wanted:
            continue
        seg = doc.segment_at(h.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        clause_start = seg.start
        unbracketed = re.sub(r"\([^()]*\)", lambda b: " " * len(b.group()), doc.text[seg.start : h.start])
        for cm in re.finditer(r"[:;]\s|\s[–—]\s", unbracketed):
            clause_start = seg.start + cm.end()  # 'Holostem è salva: Enea Tech e Biomedical firma l'acquisizione'
        before = [x for x in _between(sure, clause_start, h.start) if x[1].key not in regulators]
        after = [x for x in _between(sure, h.end, min(seg.end, h.end + OBJECT_REACH)) if x[1].key not in regulators]
        if h.key == "passive_acquisition":
            s = after[0][1] if after else None
            o = before[-1][1] if before else None
        else:
            s = before[0][1] if before else None
            if s is not None and len(before) > 1 and (before[1][1].key, s.key) in parent_set \
                    and re.fullmatch(r"['’]s?\s+|[\-\s]+\w*\s+", doc.text[before[0][0].end : before[1][0].start]):
                s = before[1][1]
            o = after[0][1] if after else (before[-1][1] if before and before[-1][1] is not s else None)
        if s is not None:
            subj[s.key] += seg.weight
            if h.key != "passive_acquisition" and etype != "acquisition":
                for co in _coordinated(doc, before, 0):  # 'FinVector and Ferring Pharmaceuticals today opened'
                    if co is not s:
                        cosubj[co.key] += seg.weight
        if o is not None and o is not s:
            obj[o.key] += seg.weight
            if etype == "acquisition" and h.key != "passive_acquisition" and after and after[0][1] is o:
                for co in _coordinated(doc, after, 0):  # 'koopt het Nederlandse CellPoint en het Amerikaanse AboundBio'
                    if co is not o and co is not s:
                        coobj[co.key] += seg.weight
    for h in vocab.role_lexicon.find(doc.folded):
        seg = doc.segment_at(h.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        nxt = _between(anyorg, h.end, min(seg.end, h.end + 60))
        if h.key == "operator":
            if nxt and not _between(sure, max(seg.start, h.start - 45), h.start):
                operators[nxt[0][1].key] += seg.weight * 2
        elif h.key == "developer":
            if nxt:
                developers[nxt[0][1].key] += seg.weight
        elif h.key == "partner":
            clause_end = _clause_end(doc, h.end, seg.end)
            for m, o in anyorg:  # a clause end inside a name ('Institute for ...') is no end
                if m.start < clause_end < m.end:
                    clause_end = m.end
            found = _between(anyorg, h.end, clause_end)
            last_end = h.end
            for m, o in found:
                gap = doc.text[last_end : m.start]
                first = last_end == h.end and m.start - h.end < 30
                listed = re.fullmatch(r"\s*(?:,|and|und|et|en|e|y|och|&)?\s*(?:the\s|die\s|la\s|le\s|de\s)?", gap) is not None
                if first or (listed and o.evidence_strength >= CONFIDENT):
                    partners[o.key] += seg.weight
                    last_end = m.end
                else:
                    break
        elif h.key == "seller_phrase":
            for m, o in _between(anyorg, h.end, seg.end):
                sellers[o.key] += seg.weight
        elif h.key == "investor":
            for m, o in _between(anyorg, h.end, min(seg.end, h.end + 200)):
                investors.add(o.key)
        elif h.key == "tender":  # 'Grifols ... acudirá a la oferta': a shareholder who sells
            prev = _between(anyorg, seg.start, h.start)
            if prev:
                sellers[prev[0][1].key] += seg.weight
        elif h.key == "partner_noun":  # 'construction firm Merit', 'developer Reef Group'
            nxt = _between(anyorg, h.end, min(seg.end, h.end + 4))
            if nxt:
                partners[nxt[0][1].key] += seg.weight
                contractors.add(nxt[0][1].key)
        elif h.key == "partner_after":  # 'Merit Holdings Limited is the general contractor', 'Cytiva as technology partner'
            prev = [x for x in _between(anyorg, max(seg.start, h.start - 120), h.start)]
            if prev and h.start - prev[-1][0].end <= 25:
                group = [prev[-1]]
                for x in reversed(prev[:-1]):  # 'MolMed et CELLforCURE, qui resteront des partenaires'
                    if re.fullmatch(r"\s*(?:,|and|und|et|en|e|y|och|&)\s*(?:,|and|und|et|en|e|y|och|&)?\s*", doc.text[x[0].end : group[-1][0].start]):
                        group.append(x)
                    else:
                        break
                for _m, o in group:
                    partners[o.key] += seg.weight * 2
                    if "partner" not in h.term and "partenaire" not in h.term:
                        contractors.add(o.key)
    for key in contractors:  # 'Merit built the facility': the builder is not the owner
        subj.pop(key, None)
        obj.pop(key, None)
    hosts = _hosts(doc, sure) if etype not in ("acquisition", "approval") else {}
    if etype not in ("acquisition", "approval"):
        for key, w in _joint_owners(doc, anyorg, event).items():
            joint[key] += w
        for key, w in _possessive_operators(doc, sure, regulators).items():
            possessive[key] += w
    if etype == "investment":
        for key, w in _investees(doc, sure, event).items():
            investees[key] += w
    parents = parents_early
    actors = _actors(doc, sure, event, regulators)
    roles = Roles()

    def pick(votes: dict[str, float], exclude: set[str] = frozenset()) -> Org | None:  # type: ignore[assignment]
        cands = [(v, -min(m.start for m in orgs[k].mentions), k) for k, v in votes.items() if k in orgs and k not in exclude and k not in regulators]
        return orgs[max(cands)[2]] if cands else None

    salience = {k: o.salience for k, o in orgs.items() if o.evidence_strength >= CONFIDENT and k not in regulators}
    if etype == "acquisition":
        buyer = pick(subj) or pick(salience)
        if buyer:
            roles.companies.append(buyer)
            first = buyer.name.split()[0].lower()
            for k, v in subj.items():  # 'Sartorius übernimmt ... über Sartorius Stedim Biotech': both buy
                if k != buyer.key and k in orgs and v >= 2.0 and orgs[k].name.split()[0].lower() == first:
                    roles.companies.append(orgs[k])
            roles.why["companies"] = "subject of the acquisition cue" if subj else "most prominent organisation"
        target = pick(obj, {buyer.key} if buyer else set()) or pick(salience, {buyer.key} if buyer else set())
        if target:
            roles.partners.append(target)
            roles.targets.append(target)
            for k in coobj:
                if k in orgs and orgs[k] is not target and (buyer is None or k != buyer.key) and orgs[k] not in roles.partners:
                    roles.partners.append(orgs[k])
                    roles.targets.append(orgs[k])
            for k, v in sellers.items():
                if k not in {target.key} | ({buyer.key} if buyer else set()) and orgs[k] not in roles.partners:
                    roles.partners.append(orgs[k])
            for child, parent in parents:  # 'Henogen, de Belgische dochter van het Franse Novasep': the parent sells
                if child in roles.targets and (buyer is None or parent.key != buyer.key) and parent not in roles.partners:
                    roles.partners.append(parent)
            if buyer is not None:
                for child, parent in parents:  # 'Sartorius ... über seinen Teilkonzern Sartorius Stedim Biotech'
                    if parent.key == buyer.key and child.key in subj and child not in roles.companies and child not in roles.targets:
                        roles.companies.append(child)
            _add_from_seller(doc, orgs, anyorg, target, roles, buyer, event.hits)
    elif etype == "approval":
        holder = pick(subj) or pick(developers) or pick(salience)
        if holder:
            roles.companies.append(holder)
        for k in list(developers) + list(partners):
            if holder is None or k != holder.key:
                if orgs[k] not in roles.partners and k not in investors:
                    roles.partners.append(orgs[k])
    else:
        if etype == "partnership":
            main = pick(joint) or pick(operators) or pick(possessive) or pick(subj) or pick(obj) or pick(salience)
        else:
            main = pick(investees) or pick(joint) or pick(operators) or pick(subj) or pick(possessive) or pick(obj) or pick(salience)
        if main:
            roles.companies.append(main)
            if main.key in investees:
                for k in list(subj) + list(cosubj):  # 'Blackstone Life Sciences to invest ... in Autolus': a strategic investor
                    if k != main.key and k in orgs and orgs[k] not in roles.partners:
                        roles.partners.append(orgs[k])
            if main.key in joint and etype != "partnership":
                for k in joint:
                    if k in contractors:
                        continue  # 'a collaboration between Karolinska Institutet and Karolinska Universitetssjukhuset'
                    if k != main.key and orgs[k] not in roles.companies:
                        roles.companies.append(orgs[k])
            for child, parent in parents:  # a parent that acts too ('Bayer investiert dort ...', 'ran at Univercells' facilities')
                if child.key == main.key and parent not in roles.companies and parent.key not in regulators \
                        and (parent.key in actors or parent.key in operators or parent.key in possessive):
                    roles.companies.append(parent)
            family = _group_companies(doc, orgs, main)
            for o in family:  # 'Rentschler ATMP Ltd.', the subsidiary that runs the new unit
                if o not in roles.companies:
                    roles.companies.append(o)
        for k, v in partners.items():
            if main and k == main.key or k in investors:
                continue
            roles.partners.append(orgs[k])
        for k in hosts:  # 'am Standort des Cell and Gene Therapy Catapult': the host of the site is a partner
            if main and k != main.key and k in orgs and orgs[k] not in roles.partners:
                roles.partners.append(orgs[k])
        if main and etype == "partnership":
            for k, v in list(obj.items()) + list(subj.items()):  # the other party of the agreement
                if k != main.key and k in orgs and k not in investors and k not in contractors and orgs[k] not in roles.partners:
                    roles.partners.append(orgs[k])
        if main and etype in ("opening", "new_facility", "expansion", "partnership"):
            for k, v in list(subj.items()) + list(cosubj.items()):  # 'FinVector and Ferring Pharmaceuticals today opened ...'
                if k != main.key and k in orgs and k not in investors and orgs[k] not in roles.partners and v >= 2.0:
                    roles.partners.append(orgs[k])
    if not roles.companies:
        title_subject = _title_subject(doc, event)
        if title_subject:
            roles.companies.append(Org(title_subject, title_subject.lower()))
            roles.why["companies"] = "headline subject"
    company_keys = {c.key for c in roles.companies}
    parent_of_company = {p.key for c, p in parents if c.key in company_keys}
    roles.partners = [p for p in roles.partners if p.key not in company_keys and p.key not in parent_of_company]
    seen: set[str] = set()
    roles.partners = [p for p in roles.partners if not (p.key in seen or seen.add(p.key))]
    return roles


_POSSESSIVE_SITE = re.compile(r"['’]s?\s+(?:[\w\-]+\s+){0,4}?(?:manufacturing|production|facility|facilities|plant|site|capacity|centre|center|campus|building|factory|unit|operations)\b", re.I)


_HOST_BEFORE = re.compile(r"(?:\bsite|\bstandort|\bcampus|\bpremises|\bgelände|\bsito|\bsede|\binstalaciones|\blocaux|\blocatie|\bräume)\s+(?:of\s+the|of|des|der|de\s+la|du|de|di|del|della|van\s+het|van)\s+$")
_HOST_AFTER = re.compile(r"\s+(?:site|campus|premises|facility)\b")


def _hosts(doc: Document, sure: list[tuple[OrgMention, Org]]) -> dict[str, float]:
    """Organisations whose site hosts the new unit ('at the Cell and Gene Therapy Catapult site', 'am Standort des X')."""
    votes: dict[str, float] = defaultdict(float)
    for m, o in sure:
        seg = doc.segment_at(m.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        before = doc.folded[max(seg.start, m.start - 40) : m.start]
        if _HOST_BEFORE.search(before) or (_HOST_AFTER.match(doc.folded, m.end) and re.search(r"\b(?:at|on|in)\s+the\s+$", before)):
            votes[o.key] += seg.weight
    return votes


def _group_companies(doc: Document, orgs: dict[str, Org], main: Org) -> list[Org]:
    """Other legal entities of the main company's name family in the opening paragraphs ('Rentschler ATMP Ltd.')."""
    first = main.name.split()[0].lower()
    out = []
    for o in orgs.values():
        if o is main or o.name.split()[0].lower() != first or len(o.name.split()) < 2:
            continue
        if any(m.surface != m.name and m.zone in ("lead", "second") for m in o.mentions):
            out.append(o)
    return out


def _actors(doc: Document, sure: list[tuple[OrgMention, Org]], event: EventResult, regulators: set[str]) -> set[str]:
    """Organisations that are the subject of a facility or investment cue somewhere in the text."""
    out: set[str] = set()
    for h in event.hits:
        if h.key not in ("new_facility", "expansion", "opening", "investment"):
            continue
        seg = doc.segment_at(h.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        before = [x for x in _between(sure, seg.start, h.start) if x[1].key not in regulators]
        if before and h.start - before[-1][0].end <= 40:
            out.add(before[-1][1].key)
    return out


def _possessive_operators(doc: Document, sure: list[tuple[OrgMention, Org]], regulators: set[str]) -> dict[str, float]:
    """'Autolus' UK manufacturing capacity', 'Kite's production site': the organisation runs the site."""
    votes: dict[str, float] = defaultdict(float)
    for m, o in sure:
        if o.key in regulators:
            continue
        seg = doc.segment_at(m.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        if _POSSESSIVE_SITE.match(doc.text, m.end, min(seg.end, m.end + 70)):
            votes[o.key] += seg.weight
    return votes


def _joint_owners(doc: Document, anyorg: list[tuple[OrgMention, Org]], event: EventResult) -> dict[str, float]:
    """'a collaboration between Karolinska Institutet and Karolinska Universitetssjukhuset': both run it."""
    votes: dict[str, float] = defaultdict(float)
    for m in re.finditer(r"(?:collaboration|cooperation|joint venture|partnership|samarbete|samenwerking|zusammenarbeit|kooperation|collaborazione|colaboración|collaboration)"
                         r"\s+(?:between|mellan|tussen|zwischen|tra|fra|entre)\s+", doc.folded):
        seg = doc.segment_at(m.start())
        if seg is None or seg.zone == BOILERPLATE:
            continue
        if seg.zone not in (TITLE, "lead") and not any(seg.start <= h.start < seg.end and h.key == event.event_type for h in event.hits):
            continue  # 'was formed in 2017 as a joint venture between ...': background
        found = _between(anyorg, m.end(), min(seg.end, m.end() + 8))
        if not found:
            continue
        i = next(i for i, x in enumerate(anyorg) if x[0] is found[0][0])
        for o in _coordinated(doc, anyorg, i):
            votes[o.key] += seg.weight * 2
    return votes


def _investees(doc: Document, sure: list[tuple[OrgMention, Org]], event: EventResult) -> dict[str, float]:
    """'Blackstone ... to invest up to $250 million in Autolus Therapeutics': the organisation invested in."""
    votes: dict[str, float] = defaultdict(float)
    for h in event.hits:
        if h.key != "investment":
            continue
        seg = doc.segment_at(h.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        m = re.match(r"[^.;:]{0,60}?\b(?:in|dans|in|en|i)\s+", doc.folded[h.end : seg.end])
        if m:
            at = h.end + m.end()
            nxt = [x for x in sure if at <= x[0].start <= at + 4]
            if nxt:
                votes[nxt[0][1].key] += seg.weight * 2
    return votes


def _parent_pairs(doc: Document, anyorg: list[tuple[OrgMention, Org]]) -> list[tuple[Org, Org]]:
    """(child, parent): 'Bayer's Viralgen', 'Kite, Gilead's cell therapy unit', 'Exothera, the ... arm of Univercells',
    'Henogen, de Belgische dochter van het Franse Novasep', 'Bayer-Tochter Viralgen', 'Smartcellas affärsenhet Procella'."""
    vocab = get_vocabulary()
    rc = vocab.orgs.role_cues
    explicit = sorted((c for c in rc.parent_after if len(c) > 3), key=len, reverse=True)
    generic = {c for c in rc.parent_after if len(c) <= 3}
    nouns = sorted(set(rc.parent_nouns) | {w for w in vocab.org_type_words if len(w) > 4}, key=len, reverse=True)
    pairs: list[tuple[Org, Org]] = []
    for i, (m, child) in enumerate(anyorg):
        seg = doc.segment_at(m.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        # 'Bayer's Viralgen', 'Smartcellas affärsenhet Procella', 'Bayer-Tochter Viralgen' (parent before the child)
        head = doc.folded[max(seg.start, m.start - 40) : m.start]
        for pm, parent in anyorg[max(0, i - 3) : i]:
            if parent is child or pm.end > m.start or m.start - pm.end > 30:
                continue
            gap = doc.folded[pm.end : m.start]
            if re.fullmatch(r"['’]s?\s+", gap) or re.fullmatch(r"(?::?s)?[\-\s]+(?:tochter|dochter|affärsenhet|dotterbolag|division|unit|arm)\w*\s+", gap):
                pairs.append((child, parent))
        if re.search(r"(\w+)-(?:tochter|konzern-tochter)\s+$", head):
            pm_ = re.search(r"(\w+)-(?:tochter|konzern-tochter)\s+$", head)
            name = pm_.group(1) if pm_ else ""
            for _pm, parent in anyorg:
                if parent.key == name and parent is not child:
                    pairs.append((child, parent))
                    break
        # apposition after the child: 'Kite, the cell therapy company owned by Gilead Sciences'
        tail_end = min(seg.end, m.end + 140)
        tail = doc.folded[m.end : tail_end]
        if not re.match(r"\s*(?:,|\(|–|-)\s*", tail):
            continue
        stop = re.search(r"[;:]|,\s(?:which|who|has|have|is|was|will|ha|hat|heeft|a|est|è|ha|har)\s|\)\s", tail[2:])
        app = tail[: stop.start() + 2] if stop else tail
        cue_at = None
        for cue in explicit:
            pos = app.find(cue + " ")
            if pos >= 0:
                cue_at = pos + len(cue) + 1
                break
        if cue_at is None:
            for n in nouns:
                pos = app.find(n)
                if pos >= 0:
                    g = re.match(r"(?:\s+[a-zà-ÿ]+){0,2}?\s+(?:" + "|".join(re.escape(c) for c in generic) + r")\s+", app[pos + len(n) :])
                    if g:
                        cue_at = pos + len(n) + g.end()
                        break
        if cue_at is None:
            # 'Kite, Gilead's cell therapy unit'
            for pm, parent in anyorg[i + 1 : i + 3]:
                if pm.start - m.end < 25 and re.match(r"['’]s?\s+(?:[\w\-]+\s+){0,3}(?:" + "|".join(re.escape(n) for n in nouns) + r")\b",
                                                     doc.folded[pm.end : pm.end + 60]):
                    pairs.append((child, parent))
            continue
        start = m.end + cue_at
        nxt = _between(anyorg, start, min(seg.end, start + 60))
        if nxt and nxt[0][1] is not child:
            pairs.append((child, nxt[0][1]))
    return pairs


def _coordinated(doc: Document, items: list[tuple[OrgMention, Org]], i: int) -> list[Org]:
    """The organisations listed with ``items[i]`` ('X and Y', 'X, Y and Z', 'X en het Amerikaanse Y')."""
    out = [items[i][1]]
    last = items[i][0]
    for m, o in items[i + 1 :]:
        gap = doc.text[last.end : m.start]
        if not re.fullmatch(r"\s*(?:,\s*)?(?:and|und|et|en|e|y|och|&|,)\s+(?:(?:the|die|der|das|het|de|la|le|les|l'|il|el|los|den)\s+)?(?:[\w\-]+\s+){0,2}?", gap):
            break
        if not re.fullmatch(r"\s*(?:,\s*)?(?:and|und|et|en|e|y|och|&|,)\s+(?:(?:the|die|der|das|het|de|la|le|les|l'|il|el|los|den)\s+)?(?:[a-zà-ÿ][\w\-]*\s+){0,2}", gap):
            break
        out.append(o)
        last = m
    return out


def _clause_end(doc: Document, start: int, limit: int) -> int:
    m = re.search(r"[;:.]\s|,\s(?:which|who|and\s+(?:the|its|a)\b|wh)|\s(?:on|for|to|in order)\s", doc.text[start:limit])
    return start + m.start() if m else limit


def _add_from_seller(doc: Document, orgs: dict[str, Org], anyorg: list, target: Org, roles: Roles, buyer: Org | None, hits: list) -> None:
    """'... acquisition of Cobra Biologics (, a ...,) from Charles River Laboratories': the seller is a partner."""
    for m in target.mentions:
        seg = doc.segment_at(m.start)
        if seg is None or seg.zone == BOILERPLATE:
            continue
        if not any(seg.start <= h.start < seg.end and h.key in ("acquisition", "passive_acquisition") for h in hits):
            continue
        window = doc.folded[m.end : min(seg.end, m.end + 160)]
        for fm in re.finditer(r"(?<!\w)(?:from|från|von|van|de la part de|auprès de|da)\s+", window):
            start = m.end + fm.end()
            nxt = _between(anyorg, start, start + 40)
            if not nxt:
                continue
            o = nxt[0][1]
            if o.evidence_strength < CONFIDENT:
                continue
            if o is not target and (buyer is None or o is not buyer) and o not in roles.partners:
                roles.partners.append(o)
            return


def _title_subject(doc: Document, event: EventResult) -> str | None:
    """The words before the first event cue in the headline, if they look like a name ('bluebird bio')."""
    for h in event.hits:
        if h.start >= doc.title_end:
            break
        head = doc.text[: h.start].strip(" :,-")
        head = re.sub(r"\s+(?:to|will|has|is|says|plans to|va|wil|will|soll|vuole|quiere|ska)$", "", head)
        words = head.split()
        if 1 <= len(words) <= 4 and words[0] not in get_vocabulary().name_stopwords:
            if head.lower() in doc.folded[doc.body_start :]:
                return head
    return None
