"""Keep exported text plain and spreadsheet-safe.

Two promises to the people who read our files:

* **No HTML.** Text columns never carry tags or character entities: a site that
  drops a value into a page must not be handed markup. Tags are removed and
  entities decoded, repeatedly, so ``&lt;b&gt;`` cannot come back as ``<b>``.
  This happens when rows are loaded, so the warehouse, Parquet, CSV, GeoJSON
  and ``snapshot.duckdb`` all hold the same clean text.
* **No formulas in CSV.** A CSV cell starting with ``=``, ``+``, ``-``, ``@``,
  tab or carriage return (or their full-width forms) is run as a formula by
  spreadsheets (OWASP "CSV injection"); such cells get a leading apostrophe.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

# Precise patterns (Python) used to clean a value ...
_BLOCK_TAGS = r"(?:p|br|div|li|ul|ol|tr|td|th|h[1-6]|table|section|article|blockquote|hr)"
TAG_RE = re.compile(
    r"<!--.*?(?:-->|$)|<!\[CDATA\[.*?(?:\]\]>|$)|<\?.*?(?:\?>|$)|<![A-Za-z][^<>]*>"
    r"|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>",
    re.S,
)
BLOCK_TAG_RE = re.compile(rf"</?{_BLOCK_TAGS}\b[^<>]*>", re.I)
ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# ... and the same rule in DuckDB's RE2 syntax, to find the few values that need it.
HTML_SQL_PATTERN = (r"<!--|<!\[CDATA\[|<\?|<![A-Za-z]|</?[A-Za-z][A-Za-z0-9:-]*(\s[^<>]*)?/?>"
                    r"|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_SQL_PATTERN = "^[=+@\\t\\r\uff1d\uff0b\uff0d\uff20-]"
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
MAX_ROUNDS = 5


def has_html(value: str) -> bool:
    return bool(TAG_RE.search(value) or ENTITY_RE.search(value))


def clean_text(value: str) -> str:
    """Plain text: tags removed (block tags become a space), entities decoded, until stable."""
    text = value
    for _ in range(MAX_ROUNDS):
        if not has_html(text):
            break
        text = BLOCK_TAG_RE.sub(" ", text)
        text = TAG_RE.sub("", text)
        text = html.unescape(text)
    else:  # still HTML after several rounds: drop what is left of tags and ampersands
        text = TAG_RE.sub("", text)
        text = ENTITY_RE.sub(lambda m: m.group(0).replace("&", "and "), text)
    if text != value:
        text = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
    return text


def clean_value(value: Any) -> Any:
    """Clean every string inside a value (str, list, dict), leaving other types alone."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {k: clean_value(v) for k, v in value.items()}
    return value


def clean_json_text(value: str) -> str:
    """Clean the strings inside a JSON document; text that is not JSON is cleaned as text."""
    try:
        doc = json.loads(value)
    except (TypeError, ValueError):
        return clean_text(value)
    cleaned = clean_value(doc)
    return value if cleaned == doc else json.dumps(cleaned, ensure_ascii=False, sort_keys=False)


def neutralise_formula(cell: str) -> str:
    """The CSV rule in Python (the export applies the same rule in SQL)."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def formula_safe_sql(expr: str) -> str:
    """SQL expression: ``expr`` with a leading apostrophe when a spreadsheet would run it."""
    return f"CASE WHEN regexp_matches({expr}, '{FORMULA_SQL_PATTERN}') THEN '''' || {expr} ELSE {expr} END"
