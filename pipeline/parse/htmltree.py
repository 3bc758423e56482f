"""Build an lxml tree from decoded page text, defusing the inputs that make libxml2 slow or fail.

lxml (libxml2) repairs broken markup well, but refuses str input with an XML
encoding declaration, spends quadratic time on a tag with tens of thousands of
attributes, and drops everything below 256 nested elements. The first two are
defused here; the third is reported by the caller when no text comes out.
"""

from __future__ import annotations

import html
import re

import lxml.html
import lxml.etree
from lxml.html import HtmlElement
from trafilatura.utils import repair_faulty_html

MAX_ELEMENTS = 20_000  # in <body>: trafilatura and htmldate slow down faster than linearly beyond this
MAX_HEAD_ELEMENTS = 5_000  # in <head>: meta and link tags

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_GIANT_TAG = re.compile(r"<[^<>]{20000,}>")
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False, no_network=True
)


class EmptyDocumentError(ValueError):
    """lxml found no document in the text."""


def text_to_html(text: str) -> str:
    """Wrap a plain-text page in minimal HTML: first line as title, blank-line paragraphs as <p>."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    title = html.escape(blocks[0].splitlines()[0][:300]) if blocks else ""
    body = "".join(f"<p>{html.escape(b)}</p>" for b in blocks)
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


def build_tree(text: str, warnings: list[str]) -> HtmlElement:
    """Parse page text into an lxml HTML tree; raise :class:`EmptyDocumentError` when there is none."""
    text = _XML_DECLARATION.sub("", text, count=1)
    text, giants = _GIANT_TAG.subn("", text)
    if giants:
        warnings.append(f"dropped {giants} tag(s) longer than 20,000 characters")
    text = repair_faulty_html(text, text[:50].lower())
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise EmptyDocumentError(f"no HTML document in the page ({exc})") from exc
    if tree is None:
        raise EmptyDocumentError("no HTML document in the page")
    removed = 0
    for part, limit in (("head", MAX_HEAD_ELEMENTS), ("body", MAX_ELEMENTS)):
        for section in tree.findall(part)[:1]:
            removed += cap_elements(section, limit)
    if removed:
        warnings.append(f"page has too many elements; dropped {removed} at the end of the head or body")
    return tree


def cap_elements(root: HtmlElement, limit: int) -> int:
    """Cut ``root`` after its first ``limit`` elements (in reading order); return how many were dropped.

    The article sits near the top of nearly every page; what lies past tens of
    thousands of elements is comment threads, archives or generated filler.
    """
    for count, element in enumerate(root.iter()):
        if count < limit:
            continue
        total = sum(1 for _ in root.iter())
        node = element
        while node is not root and node.getparent() is not None:
            parent = node.getparent()
            for sibling in list(node.itersiblings()):
                parent.remove(sibling)
            node = parent
        element.getparent().remove(element)
        return total - sum(1 for _ in root.iter())
    return 0
