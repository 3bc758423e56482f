"""Publication date (dateparser on datelines and bylines) and the operational year.

The operational year is the year next to an "operational" cue in the same
clause ("expected to be operational in 2023", "2027 soll das Werk in Betrieb
gehen", "opérationnel en 2024"); years next to construction starts, founding
dates and histories are skipped. An opening reported as news takes the year it
happened when the text gives none.
"""

from __future__ import annotations

import re
import warnings
from datetime import date

from pipeline.extract.text import BOILERPLATE, Document
from pipeline.extract.vocab import get_vocabulary

_YEAR = re.compile(r"(?<![\d.,/-])(19[89]\d|20\d\d)(?![\d.,]\d)")
_CLAUSE_BREAK = re.compile(r"[;,:()]|\s(?:and|und|et|en|e|y|och|while|but|whereas|während|tandis)\s")


def parse_date(text: str | None, lang: str | None) -> date | None:
    """A date from a dateline or byline fragment ('30. Mai 2022', 'Oct. 05, 2023'), else None."""
    if not text:
        return None
    import dateparser

    langs = [lang, "en"] if lang and lang != "en" else ["en"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = dateparser.parse(
                text,
                languages=langs,
                settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"], "RETURN_AS_TIMEZONE_AWARE": False},
            )
        except Exception:  # dateparser raises on some odd strings; a date is optional
            return None
    return parsed.date() if parsed else None


def published_date(doc: Document, given: date | None, lang: str | None) -> tuple[date | None, str | None]:
    """(date, where): the input's date first, then the dateline, then a byline line."""
    if given is not None:
        return given, "input"
    if doc.dateline and doc.dateline.date_text:
        d = parse_date(doc.dateline.date_text, lang)
        if d:
            return d, "dateline"
    for s, e in doc.meta_lines:
        m = re.search(r"\d{1,2}[ .\-/]*[A-Za-zéû]{3,}\.?[ .\-/]*(?:19|20)\d\d|[A-Za-z]{3,}\.? \d{1,2}, (?:19|20)\d\d|\d{4}-\d\d-\d\d", doc.text[s:e])
        if m:
            d = parse_date(m.group(), lang)
            if d:
                return d, "byline"
    return None, None


def _clause_bounds(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    lo, hi = start, end
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.end() <= at:
            lo = m.end()
        elif m.start() >= at:
            hi = m.start()
            break
    return lo, hi


def operational_year(doc: Document) -> tuple[int, int, int] | None:
    """(year, start, end) of the year the facility is or becomes operational, or None."""
    vocab = get_vocabulary()
    hits = vocab.operational_lexicon.find(doc.folded)
    cues = [h for h in hits if h.key == "operational"]
    blockers = [h for h in hits if h.key == "construction"]
    best: tuple[float, int, int, int] | None = None
    for seg in doc.sentences():
        if seg.zone == BOILERPLATE:
            continue
        seg_cues = [h for h in cues if seg.start <= h.start < seg.end]
        if not seg_cues:
            continue
        for ym in _YEAR.finditer(doc.text, seg.start, seg.end):
            ys, ye = ym.start(), ym.end()
            if doc.dateline and doc.dateline.start <= ys < doc.dateline.end:
                continue
            for cue in seg_cues:
                lo, hi = _clause_bounds(doc.text, seg.start, seg.end, cue.start)
                if not (lo <= ys < hi or abs(ys - cue.end) <= 12 or abs(cue.start - ye) <= 12):
                    continue
                blocked = any(lo <= b.start < hi and abs(b.start - ys) < abs(cue.start - ys) for b in blockers)
                if blocked:
                    continue
                dist = min(abs(ys - cue.end), abs(cue.start - ye))
                score = seg.weight * 10 - dist / 10
                if best is None or score > best[0]:
                    best = (score, int(ym.group()), ys, ye)
    return (best[1], best[2], best[3]) if best else None
