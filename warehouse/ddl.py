"""Create the warehouse tables and macros from ``schemas/`` (DDL is never written by hand).

A table whose columns no longer match its model (the schema moved on) is
rebuilt: tables that every load or mart run rewrites are simply recreated,
while a history table is renamed to ``<name>__legacy_<n>`` so no version is
ever lost, and a fresh one is started.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import duckdb

from schemas.tables import SCHEMA_VERSION, TABLES, TableSpec, columns, comment_sql, create_table_sql, raw_table

logger = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parent / "sql"
MACROS_FILE = SQL_DIR / "macros.sql"
TYPE_NAMES = {"TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE"}

META_SQL = """
CREATE TABLE IF NOT EXISTS meta_atmp__schema (
    schema_version VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"""


def table_specs(slugs: Iterable[str]) -> list[TableSpec]:
    """Every table the warehouse holds: the registry plus one raw table per source."""
    return [*TABLES.values(), *(raw_table(s) for s in sorted(slugs))]


def create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The ``*_as_of`` and ``changes_since`` table macros (need the history tables)."""
    con.execute(MACROS_FILE.read_text(encoding="utf-8"))


def _existing_layouts(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Table -> [(column, type)] for every table of the main schema, in one catalogue query."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index"
    ).fetchall()
    layouts: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        layouts.setdefault(table, []).append((column, dtype))
    return layouts


def _expected_columns(spec: TableSpec) -> list[tuple[str, str]]:
    return [(c.name, TYPE_NAMES.get(c.type, c.type)) for c in columns(spec.model)]


def _retire_if_outdated(con: duckdb.DuckDBPyConnection, spec: TableSpec,
                        layouts: dict[str, list[tuple[str, str]]]) -> bool:
    """Move an outdated table out of the way; True when the table must be (re)created."""
    existing = layouts.get(spec.name)
    if existing is None:
        return True
    if existing == _expected_columns(spec):
        return False
    if spec.built_by == "history":
        n = 1
        while f"{spec.name}__legacy_{n}" in layouts:
            n += 1
        logger.warning("%s has an older layout; kept as %s__legacy_%d", spec.name, spec.name, n)
        con.execute(f"ALTER TABLE {spec.name} RENAME TO {spec.name}__legacy_{n}")
    else:
        logger.warning("%s has an older layout; recreated (it is rebuilt on every run)", spec.name)
        con.execute(f"DROP TABLE {spec.name}")
    return True


def ensure_schema(con: duckdb.DuckDBPyConnection, slugs: Iterable[str]) -> list[TableSpec]:
    """Create missing tables with their comments and the macros; record the schema version once."""
    specs = table_specs(slugs)
    con.execute(META_SQL)
    layouts = _existing_layouts(con)
    for spec in specs:
        if _retire_if_outdated(con, spec, layouts):
            con.execute(create_table_sql(spec))
            con.execute("\n".join(comment_sql(spec)))
    create_macros(con)
    known = {row[0] for row in con.execute("SELECT schema_version FROM meta_atmp__schema").fetchall()}
    if SCHEMA_VERSION not in known:
        con.execute("INSERT INTO meta_atmp__schema (schema_version) VALUES (?)", [SCHEMA_VERSION])
    return specs
