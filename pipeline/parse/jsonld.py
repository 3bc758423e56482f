"""Read schema.org JSON-LD blocks the way real sites write them, not the way the spec does.

Sites wrap JSON-LD in HTML comments or CDATA, leave trailing commas and raw
newlines in strings, put several objects in one block, nest the article in an
``@graph`` array or under ``mainEntity``, and give ``@type`` as a string or a
list. Python's ``json`` reads it; this module only repairs and walks.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from pipeline.parse.vocabulary import vocabulary

_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
MAX_ITEMS = 5000  # objects and arrays looked at per block
MAX_DEPTH = 12
MAX_BLOCK_CHARS = 1_000_000


@dataclass
class JsonLdArticle:
    """What the page's JSON-LD says about its article."""

    date_published: str | None = None
    headline: str | None = None
    article_body: str | None = None
    url: str | None = None
    language: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    free: bool | None = None  # isAccessibleForFree; False marks a paywall
    is_article: bool = False  # True when the node has an article @type
    warnings: list[str] = field(default_factory=list)


def _loads(block: str) -> list[Any]:
    """Parse one script block into JSON values, repairing common damage."""
    text = _WRAPPERS.sub("", block.strip()).strip().rstrip(";")
    if not text:
        return []
    try:
        return [json.loads(text, strict=False)]
    except RecursionError as exc:  # '[[[[...' nested beyond Python's stack
        raise ValueError("JSON-LD block is nested too deeply") from exc
    except ValueError:
        pass
    repaired = _TRAILING_COMMA.sub(r"\1", text)
    try:
        return [json.loads(repaired, strict=False)]
    except (ValueError, RecursionError):
        pass
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos = 0
    while pos < len(repaired):
        while pos < len(repaired) and repaired[pos] in " \t\r\n,;":
            pos += 1
        if pos >= len(repaired):
            break
        try:
            value, pos = decoder.raw_decode(repaired, pos)
        except (ValueError, RecursionError):
            break
        values.append(value)
    if not values:
        raise ValueError("JSON-LD block is not valid JSON")
    return values


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``value`` (graphs, lists, nested entities), breadth first, within a budget."""
    queue: deque[tuple[Any, int]] = deque([(value, 0)])
    visited = 0
    while queue and visited < MAX_ITEMS:
        item, level = queue.popleft()
        visited += 1
        if level > MAX_DEPTH:
            continue
        if isinstance(item, list):
            children = [child for child in item if isinstance(child, (dict, list))]
            queue.extend((child, level + 1) for child in children[:MAX_ITEMS])
        elif isinstance(item, dict):
            yield item
            queue.extend((child, level + 1) for child in item.values() if isinstance(child, (dict, list)))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _text(value: Any) -> str | None:
    """A plain string from a JSON-LD value (string, list of strings, {'@value'|'name'})."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("name") or value.get("@id"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = [_text(item) for item in items]
    return [n for n in names if n and not n.startswith("http")]


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _fill(found: JsonLdArticle, node: dict[str, Any], is_article: bool) -> None:
    found.is_article = found.is_article or is_article
    found.date_published = found.date_published or _text(node.get("datePublished")) or _text(node.get("dateCreated"))
    found.headline = found.headline or _text(node.get("headline")) or (_text(node.get("name")) if is_article else None)
    if is_article and not found.article_body:
        found.article_body = _text(node.get("articleBody"))
    url = _text(node.get("url")) or _text(node.get("mainEntityOfPage"))
    found.url = found.url or (url if url and url.startswith("http") else None)
    found.language = found.language or _text(node.get("inLanguage"))
    found.publisher = found.publisher or _text(node.get("publisher"))
    if not found.authors:
        found.authors = _names(node.get("author"))
    free = _as_bool(node.get("isAccessibleForFree"))
    parts = node.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict) and _as_bool(part.get("isAccessibleForFree")) is False:
            free = False
    if free is not None and found.free is not False:
        found.free = free


def read_jsonld(tree: HtmlElement) -> JsonLdArticle:
    """The article facts in the page's JSON-LD; an article node beats a WebPage node."""
    article_types = set(vocabulary().jsonld_article_types)
    article = JsonLdArticle()
    page = JsonLdArticle()
    warnings: list[str] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        block = script.text or ""
        if len(block) > MAX_BLOCK_CHARS:
            warnings.append("JSON-LD block too large; skipped")
            continue
        try:
            values = _loads(block)
        except ValueError:
            warnings.append("JSON-LD block is not valid JSON; skipped")
            continue
        for value in values:
            for node in _nodes(value):
                types = _types(node)
                if types & article_types:
                    _fill(article, node, True)
                elif types & {"WebPage", "ItemPage", "CollectionPage", "AboutPage"}:
                    _fill(page, node, False)
    chosen = article if article.is_article else page
    if chosen is page and article.free is False:
        chosen.free = False
    chosen.warnings = warnings
    return chosen
