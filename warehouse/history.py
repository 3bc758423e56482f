"""Versions of organisations, facilities and map points (``hist_atmp__*``).

A history table holds every version of every row of its current table, with
the row's own columns plus ``valid_from`` / ``valid_to``: the load times
between which the published map showed that version. A new version is
written only when the row's content changes (its hash, observation times
excluded), so loading the same input again writes nothing. A row that
disappears gets its open version closed; if it comes back it gets a new
version marked ``returned``. Rows are never rewritten, only closed, so any
past state can be rebuilt with ``valid_from <= ts < coalesce(valid_to, ∞)``
(the ``*_as_of`` table macros in ``warehouse/sql/macros.sql``).
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from schemas.tables import TABLES, TableSpec, columns

OBSERVATION_COLUMNS = ("first_seen_at", "last_seen_at")
VERSION_COLUMNS = ("version_id", "version_hash", "valid_from", "valid_to", "change_type", "changed_columns")


def history_spec(current: TableSpec) -> TableSpec | None:
    """The history table that keeps versions of ``current``, if any."""
    return next((t for t in TABLES.values() if t.history_of == current.name), None)


def content_columns(current: TableSpec) -> list[str]:
    """Columns whose change makes a new version (everything but observation times)."""
    return [c.name for c in columns(current.model) if c.name not in OBSERVATION_COLUMNS]


def hash_sql(current: TableSpec, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    fields = ", ".join(f"'{c}': {prefix}{c}" for c in content_columns(current))
    return f"md5(CAST(to_json({{{fields}}}) AS VARCHAR))"


def apply_history(con: duckdb.DuckDBPyConnection, current: TableSpec, incoming: str,
                  loaded_at: datetime) -> tuple[int, int]:
    """Close versions that changed or vanished and add the new ones; returns (added, closed).

    ``incoming`` is a table with one row per key holding the rows about to
    become current. Must run inside the load's transaction.
    """
    hist = history_spec(current)
    if hist is None:
        return 0, 0
    (key,) = current.key_columns
    entity_cols = [c.name for c in columns(current.model)]
    content = content_columns(current)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _versions AS SELECT *, {hash_sql(current)} AS version_hash FROM {incoming}")
    closed = con.execute(f"""
        UPDATE {hist.name} h SET valid_to = $loaded_at
        WHERE h.valid_to IS NULL AND NOT EXISTS (
            SELECT 1 FROM _versions v WHERE v.{key} = h.{key} AND v.version_hash = h.version_hash)
        RETURNING h.{key}""", {"loaded_at": loaded_at}).fetchall()
    changed = " || ".join(
        f"CASE WHEN p.{c} IS DISTINCT FROM v.{c} THEN ['{c}'] ELSE [] END" for c in content) or "[]"
    cols = ", ".join([*VERSION_COLUMNS, *entity_cols])
    entity_select = ", ".join(f"v.{c}" for c in entity_cols)
    added = con.execute(f"""
        INSERT INTO {hist.name} ({cols})
        SELECT v.{key} || '@' || strftime($loaded_at::TIMESTAMPTZ AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ'),
               v.version_hash, $loaded_at, NULL,
               CASE WHEN p.{key} IS NULL THEN 'added'
                    WHEN p.valid_to = $loaded_at THEN 'changed'
                    ELSE 'returned' END,
               CASE WHEN p.{key} IS NULL THEN [] ELSE list_sort({changed}) END,
               {entity_select}
        FROM _versions v
        LEFT JOIN (SELECT * FROM {hist.name} QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY valid_from DESC) = 1) p
          ON p.{key} = v.{key}
        WHERE p.{key} IS NULL OR p.valid_to IS NOT NULL
        RETURNING 1""", {"loaded_at": loaded_at}).fetchall()
    con.execute("DROP TABLE IF EXISTS _versions")
    return len(added), len(closed)
