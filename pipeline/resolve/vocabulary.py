"""The resolver's word lists, read from ``vocabulary.yml`` and checked by pydantic.

Why a data file: the lists (descriptors, exchanges, cue phrases) grow as sources
are added, and a reviewer should change them without touching matching code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.resolve.text import fold

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yml")


def _folded(values: list[str]) -> list[str]:
    out = [fold(v).strip() for v in values]
    if any(not v for v in out):
        raise ValueError("blank entry")
    return list(dict.fromkeys(out))


class StatusCues(BaseModel):
    """Headline phrases that tell a facility's status."""

    model_config = ConfigDict(extra="forbid")

    under_construction: list[str]
    closed: list[str]
    operational: list[str]
    expanded: list[str]

    @field_validator("*")
    @classmethod
    def _fold_all(cls, values: list[str]) -> list[str]:
        return _folded(values)


class Vocabulary(BaseModel):
    """All word lists; entries are folded (lower case, no accents) on load."""

    model_config = ConfigDict(extra="forbid")

    stopwords: list[str]
    extra_legal_forms: list[str]
    trailing_descriptors: list[str]
    leading_org_words: list[str]
    generic_words: list[str]
    parent_qualifiers: list[str]
    organisation_words: list[str]
    exchanges: list[str] = Field(min_length=1)
    former_name_cues: list[str]
    rename_cues: list[str]
    subsidiary_cues: list[str]
    copula_words: list[str]
    facility_generic_words: list[str]
    facility_ordinals: list[str]
    deal_words: list[str]
    status_cues: StatusCues

    @field_validator("parent_qualifiers")
    @classmethod
    def _one_slot(cls, values: list[str]) -> list[str]:
        if any(v.count("{}") != 1 for v in values):
            raise ValueError("each parent qualifier needs exactly one '{}' for the parent's name")
        return values

    @field_validator(
        "stopwords", "extra_legal_forms", "trailing_descriptors", "leading_org_words", "generic_words",
        "parent_qualifiers", "organisation_words", "exchanges", "former_name_cues", "rename_cues",
        "subsidiary_cues", "copula_words", "facility_generic_words", "facility_ordinals",
        "deal_words",
    )
    @classmethod
    def _fold_all(cls, values: list[str]) -> list[str]:
        return _folded(values)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    """Read and validate the vocabulary once per process."""
    with path.open(encoding="utf-8") as fh:
        return Vocabulary.model_validate(yaml.safe_load(fh))
