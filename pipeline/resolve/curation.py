"""Read the reviewed curation files (``curation/*.yml``) into one :class:`Curation`.

Errors name the file, the entry and the field ("curation/judgements.yml:
judgements[3] (Medigene / Medigen Vaccine Biologics): decision: Input should be
'same', 'different' or 'unsure'"), so a reviewer can fix a bad entry at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from pipeline.paths import REPO_ROOT
from pipeline.resolve.normalise import name_forms
from schemas.curation import Correction, Curation, CurationFile, Judgement
from schemas.records import stable_id
from schemas.resolution import RegistryEntry

DEFAULT_CURATION_DIR = REPO_ROOT / "curation"


class CurationError(ValueError):
    """A curation file or entry is invalid; the message says where and why."""


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _entry_label(section: str, index: int, raw: Any) -> str:
    if isinstance(raw, dict):
        names = [str(raw[k]) for k in ("a", "a_id", "b", "b_id", "name", "organisation", "id") if raw.get(k)]
        if names:
            return f"{section}[{index}] ({' / '.join(names[:2])})"
    return f"{section}[{index}]"


def _parse_file(path: Path) -> CurationFile:
    shown = _display(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CurationError(f"{shown}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CurationError(f"{shown}: expected a mapping with judgements/organisations/facilities/corrections")
    try:
        return CurationFile.model_validate(data)
    except ValidationError as exc:
        messages = []
        for err in exc.errors():
            loc = list(err["loc"])
            if len(loc) >= 2 and isinstance(loc[1], int):
                section, index = str(loc[0]), loc[1]
                raw = (data.get(section) or [None] * (index + 1))[index]
                where = _entry_label(section, index, raw)
                field = ".".join(str(p) for p in loc[2:]) or "entry"
            else:
                where, field = "file", ".".join(str(p) for p in loc) or "file"
            messages.append(f"{shown}: {where}: {field}: {err['msg']}")
        raise CurationError("\n".join(messages)) from exc


def _judgement_key(j: Judgement) -> tuple[str, str]:
    a = j.a_id or name_forms(j.a or "").clean
    b = j.b_id or name_forms(j.b or "").clean
    return (a, b) if a <= b else (b, a)


def _check_consistency(curation: Curation) -> None:
    seen: dict[tuple[str, str], Judgement] = {}
    for j in curation.judgements:
        key = _judgement_key(j)
        if key[0] == key[1]:
            raise CurationError(f"judgement {j.sides[0]!r} / {j.sides[1]!r}: both sides are the same name once normalised")
        other = seen.get(key)
        if other is not None and other.decision != j.decision:
            raise CurationError(
                f"judgements contradict each other: {other.sides[0]!r} / {other.sides[1]!r} is "
                f"'{other.decision}' in one entry and '{j.decision}' in another"
            )
        seen[key] = j
    names: set[tuple[str, str]] = set()
    for org in curation.organisations:
        key = (name_forms(org.name).clean, org.country_code)
        if key in names:
            raise CurationError(f"organisations: {org.name!r} ({org.country_code}) is added twice")
        names.add(key)


def load_curation(path: Path | None = None) -> Curation:
    """Load a curation file, or every ``*.yml`` of a folder (default: the repo's ``curation/``)."""
    target = Path(path) if path is not None else DEFAULT_CURATION_DIR
    if target.is_dir():
        files = sorted(p for p in target.iterdir() if p.suffix in (".yml", ".yaml"))
    elif target.exists():
        files = [target]
    else:
        raise CurationError(f"{target}: no such curation file or folder")
    merged = Curation()
    for file in files:
        part = _parse_file(file)
        merged.judgements.extend(part.judgements)
        merged.organisations.extend(part.organisations)
        merged.facilities.extend(part.facilities)
        merged.corrections.extend(part.corrections)
        merged.sources.append(_display(file))
    _check_consistency(merged)
    return merged


def curated_registry(curation: Curation | None) -> list[RegistryEntry]:
    """Curated organisations as registry entries, with corrections applied."""
    if curation is None:
        return []
    entries = []
    for org in curation.organisations:
        entries.append(
            RegistryEntry(
                id=org.id or stable_id("org", org.name, org.country_code),
                name=org.name,
                aliases=org.aliases,
                tickers=org.tickers,
                former_names=org.former_names,
                country_code=org.country_code,
                parent=org.parent,
                source="curation",
            )
        )
    return entries


def _matches(correction: Correction, ident: str | None, name: str | None) -> bool:
    if correction.id:
        return correction.id == ident
    return bool(correction.name and name) and name_forms(correction.name).core == name_forms(name or "").core


def apply_organisation_corrections(rows: list[dict[str, Any]], curation: Curation | None) -> list[dict[str, Any]]:
    """Set reviewed field values on organisation rows (matched by ``organisation_id`` or name).

    Corrected rows get ``is_curated = True``; the input list is not changed.
    """
    if curation is None:
        return rows
    fixes = [c for c in curation.corrections if c.target == "organisation"]
    out = []
    for row in rows:
        row = dict(row)
        for fix in fixes:
            if _matches(fix, row.get("organisation_id") or row.get("id"), row.get("name")):
                row[fix.field] = fix.value
                row["is_curated"] = True
        out.append(row)
    return out


def corrected_name(curation: Curation | None, entity_id: str, name: str) -> str:
    """The reviewed display name of an organisation, if a correction sets one."""
    for fix in curation.corrections if curation else []:
        if fix.target == "organisation" and fix.field == "name" and _matches(fix, entity_id, name):
            return str(fix.value)
    return name
