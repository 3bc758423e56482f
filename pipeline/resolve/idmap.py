"""The persisted ID map: an ID, once issued, stays with its entity.

Idea from nomenklatura: IDs are minted from stable keys, and a map from keys to
issued IDs is kept so that a cluster which grows (a new spelling, a former name, a
reviewer's merge) keeps the ID it already had. When two issued IDs end up in one
cluster the older one (the one most keys vote for) is kept and the other is
recorded as merged into it, so links to it can be redirected.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from filelock import FileLock

from pipeline.paths import DataPaths
from schemas.records import stable_id


def default_id_map_path() -> Path:
    """Where the pipeline keeps issued IDs: ``<data>/state/resolve/entity_ids.json``."""
    return DataPaths.default().state / "resolve" / "entity_ids.json"


@dataclass
class IdMap:
    """Keys ("org:<clean name>", "reg:<registry id>", "fac:...") to issued IDs."""

    ids: dict[str, str] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path | None) -> IdMap:
        if path is None or not Path(path).exists():
            return cls()
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(ids=dict(data.get("ids", {})), merged=dict(data.get("merged", {})))

    def write(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        payload = {"version": 1, "ids": dict(sorted(self.ids.items())), "merged": dict(sorted(self.merged.items()))}
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=0), encoding="utf-8")
        tmp.replace(path)

    def assign(self, clusters: Sequence[tuple[list[str], str, str | None]], prefix: str) -> list[str]:
        """Give each cluster (its keys, its anchor key, an ID it brings) an ID, keeping issued ones.

        A cluster brings an ID when it is anchored on a registry entry; otherwise a
        new ID is hashed from its anchor key.

        Deterministic whatever the order of ``clusters``: clusters with the
        strongest claim on an issued ID choose first, ties broken by anchor key and
        then by the cluster's keys (two clusters can share an anchor: "BioMarin
        Pharmaceutical" / "BioMarin International" both reduce to ``biomarin``).
        """
        votes = [Counter(self.ids[k] for k in keys if k in self.ids) for keys, _, _ in clusters]
        order = sorted(
            range(len(clusters)),
            key=lambda i: (-(max(votes[i].values()) if votes[i] else 0), clusters[i][1], sorted(clusters[i][0])),
        )
        taken: set[str] = set()
        result: list[str] = [""] * len(clusters)
        issued = set(self.ids.values())
        for i in order:
            keys, anchor, preferred = clusters[i]
            ranked = sorted(votes[i].items(), key=lambda kv: (-kv[1], kv[0]))
            chosen = next((cid for cid, _ in ranked if cid not in taken), None)
            if chosen is None:
                chosen = preferred or stable_id(prefix, anchor)
                salt = 1
                while chosen in taken or (chosen in issued and chosen not in votes[i]):
                    chosen = stable_id(prefix, anchor, str(salt))
                    salt += 1
            taken.add(chosen)
            result[i] = chosen
        for i, (keys, _, _) in enumerate(clusters):
            for old in votes[i]:
                if old != result[i] and old not in taken:
                    self.merged[old] = result[i]
            for key in keys:
                self.ids[key] = result[i]
        return result


@contextmanager
def open_id_map(path: Path | None) -> Iterator[IdMap]:
    """Read the map under a file lock and write it back when the block succeeds."""
    if path is None:
        yield IdMap()
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=60):
        id_map = IdMap.read(path)
        yield id_map
        id_map.write(path)
