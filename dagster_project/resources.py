"""Resources: where the data lives, how to crawl, and the one way into the warehouse.

Settings are read when a run starts, never at import time; by default they
come from ``ATMP_DATA_DIR`` (else ``warehouse/data``) and replay mode.
"""


from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipeline.paths import DataPaths, default_data_dir


class AtmpPaths(dg.ConfigurableResource):
    """The data folder (warehouse, raw captures, staging, snapshots)."""

    data_dir: str | None = None

    def paths(self) -> DataPaths:
        return DataPaths(Path(self.data_dir) if self.data_dir else default_data_dir()).ensure()


class CrawlSettings(dg.ConfigurableResource):
    """Replay (default, offline) or live crawling."""

    live: bool = False
    full_refresh: bool = False
    record: bool = True
    timeout_seconds: int = 3600


class WarehouseResource(dg.ConfigurableResource):
    """Short-lived DuckDB connections: read-only flag, file lock for writers, closed in finally."""

    data_dir: str | None = None

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        from warehouse.connection import connect

        path = AtmpPaths(data_dir=self.data_dir).paths().warehouse
        with connect(path, read_only=read_only) as con:
            yield con
