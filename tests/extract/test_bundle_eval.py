"""The bundled announcements (scrapers/replay/*): a second gold set, written by hand from the pages.

The gold in tests/fixtures/bundle_announcements.jsonl was annotated from the texts
with the rules of the dev README, before looking at the extractor's answers. The
floors below are regression floors, set a little under the measured scores (see
docs/extraction.md for the tables); they are not targets.
"""

from __future__ import annotations

from collections import Counter

import pycountry
import pytest

from pipeline.extract import ExtractInput, extract
from pipeline.extract.scoring import FIELDS, score
from schemas.extraction import EventType
from tests.extract.bundle_fixture import INPUT_KEYS, load_fixture, page_inputs

GOLD_KEYS = {"relevant", "companies", "partners", "facility_name", "city", "country", "event_type", "modality",
             "operational_year", "investment_amount"}
MODALITIES = {"car-t", "cell_therapy", "gene_therapy", "viral_vector", "plasmid", "tissue_engineered", "ipsc", "mrna", "other"}
LANGS = {"en", "de", "fr", "nl", "it", "es", "sv"}

# measured on the fixture (see docs/extraction.md: relevance F1 0.985, mean per field 0.951); floors a little below
FLOOR_RELEVANCE_F1 = 0.95
FLOOR_MEAN_FIELD = 0.92
FLOOR_FIELDS = {"companies": 0.88, "partners": 0.85, "city": 0.88, "country": 0.93, "event_type": 0.95, "modality": 0.83,
                "facility_name": 0.95, "operational_year": 0.93, "investment_amount": 0.95}

ROWS = load_fixture()


def test_fixture_is_well_formed() -> None:
    assert len(ROWS) >= 80
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    event_types = set(EventType.__args__)  # type: ignore[attr-defined]
    for r in ROWS:
        assert set(r) == set(INPUT_KEYS) | {"gold"}, r["id"]
        g = r["gold"]
        assert set(g) == GOLD_KEYS, r["id"]
        assert r["lang"] in LANGS, r["id"]
        assert g["event_type"] in event_types, r["id"]
        assert set(g["modality"]) <= MODALITIES, r["id"]
        if "car-t" in g["modality"]:
            assert "cell_therapy" in g["modality"], r["id"]
        if g["country"] is not None:
            assert pycountry.countries.get(alpha_2=g["country"]) is not None, r["id"]
        for name in g["companies"] + g["partners"] + ([g["facility_name"]] if g["facility_name"] else []):
            assert name in r["text"] or name in (r["title"] or ""), (r["id"], name)
        amount = g["investment_amount"]
        if amount is not None:
            assert set(amount) == {"value", "currency"} and len(amount["currency"]) == 3, r["id"]


def test_fixture_covers_the_languages_and_both_classes() -> None:
    langs = Counter(r["lang"] for r in ROWS)
    assert set(langs) == LANGS
    relevant = Counter(r["gold"]["relevant"] for r in ROWS)
    assert relevant[True] >= 50 and relevant[False] >= 10


def test_fixture_inputs_are_what_the_parser_gives_for_the_archived_page() -> None:
    stale = [r["id"] for r in ROWS if {k: r[k] for k in INPUT_KEYS} != page_inputs(r["url"])]
    assert not stale, (
        f"{len(stale)} fixture line(s) no longer match the parser's output for the archived page: "
        f"refresh with `python -m tests.extract.bundle_fixture` and re-check their gold: {stale[:5]}"
    )


def test_bundle_scores_stay_above_the_floor() -> None:
    pytest.importorskip("pipeline.geocode")
    pairs = [(r["id"], r["gold"], extract(ExtractInput.model_validate(r)).model_dump(mode="json")) for r in ROWS]
    rep = score(pairs)
    means = rep.field_means()
    assert set(means) == set(FIELDS)
    assert rep.relevance_f1 >= FLOOR_RELEVANCE_F1, [d for d in rep.disagreements if d[1] == "relevant"]
    assert rep.mean_field_score >= FLOOR_MEAN_FIELD, means
    low = {f: round(v, 3) for f, v in means.items() if v < FLOOR_FIELDS[f]}
    assert not low, (low, [d for d in rep.disagreements if d[1] in low])


def test_eval_extract_command_reads_the_fixture(capsys) -> None:  # noqa: ANN001
    from pipeline.cli import main
    from tests.extract.bundle_fixture import FIXTURE

    pytest.importorskip("pipeline.geocode")
    assert main(["eval-extract", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "records: 85" in out and "mean per field" in out
