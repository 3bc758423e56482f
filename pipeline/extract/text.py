"""The shape of an announcement: title, dateline, lead, body and boilerplate.

Facts are read with a weight that depends on where they stand: the headline and
the lead say what happened; "About X" paragraphs, disclaimers and bylines are
boilerplate and say nothing about the event. Offsets always point into
``Document.text`` so evidence spans can be cut from it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.extract.lexicon import fold_same_length
from pipeline.extract.vocab import get_vocabulary
from schemas.extraction import MAX_TEXT_CHARS

TITLE, LEAD, SECOND, BODY, BOILERPLATE = "title", "lead", "second", "body", "boilerplate"
ZONE_WEIGHT = {TITLE: 3.0, LEAD: 2.0, SECOND: 1.5, BODY: 1.0, BOILERPLATE: 0.0}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_WIRE = re.compile(
    r"\(?\s*(?:BUSINESS\s+WIRE|GLOBE\s*NEWSWIRE|PR\s*Newswire|/?PRNewswire/?|Accesswire|ACCESSWIRE|Cision|EQS[- ]News|"
    r"MarketWired|Market\s+wire|RNS|Reuters|dpa(?:-AFX)?|AFP|ANP|ANSA|Europa\s+Press|TT|Belga)\s*\)?/?",
    re.IGNORECASE,
)
_DATELINE_END = re.compile(r"\s(?:--|—|–|-)\s|--|—|\)\s*--|\s[–—]\s?")
_ABBREV = re.compile(
    r"(?:\b(?:Inc|Ltd|Co|Corp|Mr|Mrs|Ms|Dr|Prof|St|Mt|Mio|Mrd|approx|ca|No|vs|etc|Mass|Pa|Calif|Md|Fla|Conn|Ill|Wash|Va|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|Nr|Str|bzw|ggf|z\.B|e\.g|i\.e|resp|Fr|SFr|Bd|S\.A|N\.V|B\.V|S\.p\.A|U\.S|N\.J|N\.Y|N\.C|D\.C|p\.a|incl|excl|est)|\b[A-Z])\.$"
)


@dataclass(frozen=True)
class Segment:
    """A sentence (or headline) with its zone and offsets into ``Document.text``."""

    start: int
    end: int
    zone: str
    paragraph: int

    @property
    def weight(self) -> float:
        return ZONE_WEIGHT[self.zone]


@dataclass
class Dateline:
    start: int
    end: int
    places_text: str
    places_start: int
    date_text: str | None


@dataclass
class Document:
    """An announcement split into weighted sentences; ``text`` = title + blank line + body."""

    text: str
    folded: str
    title_end: int
    body_start: int
    truncated: bool
    segments: list[Segment] = field(default_factory=list)
    dateline: Dateline | None = None
    boilerplate_start: int | None = None
    meta_lines: list[tuple[int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def zone_at(self, offset: int) -> str:
        seg = self.segment_at(offset)
        if seg is not None:
            return seg.zone
        if offset < self.title_end:
            return TITLE
        if self.boilerplate_start is not None and offset >= self.boilerplate_start:
            return BOILERPLATE
        return BODY

    def segment_at(self, offset: int) -> Segment | None:
        """The sentence containing ``offset`` (binary search: segments are in text order)."""
        if len(self._starts) != len(self.segments):
            self._starts = [s.start for s in self.segments]
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.segments[i].start <= offset < self.segments[i].end:
            return self.segments[i]
        return None

    def sentences(self, *, with_boilerplate: bool = False) -> list[Segment]:
        return [s for s in self.segments if with_boilerplate or s.zone != BOILERPLATE]


# Facts sit in the headline, lead and first paragraphs: beyond this many characters
# a text is cut before analysis (keeps the extractor fast and linear on crawl accidents).
MAX_ANALYSED_CHARS = min(MAX_TEXT_CHARS, 30_000)


def clean_text(text: str) -> tuple[str, bool]:
    """NFC-normalise, blank out control characters and cut enormous texts (flagged)."""
    truncated = len(text) > MAX_ANALYSED_CHARS
    if truncated:
        text = text[:MAX_ANALYSED_CHARS]
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return text, truncated


def _heading_kind(line: str) -> str | None:
    """'about' / 'disclaimer' / 'meta' when the line opens boilerplate, else None."""
    low = fold_same_length(line.strip())
    heads = get_vocabulary().text.boilerplate_headings
    words = len(low.split())
    for phrase in heads["disclaimer"]:
        if low.startswith(phrase):
            return "disclaimer"
    for phrase in heads["about"]:
        p = phrase.strip()
        if (low.startswith(phrase) or low == p or low.startswith(p + ":")) and (words <= 8 or ":" in low[: len(p) + 2]):
            if not low.endswith(".") or words <= 4:
                return "about"
    for phrase in heads["meta"]:
        if phrase in low[:60]:
            return "meta"
    if " | " in line and words <= 14:
        return "meta"
    return None


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets inside ``text[start:end]``, not splitting after abbreviations."""
    spans: list[tuple[int, int]] = []
    cur = start
    for m in re.finditer(r"[.!?;](?=[\"”’')\]]?\s+[\"“(\[]?[A-ZÀ-ÝÅÄÖ0-9¿¡])", text[start:end]):
        cut = start + m.end()
        before = text[cur:cut].rstrip()
        last_word = before.split()[-1] if before.split() else ""
        if m.group() == "." and _ABBREV.search(last_word):
            continue
        if text[cur:cut].strip():
            spans.append((cur, cut))
        cur = cut
    if text[cur:end].strip():
        spans.append((cur, end))
    out = []
    for s, e in spans:  # trim surrounding whitespace
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _find_dateline(text: str, start: int, end: int) -> Dateline | None:
    """A wire dateline at the start of the first paragraph: 'GHENT, Belgium, May 3, 2021 /PRNewswire/ --'."""
    head = text[start : min(end, start + 220)]
    m = None
    for cand in _DATELINE_END.finditer(head):
        if cand.start() >= 3:
            m = cand
            break
    if m is None:
        return None
    prefix = head[: m.start()]
    if len(prefix.split()) > 16:
        return None
    has_caps_place = re.match(r"^\(?[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻÅÄÖ]{2,}", prefix.strip()) is not None
    has_year = re.search(r"\b(19|20)\d\d\b", prefix) is not None
    has_wire = _WIRE.search(prefix) is not None
    if not (has_caps_place or has_year or has_wire):
        return None
    places_text = prefix
    places_start = start
    wm = _WIRE.search(places_text)
    if wm:
        places_text = places_text[: wm.start()] + " " * (wm.end() - wm.start()) + places_text[wm.end():]
    # the date part starts at the first month name / weekday / digit group after the places
    date_text = None
    dm = re.search(
        r"(?:\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?\b(?:\d{1,2}\.?\s*(?:de\s+)?[A-Za-zéûäöüåÀ-ÿ]{3,}\.?,?\s*(?:de\s+)?(?:19|20)\d\d"
        r"|[A-Za-zéûäöüå]{3,}\.?\s+\d{1,2},?\s+(?:19|20)\d\d|[A-Za-zéûäöüå]{3,}\.?\s+(?:19|20)\d\d|\d{4}-\d\d-\d\d)",
        places_text,
    )
    if dm:
        date_text = dm.group().strip()
        places_text = places_text[: dm.start()]
    end_at = start + m.end()
    if date_text is None:
        # 'CITY--(BUSINESS WIRE)--April 15, 2019--' or 'PARIS and AMSTERDAM – November 2, 2020 –'
        rest = text[end_at : min(end, end_at + 80)]
        rest_wire = _WIRE.match(rest.lstrip())
        if rest_wire:
            skipped = len(rest) - len(rest.lstrip()) + rest_wire.end()
            rest = rest[skipped:].lstrip("-–— ")
            end_at += len(text[end_at : end_at + skipped])
        dm2 = re.match(
            r"\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?((?:\d{1,2}\.?\s*[A-Za-zéûäöüå]{3,}\.?,?\s*(?:19|20)\d\d"
            r"|[A-Za-zéûäöüå]{3,}\.?\s+\d{1,2},?\s+(?:19|20)\d\d))\s*(?:--|—|–|-|/)",
            rest,
        )
        if dm2:
            date_text = dm2.group(1)
            full = text[end_at : min(end, end_at + 80)]
            pos = full.find(date_text)
            if pos >= 0:
                tail = re.match(r"\s*(?:--|—|–|-|/)+\s*", full[pos + len(date_text):])
                end_at += pos + len(date_text) + (tail.end() if tail else 0)
    return Dateline(start, end_at, places_text.strip(" ,-–—/"), places_start, date_text)


def build_document(title: str | None, body: str) -> Document:
    """Split title and body into weighted sentences, find the dateline and the boilerplate."""
    title = (title or "").strip()
    body_clean, truncated = clean_text(body)
    title_clean, _ = clean_text(title)
    # the body of a scraped page often repeats the headline as its first line
    lines = body_clean.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if title_clean and first is not None and lines[first].strip() == title_clean:
        lines[first] = " " * len(lines[first])
        body_clean = "\n".join(lines)
    if not title_clean and first is not None and len(lines[first].split()) <= 25:
        title_clean = lines[first].strip()
        lines[first] = " " * len(lines[first])
        body_clean = "\n".join(lines)
    text = title_clean + "\n\n" + body_clean
    body_start = len(title_clean) + 2
    doc = Document(text=text, folded=fold_same_length(text), title_end=len(title_clean), body_start=body_start, truncated=truncated)
    if title_clean:
        doc.segments.append(Segment(0, len(title_clean), TITLE, -1))
    # paragraphs = non-empty lines of the body
    paragraph = 0
    offset = body_start
    seen_content = 0
    for line in body_clean.split("\n"):
        s, e = offset, offset + len(line)
        offset = e + 1
        if not line.strip():
            continue
        kind = None if doc.boilerplate_start is not None else _heading_kind(line)
        if doc.boilerplate_start is not None:
            zone = BOILERPLATE
        elif kind == "meta":
            doc.meta_lines.append((s, e))
            continue
        elif kind in ("about", "disclaimer") and seen_content >= 1:
            doc.boilerplate_start = s
            zone = BOILERPLATE
        else:
            is_bullet = line.lstrip().startswith(("-", "•", "*", "–"))
            if is_bullet and seen_content == 0:
                zone = LEAD
            else:
                zone = LEAD if seen_content == 0 else SECOND if seen_content == 1 else BODY
                seen_content += 1
            if zone == LEAD and doc.dateline is None and not is_bullet:
                doc.dateline = _find_dateline(text, s, e)
        for ss, se in split_sentences(text, s, e):
            doc.segments.append(Segment(ss, se, zone, paragraph))
        paragraph += 1
    return doc
