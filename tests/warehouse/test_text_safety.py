"""Exported text is plain (no HTML) and CSV cells cannot run as spreadsheet formulas."""

from __future__ import annotations

import csv
import json

import pytest

from tests.warehouse.conftest import load
from tests.warehouse.landscape import announcement
from warehouse.connection import connect
from warehouse.text_safety import clean_json_text, clean_text, has_html, neutralise_formula


@pytest.mark.parametrize("dirty, clean", [
    ("<b>Acme</b> Bio", "Acme Bio"),
    ("Cell &amp; Gene", "Cell & Gene"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;Plant", "alert(1)Plant"),  # decoded tags are stripped too
    ("<p>one</p><p>two</p>", "one two"),
    ("Caf&eacute; &#8211; Lyon", "Café – Lyon"),
    ("<!-- note -->Leiden", "Leiden"),
    ("a < b and c > d", "a < b and c > d"),  # comparisons are not tags
    ("R&D centre", "R&D centre"),  # a bare ampersand is not an entity
    ("&amp;lt;b&amp;gt;x", "x"),  # double-escaped markup
])
def test_clean_text(dirty, clean):
    assert clean_text(dirty) == clean
    assert not has_html(clean_text(dirty))


def test_clean_json_cleans_strings_inside_and_keeps_structure():
    doc = json.dumps({"title": "<i>New</i> plant", "n": 3, "spans": ["&amp;"]})
    assert json.loads(clean_json_text(doc)) == {"title": "New plant", "n": 3, "spans": ["&"]}


@pytest.mark.parametrize("cell", ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\tx", "\rx", "\uff1dcmd"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise_formula(cell) == "'" + cell


def test_plain_cells_are_untouched():
    assert neutralise_formula("Leiden") == "Leiden"


def test_loaded_tables_and_csv_exports_hold_no_html_and_no_formulas(tmp_path, landscape):
    org = landscape.organisations[0]
    landscape.organisations[0] = dict(org, name="<b>Evil</b> &amp; Co", aliases=["<i>EC</i>", "=HYPERLINK(x)"],
                                      description="=cmd|' /C calc'!A0")
    landscape.announcements.append(announcement("html", "&lt;img src=x onerror=alert(1)&gt;Plant opens",
                                                extraction_json=json.dumps({"span": "<em>Ghent</em>"})))
    db = tmp_path / "w.duckdb"
    report = load(db, landscape, tmp_path / "staging")
    assert report.cleaned_cells["core_atmp__organisations"] >= 2
    with connect(db, read_only=True) as con:
        name, aliases, description = con.execute(
            "SELECT name, aliases, description FROM core_atmp__organisations WHERE organisation_id = ?",
            [org["organisation_id"]]).fetchall()[0]
        assert name == "Evil & Co" and "EC" in aliases
        title, extraction = con.execute("SELECT title, extraction_json FROM core_atmp__announcements "
                                        "WHERE announcement_id = 'ann_html'").fetchall()[0]
        assert title == "Plant opens" and json.loads(extraction) == {"span": "Ghent"}
        from warehouse.publish import run_checks

        plain = [o for o in run_checks(con) if o.name == "plain_text"]
        assert plain and all(o.passed for o in plain)
        from warehouse.export import export_snapshot

        info = export_snapshot(con, tmp_path / "snapshots", _specs(), sources=[], attributions=[])
    with (info.path / "core_atmp__organisations.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    evil = next(r for r in rows if r["organisation_id"] == org["organisation_id"])
    assert evil["description"].startswith("'=")
    for path in info.path.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in list(csv.reader(fh))[1:]:
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
                    assert not has_html(cell), (path.name, cell)
    geo = (info.path / "out_atmp__map_points.geojson").read_text(encoding="utf-8")
    assert "<b>" not in geo and "&amp;" not in geo


def _specs():
    from warehouse.ddl import table_specs

    return table_specs([])
