"""A second process for the concurrency test: load, build marts and publish, several times over.

    python -m tests.warehouse.writer_process DATA_DIR ROUNDS

Each round changes the landscape a little, so every publish is a new snapshot.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.warehouse.conftest import load
from tests.warehouse.landscape import organisation, small_landscape
from warehouse.connection import connect
from warehouse.ddl import table_specs
from warehouse.export import export_snapshot


def main(root: Path, rounds: int) -> None:
    landscape = small_landscape()
    for i in range(rounds):
        landscape.organisations.append(organisation(f"round{i}", "Munich", name=f"Round {i} Bio"))
        load(root / "warehouse.duckdb", landscape, root / "staging")
        with connect(root / "warehouse.duckdb", read_only=True) as con:
            info = export_snapshot(con, root / "snapshots", table_specs([]), sources=[], attributions=[])
        print(f"published {info.snapshot_id}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
