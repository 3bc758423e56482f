"""EMA's medicines JSON export: one record per centrally assessed medicine.

Only advanced therapy medicinal products (the ``advanced_therapy`` flag) become
approval items; every other medicine is counted and skipped, so the crawl
stats show how much of the export was noise. The flag's many spellings are
normalised through ``values.yml``; a spelling that table does not know is
rejected with the raw value instead of being guessed.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from scrapy.http import Response

from schemas.source import load_yaml
from scrapers.base import SourceSpider

VALUES_FILE = Path(__file__).with_name("values.yml")
_UNSET = object()

# Fields of the export we read on purpose but do not map into ApprovalRecord.
KNOWN_UNUSED = frozenset(
    (
        "opinion_status",
        "latest_procedure_affecting_product_information",
        "species_veterinary",
        "patient_safety",
        "atc_code_human",
        "atcvet_code_veterinary",
        "pharmacotherapeutic_group_human",
        "pharmacotherapeutic_group_veterinary",
        "therapeutic_indication",
        "accelerated_assessment",
        "additional_monitoring",
        "biosimilar",
        "conditional_approval",
        "exceptional_circumstances",
        "generic",
        "generic_or_hybrid",
        "orphan_medicine",
        "prime_priority_medicine",
        "european_commission_decision_date",
        "start_of_rolling_review_date",
        "start_of_evaluation_date",
        "opinion_adopted_date",
        "withdrawal_of_application_date",
        "refusal_of_marketing_authorisation_date",
        "withdrawal_expiry_revocation_lapse_of_marketing_authorisation_date",
        "suspension_of_marketing_authorisation_date",
        "revision_number",
        "first_published_date",
        "last_updated_date",
    )
)


@lru_cache(maxsize=1)
def value_tables() -> dict[str, Any]:
    """The normalisation tables, read once (YAML 1.2 booleans keep "no" a string key)."""
    raw = load_yaml(VALUES_FILE)
    if not isinstance(raw, dict):
        raise TypeError(f"{VALUES_FILE}: expected a mapping")
    return raw


def value_key(value: object) -> str:
    """The comparison key of a raw value: entities decoded, trimmed, case-folded, NFC."""
    text = html.unescape(str(value)).replace("\xa0", " ")
    return unicodedata.normalize("NFC", text).strip().casefold()


def normalise_flag(value: object) -> bool | None | object:
    """True/False/None for a known spelling; ``_UNSET`` for one the table does not know."""
    if value is None:
        return None
    return value_tables()["flags"].get(value_key(value), _UNSET)


def clean_text(value: object) -> str | None:
    """Export text as a person would write it: entities decoded, spaces squeezed, blank -> None."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", html.unescape(str(value)).replace("\xa0", " ")).strip()
    return text or None


def parse_ema_date(value: object) -> str | None:
    """dd/mm/yyyy -> ISO date; blank -> None; anything else is kept so validation quarantines it."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return text


class EmaMedicinesSpider(SourceSpider):
    name = "eu_ema_medicines"

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        try:
            document = json.loads(response.text)
        except (ValueError, AttributeError) as exc:
            self.reject(
                response.url, "export is not JSON", status=response.status, detail=str(exc)[:200]
            )
            return
        if isinstance(document, dict):
            document = dict(document)
            records = document.pop("data", None)
            document.pop("meta", None)
            self.audit(document, "export top level")
        else:
            records = document  # older exports were a bare array
        if not isinstance(records, list):
            self.reject(response.url, "export has no data array", status=response.status)
            return
        if not records:
            self.reject(response.url, "export data array is empty", status=response.status)
        stats = self.crawler.stats
        for position, record in enumerate(records):
            stats.inc_value("atmp/ema/records")
            if not isinstance(record, dict):
                self.reject(response.url, "record is not an object", detail=f"position {position}")
                continue
            item = self.parse_record(response, dict(record), position)
            if item is not None:
                yield item

    def parse_record(
        self, response: Response, record: dict[str, Any], position: int
    ) -> dict[str, Any] | None:
        """One export row -> an approval item, or None when it is out of scope or unreadable."""
        stats = self.crawler.stats
        name = clean_text(record.pop("name_of_medicine", None))
        where = f"record {position} ({name or 'unnamed'})"
        category = value_key(record.pop("category", "") or "")
        if category not in value_tables()["categories_in_scope"]:
            stats.inc_value(f"atmp/ema/skipped_category/{category or 'blank'}")
            return None
        if "advanced_therapy" not in record:
            self.reject(response.url, "record has no advanced_therapy field", detail=where)
            return None
        raw_flag = record.pop("advanced_therapy")
        flag = normalise_flag(raw_flag)
        if flag is _UNSET:
            stats.inc_value("atmp/ema/unknown_flag")
            self.reject(response.url, f"unknown advanced_therapy flag: {raw_flag!r}", detail=where)
            return None
        if flag is None:
            stats.inc_value("atmp/ema/flag_blank")
            return None
        if flag is False:
            stats.inc_value("atmp/ema/skipped_non_atmp")
            return None

        number = clean_text(record.pop("ema_product_number", None))
        url = clean_text(record.pop("medicine_url", None))
        raw_status = record.pop("medicine_status", None)
        status = value_tables()["statuses"].get(value_key(raw_status or ""))
        if status is None:
            stats.inc_value("atmp/ema/unknown_status")
        payload: dict[str, Any] = {
            "product_name": name,
            "active_substance": clean_text(
                record.pop("international_non_proprietary_name_common_name", None)
            )
            or clean_text(record.pop("active_substance", None)),
            "holder": clean_text(
                record.pop("marketing_authorisation_developer_applicant_holder", None)
            ),
            "authorisation_date": parse_ema_date(record.pop("marketing_authorisation_date", None)),
            "is_advanced_therapy": True,
            # an unknown status is kept as written so that validation quarantines it with the reason
            "status": status or clean_text(raw_status),
            "therapeutic_area": clean_text(record.pop("therapeutic_area_mesh", None))
            or clean_text(record.pop("therapeutic_area", None)),
            "product_url": url,
        }
        record.pop("active_substance", None)
        record.pop("therapeutic_area", None)
        for field in KNOWN_UNUSED:
            record.pop(field, None)
        self.audit(record, where)
        stats.inc_value("atmp/ema/atmp")
        key = number or url or name
        if not key:
            self.reject(
                response.url, "ATMP record without product number, URL or name", detail=where
            )
            return None
        return self.make_item(
            response, "approval", key, {k: v for k, v in payload.items() if v is not None}
        )
