"""Stable IDs: new spellings, crawl order and unrelated newcomers never change an issued ID."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from pipeline.resolve import resolve_mentions
from schemas.curation import Curation, Judgement
from schemas.resolution import Mention

from tests.resolve.helpers import entry

NAMES = [
    ("Autolus Therapeutics plc", "GB"), ("Autolus", "GB"), ("Cellectis S.A.", "FR"), ("Cellectis", None),
    ("Cell and Gene Therapy Catapult", "GB"), ("Oxford Biomedica plc", "GB"), ("Oxford Nanopore Technologies", "GB"),
    ("Recipharm AB (publ)", "SE"), ("Miltenyi Biotec B.V. & Co. KG", "DE"), ("Medigene AG", "DE"),
    ("Medigene Immunotherapies GmbH", "DE"), ("Kiadis Pharma N.V.", "NL"), ("Hospital Clínic de Barcelona", "ES"),
]


def _mentions(names, prefix="m") -> list[Mention]:
    return [Mention(id=f"{prefix}{i}", mention=n, country_hint=c) for i, (n, c) in enumerate(names)]


def _ids(results, items) -> dict[str, str]:
    return {m.mention: r.entity_id for m, r in zip(items, results, strict=True)}


def test_same_input_in_any_order_gives_the_same_ids_and_names() -> None:
    items = _mentions(NAMES)
    reference = {m.mention: (r.entity_id, r.canonical_name) for m, r in zip(items, resolve_mentions(items), strict=True)}
    rng = random.Random(7)
    for _ in range(5):
        shuffled = items[:]
        rng.shuffle(shuffled)
        got = {m.mention: (r.entity_id, r.canonical_name) for m, r in zip(shuffled, resolve_mentions(shuffled), strict=True)}
        assert got == reference


def test_crawl_order_with_id_maps_gives_the_same_ids(tmp_path) -> None:
    first, second = NAMES[:7], NAMES[7:]
    forward, backward = tmp_path / "forward.json", tmp_path / "backward.json"
    resolve_mentions(_mentions(first), id_map_path=forward)
    resolve_mentions(_mentions(second), id_map_path=forward)
    resolve_mentions(_mentions(second), id_map_path=backward)
    resolve_mentions(_mentions(first), id_map_path=backward)
    items = _mentions(NAMES)
    assert _ids(resolve_mentions(items, id_map_path=forward), items) == _ids(resolve_mentions(items, id_map_path=backward), items)


def test_new_spellings_keep_the_id_without_a_map() -> None:
    before = _ids(resolve_mentions(items := _mentions(NAMES)), items)
    variants = [("AUTOLUS THERAPEUTICS LIMITED", "GB"), ("Cellectis SA", "FR"), ("Cell & Gene Therapy Catapult", None),
                ("Oxford BioMedica", None), ("Recipharm", None), ("Clinic Barcelona Hospital", None)]
    after_items = _mentions(NAMES + variants)
    after = _ids(resolve_mentions(after_items), after_items)
    assert {n: after[n] for n in before} == before
    assert after["AUTOLUS THERAPEUTICS LIMITED"] == before["Autolus Therapeutics plc"]


def test_new_spelling_that_sorts_first_keeps_the_issued_id_with_the_map(tmp_path) -> None:
    id_map = tmp_path / "ids.json"
    before = _ids(resolve_mentions(items := _mentions(NAMES), id_map_path=id_map), items)
    # An acronym and a former name: both would mint a different ID if minted afresh.
    registry = [entry("org_reg_celyad", "Celyad Oncology", former_names=["Cardio3 BioSciences"])]
    first = _mentions([("Cardio3 BioSciences", "BE")], "x")
    celyad_before = resolve_mentions(first, id_map_path=id_map)[0].entity_id
    later = _mentions(NAMES + [("CGT Catapult", "GB"), ("Celyad Oncology SA", "BE"), ("Cardio3 BioSciences", "BE")])
    after = _ids(resolve_mentions(later, registry=registry, id_map_path=id_map), later)
    assert {n: after[n] for n in before} == before
    assert after["CGT Catapult"] == before["Cell and Gene Therapy Catapult"]
    assert after["Celyad Oncology SA"] == after["Cardio3 BioSciences"] == celyad_before


def test_an_unrelated_newcomer_changes_no_id() -> None:
    before = _ids(resolve_mentions(items := _mentions(NAMES)), items)
    newcomers = [("Vivet Therapeutics", "FR"), ("Orgenesis Inc.", "US"), ("Oxford Immunotec", "GB")]
    after_items = _mentions(NAMES + newcomers)
    after = _ids(resolve_mentions(after_items), after_items)
    assert {n: after[n] for n in before} == before
    assert len({after[n] for n, _ in newcomers} - set(before.values())) == 3


def test_registry_entries_give_their_own_ids_regardless_of_spelling() -> None:
    registry = [entry("org_0123456789abcdef", "Miltenyi Biotec", country_code="DE")]
    for spelling in ("Miltenyi Biotec B.V. & Co. KG", "MILTENYI BIOTEC", "Miltenyi Biotec GmbH"):
        (result,) = resolve_mentions(_mentions([(spelling, None)]), registry=registry)
        assert result.entity_id == "org_0123456789abcdef"


def test_merging_two_issued_entities_keeps_one_id_and_records_the_other(tmp_path) -> None:
    id_map = tmp_path / "ids.json"
    items = _mentions([("Kyowa Kirin", "JP"), ("Kyowa Hakko Kirin", "JP")])
    old = [r.entity_id for r in resolve_mentions(items, id_map_path=id_map)]
    assert old[0] != old[1]
    curation = Curation(judgements=[Judgement(a="Kyowa Kirin", b="Kyowa Hakko Kirin", decision="same",
                                              reason="renamed in 2019", reviewer="tester", decided=date(2026, 1, 1))])
    new = {r.entity_id for r in resolve_mentions(items, judgements=curation, id_map_path=id_map)}
    assert len(new) == 1 and new <= set(old)
    merged = json.loads(id_map.read_text())["merged"]
    assert merged == {(set(old) - new).pop(): new.pop()}


@pytest.mark.parametrize("decision", ["different", "unsure"])
def test_splitting_a_cluster_keeps_the_id_on_one_side(tmp_path, decision: str) -> None:
    id_map = tmp_path / "ids.json"
    items = _mentions([("Acme Biotech", "DE"), ("Acme Biotech Holdings", "DE")])
    (old,) = {r.entity_id for r in resolve_mentions(items, id_map_path=id_map)}
    curation = Curation(judgements=[Judgement(a="Acme Biotech", b="Acme Biotech Holdings", decision=decision,
                                              reason="separate companies", reviewer="tester", decided=date(2026, 1, 1))])
    new = [r.entity_id for r in resolve_mentions(items, judgements=curation, id_map_path=id_map)]
    assert len(set(new)) == 2 and old in new


def test_two_clusters_with_one_anchor_get_their_ids_whatever_the_order() -> None:
    # "Acme Pharmaceutical" and "Acme International" both reduce to "acme" but stay apart
    # (clashing descriptors): which one gets the plain hash must not depend on order.
    from pipeline.resolve.idmap import IdMap

    clusters = [(["org:acme pharmaceutical"], "acme", None), (["org:acme international"], "acme", None)]
    forward = IdMap().assign(clusters, "org")
    backward = IdMap().assign(clusters[::-1], "org")
    assert forward == backward[::-1] and len(set(forward)) == 2
    items = _mentions([("Acme Pharmaceutical", "GB"), ("Acme International Limited", "GB")])
    ids = _ids(resolve_mentions(items), items)
    assert ids == _ids(resolve_mentions(items[::-1]), items[::-1]) and len(set(ids.values())) == 2
