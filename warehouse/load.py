"""Load the staged tables into the warehouse in one transaction, keeping history.

* Current tables are replaced as a whole from the staged files, so loading the
  same input twice gives identical tables and writes no history (idempotent).
* ``first_seen_at`` never moves later and ``last_seen_at`` never moves
  earlier: a row keeps the widest observation window the warehouse has seen.
* Text is made plain on the way in (tags and entities removed, see
  :mod:`warehouse.text_safety`), so every export is free of HTML.
* Organisations, facilities and map points keep versions in ``hist_atmp__*``
  (see :mod:`warehouse.history`).
* Duplicate keys in a staged file keep one row, chosen deterministically
  (latest ``last_seen_at``, then content hash), and are counted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.stages.files import RAW_DIR, TABLES_DIR
from schemas.tables import TableSpec, columns
from warehouse.ddl import ensure_schema
from warehouse.history import apply_history, hash_sql, history_spec
from warehouse.text_safety import HTML_SQL_PATTERN, clean_json_text, clean_value

logger = logging.getLogger(__name__)


@dataclass
class LoadReport:
    loaded_at: datetime | None = None
    rows: dict[str, int] = field(default_factory=dict)
    new_versions: dict[str, int] = field(default_factory=dict)
    closed_versions: dict[str, int] = field(default_factory=dict)
    cleaned_cells: dict[str, int] = field(default_factory=dict)
    duplicate_keys: dict[str, int] = field(default_factory=dict)


def staged_file(staging: Path, spec: TableSpec) -> Path:
    """Where the stage before load left the rows of ``spec``."""
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
    """Put the staged rows of one table into the temp table ``_incoming`` (column order of the model)."""
    con.execute("DROP TABLE IF EXISTS _incoming")
    if not path.exists() or path.stat().st_size == 0:
        con.execute(f"CREATE TEMP TABLE _incoming AS SELECT * FROM {spec.name} LIMIT 0")
        return
    cols = _read_columns(spec)
    spec_sql = "{" + ", ".join(f"'{k}': '{v}'" for k, v in cols.items()) + "}"
    select = ", ".join("CAST(data AS VARCHAR) AS data_json" if c.name == "data_json" and spec.layer == "raw"
                       else c.name for c in columns(spec.model))
    con.execute(
        f"CREATE TEMP TABLE _incoming AS SELECT {select} "
        f"FROM read_json(?, format='newline_delimited', columns={spec_sql})",
        [str(path)],
    )


def _text_columns(spec: TableSpec) -> list[tuple[str, str]]:
    """(column, SQL probe text) for every text, JSON and text-list column."""
    out = []
    for col in columns(spec.model):
        if col.type == "VARCHAR[]":
            out.append((col.name, f"array_to_string({col.name}, chr(31))"))
        elif col.type in ("VARCHAR", "JSON"):
            out.append((col.name, f"CAST({col.name} AS VARCHAR)"))
    return out


def _clean_text(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> int:
    """Strip HTML from every text column of ``_incoming``; returns the number of cells changed.

    DuckDB finds the few candidate rows with one regular-expression scan;
    Python cleans just those (lists element by element, JSON string by string).
    """
    text_cols = _text_columns(spec)
    if not text_cols:
        return 0
    where = " OR ".join(f"regexp_matches({probe}, $pattern)" for _, probe in text_cols)
    names = [name for name, _ in text_cols]
    rows = con.execute(f"SELECT rowid, {', '.join(names)} FROM _incoming WHERE {where}",
                       {"pattern": HTML_SQL_PATTERN}).fetchall()
    json_cols = {c.name for c in columns(spec.model) if c.type == "JSON" or c.name.endswith("_json")}
    fixes: dict[str, tuple[list[int], list[Any]]] = {}
    for rowid, *values in rows:
        for name, value in zip(names, values, strict=True):
            if value is None:
                continue
            cleaned = clean_json_text(value) if name in json_cols else clean_value(value)
            if cleaned != value:
                ids, new = fixes.setdefault(name, ([], []))
                ids.append(rowid)
                new.append(cleaned)
    for name, (ids, new) in fixes.items():  # one UPDATE per column, however many cells
        con.register("_clean", pa.table({"row_id": ids, "value": new}))
        try:
            con.execute(f"UPDATE _incoming SET {name} = _clean.value FROM _clean WHERE _incoming.rowid = _clean.row_id")
        finally:
            con.unregister("_clean")
    return sum(len(ids) for ids, _ in fixes.values())


def _dedupe(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> int:
    """Keep one row per key in ``_incoming`` (deterministic choice); returns rows dropped."""
    keys = ", ".join(spec.key_columns)
    names = {c.name for c in columns(spec.model)}
    latest = "last_seen_at DESC NULLS LAST, " if "last_seen_at" in names else ""
    before = con.execute("SELECT count(*) FROM _incoming").fetchall()[0][0]
    content = hash_sql(spec) if "first_seen_at" in names else "md5(CAST(to_json(_incoming) AS VARCHAR))"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _incoming AS
        SELECT * FROM _incoming QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY {latest}{content}) = 1""")
    return before - con.execute("SELECT count(*) FROM _incoming").fetchall()[0][0]


def _widen_observation(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """first_seen_at never later, last_seen_at never earlier than what the warehouse already has."""
    names = {c.name for c in columns(spec.model)}
    if not {"first_seen_at", "last_seen_at"} <= names or len(spec.key_columns) != 1:
        return
    (key,) = spec.key_columns
    con.execute(f"""
        UPDATE _incoming i SET first_seen_at = least(i.first_seen_at, o.first_seen_at),
                               last_seen_at = greatest(i.last_seen_at, o.last_seen_at)
        FROM {spec.name} o WHERE o.{key} = i.{key}""")


def _replace_current(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> int:
    cols = ", ".join(c.name for c in columns(spec.model))
    con.execute(f"DELETE FROM {spec.name}")
    con.execute(f"INSERT INTO {spec.name} ({cols}) SELECT {cols} FROM _incoming ORDER BY {spec.order_by}")
    return con.execute(f"SELECT count(*) FROM {spec.name}").fetchall()[0][0]


def _load_time(con: duckdb.DuckDBPyConnection, specs: list[TableSpec], requested: datetime | None) -> datetime:
    """Now (UTC), but always after every version already written, so intervals never overlap."""
    at = (requested or datetime.now(UTC)).astimezone(UTC)
    for spec in specs:
        hist = history_spec(spec)
        if hist is not None:
            last = con.execute(f"SELECT max(valid_from) FROM {hist.name}").fetchall()[0][0]
            if last is not None and last >= at:
                at = last + timedelta(microseconds=1)
    return at


def load_staging(con: duckdb.DuckDBPyConnection, staging: Path, slugs: Iterable[str],
                 *, loaded_at: datetime | None = None) -> LoadReport:
    """Load every staged table in one transaction; on any error nothing changes."""
    specs = [s for s in ensure_schema(con, slugs) if s.built_by == "load"]
    report = LoadReport()
    con.execute("BEGIN TRANSACTION")
    try:
        report.loaded_at = at = _load_time(con, specs, loaded_at)
        for spec in specs:
            _stage_incoming(con, spec, staged_file(staging, spec))
            report.cleaned_cells[spec.name] = _clean_text(con, spec)
            report.duplicate_keys[spec.name] = _dedupe(con, spec)
            _widen_observation(con, spec)
            hist = history_spec(spec)
            if hist is not None:
                added, closed = apply_history(con, spec, "_incoming", at)
                report.new_versions[hist.name], report.closed_versions[hist.name] = added, closed
            report.rows[spec.name] = _replace_current(con, spec)
        for hist_name in report.new_versions:
            report.rows[hist_name] = con.execute(f"SELECT count(*) FROM {hist_name}").fetchall()[0][0]
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS _incoming")
    for name, n in report.cleaned_cells.items():
        if n:
            logger.info("%s: removed HTML from %d cells", name, n)
    for name, n in report.duplicate_keys.items():
        if n:
            logger.warning("%s: %d staged rows repeated a key and were dropped", name, n)
    return report
