"""The Dagster instance the command line uses: persistent, under the data folder.

Run history survives between ``atmp run`` calls and shows in ``atmp ui``. The
instance config sets every concurrency pool (``crawl``, ``warehouse``) to one
slot, so runs launched by schedules and sensors never open the warehouse twice.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.paths import DataPaths

DAGSTER_YAML = """\
# Written by atmp: one slot per concurrency pool, so only one step at a time may
# crawl (politeness) and only one may open the DuckDB warehouse (single writer).
concurrency:
  pools:
    default_limit: 1
telemetry:
  enabled: false
"""


def ensure_dagster_home(data: DataPaths) -> Path:
    """Use $DAGSTER_HOME if set, else <data>/dagster_home (created with our config)."""
    home = Path(os.environ.get("DAGSTER_HOME") or data.root / "dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
