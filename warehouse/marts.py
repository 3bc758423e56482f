"""Build the ``out_atmp__*`` marts from the current core tables, in one transaction.

Hubs come from Python (:mod:`warehouse.hubs`: distance clustering needs code);
every other mart is one SQL file in ``warehouse/sql/marts/<table>.sql``
inserted ``BY NAME`` into the table the models define. Marts are rebuilt
whole each time, so they are a pure function of the core tables.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
import pycountry

from schemas.common import EUROPEAN_COUNTRIES
from schemas.tables import TABLES, TableSpec, columns
from warehouse.ddl import SQL_DIR
from warehouse.hubs import HubParams, find_hubs

logger = logging.getLogger(__name__)

MARTS_SQL_DIR = SQL_DIR / "marts"
HUB_TABLES = ("out_atmp__hubs", "out_atmp__hub_sites")
MAP_POINT_COLUMNS = ("point_id", "kind", "entity_id", "city", "country_code", "lat", "lon", "geo_precision", "modalities")


@dataclass
class MartReport:
    rows: dict[str, int] = field(default_factory=dict)
    hub_params: dict[str, Any] = field(default_factory=dict)


def mart_specs() -> list[TableSpec]:
    """Marts in build order: hubs first (the country mart counts them)."""
    marts = [t for t in TABLES.values() if t.built_by == "marts"]
    return sorted(marts, key=lambda t: (t.name not in HUB_TABLES, t.name))


def _country_names() -> pa.Table:
    codes, names, european = [], [], []
    for c in pycountry.countries:
        codes.append(c.alpha_2)
        names.append(getattr(c, "common_name", None) or c.name)
        european.append(c.alpha_2 in EUROPEAN_COUNTRIES)
    codes.append("XK"), names.append("Kosovo"), european.append(True)
    return pa.table({"country_code": codes, "country_name": names, "is_european": european})


def _write_rows(con: duckdb.DuckDBPyConnection, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
    con.execute(f"DELETE FROM {spec.name}")
    if not rows:
        return
    names = [c.name for c in columns(spec.model)]
    con.register("_mart_rows", pa.Table.from_pylist([{n: r.get(n) for n in names} for r in rows]))
    try:
        con.execute(f"INSERT INTO {spec.name} BY NAME SELECT * FROM _mart_rows")
    finally:
        con.unregister("_mart_rows")


def build_hubs(con: duckdb.DuckDBPyConnection, params: HubParams) -> None:
    cur = con.execute(f"SELECT {', '.join(MAP_POINT_COLUMNS)} FROM out_atmp__map_points ORDER BY point_id")
    names = [d[0] for d in cur.description]
    points = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    result = find_hubs(points, params)
    _write_rows(con, TABLES["out_atmp__hubs"], result.hubs)
    _write_rows(con, TABLES["out_atmp__hub_sites"], result.sites)


def build_marts(con: duckdb.DuckDBPyConnection, params: HubParams | None = None) -> MartReport:
    """Rebuild every mart in one transaction; on error the previous marts stay."""
    params = params or HubParams()
    report = MartReport(hub_params=params.as_dict())
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_country_names", _country_names())
        build_hubs(con, params)
        for spec in mart_specs():
            if spec.name not in HUB_TABLES:
                sql = (MARTS_SQL_DIR / f"{spec.name}.sql").read_text(encoding="utf-8")
                con.execute(f"DELETE FROM {spec.name}")
                con.execute(f"INSERT INTO {spec.name} BY NAME SELECT * FROM ({sql}) ORDER BY {spec.order_by}")
            report.rows[spec.name] = con.execute(f"SELECT count(*) FROM {spec.name}").fetchall()[0][0]
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_country_names")
    return report
