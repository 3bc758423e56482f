"""Fixtures: a staged landscape, a loaded warehouse and a published snapshot, all in tmp folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.landscape import Landscape, small_landscape
from warehouse.connection import connect
from warehouse.load import LoadReport, load_staging
from warehouse.marts import build_marts

SLUGS: list[str] = []  # no raw tables: these tests stage core tables directly


def load(db: Path, landscape: Landscape, staging: Path, **kwargs) -> LoadReport:
    """Stage ``landscape`` and load it (plus marts) into ``db``."""
    landscape.write(staging)
    with connect(db) as con:
        report = load_staging(con, staging, SLUGS, **kwargs)
        build_marts(con)
    return report


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


@pytest.fixture
def landscape() -> Landscape:
    return small_landscape()


@pytest.fixture
def loaded(tmp_path: Path, landscape: Landscape) -> Iterator[tuple[Path, LoadReport]]:
    """A warehouse of the small landscape, for tests that change it."""
    db = tmp_path / "warehouse.duckdb"
    yield db, load(db, landscape, tmp_path / "staging")


@pytest.fixture(scope="module")
def shared_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One warehouse of the small landscape per test module, for tests that only read it."""
    root = tmp_path_factory.mktemp("shared")
    load(root / "warehouse.duckdb", small_landscape(), root / "staging")
    return root / "warehouse.duckdb"
