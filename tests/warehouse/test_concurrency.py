"""Readers of the published snapshot never fail while another process loads and publishes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from tests.warehouse.conftest import load
from tests.warehouse.landscape import small_landscape
from warehouse.connection import connect
from warehouse.ddl import table_specs
from warehouse.export import export_snapshot, latest_snapshot

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 2


def _read_latest(snapshots: Path) -> str:
    """What an analyst or a map site does: open the latest snapshot and check it against its manifest."""
    folder = latest_snapshot(snapshots).resolve()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(folder / "snapshot.duckdb"), read_only=True)
    try:
        for table in ("core_atmp__organisations", "out_atmp__map_points", "out_atmp__hubs", "hist_atmp__organisations"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] == manifest["tables"][table]["rows"]
        assert con.execute("SELECT count(*) FROM map_as_of(now())").fetchall()[0][0] == \
            manifest["tables"]["out_atmp__map_points"]["rows"]
    finally:
        con.close()
    points = pq.read_table(folder / "out_atmp__map_points.parquet")
    assert points.num_rows == manifest["tables"]["out_atmp__map_points"]["rows"]
    geo = json.loads((folder / "out_atmp__map_points.geojson").read_text(encoding="utf-8"))
    assert len(geo["features"]) == points.num_rows
    return folder.name


def test_reading_the_latest_snapshot_while_another_process_loads_and_publishes(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    load(db, small_landscape(), tmp_path / "staging")
    with connect(db, read_only=True) as con:
        export_snapshot(con, tmp_path / "snapshots", table_specs([]), sources=[], attributions=[])
    writer = subprocess.Popen([sys.executable, "-m", "tests.warehouse.writer_process", str(tmp_path), str(ROUNDS)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen, reads = set(), 0
    try:
        deadline = time.monotonic() + 300
        while writer.poll() is None and time.monotonic() < deadline:
            seen.add(_read_latest(tmp_path / "snapshots"))
            reads += 1
        out, err = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, err[-3000:]
    assert out.count("published") == ROUNDS
    seen.add(_read_latest(tmp_path / "snapshots"))
    assert reads >= ROUNDS, "the reader kept reading while the writer worked"
    assert len(seen) >= 2, "the reader saw the latest pointer move to new snapshots"
