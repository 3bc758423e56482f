"""The extractor's vocabularies: YAML files in ``vocab/``, validated by pydantic on load.

Cue words live in data so that adding a language or a synonym touches no code.
Each file has a model below; a typo in a key or a language code fails loudly.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from pipeline.extract.lexicon import Lexicon
from schemas.extraction import EventType
from schemas.records import Modality

VOCAB_DIR = Path(__file__).with_name("vocab")

Lang = Literal["any", "en", "de", "fr", "nl", "it", "es", "sv"]
PerLanguage = dict[Lang, list[str]]
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "nl", "it", "es", "sv")

_FROZEN = ConfigDict(extra="forbid", frozen=True)


def _all_terms(per_lang: PerLanguage) -> list[str]:
    return [term for terms in per_lang.values() for term in terms]


class CueGroup(BaseModel):
    model_config = _FROZEN
    weight: float = Field(default=1.0, gt=0)
    cues: PerLanguage


class EventsVocab(BaseModel):
    model_config = _FROZEN
    priority: list[EventType | Literal["neutral"]]
    groups: dict[EventType | Literal["neutral"], CueGroup]
    passive_acquisition: PerLanguage
    commentary: PerLanguage
    split_cues: dict[EventType, list[list[str]]]
    noun_phrase_cues: list[str]
    approval_hedges: list[str]
    site_approval_words: list[str]


class ModalityGroup(BaseModel):
    model_config = _FROZEN
    strength: float = Field(gt=0)
    implies: list[Modality] = Field(default_factory=list)
    cues: PerLanguage


class ModalityVocab(BaseModel):
    model_config = _FROZEN
    groups: dict[Modality, ModalityGroup]
    non_cgt: PerLanguage
    rna_pair_blockers: list[str]
    ex_vivo_cell_words: list[str]
    ex_vivo_modified_words: list[str]
    headline_non_cgt: list[str]
    generic_atmp: list[str]
    negations: list[str]


class AmountsVocab(BaseModel):
    model_config = _FROZEN
    currency_symbols: dict[str, str]
    currency_words: dict[str, list[str]]
    scales: dict[int, list[str]]
    scale_currency: dict[str, str]
    tie_cues: PerLanguage
    distractor_cues: PerLanguage
    conversion_cues: PerLanguage
    financing_cues: PerLanguage


class PlacesVocab(BaseModel):
    model_config = _FROZEN
    locative_prepositions: PerLanguage
    relative_prepositions: PerLanguage
    area_words_after: list[str]
    area_words_before: list[str]
    determiners: PerLanguage
    site_noun_before: list[str]
    article_contractions: dict[str, str]
    city_adjective_suffixes: dict[Lang, dict[str, list[str]]]
    city_adjective_min_population: int = Field(ge=0)
    city_adjectives: dict[str, list[str]]
    not_localities: list[str]
    not_place_words: list[str]
    language_home_countries: dict[Lang, list[str]]
    site_nouns: PerLanguage
    hq_cues: PerLanguage
    elsewhere_cues: PerLanguage
    existing_cues: PerLanguage
    regulators: dict[str, str]
    country_qualifiers: dict[str, list[str]]
    demonyms: dict[str, list[str]]


class RoleCues(BaseModel):
    model_config = _FROZEN
    operator_before: list[str]
    developer_before: list[str]
    partner_before: list[str]
    seller_before: list[str]
    seller_phrases: list[str]
    investor_cues: list[str]
    parent_cues: list[str]
    tender_cues: list[str]
    partner_nouns: list[str]
    partner_roles_after: list[str]
    parent_after: list[str]
    parent_nouns: list[str]


class PersonCues(BaseModel):
    model_config = _FROZEN
    before: list[str]
    after: list[str]


class OrgsVocab(BaseModel):
    model_config = _FROZEN
    legal_forms: list[str]
    org_words: list[str]
    name_stopwords: list[str]
    person_cues: PersonCues
    role_cues: RoleCues
    org_type_nouns: list[str]
    descriptor_words: list[str]
    location_name_words: list[str]


class FacilityVocab(BaseModel):
    model_config = _FROZEN
    head_words: list[str]
    romance_heads: list[str]
    facility_nouns: list[str]
    naming_cues: list[str]


class TextVocab(BaseModel):
    model_config = _FROZEN
    boilerplate_headings: dict[Literal["about", "disclaimer", "meta"], list[str]]
    operational_cues: PerLanguage
    construction_start_cues: list[str]
    operational_pairs: list[list[str]]
    non_production_words: list[str]
    production_words: list[str]
    completion_cues: list[str]
    months: dict[int, list[str]]


def _load(name: str, model: type[BaseModel]) -> BaseModel:
    path = VOCAB_DIR / name
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    try:
        return model.model_validate(data)
    except Exception as exc:  # name the file: the pydantic message alone does not
        raise ValueError(f"{path.name}: {exc}") from exc


class Vocabulary:
    """All vocabularies plus the compiled lexicons built from them (built once per process)."""

    def __init__(self) -> None:
        self.events: EventsVocab = _load("events.yml", EventsVocab)  # type: ignore[assignment]
        self.modality: ModalityVocab = _load("modality.yml", ModalityVocab)  # type: ignore[assignment]
        self.amounts: AmountsVocab = _load("amounts.yml", AmountsVocab)  # type: ignore[assignment]
        self.places: PlacesVocab = _load("places.yml", PlacesVocab)  # type: ignore[assignment]
        self.orgs: OrgsVocab = _load("orgs.yml", OrgsVocab)  # type: ignore[assignment]
        self.text: TextVocab = _load("text.yml", TextVocab)  # type: ignore[assignment]
        self.extract_facility: FacilityVocab = _load("facility.yml", FacilityVocab)  # type: ignore[assignment]

    @cached_property
    def event_lexicon(self) -> Lexicon:
        entries = [(t, etype) for etype, g in self.events.groups.items() for t in _all_terms(g.cues)]
        entries += [(t, "passive_acquisition") for t in _all_terms(self.events.passive_acquisition)]
        return Lexicon(entries)

    @cached_property
    def approval_hedge_lexicon(self) -> Lexicon:
        return Lexicon([(t, "hedge") for t in self.events.approval_hedges] + [(t, "site") for t in self.events.site_approval_words])

    @cached_property
    def noun_phrase_cues(self) -> frozenset[str]:
        return frozenset(t.lower() for t in self.events.noun_phrase_cues)

    @cached_property
    def commentary_lexicon(self) -> Lexicon:
        return Lexicon((t, "commentary") for t in _all_terms(self.events.commentary))

    @cached_property
    def modality_lexicon(self) -> Lexicon:
        entries = [(t, m) for m, g in self.modality.groups.items() for t in _all_terms(g.cues)]
        entries += [(t, "non_cgt") for t in _all_terms(self.modality.non_cgt)]
        entries += [(t, "rna_pair") for t in self.modality.rna_pair_blockers]
        entries += [(t, "ex_vivo") for t in self.modality.ex_vivo_cell_words]
        entries += [(t, "modified") for t in self.modality.ex_vivo_modified_words]
        entries += [(t, "generic_atmp") for t in self.modality.generic_atmp]
        return Lexicon(entries)

    @cached_property
    def negation_lexicon(self) -> Lexicon:
        return Lexicon((t, "neg") for t in self.modality.negations)

    @cached_property
    def headline_non_cgt_lexicon(self) -> Lexicon:
        return Lexicon((t, "non_cgt") for t in self.modality.headline_non_cgt)

    @cached_property
    def amount_context_lexicon(self) -> Lexicon:
        a = self.amounts
        entries = [(t, "tie") for t in _all_terms(a.tie_cues)]
        entries += [(t, "distractor") for t in _all_terms(a.distractor_cues)]
        entries += [(t, "conversion") for t in _all_terms(a.conversion_cues)]
        entries += [(t, "financing") for t in _all_terms(a.financing_cues)]
        return Lexicon(entries)

    @cached_property
    def place_context_lexicon(self) -> Lexicon:
        p = self.places
        entries = [(t, "site") for t in _all_terms(p.site_nouns)]
        entries += [(t, "hq") for t in _all_terms(p.hq_cues)]
        entries += [(t, "elsewhere") for t in _all_terms(p.elsewhere_cues)]
        entries += [(t, "existing") for t in _all_terms(p.existing_cues)]
        return Lexicon(entries)

    @cached_property
    def preposition_lexicon(self) -> Lexicon:
        """Locative ('in', 'à') and relative ('near', 'bij') prepositions of all languages, keyed by kind and language."""
        p = self.places
        entries = [(t, f"loc:{lang}") for lang, ts in p.locative_prepositions.items() for t in ts]
        entries += [(t, f"rel:{lang}") for lang, ts in p.relative_prepositions.items() for t in ts]
        return Lexicon(entries)

    @cached_property
    def single_word_prepositions(self) -> frozenset[str]:
        p = self.places
        terms = _all_terms(p.locative_prepositions) + _all_terms(p.relative_prepositions)
        return frozenset(t.lower() for t in terms if " " not in t)

    @cached_property
    def generic_place_words(self) -> frozenset[str]:
        """Words that are never a town inside a longer name ('Park', 'Science', 'Center')."""
        words = {w.lower() for w in _all_terms(self.places.site_nouns)} | {w.lower() for w in self.orgs.org_words}
        words |= {"park", "parc", "parque", "parco", "science", "sciences", "tech", "technology", "life", "lane", "grove", "valley", "bio", "city",
                  "north", "south", "east", "west", "nord", "sud", "süd", "ost", "est", "oost", "zuid", "noord", "new", "old", "great", "upper", "lower",
                  "airport", "luchthaven", "flughafen", "aéroport", "aeroporto", "aeropuerto", "flygplats", "house", "tower", "square", "street"}
        return frozenset(words)

    @cached_property
    def city_adjective_words(self) -> dict[str, str]:
        return {w.lower(): town for town, ws in self.places.city_adjectives.items() for w in ws}

    @cached_property
    def not_place_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.places.not_place_words)

    @cached_property
    def not_localities(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.places.not_localities)

    @cached_property
    def operational_lexicon(self) -> Lexicon:
        entries = [(t, "operational") for t in _all_terms(self.text.operational_cues)]
        entries += [(t, "construction") for t in self.text.construction_start_cues]
        entries += [(t, "nonprod") for t in self.text.non_production_words]
        entries += [(t, "prod") for t in self.text.production_words]
        return Lexicon(entries)

    @cached_property
    def completion_lexicon(self) -> Lexicon:
        return Lexicon((t, "completion") for t in self.text.completion_cues if "..." not in t)

    @cached_property
    def month_numbers(self) -> dict[str, int]:
        return {w.lower(): n for n, ws in self.text.months.items() for w in ws}

    @cached_property
    def person_lexicon(self) -> Lexicon:
        pc = self.orgs.person_cues
        return Lexicon([(t, "before") for t in pc.before] + [(t, "after") for t in pc.after])

    @cached_property
    def role_lexicon(self) -> Lexicon:
        r = self.orgs.role_cues
        entries = [(t, "operator") for t in r.operator_before]
        entries += [(t, "developer") for t in r.developer_before if len(t) > 4]
        entries += [(t, "partner") for t in r.partner_before]
        entries += [(t, "seller_phrase") for t in r.seller_phrases]
        entries += [(t, "investor") for t in r.investor_cues]
        entries += [(t, "tender") for t in r.tender_cues]
        entries += [(t, "partner_noun") for t in r.partner_nouns]
        entries += [(t, "partner_after") for t in r.partner_roles_after]
        return Lexicon(entries)

    @cached_property
    def lowercase_stop(self) -> frozenset[str]:
        """Lower-case words that never start an organisation name (function words, type and site nouns)."""
        words = {w.lower() for w in self.orgs.name_stopwords} | set(self.single_word_prepositions) | set(self.org_type_words)
        words |= {w.lower() for ws in self.places.determiners.values() for w in ws} | set(self.site_noun_words)
        words |= {"this", "that", "with", "from", "into", "their", "which", "whose", "when", "where", "leading", "global", "contract",
                  "clinical", "commercial", "european", "german", "french", "british", "american", "swiss", "dutch", "belgian"}
        return frozenset(words)

    @cached_property
    def org_type_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.orgs.org_type_nouns if " " not in w)

    @cached_property
    def site_noun_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in _all_terms(self.places.site_nouns) if " " not in w and "*" not in w) | frozenset(self.places.site_noun_before)

    @cached_property
    def descriptor_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.orgs.descriptor_words)

    @cached_property
    def location_name_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.orgs.location_name_words)

    @cached_property
    def org_type_lexicon(self) -> Lexicon:
        return Lexicon((t, "org_type") for t in self.orgs.org_type_nouns)

    @cached_property
    def demonym_lexicon(self) -> Lexicon:
        return Lexicon((t, cc) for cc, terms in self.places.demonyms.items() for t in terms)

    @cached_property
    def prepositions(self) -> frozenset[str]:
        return frozenset(t.lower() for t in _all_terms(self.places.locative_prepositions))

    @cached_property
    def legal_forms(self) -> frozenset[str]:
        return frozenset(self.orgs.legal_forms)

    @cached_property
    def org_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.orgs.org_words)

    @cached_property
    def name_stopwords(self) -> frozenset[str]:
        return frozenset(self.orgs.name_stopwords)

    @cached_property
    def qualifier_country(self) -> dict[str, str]:
        return {q.lower(): cc for cc, qs in self.places.country_qualifiers.items() for q in qs}


@lru_cache(maxsize=1)
def get_vocabulary() -> Vocabulary:
    """The vocabularies, loaded and validated once per process."""
    return Vocabulary()
