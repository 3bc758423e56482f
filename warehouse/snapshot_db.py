"""Build the analysts' ``snapshot.duckdb`` from a snapshot's Parquet files.

The file is self-contained (tables, not views over Parquet), carries the
column comments from ``schemas/`` and the time-travel macros, and is checked
by reopening it read-only. Analysts open it; the live warehouse stays the
pipeline's alone.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from schemas.tables import TableSpec, comment_sql
from warehouse.ddl import create_macros

SNAPSHOT_DB = "snapshot.duckdb"


def build_snapshot_db(folder: Path, specs: list[TableSpec], expected_rows: dict[str, int]) -> Path:
    """Write ``folder/snapshot.duckdb`` from ``folder/<table>.parquet``; verify row counts."""
    target = folder / SNAPSHOT_DB
    con = duckdb.connect(str(target))
    try:
        con.execute("SET TimeZone = 'UTC'")
        for spec in specs:
            con.execute(f"CREATE TABLE {spec.name} AS SELECT * FROM read_parquet(?)", [str(folder / f"{spec.name}.parquet")])
            for stmt in comment_sql(spec):
                con.execute(stmt)
        create_macros(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    check = duckdb.connect(str(target), read_only=True)
    try:
        for name, rows in expected_rows.items():
            got = check.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
            if got != rows:
                raise RuntimeError(f"{SNAPSHOT_DB}: {name} has {got} rows, expected {rows}")
    finally:
        check.close()
    return target
