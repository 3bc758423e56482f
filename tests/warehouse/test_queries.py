"""`atmp query`: every example question runs on a snapshot, output formats, read-only safety."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from pipeline.cli import main
from tests.warehouse.conftest import load
from tests.warehouse.landscape import organisation
from warehouse.connection import connect
from warehouse.ddl import table_specs
from warehouse.export import export_snapshot
from warehouse.query import QueryError, example_queries, run_query

EXPECTED_EXAMPLES = {"organisations_per_country", "hubs", "hub_members", "car_t_facilities_by_year", "changes_since",
                     "map_as_of", "approvals_per_year", "modalities", "facility_pipeline", "cdmos_near_hubs"}


@pytest.fixture(scope="module")
def snapshot_dir(tmp_path_factory):
    """A data folder with two loads (so there is history) and one published snapshot."""
    from tests.warehouse.landscape import small_landscape

    root = tmp_path_factory.mktemp("query")
    landscape = small_landscape()
    db = root / "warehouse.duckdb"
    load(db, landscape, root / "staging", loaded_at=datetime(2026, 3, 1, tzinfo=UTC))
    landscape.organisations.append(organisation("new1", "Munich", name="Newcomer GmbH", org_type="cdmo"))
    load(db, landscape, root / "staging", loaded_at=datetime(2026, 4, 1, tzinfo=UTC))
    with connect(db, read_only=True) as con:
        export_snapshot(con, root / "snapshots", table_specs([]), sources=[], attributions=[])
    return root


def test_the_examples_are_all_there():
    assert EXPECTED_EXAMPLES <= set(example_queries())


@pytest.mark.parametrize("name", sorted(example_queries()))
def test_every_example_query_runs_and_answers(snapshot_dir, name):
    folder = next((snapshot_dir / "snapshots").glob("2*"))
    sql = example_queries()[name].read_text(encoding="utf-8")
    assert sql.startswith("--"), "each example starts with a comment saying what it answers"
    result = run_query(folder, sql, {"since": "2026-03-15", "as_of": "2026-03-15", "hub": "nl-leiden"})
    assert result.columns
    assert result.rows, f"{name} returned nothing on the test landscape"


def test_changes_since_and_map_as_of_tell_the_story(snapshot_dir):
    folder = next((snapshot_dir / "snapshots").glob("2*"))
    changes = run_query(folder, (example_queries()["changes_since"]).read_text(), {"since": "2026-03-15"})
    assert [(r[changes.columns.index("change")], r[changes.columns.index("name")]) for r in changes.rows] == [
        ("added", "Newcomer GmbH")]
    before = run_query(folder, "SELECT count(*) FROM map_as_of('2026-03-15')").rows[0][0]
    after = run_query(folder, "SELECT count(*) FROM map_as_of('2026-04-15')").rows[0][0]
    assert after == before + 1


def test_cli_prints_table_csv_and_json(snapshot_dir, capsys, monkeypatch):
    monkeypatch.setenv("ATMP_DATA_DIR", str(snapshot_dir))
    sql = "SELECT name, sites, towns FROM out_atmp__hubs ORDER BY rank"
    assert main(["query", sql]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["name", "sites", "towns"] and "London" in table
    assert main(["query", "--format", "csv", sql]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["name"] == "London" and json.loads(rows[0]["towns"])[0] == "London"
    assert main(["query", "--format", "json", "-e", "approvals_per_year"]) == 0
    years = json.loads(capsys.readouterr().out)
    assert [y["authorisation_year"] for y in years] == sorted(y["authorisation_year"] for y in years)
    assert main(["query", "--list"]) == 0
    assert "changes_since" in capsys.readouterr().out


@pytest.mark.parametrize("sql", [
    "DELETE FROM core_atmp__organisations",
    "CREATE TABLE x AS SELECT 1",
    "COPY (SELECT 1) TO 'out.csv'",
    "ATTACH 'other.duckdb' AS o",
    "SET enable_external_access = true",
])
def test_queries_cannot_write_or_escape(snapshot_dir, sql, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = next((snapshot_dir / "snapshots").glob("2*"))
    with pytest.raises(QueryError):
        run_query(folder, sql)
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_no_snapshot_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ATMP_DATA_DIR", str(tmp_path))
    assert main(["query", "SELECT 1"]) == 1
    assert "no published snapshot" in capsys.readouterr().err
