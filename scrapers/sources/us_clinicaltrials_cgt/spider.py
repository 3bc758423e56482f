"""ClinicalTrials.gov API v2: cell and gene therapy studies with European sites.

The API answers ``/api/v2/studies`` with ``{"studies": [...], "nextPageToken": ...}``;
the spider follows the token until it is absent. Each study becomes one
trial_sponsor item carrying only its European sites (country names resolved to
ISO alpha-2 through pycountry plus ``countries.yml``) and the modalities its
interventions stand for (``modalities.yml``). Sponsors are what we are after:
a trial tells us who develops which therapy, and where in Europe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
from scrapy.http import Response
from w3lib.url import add_or_replace_parameter

from schemas.common import EUROPEAN_COUNTRIES
from schemas.source import load_yaml
from scrapers.base import SourceSpider

HERE = Path(__file__).resolve().parent

# Parts of a study record we know and deliberately leave unread; anything else is audited.
UNUSED_STUDY_KEYS = frozenset(
    {"derivedSection", "hasResults", "resultsSection", "documentSection", "annotationSection"}
)
UNUSED_MODULES = frozenset(
    {
        "descriptionModule",
        "conditionsModule",
        "eligibilityModule",
        "outcomesModule",
        "referencesModule",
        "oversightModule",
        "ipdSharingStatementModule",
        "largeDocumentModule",
        "expandedAccessModule",
    }
)
UNUSED_FIELDS = {
    "identificationModule": {
        "orgStudyIdInfo",
        "secondaryIdInfos",
        "organization",
        "officialTitle",
        "acronym",
        "briefTitleSynonyms",
    },
    "statusModule": {
        "statusVerifiedDate",
        "lastKnownStatus",
        "delayedPosting",
        "expandedAccessInfo",
        "primaryCompletionDateStruct",
        "completionDateStruct",
        "studyFirstSubmitDate",
        "studyFirstSubmitQcDate",
        "studyFirstPostDateStruct",
        "lastUpdateSubmitDate",
        "lastUpdatePostDateStruct",
        "resultsFirstSubmitDate",
        "resultsFirstSubmitQcDate",
        "resultsFirstPostDateStruct",
        "whyStopped",
    },
    "sponsorCollaboratorsModule": {"responsibleParty", "collaborators"},
    "designModule": {
        "studyType",
        "designInfo",
        "enrollmentInfo",
        "patientRegistry",
        "targetDuration",
    },
    "armsInterventionsModule": {"armGroups"},
    "contactsLocationsModule": {"centralContacts", "overallOfficials"},
}
UNUSED_INTERVENTION_FIELDS = {"armGroupLabels", "interventionMeshTerms"}
UNUSED_LOCATION_FIELDS = {"status", "state", "zip", "contacts", "countryCode"}


@lru_cache(maxsize=1)
def modality_rules() -> dict[str, Any]:
    """Compiled modality vocabulary from modalities.yml."""
    raw = load_yaml(HERE / "modalities.yml")
    assert isinstance(raw, dict), "modalities.yml must be a mapping"
    keywords = {
        modality: re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(re.escape(w.lower()) for w in words) + r")(?![a-z0-9])"
        )
        for modality, words in (raw.get("keywords") or {}).items()
    }
    return {
        "by_type": raw.get("by_type") or {},
        "inn_stems": raw.get("inn_stems") or {},
        "keywords": keywords,
    }


def infer_modalities(interventions: list[dict[str, Any]]) -> list[str]:
    """Modalities named by the interventions' types, INN stems and keywords, in a stable order."""
    rules = modality_rules()
    found: list[str] = []
    for intervention in interventions:
        found += rules["by_type"].get(str(intervention.get("type") or "").upper(), [])
        text = " ".join(
            [str(intervention.get("name") or ""), str(intervention.get("description") or "")]
            + [str(n) for n in intervention.get("otherNames") or []]
        ).lower()
        for word in re.findall(r"[a-z0-9+-]+", text):
            for stem, modalities in rules["inn_stems"].items():
                if word.endswith(stem) and len(word) > len(stem) + 2:
                    found += modalities
        found += [
            modality for modality, pattern in rules["keywords"].items() if pattern.search(text)
        ]
    return list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    raw = load_yaml(HERE / "countries.yml")
    assert isinstance(raw, dict), "countries.yml must be a mapping"
    return {str(k).casefold(): str(v) for k, v in (raw.get("aliases") or {}).items()}


def country_code(name: str | None) -> str | None:
    """ISO alpha-2 for a registry country name; None when neither aliases nor pycountry know it."""
    if not name or not name.strip():
        return None
    key = name.strip().casefold()
    if key in country_aliases():
        return country_aliases()[key]
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def partial_date(value: str | None) -> str | None:
    """Registry dates are YYYY-MM-DD or YYYY-MM; a month-only date is pinned to its first day."""
    if not value:
        return None
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-01"
    return text


class ClinicalTrialsCgtSpider(SourceSpider):
    name = "us_clinicaltrials_cgt"

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        page = response.meta.get("atmp_page", 1)
        try:
            document = json.loads(response.text)
        except (ValueError, AttributeError) as exc:
            self.reject(
                response.url,
                "API answer is not JSON",
                status=response.status,
                detail=str(exc)[:200],
            )
            return
        if not isinstance(document, dict) or not isinstance(document.get("studies"), list):
            self.reject(response.url, "API answer has no studies array", status=response.status)
            return
        document = dict(document)
        studies = document.pop("studies")
        token = document.pop("nextPageToken", None)
        document.pop("totalCount", None)
        self.audit(document, f"page {page}")
        for position, study in enumerate(studies):
            self.crawler.stats.inc_value("atmp/ctgov/studies")
            item = self.parse_study(response, study, f"page {page} study {position}")
            if item is not None:
                yield item
        if token:
            if token == response.meta.get("atmp_token"):
                self.reject(
                    response.url,
                    "pagination loop: the API repeated its page token",
                    detail=str(token),
                )
                return
            next_url = add_or_replace_parameter(response.url, "pageToken", str(token))
            yield self.listing_request(next_url, self.parse, atmp_page=page + 1, atmp_token=token)

    # one study ---------------------------------------------------------------
    def parse_study(self, response: Response, study: Any, where: str) -> dict[str, Any] | None:
        stats = self.crawler.stats
        if not isinstance(study, dict) or not isinstance(study.get("protocolSection"), dict):
            self.reject(response.url, "study without protocolSection", detail=where)
            return None
        study = dict(study)
        section = dict(study.pop("protocolSection"))
        for key in UNUSED_STUDY_KEYS:
            study.pop(key, None)
        self.audit(study, where)

        ident = self._module(section, "identificationModule")
        status = self._module(section, "statusModule")
        sponsors = self._module(section, "sponsorCollaboratorsModule")
        design = self._module(section, "designModule")
        arms = self._module(section, "armsInterventionsModule")
        places = self._module(section, "contactsLocationsModule")
        for key in UNUSED_MODULES:
            section.pop(key, None)
        self.audit(section, f"{where} protocolSection")

        nct_id = ident.pop("nctId", None)
        if not nct_id:
            self.reject(response.url, "study without nctId", detail=where)
            return None
        where = f"{nct_id}"
        lead = dict(sponsors.pop("leadSponsor", None) or {})
        interventions = [
            self._intervention(i, where) for i in arms.pop("interventions", None) or []
        ]
        sites, dropped = self._european_sites(places.pop("locations", None) or [], where)
        phases = design.pop("phases", None) or []
        payload: dict[str, Any] = {
            "nct_id": nct_id,
            "title": ident.pop("briefTitle", None),
            "sponsor": lead.pop("name", None),
            "sponsor_class": lead.pop("class", None),
            "phase": "/".join(str(p) for p in phases) or None,
            "overall_status": status.pop("overallStatus", None),
            "start_date": partial_date((status.pop("startDateStruct", None) or {}).get("date")),
            "interventions": [i["name"] for i in interventions if i.get("name")],
            "modalities": infer_modalities(interventions),
            "sites": sites,
        }
        self.audit(lead, f"{where} leadSponsor")
        for module_name, module in (
            ("identificationModule", ident),
            ("statusModule", status),
            ("sponsorCollaboratorsModule", sponsors),
            ("designModule", design),
            ("armsInterventionsModule", arms),
            ("contactsLocationsModule", places),
        ):
            for key in UNUSED_FIELDS[module_name]:
                module.pop(key, None)
            self.audit(module, f"{where} {module_name}")
        stats.inc_value("atmp/ctgov/sites_outside_europe", dropped)
        if not sites:
            stats.inc_value("atmp/ctgov/no_european_site")
            return None
        stats.inc_value("atmp/ctgov/european_sites", len(sites))
        return self.make_item(
            response, "trial_sponsor", nct_id, {k: v for k, v in payload.items() if v is not None}
        )

    def _module(self, section: dict[str, Any], name: str) -> dict[str, Any]:
        value = section.pop(name, None)
        return dict(value) if isinstance(value, dict) else {}

    def _intervention(self, raw: Any, where: str) -> dict[str, Any]:
        raw = dict(raw) if isinstance(raw, dict) else {}
        intervention = {
            key: raw.pop(key, None) for key in ("type", "name", "description", "otherNames")
        }
        for key in UNUSED_INTERVENTION_FIELDS:
            raw.pop(key, None)
        self.audit(raw, f"{where} intervention")
        return intervention

    def _european_sites(self, locations: list[Any], where: str) -> tuple[list[dict[str, Any]], int]:
        """European sites as {facility, city, country_code, lat, lon}, and how many were dropped."""
        sites: list[dict[str, Any]] = []
        dropped = 0
        for raw in locations:
            location = dict(raw) if isinstance(raw, dict) else {}
            country = location.pop("country", None)
            code = country_code(country)
            geo = location.pop("geoPoint", None) or {}
            site = {"facility": location.pop("facility", None), "city": location.pop("city", None)}
            for key in UNUSED_LOCATION_FIELDS:
                location.pop(key, None)
            self.audit(location, f"{where} location")
            if code is None:
                self.crawler.stats.inc_value("atmp/ctgov/unknown_country")
                self.logger.warning(
                    "%s: unknown country %r at %s; site dropped", self.name, country, where
                )
                dropped += 1
                continue
            if code not in EUROPEAN_COUNTRIES:
                dropped += 1
                continue
            site["country_code"] = code
            if isinstance(geo, dict) and geo.get("lat") is not None and geo.get("lon") is not None:
                site["lat"], site["lon"] = geo["lat"], geo["lon"]
            sites.append({k: v for k, v in site.items() if v is not None})
        return sites, dropped
