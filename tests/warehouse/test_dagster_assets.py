"""The warehouse assets materialise through Dagster: tables, marts, checks and a snapshot."""

from __future__ import annotations

import dagster as dg

from dagster_project.defs.warehouse import LOADED, MARTS, load_warehouse, snapshot
from dagster_project.resources import AtmpPaths, WarehouseResource
from pipeline.paths import DataPaths
from tests.warehouse.landscape import small_landscape
from warehouse.export import latest_snapshot


def test_load_marts_checks_and_snapshot_materialise(tmp_path, monkeypatch):
    monkeypatch.setattr("warehouse.publish.source_slugs", lambda: [])
    monkeypatch.setattr("warehouse.publish.discover_sources", lambda: [])
    data = DataPaths(tmp_path).ensure()
    small_landscape().write(data.staging)
    resources = {"atmp_paths": AtmpPaths(data_dir=str(tmp_path)), "warehouse": WarehouseResource(data_dir=str(tmp_path))}
    result = dg.materialize([load_warehouse, snapshot], resources=resources, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    materialised = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert set(LOADED) | set(MARTS) | {"out_atmp__snapshot"} <= materialised
    checks = result.get_asset_check_evaluations()
    assert len(checks) == len(LOADED) + len(MARTS) + 2  # schema_rules each, plus two coordinate checks
    assert all(c.passed for c in checks), [c.check_name for c in checks if not c.passed]
    assert latest_snapshot(data.snapshots) is not None
    marts_only = dg.materialize([load_warehouse], selection=[dg.AssetKey(m) for m in MARTS], resources=resources,
                                instance=dg.DagsterInstance.ephemeral())
    assert marts_only.success
    assert {e.asset_key.to_user_string() for e in marts_only.get_asset_materialization_events()} == set(MARTS)
