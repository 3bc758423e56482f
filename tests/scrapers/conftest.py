from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.paths import DataPaths


class Crawler:
    """Runs ``python -m scrapers.run`` for throw-away sources in tmp folders."""

    def __init__(self, tmp_path: Path):
        self.sources = tmp_path / "sources"
        self.sources.mkdir()
        self.data = DataPaths(tmp_path / "data").ensure()

    def run(self, slug: str, *, live: bool = True, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
        env = {**os.environ, "ATMP_EXTRA_SOURCE_DIRS": str(self.sources)}
        cmd = [sys.executable, "-m", "scrapers.run", slug, "--data-dir", str(self.data.root), *extra]
        if live:
            cmd += ["--live", "--no-record"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
        lines = proc.stdout.strip().splitlines()
        summary = json.loads(lines[-1]) if lines else {}
        if summary.get("capture_dir"):
            summary["stats"] = json.loads((Path(summary["capture_dir"]) / "stats.json").read_text())["stats"]
        summary["stderr"] = proc.stderr
        return proc.returncode, summary


@pytest.fixture
def crawler(tmp_path):
    return Crawler(tmp_path)
