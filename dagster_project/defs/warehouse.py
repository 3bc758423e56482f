"""The only assets that touch the warehouse: load (read-write) and export.

Both run in the ``warehouse`` pool (limit 1, see dagster.yaml), so no two
runs ever open the DuckDB file at once; connections come from our
:class:`WarehouseResource`, which closes them in ``finally``.
"""


import dagster as dg

from dagster_project.defs.stages import GEOCODED
from dagster_project.resources import AtmpPaths, WarehouseResource
from schemas.tables import TABLES

TABLE_KEYS = {name: dg.AssetKey(name) for name in TABLES}
SNAPSHOT = dg.AssetKey("out_atmp__snapshot")


@dg.multi_asset(
    specs=[dg.AssetSpec(key, deps=[GEOCODED], group_name="warehouse", kinds={"duckdb"},
                        description=TABLES[name].description) for name, key in TABLE_KEYS.items()],
    check_specs=[dg.AssetCheckSpec("schema_rules", asset=key, description="rules derived from the table's pydantic model")
                 for key in TABLE_KEYS.values()]
    + [dg.AssetCheckSpec("coordinates_in_europe", asset=TABLE_KEYS["out_atmp__map_points"],
                         description="every map point lies inside Europe")],
    pool="warehouse",
    name="load_warehouse",
)
def load_warehouse(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths, warehouse: WarehouseResource):
    from warehouse.publish import load_warehouse as load, run_checks

    data = atmp_paths.paths()
    with warehouse.connect() as con:
        report = load(con, data)
        outcomes = run_checks(con)
    for name, key in TABLE_KEYS.items():
        yield dg.MaterializeResult(asset_key=key, metadata={"rows": report.rows.get(name, 0),
                                                            "new_versions": report.new_versions.get(name.replace("core_", "hist_"), 0)})
    by_table: dict[str, list] = {}
    for o in outcomes:
        by_table.setdefault((o.table, "coordinates_in_europe" if o.name == "coordinates_in_europe" else "schema_rules"), []).append(o)
    for (table, check), results in by_table.items():
        if table not in TABLE_KEYS or (check == "coordinates_in_europe" and table != "out_atmp__map_points"):
            continue
        failed = {o.name: o.violations for o in results if not o.passed}
        yield dg.AssetCheckResult(asset_key=TABLE_KEYS[table], check_name=check, passed=not failed,
                                  metadata={"rules": len(results), "failed": dg.MetadataValue.json(failed)})
    bad = [o for o in outcomes if not o.passed]
    for o in bad:
        context.log.warning(f"check failed: {o.table}.{o.name} ({o.violations} rows): {o.description}")


@dg.asset(key=SNAPSHOT, deps=list(TABLE_KEYS.values()), group_name="publish", kinds={"parquet", "csv", "geojson"},
          pool="warehouse",
          description="Dated snapshot: Parquet (zstd) and CSV per table, GeoJSON map points, snapshot.duckdb, manifest.json, data dictionary.")
def snapshot(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths, warehouse: WarehouseResource) -> dg.MaterializeResult:
    from warehouse.publish import publish_snapshot

    data = atmp_paths.paths()
    with warehouse.connect(read_only=True) as con:
        info = publish_snapshot(con, data)
    context.log.info(f"published snapshot {info.snapshot_id} at {info.path}")
    return dg.MaterializeResult(metadata={
        "snapshot_id": info.snapshot_id, "path": dg.MetadataValue.path(str(info.path)),
        "rows": dg.MetadataValue.json({t: v["rows"] for t, v in info.manifest["tables"].items()}),
        "map_points": info.manifest["geojson"]["features"],
    })
