"""EMA medicines export: ATMP rows -> approvals; everything else counted and skipped."""

from __future__ import annotations

import json

import pytest

from pipeline.validate import validate_items
from schemas.records import ApprovalRecord, RawItem
from scrapers.archive import ReplayArchive
from scrapers.registry import replay_dir
from scrapers.sources.eu_ema_medicines.spider import normalise_flag, parse_ema_date
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "eu_ema_medicines"
EXPORT = (
    "https://www.ema.europa.eu/en/documents/report/medicines-output-medicines_json-report_en.json"
)
JSON_HEADERS = {"Content-Type": "application/json"}


def _recorded_rows() -> list[dict]:
    archive = ReplayArchive(replay_dir(SLUG))
    return json.loads(archive.body_bytes(archive.lookup("GET", EXPORT)))["data"]


def _row(**overrides: object) -> dict:
    """A minimal ATMP row in the export's shape (Kymriah's public facts)."""
    row = {
        "category": "Human",
        "name_of_medicine": "Kymriah",
        "ema_product_number": "EMEA/H/C/004090",
        "medicine_status": "Authorised",
        "international_non_proprietary_name_common_name": "tisagenlecleucel",
        "active_substance": "tisagenlecleucel",
        "therapeutic_area_mesh": "Lymphoma, Large B-Cell, Diffuse",
        "advanced_therapy": "Yes",
        "marketing_authorisation_developer_applicant_holder": "Novartis Europharm Limited",
        "marketing_authorisation_date": "23/08/2018",
        "medicine_url": "https://www.ema.europa.eu/en/medicines/human/EPAR/kymriah",
    }
    row.update(overrides)
    return row


def _run(rows: object, body: bytes | None = None):
    payload = body if body is not None else json.dumps({"meta": {}, "data": rows}).encode()
    return run_callback(make_spider(SLUG), response_for(EXPORT, payload, headers=JSON_HEADERS))


@pytest.fixture(scope="module")
def recorded():
    return run_callback(make_spider(SLUG), recorded_response(SLUG, EXPORT))


def test_every_atmp_row_becomes_a_valid_approval(recorded):
    assert recorded.items
    outcome = validate_items(recorded.items)
    assert not outcome.quarantine
    assert len(outcome.valid) == len(recorded.items)
    for item in recorded.items:
        envelope = RawItem.model_validate(item)
        assert envelope.item_type == "approval"
        assert (
            envelope.based_on_url == "https://www.ema.europa.eu/en/medicines/download-medicine-data"
        )
        assert ApprovalRecord.model_validate(envelope.data).is_advanced_therapy is True


def test_field_level_mapping_of_a_recorded_product(recorded):
    by_name = {i["data"]["product_name"]: i for i in recorded.items}
    kymriah = by_name["Kymriah"]
    assert kymriah["item_key"] == "EMEA/H/C/004090"
    assert kymriah["data"]["holder"] == "Novartis Europharm Limited"
    assert kymriah["data"]["authorisation_date"] == "2018-08-23"
    assert kymriah["data"]["status"] == "authorised"
    assert kymriah["data"]["active_substance"] == "tisagenlecleucel"
    assert kymriah["data"]["product_url"].endswith("/EPAR/kymriah")
    # expired and withdrawn authorisations are kept, with their status mapped through values.yml
    assert by_name["Glybera"]["data"]["status"] == "withdrawn"
    assert by_name["Glybera"]["data"]["authorisation_date"] == "2012-10-25"


def test_only_rows_flagged_as_advanced_therapy_are_emitted(recorded):
    rows = _recorded_rows()
    emitted = {i["data"]["product_name"] for i in recorded.items}
    for row in rows:
        flag = normalise_flag(row["advanced_therapy"])
        if row["category"] == "Human" and flag is True:
            assert row["name_of_medicine"] in emitted
        else:
            assert row["name_of_medicine"] not in emitted
    # the oddly spelled flags of the recording are read as Yes
    assert {"Holoclar", "Luxturna", "Zolgensma", "Glybera"} <= emitted


def test_skipped_rows_are_counted_in_stats(recorded):
    stats = recorded.stats
    counted = sum(
        stats.get(k, 0)
        for k in (
            "atmp/ema/atmp",
            "atmp/ema/skipped_non_atmp",
            "atmp/ema/flag_blank",
            "atmp/ema/unknown_flag",
        )
    ) + sum(v for k, v in stats.items() if k.startswith("atmp/ema/skipped_category/"))
    assert stats["atmp/ema/records"] == len(_recorded_rows()) == counted
    assert stats["atmp/ema/skipped_non_atmp"] > 10
    assert stats["atmp/ema/skipped_category/veterinary"] >= 1


def test_unknown_flag_value_is_reported_not_guessed(recorded):
    (reject,) = [r for r in recorded.rejects if "flag" in r["reason"]]
    assert reject["reason"] == "unknown advanced_therapy flag: '-'"
    assert "IXinity" in reject["detail"]
    assert "IXinity" not in {i["data"]["product_name"] for i in recorded.items}


@pytest.mark.parametrize(
    "spelling", ["Yes", "yes ", "YES", "Y", " y", "Sì", "si", "Yes&nbsp;", "Ja"]
)
def test_yes_spellings_are_normalised(spelling):
    result = _run([_row(advanced_therapy=spelling)])
    (item,) = result.items
    assert item["data"]["is_advanced_therapy"] is True


@pytest.mark.parametrize(
    ("spelling", "stat"),
    [
        ("No", "skipped_non_atmp"),
        ("n", "skipped_non_atmp"),
        ("NO ", "skipped_non_atmp"),
        ("", "flag_blank"),
        (None, "flag_blank"),
    ],
)
def test_no_and_blank_spellings_are_skipped_and_counted(spelling, stat):
    result = _run([_row(advanced_therapy=spelling)])
    assert not result.items and not result.rejects
    assert result.stats[f"atmp/ema/{stat}"] == 1


def test_yaml_does_not_turn_the_flag_table_into_booleans():
    # YAML 1.1 would read the keys no/yes/y/n as booleans; our loader keeps them strings
    assert (
        normalise_flag("no") is False
        and normalise_flag("y") is True
        and normalise_flag("N") is False
    )


def test_a_body_that_is_not_json_is_rejected():
    result = _run(None, body=b"<html><body>Service unavailable</body></html>")
    assert not result.items
    assert result.rejects[0]["reason"] == "export is not JSON"


def test_a_renamed_data_array_is_rejected_and_audited():
    body = json.dumps({"meta": {"total_records": 1}, "results": [_row()]}).encode()
    result = _run(None, body=body)
    assert not result.items
    assert result.rejects[0]["reason"] == "export has no data array"
    assert result.stats.get("atmp/unused_field/results") == 1


def test_a_renamed_flag_field_is_rejected_with_a_reason():
    row = _row()
    row["advanced_therapy_flag"] = row.pop("advanced_therapy")
    result = _run([row])
    assert not result.items
    assert result.rejects[0]["reason"] == "record has no advanced_therapy field"


def test_new_fields_in_an_atmp_row_surface_as_unused():
    result = _run([_row(marketing_authorisation_holder_company_name="Novartis Europharm Limited")])
    assert len(result.items) == 1
    assert result.stats.get("atmp/unused_field/marketing_authorisation_holder_company_name") == 1


def test_a_bare_array_export_is_accepted():
    result = _run(None, body=json.dumps([_row()]).encode())
    assert [i["item_key"] for i in result.items] == ["EMEA/H/C/004090"]


def test_unreadable_values_are_emitted_for_validation_to_quarantine():
    rows = [
        _row(ema_product_number="EMEA/H/C/1", marketing_authorisation_date="31/02/2023"),
        _row(ema_product_number="EMEA/H/C/2", medicine_status="Paused"),
        _row(
            ema_product_number="EMEA/H/C/3", marketing_authorisation_developer_applicant_holder=" "
        ),
    ]
    result = _run(rows)
    assert len(result.items) == 3
    assert result.stats["atmp/ema/unknown_status"] == 1
    outcome = validate_items(result.items)
    assert not outcome.valid
    fields = sorted(q.field for q in outcome.quarantine)
    assert fields == ["data.authorisation_date", "data.holder", "data.status"]


def test_the_key_falls_back_to_the_product_page_when_the_number_is_blank():
    result = _run([_row(ema_product_number="")])
    assert (
        result.items[0]["item_key"] == "https://www.ema.europa.eu/en/medicines/human/EPAR/kymriah"
    )


def test_ema_dates():
    assert parse_ema_date("05/10/2009") == "2009-10-05"
    assert parse_ema_date(" ") is None
    assert (
        parse_ema_date("Oct 2009") == "Oct 2009"
    )  # kept as written, so validation can quarantine it
