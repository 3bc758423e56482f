"""Shared helpers for the parser tests: where the test pages live and how to load them."""

from __future__ import annotations

from pathlib import Path

PAGES = Path(__file__).with_name("pages")


def page_bytes(name: str) -> bytes:
    """Raw bytes of a test page, exactly as a crawler would have saved them."""
    return (PAGES / name).read_bytes()
