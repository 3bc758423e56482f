"""Organisation names in an announcement (who they are; roles.py says what they did).

Names are capitalised runs of words in the body that look like organisations:
a legal form (cleanco strips it: "Kiadis Pharma N.V." -> "Kiadis Pharma"), a
typical name word (Therapeutics, University, Fondazione ...), unusual
capitalisation (MeiraGTx, uniQure), an acronym, a known organisation (rapidfuzz
against the optional registry), a noun such as "drugmaker" or "firm" before it,
the headline's subject, or a name that recurs.

Runs are cleaned before they are judged: elided articles ("d'Henogen",
"L'Ospedale"), nationality adjectives ("het Amerikaanse Thermo Fisher"), town
adjectives ("Freiburger CellGenix"), organisation-type and site nouns
("Pharmakonzern Takeda", "Standort Orth") are cut off. A run is not an
organisation when it lies inside a place mention ("Orth an der Donau"), names a
country, region or world region ("Noord-Amerika", "Comunidad de Madrid"), a
park or programme ("Leiden Bio Science Park"), a product ("Strimvelis, la
terapia genica"), a therapy ("CAR-NK-Zelltherapie"), a person ("Paul Stoffels,
CEO") or a regulator. Aliases are merged: an acronym in brackets or made of a
name's initials ("BMS"), a name with or without descriptor words ("Autolus" /
"Autolus Therapeutics"), a German or Dutch genitive ("Evotecs").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from cleanco import basename

from pipeline.extract.lexicon import Hit, fold_same_length
from pipeline.extract.text import BOILERPLATE, TITLE, Document
from pipeline.extract.vocab import get_vocabulary

_TOKEN = re.compile(r"[\w][\w&'’.\-/]*|&")
_CONNECT = {"of", "de", "du", "des", "di", "del", "della", "für", "for", "van", "der", "den", "&", "y", "la", "le", "för", "do", "da"}
_AND = {"and", "e", "et", "y", "und", "en", "och", "&"}
_GENITIVE = {"des", "der", "dem"}
_ELISION = re.compile(r"^(?:[dDlLnN]|[dDnNsS]ell|[dDaA]ll|[uU]n|[qQ]u|[dD]all)['’](?=\w)")
_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|kein|keine)\s+$")
_TICKER = re.compile(r"\s*\((?:NYSE|Nasdaq|NASDAQ|TSE|LSE|SIX|Euronext|Xetra|OTC|AIM|ASX|HKEX|Nasdaq Stockholm|Nasdaq Copenhagen|FWB)\b")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,7}$")
MODALITY_COVERAGE = 0.5  # a run mostly made of therapy words is a therapy, not a company


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


@lru_cache(maxsize=8)
def _known_index(names: tuple[str, ...]) -> dict[str, str]:
    """Folded name without legal form -> name, for a list of known organisations."""
    return {fold(strip_legal_form(n)): n for n in names if n and len(n) >= 3}


def _is_name_token(tok: str) -> bool:
    if not tok or tok == "&":
        return False
    return tok[0].isupper() or tok[0].isdigit() and any(c.isalpha() for c in tok) or any(c.isupper() for c in tok[1:])


def _odd_capitals(word: str) -> bool:
    """MeiraGTx, uniQure, PolTREG, BioNTech (not acronyms, not hyphenated compounds such as 'CAR-NK-Zelltherapie')."""
    w = _ELISION.sub("", word)
    return "-" not in w and not w.isupper() and any(c.isupper() for c in w[1:]) and any(c.islower() for c in w)


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
    aliases: set[str] = field(default_factory=set)

    @property
    def salience(self) -> float:
        return sum(3.0 if m.zone == TITLE else 0.2 if m.zone == BOILERPLATE else 1.0 for m in self.mentions)


def _institution_words() -> frozenset[str]:
    return get_vocabulary().org_words


def _runs(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of capitalised word runs in ``doc.text[start:end]``."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(doc.text, start, end)]
    org_words = _institution_words()
    runs: list[tuple[int, int]] = []
    i = 0
    stop = get_vocabulary().lowercase_stop
    while i < len(toks):
        s, e, t = toks[i]
        if not _is_name_token(t):
            # a lower-case brand right before an organisation word: 'apceth Biopharma'
            if not (t.isalpha() and len(t) >= 4 and t.islower() and t not in stop and i + 1 < len(toks)
                    and toks[i + 1][2].lower() in org_words and _is_name_token(toks[i + 1][2]) and doc.text[e : toks[i + 1][0]] == " "):
                i += 1
                continue
        j = i
        run_end = e
        has_institution = t.lower() in org_words
        while j + 1 < len(toks) and not re.search(r"['’]s?$", toks[j][2]):
            ns, ne, nt = toks[j + 1]
            gap = doc.text[run_end:ns]
            if gap not in (" ", "", ", ") or (gap == ", " and not _is_legal_start(nt)):
                break
            if _is_name_token(nt):
                j += 1
                run_end = ne
                has_institution = has_institution or nt.lower() in org_words
                continue
            low = nt.lower()
            joins = low in _CONNECT or (low in _AND and has_institution)
            if low in _GENITIVE and not has_institution:
                joins = False  # German genitive: 'Chef des Catapult', 'Räume des Catapult' are not names
            if joins and low in _AND and low != "&" and j + 2 < len(toks):
                # 'Karolinska Institutet och Karolinska Universitetssjukhuset': two names, not one
                k = j + 2
                while k + 1 < len(toks) and _is_name_token(toks[k + 1][2]) and doc.text[toks[k][1] : toks[k + 1][0]] == " ":
                    k += 1
                second = [toks[x][2] for x in range(j + 2, k + 1)]
                first_part = 0  # name words of the part before 'and', after any connector ('Standort des Cell' -> 1)
                for x in range(j, i - 1, -1):
                    if toks[x][2].lower() in _CONNECT:
                        break
                    first_part += 1
                if second and (second[0] == toks[i][2] or (first_part >= 2 and len(second) >= 2 and any(w.lower() in org_words for w in second))):
                    joins = False
            if joins and j + 2 < len(toks) and _is_name_token(toks[j + 2][2]) and doc.text[ne : toks[j + 2][0]] == " ":
                j += 2
                run_end = toks[j][1]
                has_institution = has_institution or toks[j][2].lower() in org_words
                continue
            break
        runs.append((s, run_end))
        i = j + 1
    return runs


def _is_legal_start(tok: str) -> bool:
    return tok.rstrip(",") in get_vocabulary().legal_forms or tok in {"Inc.", "Ltd.", "LLC", "plc"}


def _leading_noise(word: str, folded_word: str) -> bool:
    """A word that may open a run but is not part of a name: nationality, organisation type or site noun."""
    vocab = get_vocabulary()
    if word in vocab.name_stopwords or folded_word in vocab.single_word_prepositions:
        return True
    if folded_word in vocab.org_type_words or folded_word in vocab.site_noun_words:
        return True
    if len(folded_word) > 8 and any(folded_word.endswith(t) for t in vocab.org_type_words if len(t) >= 6):
        return True  # German compounds: 'Auftragshersteller', 'Pharmakonzern', 'Laborzulieferer'
    hits = vocab.demonym_lexicon.find(folded_word)
    return any(h.start == 0 and h.end >= len(folded_word) - 1 for h in hits)


def _clean_run(doc: Document, s: int, e: int, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    vocab = get_vocabulary()
    text = doc.text
    words = list(_TOKEN.finditer(text, s, e))
    # elided article glued to the first word: "d'Henogen", "L'Ospedale"
    start_shift = 0
    if words:
        em = _ELISION.match(words[0].group())
        if em:
            start_shift = em.end()
    while words:
        w = words[0].group()[start_shift:] if start_shift else words[0].group()
        fw = fold_same_length(w).rstrip(".,")
        ws = words[0].start() + start_shift
        if w.rstrip(".,") in vocab.name_stopwords or _leading_noise(w, fw) or w[:1].islower() and not _odd_capitals(w) \
                or any(bs <= ws and words[0].end() <= be for bs, be in blocked):
            words = words[1:]
            start_shift = 0
            continue
        break
    keep_last = {"Europe", "EU", "Union", "International", "Global"}
    # a German compound noun glued to the end of a name: 'Cell and Gene Therapy Catapult AAV-Vektoren'
    while len(words) >= 3 and re.fullmatch(r"[A-Z0-9]{2,}-[A-ZÄÖÜ][a-zäöüß]{3,}\w*", words[-1].group()) \
            and words[-1].group().lower() not in vocab.org_words:
        words = words[:-1]
    while words and (words[-1].group().lower() in _CONNECT or words[-1].group().lower() in _AND
                     or (words[-1].group() in vocab.name_stopwords and words[-1].group() not in keep_last)):
        words = words[:-1]
    if not words:
        return None
    s, e = words[0].start() + start_shift, words[-1].end()
    surface = text[s:e]
    m = re.search(r"['’]s?$", surface)
    if m:
        e -= len(m.group())
    while e > s and text[e - 1] in ".,;:)-":
        if text[s:e].endswith(tuple(f for f in vocab.legal_forms if f.endswith("."))):
            break
        e -= 1
    return (s, e) if e - s >= 2 else None


def _sentence_initial(doc: Document, s: int, seg_start: int) -> bool:
    """At the start of its sentence, after any bullet, dash or quote."""
    return doc.text[seg_start:s].strip(" -–—•*\"“”'‘’«»(") == ""


class OrgFinder:
    """Finds organisations in a document; ``known_orgs`` adds fuzzy spotting of registry names."""

    def __init__(self, known_orgs: Iterable[str] | None = None, is_not_org: Callable[[str], bool] | None = None) -> None:
        self.is_not_org = is_not_org or (lambda _name: False)
        names = tuple(known_orgs) if known_orgs is not None and not isinstance(known_orgs, tuple) else (known_orgs or ())
        self.known: dict[str, str] = _known_index(names)  # the same list for every announcement: built once
        self.known_keys = list(self.known)

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

    def _not_an_org(self, doc: Document, name: str, s: int, e: int, has_form: bool) -> bool:
        """Places, regions, parks, programmes, therapies and regulators are not organisations."""
        vocab = get_vocabulary()
        words = name.split()
        if self.is_not_org(name):
            return True
        if not has_form and any(w.lower() in vocab.location_name_words for w in words[1:] + words[:1]) \
                and not any(w.lower() in vocab.org_words and w.lower() not in vocab.location_name_words for w in words):
            return True  # 'Leiden Bio Science Park', 'Programa de Terapia Celular'
        if not has_form and (words[-1].lower() in vocab.location_name_words):
            return True
        folded = fold_same_length(name)
        therapy = [h for h in vocab.modality_lexicon.find(folded) if h.key != "generic_atmp"]
        covered = sum(h.end - h.start for h in therapy)
        starts_with_therapy = any(h.start == 0 for h in therapy)
        if covered >= MODALITY_COVERAGE * len(folded) and starts_with_therapy and not has_form and not any(w.lower() in vocab.org_words for w in words):
            return True  # 'CAR-NK-Zelltherapie', 'Gentherapie-Präparate'
        return False

    def find(self, doc: Document, places: set[str], not_names: set[str] | None = None,
             blocked: list[tuple[int, int]] | None = None) -> dict[str, Org]:
        """Organisations by folded key.

        ``places`` and ``not_names`` (folded names) are never organisations; ``blocked`` spans (places,
        products, facility names) never hold one unless the run also carries a legal form or an organisation word.
        """
        vocab = get_vocabulary()
        blocked = sorted(blocked or [])
        not_names = (not_names or set()) | places
        person_hits = vocab.person_lexicon.find(doc.folded)
        type_hits = vocab.org_type_lexicon.find(doc.folded)
        role_hits = [h for h in vocab.role_lexicon.find(doc.folded) if h.key == "partner_noun"]
        dl = doc.dateline
        regulators = {fold(r) for r in vocab.places.regulators}
        mentions: list[OrgMention] = []
        mention_ev: dict[int, float] = {}
        persons: set[str] = set()
        person_mentions: list[OrgMention] = []
        for seg in doc.segments:
            if seg.zone == TITLE:
                continue
            for rs, re_ in _runs(doc, seg.start, seg.end):
                cleaned = _clean_run(doc, rs, re_, blocked)
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
                person_like = self._is_person(doc, s, e, person_hits)
                name = strip_legal_form(surface)
                has_form = name != surface
                has_org_word = any(w.lower().strip(",.") in vocab.org_words for w in name.split())
                if not (has_form or has_org_word) and any(bs <= s and e <= be for bs, be in blocked):
                    continue  # inside a place, product or facility name: 'Donau' of 'Orth an der Donau'
                if not name or fold(name) in regulators or fold(name) in not_names or self._not_an_org(doc, name, s, e, has_form):
                    continue
                mention = OrgMention(s, e, surface, name, seg.zone, _sentence_initial(doc, s, seg.start))
                mention_ev[id(mention)] = 0.0
                if person_like:
                    person_mentions.append(mention)
                if any(0 <= s - h.end <= 2 for h in type_hits):
                    mention_ev[id(mention)] += 1.0  # 'drugmaker Kyowa Kirin'
                if any(0 <= s - h.end <= 2 for h in role_hits):
                    mention_ev[id(mention)] += 1.0  # 'construction firm Merit'
                if _TICKER.match(doc.text[e : e + 30]):
                    mention_ev[id(mention)] += 2.5  # a listed issuer
                if doc.zone_at(s) != TITLE and (doc.text[:1] or " ") and len(name.split()) == 1 \
                        and _ARTICLE_BEFORE.search(doc.folded[max(0, s - 12) : s]) and not _odd_capitals(name):
                    mention_ev[id(mention)] -= 1.0  # German 'ein Vektor', 'die Anlage': a common noun
                mentions.append(mention)
        # 'Kyowa Kirin said ...' reads like a person; a name that elsewhere has organisation evidence is not one
        org_like = {fold(m.name) for m in mentions if mention_ev.get(id(m), 0.0) > 0 or m.surface != m.name}
        people = {id(m) for m in person_mentions if fold(m.name) not in org_like}
        for m in person_mentions:
            if id(m) in people:
                persons.update(w for w in m.name.split() if len(w) > 2)
        mentions = [m for m in mentions if id(m) not in people]
        orgs = self._judge(doc, mentions, mention_ev, persons)
        self._fuzzy_known(doc, orgs)
        self._merge_aliases(doc, orgs)
        self._title_mentions(doc, orgs)
        self._headline_subject(doc, orgs)
        return orgs

    def _judge(self, doc: Document, mentions: list[OrgMention], mention_ev: dict[int, float], persons: set[str]) -> dict[str, Org]:
        vocab = get_vocabulary()
        counts: dict[str, int] = defaultdict(int)
        non_initial: dict[str, int] = defaultdict(int)
        for m in mentions:
            counts[fold(m.name)] += 1
            non_initial[fold(m.name)] += not m.sentence_initial
        orgs: dict[str, Org] = {}
        lower_words = set(re.findall(r"(?<![\w-])[a-zà-ÿ][\w]*(?![\w-])", doc.text))
        for m in mentions:
            key = fold(m.name)
            words = m.name.split()
            ev = mention_ev.get(id(m), 0.0)
            if m.surface != m.name:
                ev += 2.0  # a legal form
            if any(w.lower().strip(",.") in vocab.org_words for w in words) and len(words) >= 2:
                ev += 1.5
            if any(_odd_capitals(w) for w in words):
                ev += 1.5  # MeiraGTx, uniQure, PolTREG
            if len(words) == 1 and _ACRONYM.match(words[0]) and len(words[0]) >= 3:
                ev += 0.5  # an acronym
            if key in self.known:
                ev += 3.0
            if counts[key] >= 2 and non_initial[key] >= 1:
                ev += 1.0
            if counts[key] >= 3:
                ev += 0.5
            if any(w in persons for w in words):
                ev -= 3.0
            if len(words) == 1 and m.surface.lower() in lower_words:
                ev -= 1.5  # also written in lower case: a common word
            org = orgs.setdefault(key, Org(m.name, key))
            org.mentions.append(m)
            org.evidence_strength = max(org.evidence_strength, ev)
            if len(m.name) > len(org.name):
                org.name = m.name
        return orgs

    def _fuzzy_known(self, doc: Document, orgs: dict[str, Org]) -> None:
        if not self.known:
            return
        from rapidfuzz import fuzz, process

        for key, org in orgs.items():
            if org.evidence_strength >= 1.0 or key in self.known:
                continue
            match = process.extractOne(key, self.known_keys, scorer=fuzz.ratio, score_cutoff=92)
            if match:
                org.evidence_strength += 2.0

    @staticmethod
    def _absorb(orgs: dict[str, Org], target_key: str, gone_key: str, bonus: float = 0.5) -> None:
        target, gone = orgs[target_key], orgs.pop(gone_key)
        target.mentions.extend(gone.mentions)
        target.aliases |= {gone.name} | gone.aliases
        target.evidence_strength = max(target.evidence_strength, gone.evidence_strength) + bonus

    def _merge_aliases(self, doc: Document, orgs: dict[str, Org]) -> None:
        """One organisation written several ways: acronyms, descriptor words, genitives, '-Aktie' compounds."""
        vocab = get_vocabulary()
        # 'Evotec-Aktie' -> 'Evotec'; German and Dutch genitives 'Evotecs', 'Kites'
        for key in sorted(orgs, key=len, reverse=True):
            if key not in orgs:
                continue
            head = key.split(" ")[0]
            if " " in key and head in orgs and any("-" in m.surface for m in orgs[key].mentions) and len(orgs[key].mentions) == 1:
                self._absorb(orgs, head, key, 0.0)
            elif " " not in key and key.endswith("s") and key[:-1] in orgs and len(key) > 4:
                self._absorb(orgs, key[:-1], key, 0.0)
        # an acronym in brackets right after a name: 'Banco de Sangre y Tejidos de Cantabria (BSTC)', 'Molecular Medicine (MolMed)'
        for key in list(orgs):
            if key not in orgs:
                continue
            for m in orgs[key].mentions:
                am = re.match(r"\s*\(([A-Z][\w\-]{1,11})\)", doc.text[m.end : m.end + 16])
                if not am:
                    continue
                short = fold(am.group(1))
                if short in orgs and short != key:
                    in_title = short in fold(doc.text[: doc.title_end]) and key not in fold(doc.text[: doc.title_end])
                    if in_title:
                        self._absorb(orgs, short, key)
                    else:
                        self._absorb(orgs, key, short)
                    break
        # an acronym of a longer name's initials: 'BMS' = 'Bristol Myers Squibb'
        for short in [k for k in orgs if _ACRONYM.match(orgs[k].name) and 2 <= len(orgs[k].name) <= 6]:
            letters = orgs[short].name.replace("-", "").replace("&", "").lower()
            for long in list(orgs):
                if long == short or long not in orgs or short not in orgs:
                    continue
                initials = "".join(w[0] for w in orgs[long].name.replace("-", " ").split() if w.lower() not in _CONNECT and w[:1].isalpha())
                if len(initials) >= 2 and initials.lower() == letters:
                    self._absorb(orgs, long, short)
                    break
        # descriptor words: 'Autolus' = 'Autolus Therapeutics', 'Ferring Group' = 'Ferring Pharmaceuticals';
        # but a bare name with its own legal form ('Evotec SE') is not merged with 'Evotec Biologics' (a subsidiary)
        def base(key: str) -> str:
            words = key.split()
            while len(words) > 1 and words[-1] in vocab.descriptor_words:
                words = words[:-1]
            return " ".join(words)

        groups: dict[str, list[str]] = defaultdict(list)
        for key in orgs:
            groups[base(key)].append(key)
        for b, keys in groups.items():
            if len(keys) < 2:
                continue
            if b in orgs and any(m.surface != m.name for m in orgs[b].mentions):
                continue
            # the name to keep: one written with a legal form, else the most mentioned, else the longest
            keep = max(keys, key=lambda k: (any(m.surface != m.name for m in orgs[k].mentions), k != b,
                                            -min(m.start for m in orgs[k].mentions if m.zone != TITLE) if any(m.zone != TITLE for m in orgs[k].mentions) else 0))
            for k in keys:
                if k != keep and k in orgs and keep in orgs:
                    self._absorb(orgs, keep, k)
        # 'Kiadis' and 'Kiadis Pharma' written in full first; a sentence-initial 'X Y' that ends with a known 'Y'
        first_seen = {k: min(m.start for m in o.mentions) for k, o in orgs.items()}
        for short in sorted(orgs, key=lambda k: (len(k), first_seen[k])):
            if short not in orgs:
                continue
            for long in sorted((k for k in orgs if k != short), key=lambda k: first_seen[k]):
                if long not in orgs or short not in orgs:
                    continue
                if long.startswith(short + " ") and orgs[long].evidence_strength > 0 and first_seen[long] <= first_seen[short]:
                    self._absorb(orgs, long, short)
                elif long.endswith(" " + short) and all(m.sentence_initial for m in orgs[long].mentions):
                    self._absorb(orgs, short, long)

    def _title_mentions(self, doc: Document, orgs: dict[str, Org]) -> None:
        """Headlines are Title Case: only names found in the body are looked up there (with their leading words:
        'Cobra Biologics' for 'Cobra Biologics Matfors', 'Ferring' for 'Ferring Pharmaceuticals')."""
        if doc.title_end == 0:
            return
        vocab = get_vocabulary()
        title_fold = fold_same_length(doc.text[: doc.title_end])
        first_words = defaultdict(int)
        for org in orgs.values():
            first_words[org.name.split()[0].lower()] += 1
        for org in orgs.values():
            names = {org.name} | {m.name for m in org.mentions} | org.aliases
            words = org.name.split()
            if len(words) >= 3 and words[0].lower() in vocab.org_words:
                names.add(" ".join(words[1:]))  # 'Fondazione Enea Tech e Biomedical' written 'Enea Tech e Biomedical'
            for k in range(len(words) - 1, 0, -1):
                prefix = words[:k]
                if k == 1 and (len(prefix[0]) < 4 or prefix[0].lower() in vocab.descriptor_words or prefix[0].lower() in vocab.org_words
                               or first_words[prefix[0].lower()] > 1 or prefix[0] in vocab.name_stopwords):
                    continue
                names.add(" ".join(prefix))
            for n in sorted(names, key=len, reverse=True):
                low = fold_same_length(n)
                for ms, me in _find_word(title_fold, low):
                    if not any(x.zone == TITLE and x.start <= ms < x.end for x in org.mentions):
                        org.mentions.append(OrgMention(ms, me, doc.text[ms:me], org.name, TITLE, ms == 0))
                    org.evidence_strength += 0.5
                if any(x.zone == TITLE for x in org.mentions):
                    break

    def _headline_subject(self, doc: Document, orgs: dict[str, Org]) -> None:
        """The name a headline opens with ('Novo Nordisk Fonden bygger ...') is an organisation."""
        if doc.title_end == 0:
            return
        vocab = get_vocabulary()
        title = doc.text[: doc.title_end]
        lead = re.match(r"[\s\"“']*(?:(?:[A-ZÀ-Þ][\w\-]*|the|The|Le|La|Les|Het|De|Der|Die|Das|Il|El)\s+){0,2}", title)
        for org in orgs.values():
            for m in org.mentions:
                if m.zone == TITLE and m.start <= (lead.end() if lead else 0) and m.start < 40:
                    words_before = title[: m.start].split()
                    if all(w.lower() in vocab.name_stopwords or _leading_noise(w, w.lower()) for w in words_before):
                        org.evidence_strength += 1.0
                    break


def _find_word(text: str, word: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``word`` in ``text`` (plain string search: no regex to compile per name)."""
    out = []
    if not word:
        return out
    start = 0
    while (pos := text.find(word, start)) >= 0:
        end = pos + len(word)
        if (pos == 0 or not text[pos - 1].isalnum() and text[pos - 1] != "_") and (end == len(text) or not text[end].isalnum() and text[end] != "_"):
            out.append((pos, end))
        start = pos + 1
    return out


