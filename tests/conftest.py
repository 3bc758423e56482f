"""Test-wide settings: no network, every test gets its own data folder."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse connections to anything but loopback, so a test can never reach the internet."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise OSError(f"tests must not use the network (tried to connect to {host})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh ATMP data folder for this test (warehouse, raw captures, snapshots)."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("ATMP_DATA_DIR", str(path))
    return path


@pytest.fixture(scope="session", autouse=True)
def _session_cache_dir(tmp_path_factory):
    """One cache folder for the whole session, so indexes (gazetteer) are built once."""
    import os

    path = tmp_path_factory.mktemp("cache")
    old = os.environ.get("ATMP_CACHE_DIR")
    os.environ["ATMP_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("ATMP_CACHE_DIR", None)
    else:
        os.environ["ATMP_CACHE_DIR"] = old
