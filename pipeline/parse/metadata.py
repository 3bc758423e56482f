"""Page-level facts from ``<head>`` and microdata: dates, canonical URL, language, paywall flags.

Kept apart from main-text extraction because these facts are declared by the
publisher in markup, and a declared fact beats any guess from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from pipeline.parse.vocabulary import vocabulary

_LANG = re.compile(r"^\s*([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*\s*$")


@dataclass
class HeadMeta:
    """Facts declared in meta tags and microdata."""

    date_text: str | None = None
    date_name: str | None = None
    canonical_url: str | None = None
    html_lang: str | None = None
    lang_tags: list[str] = field(default_factory=list)  # as written: '<html lang>', <meta content-language>
    og_title: str | None = None
    site_name: str | None = None
    paywalled: bool = False
    warnings: list[str] = field(default_factory=list)


def language_code(value: str | None) -> str | None:
    """'de-DE' / 'en_GB' / 'FR' -> 'de' / 'en' / 'fr'; None for anything else."""
    if not value:
        return None
    match = _LANG.match(value)
    return match.group(1).lower() if match else None


def absolute_http_url(value: str | None, base: str) -> str | None:
    """``value`` resolved against ``base`` when it is an http(s) URL without spaces; else None."""
    if not value:
        return None
    value = value.strip()
    try:
        joined = urljoin(base, value) if base else value
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", joined) or len(joined) > 2048:
        return None
    return joined


def _meta_key(element: HtmlElement) -> str:
    for attr in ("property", "name", "itemprop", "http-equiv"):
        value = element.get(attr)
        if value:
            return value.strip().lower()
    return ""


def read_head(tree: HtmlElement, url: str) -> HeadMeta:
    """Read dates, canonical URL, language and paywall flags declared by the page."""
    meta = HeadMeta()
    ranks = {name: rank for rank, name in enumerate(vocabulary().date_meta_names)}
    best_rank = len(ranks)
    for element in tree.iter("meta"):
        key = _meta_key(element)
        content = (element.get("content") or "").strip()
        if not key or not content:
            continue
        if key in ranks and ranks[key] < best_rank:
            best_rank, meta.date_text, meta.date_name = ranks[key], content, key
        elif key == "og:title" and not meta.og_title:
            meta.og_title = content
        elif key == "og:site_name" and not meta.site_name:
            meta.site_name = content
        elif key == "og:url" and not meta.canonical_url:
            meta.canonical_url = absolute_http_url(content, url)
        elif key in ("article:content_tier", "content_tier") and content.lower() in ("locked", "metered"):
            meta.paywalled = True
        elif key in ("content-language", "language", "dc.language"):
            meta.lang_tags.append(content[:35])
            meta.html_lang = meta.html_lang or language_code(content)
    # microdata on visible elements: <time itemprop="datePublished" datetime="...">
    if meta.date_text is None:
        for element in tree.xpath('//*[@itemprop="datePublished"]')[:3]:
            value = element.get("datetime") or element.get("content") or element.text_content()
            if value and value.strip():
                meta.date_text, meta.date_name = value.strip()[:64], "itemprop=datePublished"
                break
    for link in tree.xpath('//link[@rel and @href]')[:200]:
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = absolute_http_url(link.get("href"), url)
            if canonical:
                meta.canonical_url = canonical
                break
    root_lang = tree.getroottree().getroot().get("lang") or tree.getroottree().getroot().get("xml:lang")
    meta.html_lang = language_code(root_lang) or meta.html_lang
    if root_lang:
        meta.lang_tags.insert(0, root_lang.strip()[:35])
    return meta
