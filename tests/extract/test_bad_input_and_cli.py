"""Bad input gives a clear per-record result; the commands follow the JSON Lines contract."""

from __future__ import annotations

import json

from pipeline.cli import main
from pipeline.extract import ExtractInput, extract
from schemas.extraction import MAX_TEXT_CHARS
from tests.extract.fakes import fake_places


def _x(text: str, title: str | None = None):
    return extract(ExtractInput(id="b", text=text, title=title), place_finder=fake_places())


def test_empty_text() -> None:
    r = _x("")
    assert r.relevant is False and "empty" in (r.reason or "")


def test_binary_bytes() -> None:
    r = _x("\x00\x01\x02\ufffd\ufffd" * 200 + "ab")
    assert r.relevant is False and r.reason


def test_unsupported_language() -> None:
    r = _x("Spółka ogłosiła budowę nowego zakładu terapii genowej w Krakowie za 100 milionów złotych. "
           "Zakład ma rozpocząć produkcję w 2026 roku i zatrudnić stu pracowników.")
    assert r.relevant is False and r.language == "pl" and "unsupported language" in (r.reason or "")


def test_enormous_text_is_cut_not_crashed() -> None:
    body = "GHENT, Belgium – Celvia opened a cell therapy plant in Ghent. " + "Filler sentence about nothing. " * 20000
    assert len(body) > MAX_TEXT_CHARS
    r = _x(body, title="Celvia opens cell therapy plant in Ghent")
    assert r.city == "Ghent"
    assert "cut" in (r.reason or "")


def test_output_line_is_the_contract() -> None:
    r = _x("GHENT, Belgium – Celvia opened a CAR-T cell therapy plant in Ghent.", title="Celvia opens CAR-T plant in Ghent")
    line = r.model_dump(mode="json")
    for key in ("id", "relevant", "companies", "partners", "facility_name", "city", "country", "event_type", "modality",
                "operational_year", "investment_amount", "published"):
        assert key in line
    json.dumps(line)


def test_cli_extract_keeps_going_after_a_bad_line(tmp_path, capsys, monkeypatch) -> None:
    import pipeline.extract.extractor as ex

    monkeypatch.setattr(ex, "_place_finder", fake_places())
    monkeypatch.setattr(ex, "_place_finder_loaded", True)
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "title": "x", "text": ""}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c"}) + "\n"
        + json.dumps({"id": "d", "title": "Nothing", "text": "Short note without any event at all, written in plain English words."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out)]) == 0
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert rows[0]["relevant"] is False
    assert "error" in rows[1] and "in.jsonl:2" in rows[1]["error"]
    assert "error" in rows[2] and "text" in rows[2]["error"]
    assert rows[3]["relevant"] is False
    assert "in.jsonl:3" in capsys.readouterr().err


def test_cli_help_lists_commands(capsys) -> None:
    try:
        main(["extract", "--help"])
    except SystemExit:
        pass
    assert "JSON Lines" in capsys.readouterr().out
