"""The bundled-announcement gold set: where its inputs come from and how to refresh them.

``tests/fixtures/bundle_announcements.jsonl`` has one line per announcement page in
the replay archive (``scrapers/replay/<slug>/``), in the format of the team's dev
announcements: ``id`` (``<source slug>/<page file stem>``), ``url``, ``title``,
``published``, ``lang``, ``text`` and a hand-written ``gold``. The input fields are
exactly what the generic parser (:func:`pipeline.parse.parse_article`) gives for the
archived page. When the parser changes, refresh them (the gold is kept)::

    .venv/bin/python -m tests.extract.bundle_fixture

and re-read the pages whose text changed before trusting the gold again.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
REPLAY = REPO_ROOT / "scrapers" / "replay"
FIXTURE = REPO_ROOT / "tests" / "fixtures" / "bundle_announcements.jsonl"
INPUT_KEYS = ("id", "url", "title", "published", "lang", "text")


@lru_cache(maxsize=1)
def _manifest_index() -> dict[str, tuple[str, dict[str, Any]]]:
    """url -> (source slug, manifest record) over every replayed source."""
    index: dict[str, tuple[str, dict[str, Any]]] = {}
    for manifest in sorted(REPLAY.glob("*/manifest.jsonl")):
        slug = manifest.parent.name
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                index.setdefault(rec["url"], (slug, rec))
    return index


def page_inputs(url: str) -> dict[str, Any]:
    """The input fields of one archived page, read with the generic parser."""
    from pipeline.parse import parse_article

    slug, rec = _manifest_index()[url]
    body = (REPLAY / slug / rec["body"]).read_bytes()
    content_type = (rec.get("headers") or {}).get("Content-Type")
    parsed = parse_article(body, url, content_type=content_type)
    return {
        "id": f"{slug}/{Path(rec['body']).stem}",
        "url": url,
        "title": parsed.title,
        "published": parsed.published.isoformat() if parsed.published else None,
        "lang": parsed.language,
        "text": parsed.text,
    }


def load_fixture(path: Path = FIXTURE) -> list[dict[str, Any]]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def refresh(path: Path = FIXTURE) -> list[str]:
    """Rewrite the input fields of every line from the archive; returns the ids whose text changed."""
    rows = load_fixture(path)
    changed = []
    out = []
    for row in rows:
        fresh = page_inputs(row["url"])
        if any(fresh[k] != row.get(k) for k in INPUT_KEYS):
            changed.append(row["id"])
        out.append({**fresh, "gold": row["gold"]})
    with path.open("w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return changed


if __name__ == "__main__":
    ids = refresh()
    print(f"{len(ids)} page(s) changed; re-check their gold:" if ids else "no page changed")
    for i in ids:
        print("  ", i)
    sys.exit(0)
