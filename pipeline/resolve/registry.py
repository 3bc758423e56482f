"""Known organisations (the registry) from JSON Lines, Parquet or the latest snapshot.

The registry gives the resolver what spelling alone cannot: tickers, former names
and aliases of the landscape's organisations, each with its own stable ID.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.paths import DataPaths
from pipeline.resolve.normalise import ticker_symbol
from schemas.records import stable_id
from schemas.resolution import RegistryEntry

log = logging.getLogger(__name__)

SNAPSHOT_TABLE = "core_atmp__organisations.parquet"
_ID_COLUMNS = ("id", "organisation_id", "entity_id", "registry_id")
_LIST_COLUMNS = ("aliases", "tickers", "former_names")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()] if "|" in value else [value]
    try:
        return [str(v) for v in value if v is not None and str(v).strip()]
    except TypeError:
        return []


def registry_entry(row: dict[str, Any], source: str | None = None) -> RegistryEntry:
    """One registry entry from an organisation record or snapshot row.

    A row without its own ID gets one hashed from its raw name and country, so the
    same source row always yields the same ID.
    """
    name = row.get("name") or row.get("organisation_name")
    if not name:
        raise ValueError("organisation row has no name")
    country = row.get("country_code") or None
    rid = next((str(row[c]) for c in _ID_COLUMNS if row.get(c)), None)
    aliases, tickers = [], _as_list(row.get("tickers"))
    for alias in _as_list(row.get("aliases")):  # published rows fold tickers into aliases
        (tickers if ":" in alias and ticker_symbol(alias) else aliases).append(alias)
    return RegistryEntry(
        id=rid or stable_id("org", str(name), str(country or "")),
        name=str(name),
        aliases=aliases,
        tickers=tickers,
        former_names=_as_list(row.get("former_names")),
        country_code=country,
        parent=row.get("parent") or None,
        source=source,
    )


def _rows(path: Path) -> Iterable[dict[str, Any]]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        yield from pq.read_table(path).to_pylist()
        return
    from pipeline.jsonl import read_jsonl

    for row in read_jsonl(path):
        data = row.get("data") if isinstance(row.get("data"), dict) else None  # raw crawl items
        yield {**data, "id": row.get("item_id")} if data else row


def load_registry(path: Path) -> list[RegistryEntry]:
    """Read a registry file (JSONL records or Parquet); bad rows are logged and skipped."""
    entries: list[RegistryEntry] = []
    for number, row in enumerate(_rows(Path(path)), start=1):
        try:
            entries.append(registry_entry(row, source=str(path)))
        except (ValueError, ValidationError) as exc:
            log.warning("%s: row %d skipped: %s", path, number, exc)
    return entries


def default_registry_path() -> Path | None:
    """The latest published snapshot's organisations table, if there is one."""
    path = DataPaths.default().latest_snapshot / SNAPSHOT_TABLE
    return path if path.exists() else None
