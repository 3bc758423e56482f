"""Load the staged tables into the warehouse in one transaction, keeping history.

* Current tables are replaced as a whole, so loading the same input twice gives
  identical tables (idempotent).
* ``first_seen_at`` never moves later: a row keeps the earliest observation
  the warehouse has ever seen for its ID.
* Organisations and facilities keep versions in ``hist_atmp__<table>``: a new
  version row is written only when the row's content changes (its hash,
  observation times excluded), and the old version is closed. An entity that
  disappears gets its last version closed. ``valid_from``/``valid_to`` are
  load times (when the published map changed; ``observed_at`` keeps the source
  observation time), so "the map as of a date" is a plain range query.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.stages.files import RAW_DIR, TABLES_DIR
from schemas.tables import TableSpec, columns
from warehouse.ddl import ensure_schema

logger = logging.getLogger(__name__)

HISTORY_TABLES = {"core_atmp__organisations": "hist_atmp__organisations", "core_atmp__facilities": "hist_atmp__facilities"}
UNHASHED = {"first_seen_at", "last_seen_at"}


@dataclass
class LoadReport:
    rows: dict[str, int] = field(default_factory=dict)
    new_versions: dict[str, int] = field(default_factory=dict)
    closed_versions: dict[str, int] = field(default_factory=dict)


def history_ddl(hist: str, key: str) -> str:
    return f"""CREATE TABLE IF NOT EXISTS {hist} (
    {key} VARCHAR NOT NULL,
    version_hash VARCHAR NOT NULL,
    valid_from TIMESTAMPTZ NOT NULL,
    valid_to TIMESTAMPTZ,
    observed_at TIMESTAMPTZ,
    row_json JSON NOT NULL,
    PRIMARY KEY ({key}, valid_from)
);"""


def _staged_file(staging: Path, spec: TableSpec) -> Path:
    if spec.layer == "raw":
        return staging / RAW_DIR / f"{spec.name.removeprefix('raw_').removesuffix('__items')}.jsonl"
    return staging / TABLES_DIR / f"{spec.name}.jsonl"


def _read_columns(spec: TableSpec) -> dict[str, str]:
    cols = {c.name: c.type for c in columns(spec.model)}
    if spec.layer == "raw":
        cols.pop("data_json")
        cols["data"] = "JSON"
    return cols


def _stage_incoming(con: duckdb.DuckDBPyConnection, spec: TableSpec, path: Path) -> None:
    """Put the staged rows of one table into the temp table ``_incoming``."""
    con.execute("DROP TABLE IF EXISTS _incoming")
    cols = _read_columns(spec)
    if not path.exists() or path.stat().st_size == 0:
        con.execute(f"CREATE TEMP TABLE _incoming AS SELECT * FROM {spec.name} LIMIT 0")
        return
    spec_sql = "{" + ", ".join(f"'{k}': '{v}'" for k, v in cols.items()) + "}"
    select = "*" if spec.layer != "raw" else "* EXCLUDE (data), CAST(data AS VARCHAR) AS data_json"
    con.execute(
        f"CREATE TEMP TABLE _incoming AS SELECT {select} FROM read_json(?, format='newline_delimited', columns={spec_sql})",
        [str(path)],
    )


def _apply_history(con: duckdb.DuckDBPyConnection, spec: TableSpec, loaded_at: datetime, report: LoadReport) -> None:
    """Close versions that changed or vanished; add a version for each new or changed row.

    ``valid_from``/``valid_to`` are load times (when the published map changed);
    ``observed_at`` keeps when the source data was seen.
    """
    hist, key = HISTORY_TABLES[spec.name], spec.primary_key
    con.execute(history_ddl(hist, key))
    hashed = [c.name for c in columns(spec.model) if c.name not in UNHASHED]
    row_struct = "{" + ", ".join(f"'{c}': {c}" for c in hashed) + "}"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _versions AS
        SELECT {key}, md5(CAST(to_json({row_struct}) AS VARCHAR)) AS version_hash,
               last_seen_at AS observed_at, to_json({row_struct}) AS row_json
        FROM (SELECT DISTINCT ON ({key}) * FROM _incoming ORDER BY {key})""")
    stale = [r[0] for r in con.execute(f"""
        SELECT h.{key} FROM {hist} h LEFT JOIN _versions v ON v.{key} = h.{key}
        WHERE h.valid_to IS NULL AND (v.{key} IS NULL OR v.version_hash <> h.version_hash)""").fetchall()]
    if stale:
        con.execute(f"UPDATE {hist} SET valid_to = ? WHERE valid_to IS NULL AND {key} IN (SELECT unnest(?))",
                    [loaded_at, stale])
    added = con.execute(f"""
        SELECT count(*) FROM _versions v
        WHERE NOT EXISTS (SELECT 1 FROM {hist} h WHERE h.{key} = v.{key} AND h.valid_to IS NULL)""").fetchall()[0][0]
    con.execute(f"""
        INSERT INTO {hist} ({key}, version_hash, valid_from, valid_to, observed_at, row_json)
        SELECT v.{key}, v.version_hash, ?, NULL, v.observed_at, v.row_json
        FROM _versions v
        WHERE NOT EXISTS (SELECT 1 FROM {hist} h WHERE h.{key} = v.{key} AND h.valid_to IS NULL)""", [loaded_at])
    report.new_versions[hist] = int(added)
    report.closed_versions[hist] = len(stale)


def _replace_current(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> int:
    cols = [c.name for c in columns(spec.model)]
    key = spec.primary_key
    select = ", ".join(
        f"least(i.first_seen_at, coalesce(o.first_seen_at, i.first_seen_at)) AS first_seen_at" if c == "first_seen_at" else f"i.{c}"
        for c in cols
    )
    has_seen = "first_seen_at" in cols
    con.execute(f"CREATE OR REPLACE TEMP TABLE _old AS SELECT {key}{', first_seen_at' if has_seen else ''} FROM {spec.name}")
    con.execute(f"DELETE FROM {spec.name}")
    con.execute(f"""
        INSERT INTO {spec.name} ({', '.join(cols)})
        SELECT {select if has_seen else ', '.join('i.' + c for c in cols)}
        FROM (SELECT DISTINCT ON ({key}) * FROM _incoming ORDER BY {key}) i
        LEFT JOIN _old o ON o.{key} = i.{key}""")
    return con.execute(f"SELECT count(*) FROM {spec.name}").fetchall()[0][0]


def load_staging(con: duckdb.DuckDBPyConnection, staging: Path, slugs: Iterable[str]) -> LoadReport:
    """Load every staged table in one transaction; on any error nothing changes."""
    specs = ensure_schema(con, slugs)
    report = LoadReport()
    loaded_at = datetime.now(UTC)
    con.execute("BEGIN TRANSACTION")
    try:
        for spec in specs:
            _stage_incoming(con, spec, _staged_file(staging, spec))
            if spec.name in HISTORY_TABLES:
                _apply_history(con, spec, loaded_at, report)
            report.rows[spec.name] = _replace_current(con, spec)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS _incoming")
    return report
