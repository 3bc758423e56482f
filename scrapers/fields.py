"""Free-text fields of maps and directories: labels mapped to our vocabularies, web addresses.

Maps and directories describe organisations in their own words ("CDMO",
"Thérapie génique", "Viral vectors"). Each source keeps the translation in a
``labels.yml`` beside its spider, validated here, so that a new spelling is a
one-line data change and an unknown label is counted instead of guessed.

No Scrapy imports: tests read label files without a crawler.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, model_validator

from schemas.common import STRICT
from schemas.records import Modality, OrgType
from schemas.source import load_yaml


def label_key(text: str) -> str:
    """Case, accents, punctuation and spacing do not distinguish labels."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


class LabelMap(BaseModel):
    """Labels of one source, grouped by the vocabulary value they stand for."""

    model_config = STRICT

    org_types: dict[OrgType, list[str]] = Field(default_factory=dict, description="organisation type -> source labels")
    modalities: dict[Modality, list[str]] = Field(default_factory=dict, description="modality -> source labels")
    ignore: list[str] = Field(default_factory=list, description="labels known to carry no type or modality")

    @model_validator(mode="after")
    def _each_label_once(self) -> LabelMap:
        seen: dict[str, str] = {}
        for group, mapping in (("org_types", self.org_types), ("modalities", self.modalities)):
            for value, labels in mapping.items():
                for label in [value, *labels]:
                    key = f"{group}:{label_key(label)}"
                    if key in seen and seen[key] != value:
                        raise ValueError(f"label '{label}' maps to both '{seen[key]}' and '{value}' in {group}")
                    seen[key] = value
        return self

    def _lookup(self, mapping: dict[Any, list[str]], label: str) -> Any:
        key = label_key(label)
        for value, labels in mapping.items():
            if key == label_key(value) or any(key == label_key(x) for x in labels):
                return value
        return None

    def org_type(self, label: str) -> OrgType | None:
        """Our organisation type for a source label, or None when unknown."""
        return self._lookup(self.org_types, label)

    def modality(self, label: str) -> Modality | None:
        """Our modality for a source label, or None when unknown or ignored."""
        return self._lookup(self.modalities, label)

    def is_ignored(self, label: str) -> bool:
        return label_key(label) in {label_key(x) for x in self.ignore}


def web_address(text: str | None) -> str | None:
    """A homepage as people type it ("www.oxb.com", "oxb.com/") as an absolute URL, else None."""
    value = (text or "").strip().rstrip("/")
    if not value or " " in value:
        return None
    if value.startswith("//"):
        value = "https:" + value
    if not re.match(r"^https?://", value, flags=re.IGNORECASE):
        if "." not in value:
            return None
        value = "https://" + value
    return value


@lru_cache(maxsize=32)
def load_label_map(path: Path) -> LabelMap:
    """Read and validate a labels.yml; errors name the file."""
    raw = load_yaml(Path(path)) or {}
    try:
        return LabelMap.model_validate(raw)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc
