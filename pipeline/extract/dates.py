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

from pipeline.extract.lexicon import Hit
from pipeline.extract.text import BOILERPLATE, Document, Segment
from pipeline.extract.vocab import get_vocabulary

_YEAR = re.compile(r"(?<![\d.,/-])(19[89]\d|20\d\d)(?![\d.,]\d)")
OTHER_CLAUSE_PENALTY = 2.0  # a year in another clause of the cue's sentence ('..., and the GMP suites in 2020')
PAIR_REACH = 9  # words between the two words of an operational pair
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


def _plain(text: str) -> str:
    from pipeline.extract.orgs import fold

    return fold(text)


def _pair_cues(doc: Document) -> list[Hit]:
    """'start large-scale production', 'first commercial-grade batches': two cue words a few words apart."""
    out: list[Hit] = []
    pairs = get_vocabulary().text.operational_pairs
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w\-]+", doc.folded)]
    firsts: dict[str, list[str]] = {}
    for a, b in pairs:
        firsts.setdefault(a, []).append(b)
    for i, (s, e, w) in enumerate(words):
        keys = [w] + [f for f in firsts if len(f) >= 6 and w.endswith(f) and w != f]  # 'gmp-herstellung'
        for second in [x for k in keys for x in firsts.get(k, ())]:
            for s2, e2, w2 in words[i + 1 : i + 1 + PAIR_REACH]:
                if w2 == second or (len(second) > 5 and w2.startswith(second)):
                    out.append(Hit(s, e2, f"{w} {w2}", "operational"))
                    break
    return out


def _month_year(doc: Document, seg: Segment, published: date | None) -> tuple[int, int, int] | None:
    """'should be running by January' in a text published in June 2021 -> 2022."""
    if published is None:
        return None
    months = get_vocabulary().month_numbers
    for m in re.finditer(r"\b(?:by|in|from|ab|dès|à partir de|vanaf|entro|da|desde|från|im|en)\s+(?:the\s+end\s+of\s+)?([a-zéûä]+)\b(?!\s+(?:19|20)\d\d)", doc.folded[seg.start : seg.end]):
        n = months.get(m.group(1))
        if n:
            year = published.year if n > published.month else published.year + 1
            return year, seg.start + m.start(1), seg.start + m.end(1)
    return None


def operational_year(doc: Document, *, published: date | None = None, site_names: set[str] | None = None,
                     other_site_names: set[str] | None = None) -> tuple[int, int, int] | None:
    """(year, start, end) of the year the facility is or becomes operational, or None.

    Years in a clause or paragraph about another site ('L'usine américaine doit entrer en service en 2021') are
    left out when the main site is known; a year said of production beats one said of offices or a warehouse.
    """
    vocab = get_vocabulary()
    hits = vocab.operational_lexicon.find(doc.folded)
    cues = [h for h in hits if h.key == "operational"] + _pair_cues(doc)
    blockers = [h for h in hits if h.key == "construction"]
    prod = [h for h in hits if h.key == "prod"]
    nonprod = [h for h in hits if h.key == "nonprod"]
    site_names = site_names or set()
    other_site_names = other_site_names or set()
    best: tuple[float, int, int, int] | None = None
    for seg in doc.sentences():
        if seg.zone == BOILERPLATE:
            continue
        seg_cues = [h for h in cues if seg.start <= h.start < seg.end]
        if not seg_cues:
            continue
        sentence = _plain(doc.text[seg.start : seg.end])  # accent-free, like the folded site names
        paragraph = _plain(doc.text[min(s.start for s in doc.segments if s.paragraph == seg.paragraph) : max(s.end for s in doc.segments if s.paragraph == seg.paragraph)])
        for cue in seg_cues:  # 'should be running by January': a month without a year in the cue's clause
            lo, hi = _clause_bounds(doc.text, seg.start, seg.end, cue.start)
            sub = Segment(lo, hi, seg.zone, seg.paragraph)
            clause = _plain(doc.text[lo:hi])
            future = re.search(r"\b(?:will|should|shall|expected|expects|planned|soll|sollen|wird|werden|doit|devrait|sera|zal|moet|dovrebbe|sarà|deberá|estará|ska|väntas)\b", clause)
            if future and not _YEAR.search(doc.text, lo, hi) and not any(n and n in clause for n in other_site_names):
                my = _month_year(doc, sub, published)
                if my and (best is None or seg.weight * 10 > best[0]):
                    best = (seg.weight * 10, my[0], my[1], my[2])
        for ym in _YEAR.finditer(doc.text, seg.start, seg.end):
            ys, ye = ym.start(), ym.end()
            if doc.dateline and doc.dateline.start <= ys < doc.dateline.end:
                continue
            for cue in seg_cues:
                lo, hi = _clause_bounds(doc.text, seg.start, seg.end, cue.start)
                in_clause = lo <= ys < hi or abs(ys - cue.end) <= 12 or abs(cue.start - ye) <= 12
                ylo, yhi = _clause_bounds(doc.text, seg.start, seg.end, ys)
                year_clause = _plain(doc.text[ylo:yhi])
                about_site = any(n and n in year_clause for n in site_names)
                if not in_clause and not about_site and seg.zone == "title":
                    continue
                future_year = published is not None and int(ym.group()) >= published.year
                blocked = not future_year and any(lo <= b.start < hi and abs(b.start - ys) < abs(cue.start - ys) for b in blockers)
                if blocked:
                    continue
                dist = min(abs(ys - cue.end), abs(cue.start - ye))
                score = seg.weight * 10 - dist / 10 - (0 if in_clause or about_site else OTHER_CLAUSE_PENALTY)
                if site_names or other_site_names:
                    if about_site:
                        score += 5
                    elif any(n and n in year_clause for n in other_site_names) or (
                        any(n and n in sentence for n in other_site_names) and not any(n and n in sentence for n in site_names)
                    ) or (
                        not any(n and n in sentence for n in site_names) and any(n and n in paragraph for n in other_site_names)
                        and not any(n and n in paragraph for n in site_names)
                    ):
                        continue  # a year said of another site
                if any(ylo <= h.start < yhi for h in nonprod) and not any(ylo <= h.start < yhi for h in prod):
                    score -= 5  # 'the offices and warehouse are planned to open in 2019'
                if best is None or score > best[0]:
                    best = (score, int(ym.group()), ys, ye)
    return (best[1], best[2], best[3]) if best else None


def completed_in_headline(doc: Document) -> bool:
    """'AGC Biologics completa l'ampliamento ...': the headline or lead reports a finished project."""
    for h in get_vocabulary().completion_lexicon.find(doc.folded):
        seg = doc.segment_at(h.start)
        if seg is not None and seg.zone in ("title", "lead"):
            return True
    return False
