"""Create the warehouse tables from the models in ``schemas/`` (never written twice)."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from schemas.tables import SCHEMA_VERSION, TABLES, TableSpec, comment_sql, create_table_sql, raw_table

META_SQL = """
CREATE TABLE IF NOT EXISTS meta_atmp__schema (
    schema_version VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"""


def table_specs(slugs: Iterable[str]) -> list[TableSpec]:
    return [*TABLES.values(), *(raw_table(s) for s in sorted(slugs))]


def ensure_schema(con: duckdb.DuckDBPyConnection, slugs: Iterable[str]) -> list[TableSpec]:
    """Create missing tables with their comments; record the schema version once."""
    specs = table_specs(slugs)
    con.execute(META_SQL)
    for spec in specs:
        con.execute(create_table_sql(spec))
        for stmt in comment_sql(spec):
            con.execute(stmt)
    known = {row[0] for row in con.execute("SELECT schema_version FROM meta_atmp__schema").fetchall()}
    if SCHEMA_VERSION not in known:
        con.execute("INSERT INTO meta_atmp__schema (schema_version) VALUES (?)", [SCHEMA_VERSION])
    return specs
