"""Validate captured items against the schemas; refuse with a reason, never drop.

Each raw item must have a valid provenance envelope and a payload that
satisfies the model for its ``item_type``. Beyond types and ranges, a few
checks catch impossible facts a model cannot see on its own: coordinates at
(0, 0), or outside Europe for a site in a European country. Whatever fails
becomes a :class:`schemas.entities.Quarantine` row with the field and reason.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.raw import BadCaptureLine
from schemas.common import EUROPEAN_COUNTRIES, is_in_europe_bbox, utc_now
from schemas.entities import Quarantine
from schemas.records import PAYLOAD_MODELS, OrganisationRecord, RawItem, stable_id


@dataclass(frozen=True)
class ValidRecord:
    """A captured item whose envelope and payload are both valid."""

    item: RawItem
    payload: BaseModel

    def as_row(self) -> dict[str, Any]:
        return {**self.item.model_dump(mode="json", exclude={"data"}), "data": self.payload.model_dump(mode="json")}


@dataclass
class ValidationOutcome:
    valid: list[ValidRecord] = field(default_factory=list)
    quarantine: list[Quarantine] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        by_type = Counter(r.item.item_type for r in self.valid)
        return {**{f"valid_{k}": v for k, v in sorted(by_type.items())}, "quarantined": len(self.quarantine)}


def quarantine_row(
    stage: str,
    reason: str,
    *,
    field_name: str | None = None,
    item: dict[str, Any] | None = None,
    source_slug: str | None = None,
    source_url: str | None = None,
    seen_at: datetime | str | None = None,
) -> Quarantine:
    """Build a quarantine row whose ID is stable for the same item and reason."""
    item = item or {}
    item_id = item.get("item_id")
    slug = source_slug or item.get("source_slug")
    url = source_url or item.get("source_url")
    qid = stable_id("qua", stage, str(item_id or url or ""), field_name or "", reason)
    raw = json.dumps(item, ensure_ascii=False, sort_keys=True, default=str) if item else None
    return Quarantine(
        quarantine_id=qid,
        stage=stage,  # type: ignore[arg-type]
        source_slug=slug,
        item_id=str(item_id) if item_id else None,
        source_url=url,
        field=field_name,
        reason=reason,
        raw_json=raw,
        seen_at=seen_at or item.get("fetched_at") or utc_now(),
    )


def _errors(exc: ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    return [(prefix + ".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]


def _impossible_coordinates(payload: BaseModel) -> str | None:
    if not isinstance(payload, OrganisationRecord) or payload.lat is None or payload.lon is None:
        return None
    if payload.lat == 0 and payload.lon == 0:
        return "coordinates (0, 0) are a placeholder, not a place"
    if payload.country_code in EUROPEAN_COUNTRIES and not is_in_europe_bbox(payload.lat, payload.lon):
        return f"coordinates ({payload.lat}, {payload.lon}) lie outside Europe for a site in {payload.country_code}"
    return None


def validate_items(items: Iterable[dict[str, Any]]) -> ValidationOutcome:
    """Split captured items into valid records and quarantine rows."""
    out = ValidationOutcome()
    for raw in items:
        try:
            item = RawItem.model_validate(raw)
        except ValidationError as exc:
            for loc, msg in _errors(exc)[:1]:
                out.quarantine.append(quarantine_row("validate", f"invalid envelope: {msg}", field_name=loc, item=raw))
            continue
        model = PAYLOAD_MODELS[item.item_type]
        try:
            payload = model.model_validate(item.data)
        except ValidationError as exc:
            problems = _errors(exc, "data.")
            reason = "; ".join(f"{loc}: {msg}" for loc, msg in problems[:3])
            out.quarantine.append(
                quarantine_row("validate", f"invalid {item.item_type}: {reason}", field_name=problems[0][0], item=raw)
            )
            continue
        impossible = _impossible_coordinates(payload)
        if impossible:
            out.quarantine.append(quarantine_row("validate", impossible, field_name="data.lat", item=raw))
            continue
        out.valid.append(ValidRecord(item, payload))
    return out


def quarantine_bad_lines(slug: str, bad: Iterable[BadCaptureLine]) -> list[Quarantine]:
    """Capture lines that are not even JSON (e.g. a crawl killed mid-write)."""
    return [
        quarantine_row("crawl", line.reason, source_slug=slug, source_url=f"file:{line.path.name}:{line.line}")
        for line in bad
    ]


def quarantine_rejects(rejects: Iterable[dict[str, Any]]) -> list[Quarantine]:
    """Pages the spiders refused (HTTP errors, malformed pages, not in the archive)."""
    rows = []
    for rej in rejects:
        detail = f" ({rej['detail']})" if rej.get("detail") else ""
        rows.append(
            quarantine_row(
                "crawl",
                f"{rej.get('reason', 'rejected')}{detail}"[:1000],
                source_slug=rej.get("source_slug"),
                source_url=rej.get("url"),
                seen_at=rej.get("at"),
            )
        )
    return rows
