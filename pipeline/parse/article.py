"""``parse_article``: one saved page in, one :class:`ParsedArticle` out, never an exception.

Order of work: decode the bytes (decode.py), build the tree (htmltree.py),
read what the publisher declares (metadata.py, jsonld.py), extract the main
text (maintext.py), strip cookie and paywall lines (walls.py), find the wire
dateline (dateline.py), then settle the publication date by the agreed order
of trust: JSON-LD, meta tags, URL path, dateline, byline.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from pipeline.parse.dateline import find_dateline, with_year
from pipeline.parse.dateorder import DateOrder, numeric_date_order
from pipeline.parse.dates import FoundDate, date_from_url, find_dates, is_ambiguous_numeric, parse_structured_date
from pipeline.parse.decode import NotAPageError, decode_page
from pipeline.parse.htmltree import EmptyDocumentError, build_tree, text_to_html
from pipeline.parse.jsonld import JsonLdArticle, read_jsonld
from pipeline.parse.language import detect_language
from pipeline.parse.maintext import MainText, extract_main_text, tidy
from pipeline.parse.metadata import HeadMeta, absolute_http_url, language_code, read_head
from pipeline.parse.vocabulary import all_phrases, vocabulary
from pipeline.parse.walls import WallVerdict, inspect_walls
from schemas.article import DATE_SOURCE_ORDER, Dateline, DateSource, ParsedArticle

SHORT_TEXT = 200  # below this the HTML text is checked against JSON-LD articleBody
DISAGREEMENT_DAYS = 3  # dates further apart than this are reported in warnings
MAX_TITLE_CHARS = 600
_HEADER_LINES = 4  # lines at the top of the text that may carry a byline date
_DATE_CLASS = re.compile(r"date|time|byline|posted|publi|datum|fecha|meta-info|article-meta|dateline", re.I)


def _clean_title(value: str | None) -> str | None:
    if not value:
        return None
    title = " ".join(html.unescape(value).split())
    if len(title) > 300 and re.search(r"<\w+[^>]*>", title):
        return None  # an unclosed <title> swallowed the markup after it
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return title or None


_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")


def _squash(value: str) -> str:
    return re.sub(r"[\W_]+", "", value).casefold()


def _strip_site_suffix(title: str | None, url: str, names: list[str | None]) -> str | None:
    """'Acme opens plant | Trade Weekly' -> 'Acme opens plant' when an end part names the site."""
    if not title:
        return title
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    host = (urlsplit(url).hostname or "") if url else ""
    labels = {_squash(n) for n in names if n} | {_squash(p) for p in host.split(".") if len(p) > 3}
    labels.discard("")

    def names_site(part: str) -> bool:
        squashed = _squash(part)
        if not squashed or len(part.split()) > 3:
            return False
        return any(
            squashed == label or (len(label) > 4 and label in squashed and len(label) >= 0.6 * len(squashed))
            for label in labels
        )

    trim = " |-–—:»·"
    if names_site(parts[-1]):
        rest = title[: title.rfind(parts[-1])].rstrip(trim)
    elif names_site(parts[0]):
        rest = title[len(parts[0]):].lstrip(trim)
    else:
        return title
    return rest if len(rest) >= 10 else title


_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|blockquote|tr)\s*>|<br\s*/?>", re.I)
_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")


def _plain_body(body: str) -> str:
    """JSON-LD articleBody as plain paragraphs (some sites put HTML in it)."""
    text = _ANY_TAG.sub("", _BLOCK_END.sub("\n", body))
    return tidy(html.unescape(text))


def _site_name(value: str | None) -> str | None:
    """trafilatura's site name, unless it is only the host name it fell back to."""
    name = _clean_title(value)
    return None if name and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name, re.I) else name


def _without_title(text: str, title: str | None) -> str:
    """Drop a first line that only repeats the headline: ``text`` is the body."""
    if not title:
        return text
    first, sep, rest = text.partition("\n\n")
    if " ".join(first.split()).casefold() == title.casefold():
        return rest
    return text


@cache
def _cue_pattern() -> re.Pattern[str]:
    """Byline cues as whole words ('date' must not match inside 'updated')."""
    cues = all_phrases(vocabulary().byline_cues)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues) + r")(?!\w)", re.I)


def _byline_from_text(text: str, skip_to: int, month_first: bool) -> FoundDate | None:
    """A date in the first lines of the text (after any dateline): the date after a cue first."""
    lines = [line for line in text[skip_to: skip_to + 1500].split("\n\n") if line.strip()][:_HEADER_LINES]
    short = [line for line in lines if len(line) <= 200]
    for line in short:
        for cue in _cue_pattern().finditer(line):
            found = find_dates(line[cue.end():], limit=3, month_first=month_first)
            if found:
                return found[0]
    for line in short:
        found = find_dates(line, limit=3, month_first=month_first)
        if found:
            return found[0]
    return None


def _outside_article_chrome(element: HtmlElement) -> bool:
    """False for elements in navigation, footers, sidebars or a page header outside the article."""
    ancestors = [a.tag for a in element.iterancestors()]
    if any(tag in ("nav", "footer", "aside") for tag in ancestors):
        return False
    return "header" not in ancestors or "article" in ancestors


def _byline_from_markup(tree: HtmlElement, month_first: bool) -> FoundDate | None:
    """A date in <time> or small date/byline elements next to the headline, skipping page chrome.

    With a headline (<h1>), only its block is searched, elements after it first:
    a portal's own header often shows today's date above everything else.
    """
    scope: HtmlElement = tree
    headline = next(iter(tree.xpath("//body//h1")[:1]), None)
    if headline is not None and headline.getparent() is not None:
        scope = headline.getparent()
    elements = [
        e for e in scope.xpath(".//time | .//*[@class or @id]")[:5000]
        if e.tag == "time" or _DATE_CLASS.search(f"{e.get('class') or ''} {e.get('id') or ''}")
    ]
    if headline is not None:
        after = {id(d) for s in headline.itersiblings() for d in s.iter()}
        elements = [e for e in elements if id(e) in after] + [e for e in elements if id(e) not in after]
    for element in elements[:40]:
        if not _outside_article_chrome(element):
            continue
        stamp = (element.get("datetime") or "") if element.tag == "time" else ""
        value = parse_structured_date(stamp, month_first=month_first) if stamp else None
        if value is not None:
            return FoundDate(value, stamp, 0, 0)
        content = element.text_content()
        if len(content) <= 160:
            found = find_dates(" ".join(content.split()), limit=3, month_first=month_first)
            if found:
                return found[0]
    return None


def _byline_date(
    text: str, dateline: Dateline | None, tree: HtmlElement, htmldate_value: str | None, month_first: bool
) -> FoundDate | None:
    """The byline tier: the text's first lines, then the headline's block, then htmldate's restricted guess."""
    found = _byline_from_text(text, dateline.end if dateline else 0, month_first) or _byline_from_markup(
        tree, month_first
    )
    if found is None and htmldate_value:
        value = parse_structured_date(htmldate_value, month_first=month_first)
        found = FoundDate(value, htmldate_value, 0, 0) if value else None
    return found


def _choose_date(
    candidates: dict[DateSource, date | None], warnings: list[str]
) -> tuple[date | None, DateSource | None]:
    """The first date in the agreed order; disagreements with later evidence become warnings."""
    chosen: tuple[date | None, DateSource | None] = (None, None)
    for source in DATE_SOURCE_ORDER:
        value = candidates.get(source)
        if value is None:
            continue
        if chosen[0] is None:
            chosen = (value, source)
        elif abs((value - chosen[0]).days) > DISAGREEMENT_DAYS:
            warnings.append(f"dates disagree: {chosen[1]} says {chosen[0]}, {source} says {value}")
    return chosen


def _declared_date(raw: str | None, source: str, warnings: list[str], month_first: bool = False) -> date | None:
    if not raw:
        return None
    value = parse_structured_date(raw, month_first=month_first)
    if value is None:
        warnings.append(f"{source} date {raw[:40]!r} is not a believable date; ignored")
    return value


T = TypeVar("T")


def _guarded(step: str, notes: list[str], default: T, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run one step; if it fails on this page, note it and go on with ``default`` (one bad step must not lose the page)."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001
        notes.append(f"{step} failed ({type(exc).__name__}: {str(exc)[:120]}); skipped")
        return default


def _parse(
    body: bytes | str, url: str, content_type: str | None, content_language: str | None, max_bytes: int
) -> ParsedArticle:
    page = decode_page(body, content_type=content_type, content_language=content_language, max_bytes=max_bytes)
    warnings = list(page.warnings)
    source_text = page.text if page.kind == "html" else text_to_html(page.text)
    if page.kind == "text":
        warnings.append("page has no HTML markup; read as plain text")
    try:
        tree = build_tree(source_text, warnings)
    except EmptyDocumentError as exc:
        return ParsedArticle(url=url, encoding=page.encoding, warnings=warnings, error=str(exc))
    head = _guarded("reading meta tags", warnings, HeadMeta(), read_head, tree, url)
    ld = _guarded("reading JSON-LD", warnings, JsonLdArticle(), read_jsonld, tree)
    warnings += head.warnings + ld.warnings
    main = _guarded("main-text extraction", warnings, MainText(), extract_main_text, tree, url)
    warnings += main.warnings
    main_text = main.text
    body = ld.article_body or ""
    same = " ".join(body.split()) == " ".join(main_text.split())  # trafilatura read it there, flattened
    weak = len(main_text) < SHORT_TEXT or main.method != "trafilatura"
    if body and (same or (weak and len(body) > len(main_text))):
        main_text = _plain_body(body)  # script-rendered pages often ship the body in JSON-LD
        if not same:
            warnings.append("main text taken from JSON-LD articleBody (the HTML shows little text)")
    walls = _guarded(
        "cookie/paywall check", warnings, WallVerdict(text=main_text), inspect_walls,
        main_text, tree, declared_not_free=ld.free is False, declared_locked=head.paywalled,
    )
    warnings += walls.warnings
    title = _clean_title(main.title) or _clean_title(ld.headline) or _clean_title(head.og_title)
    title = _guarded("headline clean-up", warnings, title, _strip_site_suffix, title, url,
                     [head.site_name, ld.publisher, main.sitename])
    text = _without_title(walls.text, title)
    dateline = _guarded("dateline search", warnings, None, find_dateline, text)
    declared_lang = language_code(head.html_lang) or language_code(ld.language)
    language = _guarded("language detection", warnings, declared_lang, detect_language,
                        text or (title or ""), declared=declared_lang, warnings=warnings)
    lang_tags = head.lang_tags + ([content_language] if content_language else [])
    order = _guarded("date order", warnings, DateOrder(), numeric_date_order,
                     lang_tags=lang_tags, language=language, dateline=dateline)
    byline = _guarded("byline date search", warnings, None, _byline_date, text, dateline, tree, main.date,
                      order.month_first)
    evidence: dict[DateSource, date | None] = {
        "jsonld": _declared_date(ld.date_published, "JSON-LD", warnings, order.month_first),
        "meta": _declared_date(head.date_text, f"<meta {head.date_name}>", warnings, order.month_first),
        "url": date_from_url(url),
        "byline": byline.value if byline else None,
    }
    if order.ambiguous:
        for what, raw in (("byline", byline.text if byline else None), (f"<meta {head.date_name}>", head.date_text)):
            if raw and is_ambiguous_numeric(raw):
                why = ", ".join(order.reasons) or "no sign of a US or a European page"
                warnings.append(f"{what} date {raw.strip()!r} could be day first or month first ({why}); read day first")
    if dateline is not None and dateline.date is None:  # 'MADRID, 5 Ene. (EUROPA PRESS)': the year from the page
        near = next((evidence[s] for s in DATE_SOURCE_ORDER if evidence.get(s) is not None), None)
        dateline = _guarded("dateline year", warnings, dateline, with_year, dateline, near)
    evidence["dateline"] = dateline.date if dateline else None
    published, published_source = _choose_date(evidence, warnings)
    error = None
    if walls.cookie_wall:
        error = "no article text: the page is only a cookie or consent wall"
    elif not text.strip():
        error = "no article text found in the page"
    return ParsedArticle(
        url=url,
        canonical_url=head.canonical_url or absolute_http_url(ld.url, url),
        title=title,
        published=published,
        published_source=published_source,
        language=language,
        text=text,
        publisher=_clean_title(head.site_name) or _clean_title(ld.publisher) or _site_name(main.sitename),
        byline=_clean_title(main.author) or (", ".join(ld.authors) if ld.authors else None),
        dateline=(dateline.label or None) if dateline else None,
        is_partial=walls.is_partial or walls.cookie_wall,
        encoding=page.encoding,
        warnings=warnings,
        error=error,
    )


def _header(value: object) -> str | None:
    if isinstance(value, (bytes, bytearray)):  # Scrapy header values are bytes
        return bytes(value).decode("latin-1")
    return value if isinstance(value, str) else None


def parse_article(
    body: bytes | str,
    url: str,
    *,
    content_type: str | bytes | None = None,
    content_language: str | bytes | None = None,
    max_bytes: int = 5_000_000,
) -> ParsedArticle:
    """Parse one saved page (bytes as fetched, plain or gzipped, or text) into a :class:`ParsedArticle`.

    Never raises for bad input: a page that cannot be read comes back with
    ``error`` set and whatever could be read (title, warnings). ``max_bytes`` caps
    the bytes parsed (after decompression); a longer page is cut and a warning says so.
    ``content_type`` and ``content_language`` are the HTTP headers, when known.
    """
    url = url if isinstance(url, str) else ""
    content_type, content_language = _header(content_type), _header(content_language)
    try:
        return _parse(body, url, content_type, content_language, max_bytes)
    except NotAPageError as exc:
        return ParsedArticle(url=url, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - the contract is: never crash the batch
        return ParsedArticle(url=url, error=f"parser failed: {type(exc).__name__}: {str(exc)[:200]}")
