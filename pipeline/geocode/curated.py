"""Load the reviewed gazetteer additions (``data/curated_places.yml``), validated by schema."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from schemas.geo import CuratedGazetteer

CURATED_FILE = "curated_places.yml"


def curated_path() -> Path:
    return Path(__file__).resolve().parent / "data" / CURATED_FILE


def parse_curated(text: str) -> CuratedGazetteer:
    """Validate the YAML text of a curated file (raises pydantic.ValidationError)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster when present
    return CuratedGazetteer.model_validate(yaml.load(text, Loader=loader))  # noqa: S506 (safe loader)


@lru_cache(maxsize=1)
def load_curated() -> CuratedGazetteer:
    """The packaged curated file, parsed once per process."""
    return parse_curated(curated_path().read_text(encoding="utf-8"))
