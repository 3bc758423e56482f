"""The replay archive: recorded responses in a form people can review.

One folder per source (``scrapers/replay/<slug>/``) holds ``manifest.jsonl``
and the bodies as ordinary files (HTML, XML, JSON, KML). Each manifest line is
an :class:`ArchiveEntry`: the request URL and method, the HTTP status and
headers, the body file, and the public page the content is based on. Replay
serves these through Scrapy's downloader; live mode records into the same form,
so a refreshed bundle is reviewed as a plain ``git diff``.

No Scrapy imports here: tests and tools read archives without a crawler.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, ValidationError
from w3lib.url import canonicalize_url

from schemas.common import STRICT, HttpUrl, UtcDatetime, utc_now

MANIFEST = "manifest.jsonl"


class ArchiveEntry(BaseModel):
    """One recorded response."""

    model_config = STRICT

    url: HttpUrl = Field(description="request URL as the spider asks for it")
    method: str = Field(default="GET", pattern=r"^[A-Z]+$")
    status: int = Field(ge=100, le=599, description="HTTP status to replay")
    headers: dict[str, str] = Field(default_factory=dict, description="response headers (one value each)")
    body: str | None = Field(default=None, description="body file, relative to the archive folder; none for bodiless responses")
    based_on: HttpUrl | None = Field(default=None, description="the public page whose facts the content is written from")
    recorded_at: UtcDatetime = Field(description="when the content was recorded or written (UTC)")
    note: str | None = Field(default=None, description="reviewer's remark, e.g. why a page is deliberately broken")


def request_key(method: str, url: str) -> str:
    """Lookup key: method plus canonical URL (sorted query, no fragment)."""
    return f"{method.upper()} {canonicalize_url(url, keep_fragments=False)}"


class ArchiveError(ValueError):
    """The archive itself is inconsistent (bad manifest line, missing body file)."""


class ReplayArchive:
    """Read access to one source's archive, plus recording for live mode."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._entries: dict[str, ArchiveEntry] = {}
        self._lock = threading.Lock()
        if (self.folder / MANIFEST).exists():
            self._load()

    # reading -----------------------------------------------------------------
    def _load(self) -> None:
        path = self.folder / MANIFEST
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = ArchiveEntry.model_validate_json(line)
            except ValidationError as exc:
                raise ArchiveError(f"{path}:{number}: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from exc
            if entry.body and not (self.folder / entry.body).is_file():
                raise ArchiveError(f"{path}:{number}: body file '{entry.body}' is missing")
            key = request_key(entry.method, entry.url)
            if key in self._entries:
                raise ArchiveError(f"{path}:{number}: duplicate entry for {key}")
            self._entries[key] = entry

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[ArchiveEntry]:
        return list(self._entries.values())

    def lookup(self, method: str, url: str) -> ArchiveEntry | None:
        return self._entries.get(request_key(method, url))

    def body_bytes(self, entry: ArchiveEntry) -> bytes:
        return (self.folder / entry.body).read_bytes() if entry.body else b""

    # recording (live mode) ---------------------------------------------------
    def record(
        self,
        url: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        method: str = "GET",
        recorded_at: datetime | None = None,
    ) -> ArchiveEntry:
        """Store a live response, replacing an earlier recording of the same URL."""
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            key = request_key(method, url)
            rel = None
            if body:
                rel = f"pages/{_body_name(url, headers.get('Content-Type', ''))}"
                target = self.folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(body)
            entry = ArchiveEntry(
                url=url,
                method=method,
                status=status,
                headers={k: v for k, v in headers.items() if k.lower() in _KEPT_HEADERS},
                body=rel,
                based_on=url,
                recorded_at=recorded_at or utc_now(),
            )
            self._entries[key] = entry
            self._write_manifest()
            return entry

    def _write_manifest(self) -> None:
        lines = [
            e.model_dump_json(exclude_none=True)
            for e in sorted(self._entries.values(), key=lambda e: (e.url, e.method))
        ]
        tmp = self.folder / f".{MANIFEST}.tmp"
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(self.folder / MANIFEST)


_KEPT_HEADERS = {"content-type", "last-modified", "etag", "location", "content-language", "retry-after"}

_EXTENSIONS = {
    "html": ".html",
    "xml": ".xml",
    "rss": ".xml",
    "atom": ".xml",
    "json": ".json",
    "kml": ".kml",
    "geo+json": ".geojson",
    "plain": ".txt",
}


def _body_name(url: str, content_type: str) -> str:
    """A readable, collision-free file name for a recorded body."""
    parts = urlsplit(url)
    stem = re.sub(r"[^a-z0-9]+", "-", f"{parts.netloc}{parts.path}".lower()).strip("-")[-60:] or "index"
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    ext = ".bin"
    for marker, candidate in _EXTENSIONS.items():
        if marker in content_type.lower():
            ext = candidate
            break
    return f"{stem}-{digest}{ext}"


def write_manifest(folder: Path, entries: list[ArchiveEntry]) -> None:
    """Write a manifest for hand-made archives (used by tests and tools)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / MANIFEST).open("w", encoding="utf-8") as fh:
        for entry in entries:
            fh.write(json.dumps(entry.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n")
