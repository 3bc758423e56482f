"""Access to the team's development data in ``../shared/`` (next to the checkout).

A user's clone has no ``../shared/``: tests that need it are skipped with a
clear reason instead of failing. Nothing from there is copied into the repo.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("ATMP_SHARED_DIR", REPO_ROOT.parent / "shared"))
DEV_DIR = SHARED_DIR / "dev"


def dev_file(name: str) -> Path:
    """Path of a development file, or skip the calling test when it is absent."""
    path = DEV_DIR / name
    if not path.exists():
        pytest.skip(f"development data {name} not found in ../shared/dev (only on the team's machines)")
    return path
