"""The assets that touch the warehouse: load and marts (read-write), and the snapshot export.

All three run in the ``warehouse`` pool (limit 1, see dagster.yaml), so no two
runs ever open the DuckDB file at once; connections come from our
:class:`WarehouseResource`, which closes them in ``finally``. Asset keys are
the table names, the same in Dagster, DuckDB and the snapshot files.
"""

from collections.abc import Iterator

import dagster as dg

from dagster_project.defs.stages import GEOCODED
from dagster_project.resources import AtmpPaths, WarehouseResource
from schemas.tables import TABLES

LOADED = [name for name, spec in TABLES.items() if spec.built_by in ("load", "history")]
MARTS = [name for name, spec in TABLES.items() if spec.built_by == "marts"]
TABLE_KEYS = {name: dg.AssetKey(name) for name in TABLES}
SNAPSHOT = dg.AssetKey("out_atmp__snapshot")
POINT_CHECKS = {"out_atmp__map_points", "out_atmp__hubs"}  # tables with a coordinates_in_europe check


def _deps(name: str) -> list[dg.AssetKey]:
    spec = TABLES[name]
    if spec.history_of:
        return [TABLE_KEYS[spec.history_of]]
    if spec.upstream:
        return [TABLE_KEYS[u] for u in spec.upstream]
    return [GEOCODED]


def _asset_specs(names: list[str], group: str) -> list[dg.AssetSpec]:
    return [dg.AssetSpec(TABLE_KEYS[n], deps=_deps(n), group_name=group, kinds={"duckdb"},
                         description=TABLES[n].description, metadata={"layer": TABLES[n].layer})
            for n in names]


def _check_specs(names: list[str]) -> list[dg.AssetCheckSpec]:
    specs = [dg.AssetCheckSpec("schema_rules", asset=TABLE_KEYS[n],
                               description="rules derived from the table's pydantic model, and no HTML in text")
             for n in names]
    specs += [dg.AssetCheckSpec("coordinates_in_europe", asset=TABLE_KEYS[n],
                                description="every point lies inside Europe") for n in names if n in POINT_CHECKS]
    return specs


def _check_results(context: dg.AssetExecutionContext, names: list[str], outcomes: list) -> Iterator[dg.AssetCheckResult]:
    """One result per declared check: ``schema_rules`` gathers every rule of a table."""
    for name in names:
        for check in ("schema_rules", "coordinates_in_europe"):
            if check == "coordinates_in_europe" and name not in POINT_CHECKS:
                continue
            results = [o for o in outcomes if o.table == name
                       and (o.name == "coordinates_in_europe") == (check == "coordinates_in_europe")]
            failed = {o.name: o.violations for o in results if not o.passed}
            for rule, count in failed.items():
                context.log.warning(f"check failed: {name}.{rule} ({count} rows)")
            yield dg.AssetCheckResult(asset_key=TABLE_KEYS[name], check_name=check, passed=not failed,
                                      metadata={"rules": len(results), "failed": dg.MetadataValue.json(failed)})


@dg.multi_asset(specs=_asset_specs(LOADED + MARTS, "warehouse"), check_specs=_check_specs(LOADED + MARTS),
                pool="warehouse", name="load_warehouse", can_subset=True)
def load_warehouse(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths, warehouse: WarehouseResource):
    """Load the staged tables (one transaction, history versions), then rebuild the marts.

    One multi-asset so both steps share the warehouse pool slot; selecting only
    mart keys rebuilds the marts from the current core tables without a load.
    """
    from warehouse.publish import build_warehouse_marts, run_checks
    from warehouse.publish import load_warehouse as load

    selected = {k.to_user_string() for k in context.selected_asset_keys}
    do_load, do_marts = bool(selected & set(LOADED)), bool(selected & set(MARTS))
    data = atmp_paths.paths()
    with warehouse.connect() as con:
        report = load(con, data) if do_load else None
        marts = build_warehouse_marts(con) if do_marts else None
        checked = [n for n in LOADED + MARTS if n in selected]
        outcomes = run_checks(con, checked)
    for name in checked:
        if name in LOADED and report is not None:
            meta = {"rows": report.rows.get(name, 0), "new_versions": report.new_versions.get(name, 0),
                    "closed_versions": report.closed_versions.get(name, 0),
                    "cells_cleaned_of_html": report.cleaned_cells.get(name, 0), "loaded_at": str(report.loaded_at)}
        else:
            meta = {"rows": marts.rows.get(name, 0) if marts else 0}
            if name == "out_atmp__hubs" and marts:
                meta["method"] = dg.MetadataValue.json(marts.hub_params)
        yield dg.MaterializeResult(asset_key=TABLE_KEYS[name], metadata=meta)
    selected_checks = set(context.selected_asset_check_keys)
    for result in _check_results(context, checked, outcomes):
        if dg.AssetCheckKey(result.asset_key, result.check_name) in selected_checks:
            yield result


@dg.asset(key=SNAPSHOT, deps=list(TABLE_KEYS.values()), group_name="publish", kinds={"parquet", "csv", "geojson"},
          pool="warehouse",
          description="Dated snapshot: Parquet (zstd) and CSV per table, GeoJSON map points and hubs, a PNG map, "
                      "snapshot.duckdb with time-travel macros, manifest.json, data dictionary; old ones pruned.")
def snapshot(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths, warehouse: WarehouseResource) -> dg.MaterializeResult:
    from warehouse.publish import publish_snapshot

    data = atmp_paths.paths()
    with warehouse.connect(read_only=True) as con:
        info = publish_snapshot(con, data)
    context.log.info(f"published snapshot {info.snapshot_id} at {info.path}")
    if info.retention.removed:
        context.log.info(f"retention removed {len(info.retention.removed)} old snapshot(s)")
    return dg.MaterializeResult(metadata={
        "snapshot_id": info.snapshot_id, "path": dg.MetadataValue.path(str(info.path)),
        "rows": dg.MetadataValue.json({t: v["rows"] for t, v in info.manifest["tables"].items()}),
        "map_points": info.manifest["geojson"]["features"],
        "hubs": info.manifest["geojson"]["hubs"],
        "removed_by_retention": dg.MetadataValue.json(info.retention.removed),
    })
