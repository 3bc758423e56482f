"""Plain functions behind the load, marts and export assets (testable without Dagster)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import duckdb

from pipeline.paths import DataPaths
from schemas.common import EUROPE_BBOX
from schemas.tables import TABLES, check_specs, columns
from scrapers.registry import discover_sources
from warehouse.ddl import table_specs
from warehouse.export import SnapshotInfo, export_snapshot
from warehouse.hubs import HubParams
from warehouse.load import LoadReport, load_staging
from warehouse.marts import MartReport, build_marts
from warehouse.retention import DEFAULT_KEEP_LAST
from warehouse.text_safety import HTML_SQL_PATTERN

KEEP_ENV = "ATMP_SNAPSHOT_KEEP"


@dataclass
class CheckOutcome:
    table: str
    name: str
    description: str
    violations: int

    @property
    def passed(self) -> bool:
        return self.violations == 0


def source_slugs() -> list[str]:
    return [c.slug for c in discover_sources()]


def load_warehouse(con: duckdb.DuckDBPyConnection, data: DataPaths) -> LoadReport:
    return load_staging(con, data.staging, source_slugs())


def build_warehouse_marts(con: duckdb.DuckDBPyConnection, params: HubParams | None = None) -> MartReport:
    return build_marts(con, params)


def _plain_text_checks(con: duckdb.DuckDBPyConnection, tables: list[str]) -> list[CheckOutcome]:
    """No HTML tags or entities left in any text column (the load strips them)."""
    out = []
    for table in tables:
        spec = TABLES[table]
        probes = [f"regexp_matches(array_to_string({c.name}, chr(31)), $p)" if c.type == "VARCHAR[]"
                  else f"regexp_matches(CAST({c.name} AS VARCHAR), $p)"
                  for c in columns(spec.model) if c.type in ("VARCHAR", "JSON", "VARCHAR[]")]
        if probes:
            n = con.execute(f"SELECT count(*) FROM {table} WHERE {' OR '.join(probes)}",
                            {"p": HTML_SQL_PATTERN}).fetchall()[0][0]
            out.append(CheckOutcome(table, "plain_text", "text columns hold no HTML tags or entities", int(n)))
    return out


def run_checks(con: duckdb.DuckDBPyConnection, tables: list[str] | None = None) -> list[CheckOutcome]:
    """Schema-derived rules, no HTML in text, and European points inside Europe."""
    tables = list(TABLES) if tables is None else tables
    out = []
    for name in tables:
        for check in check_specs(TABLES[name]):
            out.append(CheckOutcome(name, check.name, check.description, int(con.execute(check.sql).fetchall()[0][0])))
    out += _plain_text_checks(con, tables)
    b = EUROPE_BBOX
    for table, where in (("out_atmp__map_points", "TRUE"), ("core_atmp__organisations", "is_european"),
                         ("core_atmp__facilities", "is_european"), ("out_atmp__hubs", "TRUE")):
        if table not in tables:
            continue
        n = con.execute(
            f"SELECT count(*) FROM {table} WHERE {where} AND lat IS NOT NULL AND NOT "
            f"(lat BETWEEN {b['min_lat']} AND {b['max_lat']} AND lon BETWEEN {b['min_lon']} AND {b['max_lon']})"
        ).fetchall()[0][0]
        out.append(CheckOutcome(table, "coordinates_in_europe", "European points lie inside Europe", int(n)))
    return out


def sources_for_manifest(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    last_ok = dict(con.execute(
        "SELECT source_slug, max(finished_at) FROM core_atmp__crawls WHERE is_success GROUP BY 1").fetchall())
    return [
        {"slug": c.slug, "title": c.title, "publisher": c.publisher, "kind": c.kind, "based_on": c.based_on,
         "licence": c.licence, "attribution": c.attribution,
         "last_successful_crawl": last_ok.get(c.slug).isoformat() if last_ok.get(c.slug) else None}
        for c in discover_sources()
    ]


def attributions(sources: list[dict[str, Any]]) -> list[str]:
    from pipeline.geocode import ATTRIBUTION

    return [ATTRIBUTION] + sorted({s["attribution"] for s in sources if s.get("attribution")})


def keep_last() -> int:
    """How many recent snapshots retention keeps (``ATMP_SNAPSHOT_KEEP``, read when publishing)."""
    value = os.environ.get(KEEP_ENV, "")
    return max(1, int(value)) if value.strip().isdigit() else DEFAULT_KEEP_LAST


def publish_snapshot(con: duckdb.DuckDBPyConnection, data: DataPaths,
                     hub_params: HubParams | None = None) -> SnapshotInfo:
    sources = sources_for_manifest(con)
    methods = {"hubs": {"method": "gravity-style linking of anchor towns within one country (docs/warehouse.md)",
                        **(hub_params or HubParams()).as_dict()}}
    return export_snapshot(con, data.snapshots, table_specs(source_slugs()), sources=sources,
                           attributions=attributions(sources), methods=methods, keep_last=keep_last())
