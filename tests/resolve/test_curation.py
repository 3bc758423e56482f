"""The reviewed curation files: valid as committed, clear errors when an entry is wrong."""

from __future__ import annotations

import pytest

from pipeline.resolve import CurationError, load_curation, resolve_mentions
from pipeline.resolve.curation import apply_organisation_corrections

from tests.resolve.helpers import by_name, mentions

GOOD_HEADER = "reason: checked on the company site\n    reviewer: tester\n    decided: 2026-01-02\n"


def _write(tmp_path, text: str):
    path = tmp_path / "cur.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_repo_curation_loads_and_every_entry_is_reviewed() -> None:
    curation = load_curation()
    assert curation.judgements and curation.sources
    assert all(j.reason and j.reviewer and j.decided for j in curation.judgements)
    assert {j.decision for j in curation.judgements} >= {"same", "different"}


def test_repo_judgements_are_applied() -> None:
    curation = load_curation()
    pair = next(j for j in curation.judgements if j.decision == "same" and j.a and j.b)
    items = mentions(pair.a, pair.b)
    ids = by_name(resolve_mentions(items, judgements=curation), items)
    assert ids[pair.a] == ids[pair.b]


def test_bad_decision_names_file_entry_and_field(tmp_path) -> None:
    path = _write(tmp_path, f"judgements:\n  - a: Medigene\n    b: Medigen Vaccine Biologics\n    decision: maybe\n    {GOOD_HEADER}")
    with pytest.raises(CurationError) as err:
        load_curation(path)
    message = str(err.value)
    assert "cur.yml" in message and "judgements[0] (Medigene / Medigen Vaccine Biologics)" in message
    assert "decision" in message


def test_missing_reason_is_an_error(tmp_path) -> None:
    path = _write(tmp_path, "organisations:\n  - name: Acme Cells\n    country_code: BE\n    reviewer: tester\n    decided: 2026-01-02\n")
    with pytest.raises(CurationError, match=r"organisations\[0\] \(Acme Cells\): reason"):
        load_curation(path)


def test_invalid_country_in_an_addition_is_an_error(tmp_path) -> None:
    path = _write(tmp_path, f"organisations:\n  - name: Acme Cells\n    country_code: XX\n    {GOOD_HEADER}")
    with pytest.raises(CurationError, match="country_code"):
        load_curation(path)


def test_contradicting_judgements_are_an_error(tmp_path) -> None:
    text = "judgements:\n" + "".join(
        f"  - a: Acme AG\n    b: Acme Pharma\n    decision: {d}\n    {GOOD_HEADER}" for d in ("same", "different")
    )
    with pytest.raises(CurationError, match="contradict"):
        load_curation(_write(tmp_path, text))


def test_unknown_section_is_an_error(tmp_path) -> None:
    with pytest.raises(CurationError, match="judgments"):
        load_curation(_write(tmp_path, "judgments: []\n"))


def test_curated_organisation_acts_as_a_registry_entry(tmp_path) -> None:
    path = _write(tmp_path, "organisations:\n  - name: Mendus AB\n    country_code: SE\n"
                            f"    former_names: [Immunicum]\n    tickers: ['Nasdaq Stockholm: IMMU']\n    {GOOD_HEADER}")
    curation = load_curation(path)
    items = mentions("Immunicum AB", "IMMU", "Mendus")
    results = resolve_mentions(items, judgements=curation)
    assert len({r.entity_id for r in results}) == 1 and results[0].canonical_name == "Mendus AB"


def test_corrected_city_is_applied_to_organisation_rows(tmp_path) -> None:
    path = _write(tmp_path, "corrections:\n  - target: organisation\n    name: Genethon\n    field: city\n"
                            f"    value: Évry-Courcouronnes\n    {GOOD_HEADER}")
    rows = [{"organisation_id": "org_1", "name": "Généthon", "city": "Evry"}, {"organisation_id": "org_2", "name": "Other", "city": "Paris"}]
    fixed = apply_organisation_corrections(rows, load_curation(path))
    assert fixed[0]["city"] == "Évry-Courcouronnes" and fixed[0]["is_curated"] is True
    assert fixed[1] == rows[1]


def test_correction_without_a_target_is_an_error(tmp_path) -> None:
    path = _write(tmp_path, f"corrections:\n  - target: facility\n    field: city\n    value: Ghent\n    {GOOD_HEADER}")
    with pytest.raises(CurationError, match="say which entry"):
        load_curation(path)
