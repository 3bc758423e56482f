"""The team's development mentions (../shared/dev): precision first, hard negatives never merged."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from pipeline.resolve import learn_aliases, load_curation, resolve_mentions
from pipeline.resolve.evaluate import pairwise_scores
from schemas.resolution import Mention
from tests.shared_data import dev_file

pytestmark = pytest.mark.needs_shared


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in dev_file(name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _run(rows: list[dict], **kw) -> dict[str, str]:
    items = [Mention(id=r["id"], mention=r["mention"], country_hint=r["country_hint"]) for r in rows]
    return {r.id: r.entity_id for r in resolve_mentions(items, **kw)}


def test_mentions_alone_make_no_wrong_merge() -> None:
    rows = _rows("organisations.jsonl")
    predicted = _run(rows, judgements=load_curation())
    scores = pairwise_scores({r["id"]: r["cluster"] for r in rows}, predicted)
    assert scores.precision >= 0.98
    assert scores.recall >= 0.7


def test_learning_from_announcements_adds_recall_without_wrong_merges() -> None:
    rows = _rows("organisations.jsonl")
    facts = [f for a in _rows("announcements.jsonl") for f in learn_aliases(f"{a['title']}\n\n{a['text']}", a["id"], a["url"])]
    gold = {r["id"]: r["cluster"] for r in rows}
    plain = pairwise_scores(gold, _run(rows))
    learned = pairwise_scores(gold, _run(rows, aliases=facts))
    assert learned.precision >= 0.98 and learned.recall > plain.recall


def test_hard_negatives_never_share_an_entity_with_their_look_alikes() -> None:
    rows = _rows("organisations.jsonl")
    predicted = _run(rows)
    clusters_of_entity: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        clusters_of_entity[predicted[r["id"]]].add(r["cluster"])
    negatives = [r for r in rows if "HARD NEGATIVE" in (r.get("note") or "")]
    assert negatives
    for r in negatives:
        assert clusters_of_entity[predicted[r["id"]]] == {r["cluster"]}, r["mention"]
