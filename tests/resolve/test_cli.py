"""The `atmp` sub-commands of this stage, run in-process on temporary files."""

from __future__ import annotations

import json

from pipeline.cli import main


def _write_lines(path, rows) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")


def _read_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_resolve_follows_the_contract_and_survives_a_bad_line(tmp_path, data_dir, capsys) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_lines(src, [
        {"id": "1", "mention": "Autolus Therapeutics plc", "country_hint": "GB"},
        {"id": "2", "mention": "Autolus", "country_hint": None},
        {"id": "3", "country_hint": "GB"},
        "{not json",
        {"id": "5", "mention": "Cellectis", "country_hint": "FR"},
    ])
    assert main(["resolve", str(src), "-o", str(out), "--no-registry"]) == 0
    rows = _read_lines(out)
    assert [r.get("id") for r in rows] == ["1", "2", "3", None, "5"]
    assert set(rows[0]) == {"id", "entity_id", "canonical_name"}
    assert rows[0]["entity_id"] == rows[1]["entity_id"] != rows[4]["entity_id"]
    assert "error" in rows[2] and "error" in rows[3]
    err = capsys.readouterr().err
    assert "in.jsonl:3: field 'mention'" in err and "in.jsonl:4" in err
    assert (data_dir / "state" / "resolve" / "entity_ids.json").exists()


def test_resolve_reuses_issued_ids_across_runs(tmp_path, data_dir) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_lines(src, [{"id": "1", "mention": "Cell Therapy Catapult", "country_hint": "GB"}])
    main(["resolve", str(src), "-o", str(out), "--no-registry", "--no-judgements"])
    first = _read_lines(out)[0]["entity_id"]
    judgements = tmp_path / "j.yml"
    judgements.write_text("judgements:\n  - a: Cell Therapy Catapult\n    b: Cell and Gene Therapy Catapult\n"
                          "    decision: same\n    reason: renamed when gene therapy was added\n"
                          "    reviewer: tester\n    decided: 2026-01-01\n", encoding="utf-8")
    _write_lines(src, [{"id": "a", "mention": "Cell and Gene Therapy Catapult", "country_hint": "GB"},
                       {"id": "b", "mention": "Cell Therapy Catapult", "country_hint": "GB"}])
    main(["resolve", str(src), "-o", str(out), "--no-registry", "--judgements", str(judgements)])
    assert {r["entity_id"] for r in _read_lines(out)} == {first}


def test_resolve_uses_a_registry_file(tmp_path, data_dir) -> None:
    registry, src, out = tmp_path / "reg.jsonl", tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_lines(registry, [{"name": "Mendus", "country_code": "SE", "former_names": ["Immunicum"],
                             "tickers": ["Nasdaq Stockholm: IMMU"]}])
    _write_lines(src, [{"id": "1", "mention": "Immunicum AB", "country_hint": "SE"}, {"id": "2", "mention": "IMMU"}])
    assert main(["resolve", str(src), "-o", str(out), "--registry", str(registry), "--no-id-map", "--details"]) == 0
    rows = _read_lines(out)
    assert rows[0]["entity_id"] == rows[1]["entity_id"] and rows[0]["canonical_name"] == "Mendus"
    assert rows[1]["rule"] == "ticker"


def test_eval_resolve_prints_pairwise_scores(tmp_path, capsys) -> None:
    gold = tmp_path / "gold.jsonl"
    _write_lines(gold, [
        {"id": "1", "mention": "Kiadis Pharma N.V.", "country_hint": "NL", "cluster": "kiadis"},
        {"id": "2", "mention": "Kiadis", "country_hint": None, "cluster": "kiadis"},
        {"id": "3", "mention": "Oxford Nanopore Technologies", "country_hint": "GB", "cluster": "ont"},
        {"id": "4", "mention": "Oxford Biomedica", "country_hint": "GB", "cluster": "oxb"},
    ])
    assert main(["eval-resolve", str(gold), "--no-registry", "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert (scores["precision"], scores["recall"], scores["f1"]) == (1.0, 1.0, 1.0)
    assert scores["true_pairs"] == 1 and scores["predicted_clusters"] == 3


def test_resolve_facilities_writes_one_line_per_fact_and_the_sites(tmp_path, data_dir) -> None:
    src, out, sites = tmp_path / "facts.jsonl", tmp_path / "out.jsonl", tmp_path / "sites.jsonl"
    base = {"organisation_id": "org_a", "organisation_name": "Acme", "city": "Leiden", "country_code": "NL"}
    _write_lines(src, [
        {**base, "announcement_id": "n1", "published": "2022-01-01", "title": "Acme to build Leiden plant", "event_type": "new_facility"},
        {**base, "announcement_id": "n2", "published": "2024-01-01", "title": "Acme opens Leiden plant", "event_type": "opening"},
        {**base, "announcement_id": "n3", "published": "not a date"},
    ])
    assert main(["resolve-facilities", str(src), "-o", str(out), "--facilities", str(sites), "--no-id-map", "--no-judgements"]) == 0
    rows = _read_lines(out)
    assert rows[0]["facility_id"] == rows[1]["facility_id"] and "error" in rows[2]
    (site,) = _read_lines(sites)
    assert site["status"] == "operational" and site["announcement_ids"] == ["n1", "n2"]


def test_curation_check_reports_a_bad_entry(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("judgements:\n  - a: X Bio\n    b: Y Bio\n    decision: perhaps\n", encoding="utf-8")
    assert main(["curation-check", str(bad)]) == 1
    assert "judgements[0] (X Bio / Y Bio): decision" in capsys.readouterr().err
    assert main(["curation-check"]) == 0


def test_snapshot_registry_is_the_default_and_its_tickers_work(tmp_path, data_dir, caplog) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    latest = data_dir / "snapshots" / "latest"
    latest.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([{"organisation_id": "org_snap", "name": "Autolus Therapeutics",
                                          "country_code": "GB", "aliases": ["Autolus", "Nasdaq: AUTL"]}]),
                   latest / "core_atmp__organisations.parquet")
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_lines(src, [{"id": "1", "mention": "AUTL"}, {"id": "2", "mention": "Autolus plc"}])
    with caplog.at_level("INFO"):
        assert main(["resolve", str(src), "-o", str(out), "--no-id-map"]) == 0
    assert {r["entity_id"] for r in _read_lines(out)} == {"org_snap"}
    assert "core_atmp__organisations.parquet" in caplog.text
