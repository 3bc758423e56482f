"""The files stages hand to each other inside ``<data>/staging``.

Every stage before ``load`` reads and writes only these files, so each can be
run, inspected and tested on its own, and only ``load`` and ``export`` touch
the warehouse.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.jsonl import read_jsonl, write_jsonl

VALIDATED = "validated.jsonl"
QUARANTINE = "quarantine.jsonl"
CRAWLS = "crawls.jsonl"
EXTRACTED = "extracted.jsonl"
RESOLVED = "resolved.json"
RAW_DIR = "raw_items"
TABLES_DIR = "tables"


def write_rows(staging: Path, name: str, rows: list[Any]) -> int:
    return write_jsonl(staging / name, rows)


def read_rows(staging: Path, name: str) -> list[dict[str, Any]]:
    path = staging / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run the stage that writes it first")
    return read_jsonl(path)


def write_json(staging: Path, name: str, obj: Any) -> None:
    path = staging / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)


def read_json(staging: Path, name: str) -> Any:
    path = staging / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run the stage that writes it first")
    return json.loads(path.read_text(encoding="utf-8"))
