"""The Dagster definitions load, are generated from the sources, and keep Scrapy out."""

from __future__ import annotations

import subprocess
import sys

import dagster as dg

from scrapers.registry import discover_sources


def test_definitions_load_and_validate():
    from dagster_project.definitions import defs

    dg.Definitions.validate_loadable(defs)
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    for source in discover_sources():
        assert f"raw_{source.slug}__items" in keys
    assert {"core_atmp__organisations", "core_atmp__facilities", "out_atmp__map_points", "out_atmp__snapshot"} <= keys


def test_one_schedule_per_source_plus_daily_and_publish_sensors():
    from dagster_project.definitions import defs

    names = {s.name for s in defs.schedules}
    assert "daily_refresh" in names
    for source in discover_sources():
        assert f"{source.slug}_{source.frequency}" in names
    assert {s.name for s in defs.sensors} == {"publish_after_ingest", "publish_after_failed_ingest"}


def test_warehouse_writers_share_one_pool():
    from dagster_project.defs.warehouse import load_warehouse, snapshot

    assert load_warehouse.op.pool == "warehouse"
    assert snapshot.op.pool == "warehouse"


def test_loading_definitions_imports_neither_scrapy_nor_twisted():
    code = "import sys, dagster_project.definitions; print('scrapy' in sys.modules or 'twisted' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "False"
