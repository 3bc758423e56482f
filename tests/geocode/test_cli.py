"""``atmp geocode`` and ``atmp eval-geocode`` through the real command-line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.jsonl import read_jsonl


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_geocode_writes_one_line_per_input_and_survives_bad_lines(
    tmp_path: Path, geocoder, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_lines(
        tmp_path / "in.jsonl",
        [
            json.dumps({"id": "a", "mention": "Gent", "country_hint": "BE"}),
            json.dumps({"id": "b", "mention": "EMEA", "country_hint": None}),
            json.dumps({"id": "c"}),
            "{not json",
            json.dumps({"id": 7, "mention": "the Netherlands"}),
            json.dumps({"id": "d", "mention": "Leiden", "country_hint": "", "expected": {"ignored": True}}),
        ],
    )
    out = tmp_path / "out.jsonl"
    assert main(["geocode", str(src), "-o", str(out)]) == 0
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", "b", "c", None, "7", "d"]
    a, b, c, bad, nl, d = rows
    assert set(a) >= {"id", "name", "country", "lat", "lon", "precision"}
    assert (a["country"], a["precision"]) == ("BE", "city")
    assert b["precision"] is None and b["lat"] is None and b["reason"]
    assert "mention" in c["error"] and "in.jsonl:3" in c["error"]
    assert "in.jsonl:4" in bad["error"]
    assert nl["precision"] == "country"
    assert d["country"] == "NL"
    err = capsys.readouterr().err
    assert "in.jsonl:3: field 'mention'" in err


def test_geocode_missing_input_exits_2(tmp_path: Path) -> None:
    assert main(["geocode", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2


def gold_line(rid: str, mention: str, hint: str | None, expected: dict | None, km: float | None) -> str:
    return json.dumps({"id": rid, "mention": mention, "country_hint": hint, "expected": expected, "tolerance_km": km})


def test_eval_geocode_prints_failures_and_summary(tmp_path: Path, geocoder, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write_lines(
        tmp_path / "gold.jsonl",
        [
            gold_line("g1", "Milano", "IT", {"name": "Milan", "country": "IT", "lat": 45.46, "lon": 9.19}, 25),
            gold_line("g2", "Europe", None, None, None),
            # deliberately wrong gold: Leiden is not in Spain
            gold_line("g3", "Leiden", None, {"name": "X", "country": "ES", "lat": 40.4, "lon": -3.7}, 25),
        ],
    )
    report = tmp_path / "report.json"
    assert main(["eval-geocode", str(gold), "--json", str(report)]) == 0
    out = capsys.readouterr().out
    assert "FAIL g3" in out and "FAIL g1" not in out
    assert "within tolerance" in out and "1/2 (50.0%)" in out
    assert "expected null handled" in out and "1/1" in out
    data = json.loads(report.read_text())
    assert data["summary"]["within_tolerance"] == 1 and not data["summary"]["meets_bar"]
    assert [r["passed"] for r in data["rows"]] == [True, True, False]
    assert main(["eval-geocode", str(gold), "--fail-below-bar"]) == 1


def test_eval_geocode_counts_a_place_for_an_expected_null_as_failure(tmp_path: Path, geocoder, capsys) -> None:
    gold = write_lines(tmp_path / "gold.jsonl", [gold_line("n1", "Leiden", None, None, None)])
    assert main(["eval-geocode", str(gold), "--fail-below-bar"]) == 1
    assert "expected null, got a place" in capsys.readouterr().out


def test_help_lists_the_geocoding_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "geocode" in out and "eval-geocode" in out
