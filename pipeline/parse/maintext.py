"""The article's main text and headline, by trafilatura, with two plainer fallbacks.

trafilatura (with its bundled readability/jusText comparison) finds the main
block and drops navigation, footers and comments; its metadata step also reads
title, author and site name. When it gives nothing (very short pages such as
paywall stubs, odd layouts) we fall back to trafilatura's ``baseline`` and then
to the page's own paragraphs, so a headline-and-lead page still yields its lead.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from pipeline.parse.dates import today

MAX_TEXT_CHARS = 200_000
BIG_TREE = 5_000  # above this many elements, skip trafilatura's metadata pass and its fallback comparisons

_BLANKS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

# trafilatura logs every discarded page at WARNING/ERROR; for us that is an ordinary outcome.
for _name in ("trafilatura", "htmldate", "trafilatura.core", "trafilatura.utils"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass
class MainText:
    """Main text and the metadata trafilatura read on the way."""

    text: str = ""
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None
    method: str = "none"
    warnings: list[str] = field(default_factory=list)


def tidy(text: str) -> str:
    """One paragraph per block, blank line between blocks, inner whitespace collapsed."""
    lines = (_BLANKS.sub(" ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _paragraphs(tree: HtmlElement) -> str:
    """Last resort: the visible paragraphs and headings of the page."""
    blocks = []
    for element in tree.iter("p", "h2", "h3", "li", "blockquote"):
        if any(a.tag in ("nav", "footer", "header", "aside", "script", "style", "form") for a in element.iterancestors()):
            continue
        content = element.text_content().strip()
        if content:
            blocks.append(content)
    return "\n".join(blocks)


def extract_main_text(tree: HtmlElement, url: str) -> MainText:
    """Main text of ``tree`` (never raises; ``method`` says which extractor succeeded)."""
    import trafilatura

    found = MainText()
    big = sum(1 for _ in tree.iter()) > BIG_TREE
    if big:
        found.warnings.append(f"large page (over {BIG_TREE} elements): fast extraction without metadata pass")
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url or None,
            fast=big,
            with_metadata=not big,
            include_comments=False,
            include_tables=True,
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "max_date": today().isoformat(),
            },
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura bugs must not lose the page
        doc = None
        found.warnings.append(f"trafilatura failed ({type(exc).__name__}: {exc})")
    if doc is not None:
        found.title, found.author, found.sitename, found.date = doc.title, doc.author, doc.sitename, doc.date
        found.text = tidy(doc.text or "")
        found.method = "trafilatura"
    if len(found.text) < 80 and not big:
        try:
            _, baseline_text, _ = trafilatura.baseline(deepcopy(tree))
        except Exception as exc:  # noqa: BLE001
            baseline_text = ""
            found.warnings.append(f"trafilatura baseline failed ({type(exc).__name__})")
        baseline_text = tidy(baseline_text or "")
        if len(baseline_text) > len(found.text):
            found.text, found.method = baseline_text, "baseline"
    if not found.text:
        found.text, found.method = tidy(_paragraphs(tree)), "paragraphs"
    if not found.title:
        found.title = _title_fallback(tree)
    if len(found.text) > MAX_TEXT_CHARS:
        found.warnings.append(f"main text cut to {MAX_TEXT_CHARS} characters (was {len(found.text)})")
        found.text = _cut(found.text, MAX_TEXT_CHARS)
    return found


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a paragraph break, else at a space (one huge paragraph is kept in part)."""
    head = text[:limit]
    for mark in ("\n", " "):
        at = head.rfind(mark)
        if at >= limit // 2:
            return head[:at].rstrip()
    return head


def _title_fallback(tree: HtmlElement) -> str | None:
    for path in ("//h1", "//title", "//h2"):
        for element in tree.xpath(path)[:1]:
            content = " ".join(element.text_content().split())
            if content:
                return content
    return None
