"""Run analysts' SQL read-only against a published snapshot (never the live warehouse).

The connection is opened ``read_only`` on the snapshot's ``snapshot.duckdb``
with external access off and the configuration locked, so a query can read
the snapshot's tables and macros but cannot write files, attach databases or
change settings. Results are fetched completely, then the connection closes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from warehouse.export import latest_snapshot
from warehouse.snapshot_db import SNAPSHOT_DB
from warehouse.text_safety import neutralise_formula

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class QueryError(RuntimeError):
    """The query could not run (no snapshot, bad SQL, bad parameter)."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    snapshot: Path


def resolve_snapshot(snapshots_dir: Path, which: str | None = None) -> Path:
    """A snapshot folder: ``which`` may be a snapshot ID, a folder, or None for the latest."""
    if which:
        candidate = Path(which)
        folder = candidate if candidate.is_dir() else snapshots_dir / which
    else:
        folder = latest_snapshot(snapshots_dir)
        if folder is None:
            raise QueryError(f"no published snapshot under {snapshots_dir}; run `atmp run` first")
    folder = folder.resolve()  # pin the dated folder: a publish meanwhile must not switch it under us
    if not (folder / SNAPSHOT_DB).exists():
        raise QueryError(f"{folder} holds no {SNAPSHOT_DB}")
    return folder


def example_queries() -> dict[str, Path]:
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.sql"))}


def example_title(path: Path) -> str:
    """First comment line of an example query."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("--"):
            return line.lstrip("- ").strip()
    return ""


def run_query(folder: Path, sql: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run ``sql`` (one or more statements; the last one's rows are returned) on ``folder``'s database."""
    con = duckdb.connect(str(folder / SNAPSHOT_DB), read_only=True, config={"enable_external_access": False})
    try:
        con.execute("SET TimeZone = 'UTC'")
        for name, value in (params or {}).items():
            if not PARAM_NAME.match(name):
                raise QueryError(f"bad parameter name {name!r}")
            con.execute(f"SET VARIABLE {name} = ?", [value])
        con.execute("SET lock_configuration = true")
        try:
            cur = con.execute(sql)
            if cur.description is None:
                return QueryResult([], [], folder)
            cols = [d[0] for d in cur.description]
            return QueryResult(cols, cur.fetchall(), folder)
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
    finally:
        con.close()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(_jsonable(value), ensure_ascii=False)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def format_table(result: QueryResult, max_rows: int = 100, max_width: int = 48) -> str:
    """A plain text table (columns padded, long cells cut with …)."""
    shown = result.rows[:max_rows]
    cells = [[_cell(v).replace("\n", " ") for v in row] for row in shown]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(result.columns)]
    numeric = [all(isinstance(row[i], int | float | Decimal) or row[i] is None for row in shown) and bool(shown)
               for i in range(len(result.columns))]
    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()
    out = [line(result.columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    more = len(result.rows) - len(shown)
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
               + (f", first {len(shown)} shown; use --format csv for all" if more else "") + ")")
    return "\n".join(out)


def format_csv(result: QueryResult) -> str:
    """CSV with header; text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([neutralise_formula(_cell(v)) if isinstance(v, str) else _cell(v) for v in row])
    return buf.getvalue()


def format_json(result: QueryResult) -> str:
    """A JSON array of objects, one per row."""
    return json.dumps([dict(zip(result.columns, (_jsonable(v) for v in row), strict=True)) for row in result.rows],
                      ensure_ascii=False, indent=1)


FORMATS = {"table": format_table, "csv": format_csv, "json": format_json}
