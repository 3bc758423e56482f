"""Turn the bytes of a saved page into text, whatever state they are in.

Real pages arrive gzipped (sometimes cut short), mis-declared (a windows-1252
page labelled UTF-8, an HTTP header that disagrees with the ``<meta>``), in
UTF-16, empty, huge, or not HTML at all (a PDF saved as ``.html``). This module
decides, in this order: decompress (bounded), cap the size, refuse non-HTML
bytes, then pick the encoding from the bytes themselves first (BOM, valid
UTF-8), then the declarations (HTTP header, then ``<meta>``), then a guess by
charset-normalizer among the code pages in the vocabulary. Label handling
(``latin-1`` means windows-1252, as browsers do) is w3lib's.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import Literal

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

from pipeline.parse.vocabulary import vocabulary

PageKind = Literal["html", "text"]

# Leading bytes of formats that are sometimes saved with an .html name.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP/WAV/AVI)"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"BM", "a bitmap image"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x7fELF", "an executable"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ", "an xz-compressed file"),
)
_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                 "application/octet-stream", "application/msword", "application/vnd.")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Characters lxml refuses (XML-incompatible controls) and that never carry text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_TAG = re.compile(r"<\s*(?:!doctype|html|head|body|meta|title|div|p|article|main|section|span|a|h[1-6]|table|br|script|link|!--)\b", re.I)


class NotAPageError(ValueError):
    """The bytes are not a readable page (empty, binary, a feed...); the message says what they are."""


@dataclass
class DecodedPage:
    """Page text ready for lxml, and how it was obtained."""

    text: str
    encoding: str
    kind: PageKind
    warnings: list[str] = field(default_factory=list)


def _gunzip(body: bytes, max_bytes: int, warnings: list[str]) -> bytes:
    """Decompress gzip (several members allowed) without ever holding more than ``max_bytes``."""
    out = bytearray()
    data = body
    while data:
        dec = zlib.decompressobj(31)
        try:
            out += dec.decompress(data, max_bytes - len(out) + 1)
        except zlib.error as exc:
            warnings.append(f"gzip data is corrupt ({exc}); kept the {len(out)} bytes before the damage")
            break
        if len(out) > max_bytes:
            del out[max_bytes:]
            warnings.append(f"gzip content larger than {max_bytes} bytes; parsed the first {max_bytes}")
            break
        if not dec.eof:
            warnings.append(f"gzip stream is truncated; parsed the {len(out)} bytes it holds")
            break
        data = dec.unused_data
        if not data.startswith(b"\x1f\x8b"):
            break
    if not out:
        raise NotAPageError("gzip file holds no readable content (truncated or corrupt)")
    return bytes(out)


def _sniff_binary(head: bytes, content_type: str | None) -> str | None:
    """Say what a non-HTML file is, or None when it may be text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype.startswith(_BINARY_TYPES) and not _TAG.search(head[:2048].decode("latin-1").lower()):
        return f"content of type {ctype}"
    probe = head[:1024]
    if not probe or probe.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(probe):
        return None
    if probe.count(0) > max(2, len(probe) * 0.02):
        return "binary data (NUL bytes)"
    controls = sum(1 for b in probe if b < 9 or 13 < b < 32)
    if controls > len(probe) * 0.1:
        return "binary data"
    return None


def _looks_utf16(probe: bytes) -> Literal["utf-16-le", "utf-16-be"] | None:
    """UTF-16 text without a BOM: one byte of each pair is mostly NUL."""
    even, odd = probe[0::2], probe[1::2]
    if len(probe) < 8:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _utf8_quality(body: bytes) -> tuple[int, int]:
    """(real non-ASCII characters, undecodable bytes) when read as UTF-8."""
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    good = non_ascii - text.count("\ufffd")
    return good, max(bad, 0)


def _declared(body: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """(where, encoding) declared by the HTTP header and by the page, resolved to Python codecs."""
    found: list[tuple[str, str]] = []
    if content_type:
        enc = http_content_type_encoding(content_type)
        if enc:
            found.append(("HTTP header", enc))
    try:
        meta = html_body_declared_encoding(body[:8192])
    except Exception:  # noqa: BLE001 - a broken <meta> must not stop decoding
        meta = None
    if meta:
        resolved = resolve_encoding(meta)
        if resolved:
            found.append(("<meta>", resolved))
    return found


_LANG_ATTR = re.compile(r"""<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?\s*([a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{1,8})*)""", re.I)
_META_TAG = re.compile(r"<meta\b[^>]{0,500}>", re.I)
_META_LANG = re.compile(r"""(?:http-equiv|name)\s*=\s*["']?\s*(?:content-language|language|dc\.language)\b""", re.I)
_META_CONTENT = re.compile(r"""\bcontent\s*=\s*["']?\s*([a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{1,8})*)""", re.I)
_LANG_TAG = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_]|\s*$|\s*[,;])")
_HIDDEN_OPEN = re.compile(r"<(script|style|noscript|template)\b", re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});?", re.I)
DETECT_SAMPLE = 2500  # characters of visible text used to detect the language of an undeclared page
CONFIDENT_TEXT = 200  # with this much text a confident detection beats the page's declared language


def declared_language(head: str, content_language: str | None = None) -> str | None:
    """ISO 639 code the page declares: ``<html lang>``, then ``<meta http-equiv=content-language>``, then HTTP."""
    found = _LANG_ATTR.search(head)
    if found:
        return _primary_subtag(found.group(1))
    for tag in _META_TAG.finditer(head):
        if _META_LANG.search(tag.group(0)):
            content = _META_CONTENT.search(tag.group(0))
            if content:
                return _primary_subtag(content.group(1))
    return _primary_subtag(content_language) if content_language else None


def _primary_subtag(tag: str) -> str | None:
    match = _LANG_TAG.match(tag)
    return match.group(1).lower() if match else None


def visible_text(markup: str, limit: int) -> str:
    """Roughly the words a reader sees, without scripts, styles and tags (linear time, no tree)."""
    parts: list[str] = []
    pos, total = 0, 0
    while total < limit:
        opener = _HIDDEN_OPEN.search(markup, pos)
        chunk = markup[pos: opener.start()] if opener else markup[pos:]
        text = " ".join(_ENTITY.sub(" ", _ANY_TAG.sub(" ", chunk)).split())
        if text:
            parts.append(text)
            total += len(text) + 1
        if opener is None:
            break
        closer = re.compile(r"</\s*" + opener.group(1) + r"\s*>", re.I).search(markup, opener.end())
        if closer is None:
            break
        pos = closer.end()
    return " ".join(parts)[:limit]


@dataclass
class _Reading:
    encoding: str
    text: str
    family: str | None


def _family_of(encoding: str) -> str | None:
    for name, family in vocabulary().code_page_families.items():
        if encoding in family.encodings:
            return name
    return None


def _language_family(language: str | None) -> str | None:
    if not language:
        return None
    for name, family in vocabulary().code_page_families.items():
        if language in family.languages:
            return name
    return None


def _in_word(reading: str, i: int) -> bool:
    """Is ``reading[i]`` a letter inside a word: after a letter, or before a lower-case letter ('Że')?"""
    ch = reading[i]
    if not ch.isalpha():
        return False
    return (i > 0 and reading[i - 1].isalpha()) or (i + 1 < len(reading) and reading[i + 1].islower())


def _word_letters(reading: str, positions: list[int]) -> int:
    """How many of the bytes read differently by the candidates are, in this reading, letters inside words.

    A code page that fits the text turns its high bytes into letters inside words ('Zakład');
    a wrong one turns some of them into symbols ('Zak³ad') or C1 control characters.
    """
    score = 0
    for i in positions:
        if "\x80" <= reading[i] <= "\x9f":
            score -= 2
        elif _in_word(reading, i):
            score += 1
    return score


def _detect(readings: list[_Reading]) -> tuple[str | None, float, int]:
    """(language, probability, characters of text) of the page, read with each candidate; the most certain wins."""
    from pipeline.parse.language import classify

    best: tuple[str | None, float, int] = (None, 0.0, 0)
    for reading in readings:
        sample = visible_text(reading.text, DETECT_SAMPLE)
        if len(sample) < 20:
            break  # the other readings have as many characters
        code, probability = classify(sample)
        if probability > best[1]:
            best = (code, probability, len(sample))
        if probability >= 0.9:
            break  # certain enough: reading the bytes another way does not change the language
    return best


def _guess_single_byte(body: bytes, content_language: str | None) -> str:
    """Best Western/Central European code page for undeclared bytes.

    Both families turn the same bytes into plausible letters (Italian 'sarà' reads 'sarŕ' in
    cp1250, Czech 'Brně' reads 'Brnì' in cp1252), but both readings stay readable to a
    language classifier, so the language of the page decides:

    1. The first family when no other family's reading has letters inside words that the
       first family's code page cannot write ('¡' read as 'ˇ' is no letter) and the page
       declares no language of another family.
    2. Otherwise the family of the page's language: a confident detection on enough text,
       else the declared language (``<html lang>``, ``<meta>``, HTTP ``Content-Language``),
       else a less certain detection; with none of these and no such letters, the first family.
    3. Within the chosen family (or among all readings when none was chosen): the reading
       that turns the differing bytes into letters inside words; ties go to the vocabulary's
       order; charset-normalizer only when readings of different families still tie.
    """
    candidates = vocabulary().fallback_encodings
    sample = body[:200_000]
    readings: list[_Reading] = []
    seen: set[str] = set()
    for enc in candidates:
        try:
            text = sample.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if text not in seen:
            seen.add(text)
            readings.append(_Reading(enc, text, _family_of(enc)))
    if not readings:
        return candidates[0]
    if len(readings) == 1:
        return readings[0].encoding
    positions = [m.start() for m in _HIGH_BYTE.finditer(sample)][:20_000]
    if any(len(r.text) != len(sample) for r in readings):  # not one character per byte: compare nothing
        positions = []
    default = readings[0]
    default_family = vocabulary().code_page_families.get(default.family or "")
    writer = default_family.encodings[0] if default_family else default.encoding

    def foreign_letters(reading: _Reading) -> bool:
        letters = {reading.text[i] for i in positions if _in_word(reading.text, i)}
        return any(not _encodable(ch, writer) for ch in letters)

    declared = declared_language(sample[:8192].decode("latin-1"), content_language)
    declared_family = _language_family(declared)
    foreign = any(foreign_letters(r) for r in readings if r.family != default.family)
    family: str | None = None
    if not foreign and declared_family in (None, default.family):
        family = default.family
    else:
        detected, probability, chars = _detect(readings)
        detected_family = _language_family(detected)
        if detected_family and probability >= 0.9 and chars >= CONFIDENT_TEXT:
            family = detected_family
        elif declared_family:
            family = declared_family
        elif detected_family and probability >= 0.5:
            family = detected_family
        elif not foreign:
            family = default.family
    pool = [r for r in readings if family and r.family == family] or readings
    scored = [(_word_letters(r.text, positions), r) for r in pool]
    top = max(score for score, _ in scored)
    best = [r for score, r in scored if score == top]
    if len(best) == 1 or len({r.family for r in best}) == 1:
        return best[0].encoding
    return _charset_normalizer(body, [r.encoding for r in best])


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _charset_normalizer(body: bytes, candidates: list[str]) -> str:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(body[:200_000], cp_isolation=candidates).best()
    except Exception:  # noqa: BLE001 - detection is best effort
        best = None
    return best.encoding if best is not None and best.encoding in candidates else candidates[0]


def _choose_encoding(
    body: bytes, content_type: str | None, content_language: str | None, truncated: bool, warnings: list[str]
) -> tuple[str, int]:
    """(codec, bytes to skip for a BOM) for ``body``."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec, len(bom)
    declared = _declared(body, content_type)
    utf16 = _looks_utf16(body[:1024])
    if utf16:
        return utf16, 0
    labels = {enc for _, enc in declared}
    if len(labels) > 1:
        warnings.append("declared encodings disagree: " + ", ".join(f"{w} says {e}" for w, e in declared))
    good, bad = _utf8_quality(body[:500_000])
    if bad == 0 or (truncated and bad <= 1) or good > bad:
        if good and labels and "utf-8" not in labels:
            warnings.append(f"page declares {'/'.join(sorted(labels))} but its bytes are UTF-8; read as UTF-8")
        elif bad:
            warnings.append(f"{bad} byte(s) are not valid UTF-8 in a UTF-8 page; replaced")
        return "utf-8", 0
    for where, enc in declared:
        if enc.startswith(("utf-8", "utf-16", "utf-32")):
            continue
        try:
            body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if "utf-8" in labels:
            warnings.append(f"page declares UTF-8 but its bytes are not; read as {enc} ({where})")
        return enc, 0
    guess = _guess_single_byte(body, content_language)
    what = "mis-declared as " + "/".join(sorted(labels)) if labels else "undeclared"
    warnings.append(f"encoding {what}; guessed {guess}")
    return guess, 0


def _kind(text: str) -> PageKind:
    head = text[:4096].lstrip().lower()
    if head.startswith(("{", "[")) and not _TAG.search(head):
        raise NotAPageError("not an HTML page: looks like JSON")
    if ("<rss" in head or "<feed" in head) and "<html" not in head:
        raise NotAPageError("not an HTML page: an RSS/Atom feed")
    return "html" if _TAG.search(text[:65536]) else "text"


def decode_page(
    body: bytes | str, *, content_type: str | None = None, content_language: str | None = None,
    max_bytes: int = 5_000_000,
) -> DecodedPage:
    """Decode a saved page; raise :class:`NotAPageError` when there is nothing to parse.

    ``content_language`` (the HTTP ``Content-Language`` header) helps choose the code page
    of a page that is neither UTF-8 nor declared.
    """
    warnings: list[str] = []
    if isinstance(body, str):
        if len(body) > max_bytes:
            warnings.append(f"page has {len(body)} characters; parsed the first {max_bytes}")
            body = body[:max_bytes]
        text = _CONTROL_CHARS.sub("", body.lstrip("\ufeff"))
        if not text.strip():
            raise NotAPageError("empty page")
        return DecodedPage(text, "unicode", _kind(text), warnings)
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise NotAPageError(f"expected bytes or str, got {type(body).__name__}")
    body = bytes(body)
    if body.startswith(b"\x1f\x8b"):
        body = _gunzip(body, max_bytes, warnings)
    truncated = len(body) > max_bytes
    if truncated:
        warnings.append(f"page has {len(body)} bytes; parsed the first {max_bytes}")
        body = body[:max_bytes]
    if not body.strip():
        raise NotAPageError("empty page")
    what = _sniff_binary(body[:4096], content_type)
    if what:
        raise NotAPageError(f"not an HTML page: {what}")
    encoding, skip = _choose_encoding(body, content_type, content_language, truncated, warnings)
    text = body[skip:].decode(encoding, errors="replace")
    text = _CONTROL_CHARS.sub("", text)
    if not text.strip():
        raise NotAPageError("empty page")
    return DecodedPage(text, encoding, _kind(text), warnings)
