"""Open the warehouse safely: one writer, short-lived connections, closed in ``finally``.

DuckDB lets one process write a database file, and no other process may open
it meanwhile (not even read-only). So every connection here is short-lived,
writers also take a file lock (a second line of defence against ad-hoc
scripts), lock conflicts are retried with backoff, and the session time zone
is UTC so timestamps read back as they were written.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock

logger = logging.getLogger(__name__)


class WarehouseLocked(RuntimeError):
    """Another process holds the warehouse file."""


@contextmanager
def connect(path: Path, *, read_only: bool = False, retries: int = 8, lock_timeout: float = 600) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to ``path``; writers hold ``<path>.lock`` for the whole session."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = None if read_only else FileLock(str(path) + ".lock", timeout=lock_timeout)
    if lock is not None:
        lock.acquire()
    con = None
    try:
        delay = 0.2
        for attempt in range(retries + 1):
            try:
                con = duckdb.connect(str(path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or attempt == retries:
                    raise WarehouseLocked(f"{path} is in use by another process: {exc}") from exc
                logger.warning("warehouse busy, retrying in %.1f s (%s)", delay, exc)
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
        assert con is not None
        con.execute("SET TimeZone = 'UTC'")
        yield con
    finally:
        if con is not None:
            con.close()
        if lock is not None:
            lock.release()
