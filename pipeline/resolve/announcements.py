"""Syndicated copies of one release map to one canonical announcement.

Wires and trade sites repeat a release under new URLs, sometimes a day later and
with a new first line. Copies are found by the same normalised headline (same day,
or within a few days for long headlines) or by near-identical text (rapidfuzz
ratio, compared only inside min-hash blocks of the body); the canonical copy is the earliest published, then
the smallest URL, so the choice never depends on crawl order.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Hashable
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz

from pipeline.resolve.graph import ConstrainedUnionFind
from pipeline.resolve.text import words

SAME_TEXT_RATIO = 92.0  # rapidfuzz ratio (0-100) above which two bodies are copies
HEADLINE_DAYS = 3  # a long identical headline may be re-published this many days later
LONG_HEADLINE_WORDS = 6
MAX_BUCKET = 50


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _item_id(item: dict[str, Any]) -> str:
    ident = item.get("id") or item.get("announcement_id")
    if not ident:
        raise ValueError("announcement without 'id' or 'announcement_id'")
    return str(ident)


def _url(item: dict[str, Any]) -> str:
    return str(item.get("url") or item.get("source_url") or "")


def _body(item: dict[str, Any]) -> list[str]:
    return words(str(item.get("text") or ""))[:1500]


def _text_blocks(body: list[str], shingle: int = 8, keep: int = 4) -> list[int]:
    """Block keys for near-identical texts: the smallest hashes of 8-word shingles (a bottom-k
    sketch), which a copy with a new first or last line still shares."""
    if len(body) < 40:
        return []
    hashes = {zlib.crc32(" ".join(body[i:i + shingle]).encode()) for i in range(len(body) - shingle + 1)}
    return sorted(hashes)[:keep]


def dedupe_announcements(items: list[dict]) -> dict[str, str]:
    """Map every announcement ID to the ID of its canonical copy (itself when unique).

    Items need ``id`` (or ``announcement_id``) and ``title``; ``published``, ``url``
    (or ``source_url``), ``dateline`` and ``text`` make the matching better.
    """
    ids = [_item_id(item) for item in items]
    dates = [_date(item.get("published")) for item in items]
    titles = [" ".join(words(str(item.get("title") or ""))) for item in items]
    datelines = [" ".join(words(str(item.get("dateline") or ""))[:1]) for item in items]  # the city
    uf = ConstrainedUnionFind()
    for ident in ids:
        uf.add(ident)

    by_title: dict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(titles):
        if len(title.split()) >= 3:
            by_title[title].append(i)
    for members in by_title.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if _same_release(titles[i], dates[i], dates[j], datelines[i], datelines[j]):
                    uf.union(ids[i], ids[j])

    bodies = [_body(item) for item in items]
    blocks: dict[Hashable, list[int]] = defaultdict(list)
    for i, body in enumerate(bodies):
        for key in _text_blocks(body):
            blocks[key].append(i)
    joined = [" ".join(b) for b in bodies]
    for members in blocks.values():
        if not 1 < len(members) <= MAX_BUCKET:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if uf.find(ids[i]) != uf.find(ids[j]) and fuzz.ratio(joined[i], joined[j]) >= SAME_TEXT_RATIO:
                    uf.union(ids[i], ids[j])

    rank = {ident: (dates[i] is None, dates[i] or date.max, _url(items[i]), ident) for i, ident in enumerate(ids)}
    result: dict[str, str] = {}
    for members in uf.components().values():
        canonical = min(members, key=lambda m: rank[m])  # type: ignore[index]
        for member in members:
            result[str(member)] = str(canonical)
    return result


def _same_release(title: str, d1: date | None, d2: date | None, line1: str, line2: str) -> bool:
    if line1 and line2 and line1 != line2:
        return False
    if d1 is None or d2 is None:
        return len(title.split()) >= LONG_HEADLINE_WORDS
    gap = abs((d1 - d2).days)
    return gap == 0 or (gap <= HEADLINE_DAYS and len(title.split()) >= LONG_HEADLINE_WORDS)
