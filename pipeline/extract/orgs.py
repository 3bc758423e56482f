"""Organisation names and their roles (who owns, buys, holds; who partners or sells).

Names are capitalised runs of words in the body that look like organisations:
a legal form (cleanco strips it: "Kiadis Pharma N.V." -> "Kiadis Pharma"), a
typical name word (Therapeutics, University ...), unusual capitalisation
(MeiraGTx, uniQure), an acronym, a known organisation (rapidfuzz against the
optional registry), or a name that recurs. Runs next to person cues ("CEO",
"said") are people. Roles come from cue words: the subject of "acquire" is the
buyer and its object the target, "operated by X" names the operator, "together
with X" a partner, "from X" after a target its seller, "led by X" an investor
(not a partner). Headlines are Title Case, so only names found in the body are
looked up there.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cleanco import basename

from pipeline.extract.lexicon import Hit, fold_same_length
from pipeline.extract.text import BOILERPLATE, TITLE, Document
from pipeline.extract.vocab import get_vocabulary

_TOKEN = re.compile(r"[\w][\w&'’.\-/]*|&")
_CONNECT = {"of", "de", "du", "des", "di", "del", "della", "für", "for", "van", "der", "den", "&", "y", "la", "le"}
_INSTITUTION = {"institute", "institut", "university", "council", "agency", "foundation", "centre", "center", "school", "college", "trust", "national"}


def fold(name: str) -> str:
    """Case- and accent-free form used to compare names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def strip_legal_form(name: str) -> str:
    """'Kyowa Kirin Co., Ltd.' -> 'Kyowa Kirin' (cleanco, applied until stable)."""
    prev, cur = None, name.strip(" ,")
    while cur != prev:
        prev = cur
        stripped = basename(cur).strip(" ,")
        cur = stripped if stripped else cur
    return cur


def _is_name_token(tok: str) -> bool:
    if not tok or tok == "&":
        return False
    return tok[0].isupper() or tok[0].isdigit() and any(c.isalpha() for c in tok) or any(c.isupper() for c in tok[1:])


@dataclass
class OrgMention:
    start: int
    end: int
    surface: str  # as written, legal form included
    name: str  # legal form stripped
    zone: str
    sentence_initial: bool


@dataclass
class Org:
    name: str
    key: str
    mentions: list[OrgMention] = field(default_factory=list)
    evidence_strength: float = 0.0  # how sure it is an organisation

    @property
    def salience(self) -> float:
        return sum(3.0 if m.zone == TITLE else 0.2 if m.zone == BOILERPLATE else 1.0 for m in self.mentions)


def _runs(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of capitalised word runs in ``doc.text[start:end]``."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(doc.text, start, end)]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        s, e, t = toks[i]
        if not _is_name_token(t):
            i += 1
            continue
        j = i
        run_end = e
        has_institution = t.lower() in _INSTITUTION
        while j + 1 < len(toks) and not re.search(r"['’]s?$", toks[j][2]):
            ns, ne, nt = toks[j + 1]
            gap = doc.text[run_end:ns]
            if gap not in (" ", "", ", ") or (gap == ", " and not _is_legal_start(nt)):
                break
            if _is_name_token(nt):
                j += 1
                run_end = ne
                has_institution = has_institution or nt.lower() in _INSTITUTION
                continue
            low = nt.lower()
            if (low in _CONNECT or (low == "and" and has_institution)) and j + 2 < len(toks) and _is_name_token(toks[j + 2][2]) \
                    and doc.text[ne:toks[j + 2][0]] == " ":
                j += 2
                run_end = toks[j][1]
                continue
            break
        runs.append((s, run_end))
        i = j + 1
    return runs


def _is_legal_start(tok: str) -> bool:
    return tok.rstrip(",") in get_vocabulary().legal_forms or tok in {"Inc.", "Ltd.", "LLC", "plc"}


def _clean_run(doc: Document, s: int, e: int) -> tuple[int, int] | None:
    vocab = get_vocabulary()
    text = doc.text
    words = list(_TOKEN.finditer(text, s, e))
    while words and (words[0].group() in vocab.name_stopwords or words[0].group().rstrip(".,") in vocab.name_stopwords):
        words = words[1:]
    while words and (words[-1].group().lower() in _CONNECT or words[-1].group() in vocab.name_stopwords):
        words = words[:-1]
    if not words:
        return None
    s, e = words[0].start(), words[-1].end()
    surface = text[s:e]
    m = re.search(r"['’]s?$", surface)
    if m:
        e -= len(m.group())
    while e > s and text[e - 1] in ".,;:)-":
        if text[s:e].endswith(tuple(f for f in vocab.legal_forms if f.endswith("."))):
            break
        e -= 1
    return (s, e) if e - s >= 2 else None


class OrgFinder:
    """Finds organisations in a document; ``known_orgs`` adds fuzzy spotting of registry names."""

    def __init__(self, known_orgs: Iterable[str] | None = None, is_not_org: Callable[[str], bool] | None = None) -> None:
        self.is_not_org = is_not_org or (lambda _name: False)
        self.known = {}
        for n in known_orgs or ():
            if n and len(n) >= 3:
                self.known[fold(strip_legal_form(n))] = n

    def _is_person(self, doc: Document, s: int, e: int, person_hits: list[Hit]) -> bool:
        words = doc.text[s:e].split()
        org_words = get_vocabulary().org_words
        if not 2 <= len(words) <= 4 or any(w.lower() in org_words or w.isupper() or not w[:1].isupper() for w in words):
            return False  # people are written 'Given Family', without company words
        if any(any(c.isupper() for c in w[1:]) and "-" not in w for w in words):
            return False
        for h in person_hits:
            if h.key == "before" and 0 <= s - h.end <= 3:
                return True
            if h.key == "after" and 0 <= h.start - e <= 3:
                return True
        after = doc.text[e : e + 40]
        return bool(re.match(r",\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}(?:CEO|chief|head|president|founder|chair|director|minister|vd|topman|directeur|presidente|professor)", after, re.I))

    def find(self, doc: Document, places: set[str], not_names: set[str] | None = None) -> dict[str, Org]:
        """Organisations by folded key; ``places`` and ``not_names`` (folded) are never organisations."""
        vocab = get_vocabulary()
        not_names = (not_names or set()) | places
        person_hits = vocab.person_lexicon.find(doc.folded)
        type_hits = vocab.org_type_lexicon.find(doc.folded)
        dl = doc.dateline
        regulators = {fold(r) for r in vocab.places.regulators}
        body_start = doc.body_start
        mentions: list[OrgMention] = []
        mention_ev: dict[int, float] = {}
        persons: set[str] = set()
        for seg in doc.segments:
            if seg.zone == TITLE:
                continue
            for rs, re_ in _runs(doc, seg.start, seg.end):
                cleaned = _clean_run(doc, rs, re_)
                if not cleaned:
                    continue
                s, e = cleaned
                surface = doc.text[s:e]
                if dl and dl.start <= s < dl.end:
                    continue
                if doc.text[max(0, s - 2) : s] == ": " and "(" in doc.text[max(0, s - 20) : s]:
                    continue  # a ticker: '(Nasdaq: BIIB)'
                if re.search(r"\d", surface) and not any(w.lower() in vocab.org_words for w in surface.split()):
                    continue  # product codes: 'OTL-200', 'K-NK002'
                if self._is_person(doc, s, e, person_hits):
                    persons.update(w for w in surface.split() if len(w) > 2)
                    continue
                name = strip_legal_form(surface)
                if not name or fold(name) in regulators or fold(name) in not_names or self.is_not_org(name):
                    continue
                mention = OrgMention(s, e, surface, name, seg.zone, s == seg.start)
                mention_ev[id(mention)] = 0.0
                if any(0 <= s - h.end <= 2 for h in type_hits):
                    mention_ev[id(mention)] += 1.0  # 'drugmaker Kyowa Kirin'
                if re.match(r"\s*\((?:NYSE|Nasdaq|NASDAQ|TSE|LSE|SIX|Euronext|Xetra|OTC|AIM|ASX|HKEX|Nasdaq Stockholm|Nasdaq Copenhagen|FWB)\b", doc.text[e : e + 30]):
                    mention_ev[id(mention)] += 2.5  # a listed issuer
                mentions.append(mention)
        # evidence that a run is an organisation
        counts: dict[str, int] = defaultdict(int)
        for m in mentions:
            counts[fold(m.name)] += 1
        lower_text = doc.folded
        orgs: dict[str, Org] = {}
        for m in mentions:
            key = fold(m.name)
            words = m.name.split()
            ev = mention_ev.get(id(m), 0.0)
            if m.surface != m.name:
                ev += 2.0  # a legal form
            if any(w.lower().strip(",.") in vocab.org_words for w in words[1:] + words[:1]) and len(words) >= 2:
                ev += 1.5
            if any(any(c.isupper() for c in w[1:]) and not w.isupper() for w in words):
                ev += 1.5  # MeiraGTx, uniQure, PolTREG
            if len(words) == 1 and words[0].isupper() and len(words[0]) >= 3:
                ev += 0.5  # an acronym
            if key in self.known:
                ev += 3.0
            if counts[key] >= 2 and not m.sentence_initial:
                ev += 1.0
            if counts[key] >= 3:
                ev += 0.5
            if any(w in persons for w in words):
                ev -= 3.0
            if len(words) == 1 and re.search(rf"(?<![\w-]){re.escape(m.surface.lower())}(?![\w-])", doc.text):
                ev -= 1.5  # also written in lower case: a common word
            org = orgs.setdefault(key, Org(m.name, key))
            org.mentions.append(m)
            org.evidence_strength = max(org.evidence_strength, ev)
            if len(m.name) > len(org.name):
                org.name = m.name
        self._fuzzy_known(doc, orgs)
        self._merge_aliases(orgs)
        self._title_mentions(doc, orgs)
        return orgs

    def _fuzzy_known(self, doc: Document, orgs: dict[str, Org]) -> None:
        if not self.known:
            return
        from rapidfuzz import fuzz, process

        for key, org in orgs.items():
            if org.evidence_strength >= 1.0 or key in self.known:
                continue
            match = process.extractOne(key, list(self.known), scorer=fuzz.ratio, score_cutoff=92)
            if match:
                org.evidence_strength += 2.0

    def _merge_aliases(self, orgs: dict[str, Org]) -> None:
        """'Kiadis' and 'Kiadis Pharma', 'Investmentbolaget Flerie Invest' and 'Flerie Invest' are one organisation."""
        keys = sorted(orgs, key=len)
        for key in list(keys):  # 'Evotec-Aktie' -> 'Evotec'
            head = key.split(" ")[0]
            if key in orgs and " " in key and head in orgs and any("-" in m.surface for m in orgs[key].mentions) and len(orgs[key].mentions) == 1:
                orgs[head].mentions.extend(orgs.pop(key).mentions)
        first_seen = {k: min(m.start for m in o.mentions) for k, o in orgs.items()}
        keys = sorted(orgs, key=lambda k: (len(k), first_seen[k]))
        for short in keys:
            if short not in orgs:
                continue
            longs = sorted((k for k in keys if k != short), key=lambda k: first_seen[k])
            for long in longs:
                if long == short or long not in orgs or short not in orgs:
                    continue
                if long.startswith(short + " ") and orgs[long].evidence_strength > 0 and first_seen[long] <= first_seen[short]:
                    target, gone = orgs[long], orgs.pop(short)
                elif long.endswith(" " + short) and all(m.sentence_initial for m in orgs[long].mentions):
                    target, gone = orgs[short], orgs.pop(long)
                else:
                    continue
                target.mentions.extend(gone.mentions)
                target.evidence_strength = max(target.evidence_strength, gone.evidence_strength) + 0.5

    def _title_mentions(self, doc: Document, orgs: dict[str, Org]) -> None:
        if doc.title_end == 0:
            return
        title_fold = fold_same_length(doc.text[: doc.title_end])
        for org in orgs.values():
            names = {org.name} | {m.name for m in org.mentions}
            for n in sorted(names, key=len, reverse=True):
                low = n.lower()
                for m in re.finditer(rf"(?<![\w]){re.escape(low)}(?![\w])", title_fold):
                    if not any(x.zone == TITLE and x.start <= m.start() < x.end for x in org.mentions):
                        org.mentions.append(OrgMention(m.start(), m.end(), doc.text[m.start():m.end()], org.name, TITLE, m.start() == 0))
                    org.evidence_strength += 0.5
                if any(x.zone == TITLE for x in org.mentions):
                    break


def confident(orgs: dict[str, Org], threshold: float = 1.0) -> dict[str, Org]:
    return {k: o for k, o in orgs.items() if o.evidence_strength >= threshold}
