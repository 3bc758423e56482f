"""Plain functions behind the load and export assets (testable without Dagster)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from pipeline.paths import DataPaths
from schemas.common import EUROPE_BBOX
from schemas.tables import TABLES, check_specs
from scrapers.registry import discover_sources
from warehouse.ddl import table_specs
from warehouse.export import SnapshotInfo, export_snapshot
from warehouse.load import LoadReport, load_staging


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


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckOutcome]:
    """Schema-derived rules for every published table, plus points inside Europe."""
    out = []
    for spec in TABLES.values():
        for check in check_specs(spec):
            out.append(CheckOutcome(spec.name, check.name, check.description, int(con.execute(check.sql).fetchall()[0][0])))
    b = EUROPE_BBOX
    for table, where in (("out_atmp__map_points", "TRUE"), ("core_atmp__organisations", "is_european"),
                         ("core_atmp__facilities", "is_european")):
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


def publish_snapshot(con: duckdb.DuckDBPyConnection, data: DataPaths) -> SnapshotInfo:
    sources = sources_for_manifest(con)
    return export_snapshot(con, data.snapshots, table_specs(source_slugs()), sources=sources,
                           attributions=attributions(sources))
