"""Generic article parser shared by the HTML sources (see docs/parsing.md).

Public API::

    from pipeline.parse import parse_article, ParsedArticle, find_dateline, Dateline

Names are loaded on first use so that ``atmp --help`` (which imports the
``pipeline.parse.cli`` module) does not pay for trafilatura and dateparser.
Nothing here imports scrapy: spiders call these functions with response bytes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.parse.article import parse_article
    from pipeline.parse.dateline import find_dateline
    from schemas.article import Dateline, ParsedArticle

__all__ = ["Dateline", "ParsedArticle", "find_dateline", "parse_article"]

_WHERE = {
    "parse_article": "pipeline.parse.article",
    "find_dateline": "pipeline.parse.dateline",
    "ParsedArticle": "schemas.article",
    "Dateline": "schemas.article",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pipeline.parse' has no attribute {name!r}")
