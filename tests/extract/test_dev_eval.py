"""The team's dev announcements: the issue's bar (relevance F1 >= 0.95, mean per-field score >= 0.90).

Uses the real geocoding stage and the shared dev file (skipped when it is absent).
Nothing from the dev file is copied here; the ids and texts are read at test time.
"""

from __future__ import annotations

import json

import pytest

from pipeline.extract import ExtractInput, extract
from pipeline.extract.scoring import score
from tests.shared_data import dev_file

pytestmark = pytest.mark.needs_shared


def test_dev_set_meets_the_bar() -> None:
    path = dev_file("announcements.jsonl")
    pytest.importorskip("pipeline.geocode")
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        item = ExtractInput.model_validate(row)
        pairs.append((item.id, row["gold"], extract(item).model_dump(mode="json")))
    rep = score(pairs)
    assert rep.relevance_f1 >= 0.95, rep.disagreements
    assert rep.mean_field_score >= 0.90, rep.field_means()
    # regression floor, a little under the measured 1.000 / 0.989 (docs/extraction.md)
    assert rep.relevance_f1 >= 0.97 and rep.mean_field_score >= 0.96, (rep.field_means(), rep.disagreements)
