"""The evaluation's per-field rules."""

from __future__ import annotations

from pipeline.extract.scoring import amount_match, field_score, score


def test_names_compare_without_legal_forms_and_accents() -> None:
    assert field_score("companies", ["Kiadis Pharma N.V."], ["Kiadis Pharma"]) == 1.0
    assert field_score("city", "Gdańsk", "gdansk") == 1.0
    assert field_score("partners", ["A", "B"], ["A"]) == 2 / 3


def test_amount_tolerance_and_currency() -> None:
    assert amount_match({"value": 1e9, "currency": "USD"}, {"value": 1.004e9, "currency": "USD"}) == 1.0
    assert amount_match({"value": 1e9, "currency": "USD"}, {"value": 1e9, "currency": "EUR"}) == 0.0
    assert amount_match(None, None) == 1.0


def test_report_counts_relevance_over_all_and_fields_over_gold_relevant() -> None:
    gold_rel = {"relevant": True, "companies": ["X"], "partners": [], "facility_name": None, "city": "Ghent", "country": "BE",
                "event_type": "opening", "modality": ["car-t", "cell_therapy"], "operational_year": 2024, "investment_amount": None}
    gold_not = dict(gold_rel, relevant=False)
    pred = dict(gold_rel, city="Gent")
    rep = score([("1", gold_rel, pred), ("2", gold_not, dict(pred, relevant=False))])
    assert rep.relevance_f1 == 1.0
    assert rep.field_means()["city"] == 0.0
    assert rep.field_means()["companies"] == 1.0
