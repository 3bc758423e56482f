"""Money amounts in seven languages and the choice of the one tied to the event.

Parsing: a currency sign or word before or after a number, an optional scale
word ("Mio.", "milliards", "miljoner", "bn"), decimal commas and thousands dots
read according to the text's language. Choosing: each amount is scored by where
it stands (headline and lead first), by cue words next to it (investment, price,
pays ...) and against distractor cues (revenue, per share, loans, programmes,
money spent in the past, conversions in brackets, other places).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.text import BOILERPLATE, Document
from pipeline.extract.vocab import get_vocabulary

DECIMAL_COMMA_LANGS = frozenset({"de", "fr", "nl", "it", "es", "sv", "pt", "pl", "da", "no", "fi"})
MIN_EVENT_AMOUNT = 100_000  # smaller sums are share prices, fees, per-unit prices
NEAR = 60  # characters around an amount in which a cue counts
DISTRACTOR_BEFORE = 30  # a distractor word before an amount qualifies it only when this close
FACILITY_EVENTS = frozenset({"new_facility", "expansion", "opening"})


@dataclass(frozen=True)
class MoneyMention:
    start: int
    end: int
    value: float
    currency: str
    text: str


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, str], dict[str, str], dict[str, int]]:
    a = get_vocabulary().amounts
    symbols = {k: v for k, v in a.currency_symbols.items()}
    words = {w.lower(): cur for cur, ws in a.currency_words.items() for w in ws}
    scales = {w.lower(): int(mult) for mult, ws in a.scales.items() for w in ws}

    def alt(items: list[str]) -> str:
        return "|".join(re.escape(i) for i in sorted(set(items), key=len, reverse=True))

    num = r"\d{1,3}(?:(?:[.,'\u00a0\u202f]|\s(?=\d{3}\b))\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
    sym = alt(list(symbols))
    word = alt(list(words))
    scale = alt(list(scales))
    own = alt(list(get_vocabulary().amounts.scale_currency))
    pattern = (
        rf"(?P<pre>{sym})\s?(?P<num1>{num})(?:\s?(?P<scale1>{scale})(?![\w€$£]))?"
        rf"|(?P<num2>{num})\s?(?:(?P<scale2>{scale})(?![\w])\s?(?:of\s|de\s|d'|di\s)?)?(?P<post>{word}|{sym})(?![\w])"
        rf"|(?P<num3>{num})\s?(?P<scale3>{own})(?![\w])"
    )
    return re.compile(pattern, re.IGNORECASE), symbols, words, scales


def parse_number(raw: str, lang: str | None) -> float | None:
    """Read '2,3', '1.200', '1,200,000', '7 600', '26,56' the way the language writes numbers."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "")
    s = re.sub(r"(?<=\d) (?=\d{3}\b)", "", s)
    decimal_comma = (lang or "en") in DECIMAL_COMMA_LANGS
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        parts = s.split(",")
        if len(parts) > 2 or (len(parts[1]) == 3 and not decimal_comma):
            s = s.replace(",", "")
        else:
            s = s.replace(",", ".")
    elif "." in s:
        parts = s.split(".")
        if len(parts) > 2 or (len(parts[1]) == 3 and decimal_comma):
            s = s.replace(".", "")
    try:
        return float(s)
    except ValueError:
        return None


def find_amounts(text: str, lang: str | None) -> list[MoneyMention]:
    """Every money amount in ``text`` with its value in units of its currency."""
    pattern, symbols, words, scales = _patterns()
    scale_currency = {k.lower(): v for k, v in get_vocabulary().amounts.scale_currency.items()}
    out: list[MoneyMention] = []
    for m in pattern.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isalnum() and m.group("pre") and m.group("pre")[0].isalpha()):
            continue  # 'XEUR' inside a word
        raw_num = m.group("num1") or m.group("num2") or m.group("num3")
        scale_word = (m.group("scale1") or m.group("scale2") or m.group("scale3") or "").lower()
        if m.group("num3"):
            currency = None
        elif m.group("pre"):
            pre = m.group("pre")
            currency = symbols.get(pre) or symbols.get(pre.upper()) or next(
                (v for k, v in symbols.items() if k.lower() == pre.lower()), None
            )
        else:
            post = m.group("post")
            currency = words.get(post.lower()) or symbols.get(post) or symbols.get(post.upper())
        if scale_word in scale_currency:
            currency = scale_currency[scale_word]
        value = parse_number(raw_num, lang)
        if value is None or currency is None:
            continue
        if (m.group("num2") or m.group("num3")) and m.start() > 0 and text[m.start() - 1] in ".,":
            continue  # the tail of a longer number
        value *= scales.get(scale_word, 1)
        span = text[m.start() : m.end()].rstrip()
        out.append(MoneyMention(m.start(), m.start() + len(span), value, currency, span))
    return out


@dataclass(frozen=True)
class ScoredAmount:
    mention: MoneyMention
    score: float
    why: str


def score_amounts(
    doc: Document, lang: str | None, *, site_places: set[str], other_places: list[tuple[int, int, str]],
    published_year: int | None = None, event_type: str | None = None, own_names: set[str] | None = None,
    other_orgs: list[tuple[int, int]] | None = None,
) -> list[ScoredAmount]:
    """Score every amount for being the event's amount (higher is better; below 2 is not the answer).

    ``site_places`` are folded names of the facility's city and partners' places;
    ``other_places`` are (start, end, folded name) of places that are not the site;
    ``published_year`` dates histories ('bought the plant in 2021 for ...'); ``event_type`` tells when money
    raised is the answer (investments) and when it is a distractor (facility events); ``own_names`` are folded
    names of the companies, partners and facility, ``other_orgs`` spans of other organisations.
    """
    vocab = get_vocabulary()
    ctx_hits = vocab.amount_context_lexicon.find(doc.folded)
    mentions = find_amounts(doc.text, lang)
    scored: list[ScoredAmount] = []
    for i, m in enumerate(mentions):
        seg = doc.segment_at(m.start)
        if seg is None or seg.zone == BOILERPLATE or m.value < MIN_EVENT_AMOUNT:
            continue
        prev = mentions[i - 1] if i > 0 else None
        if prev is not None and doc.segment_at(prev.start) == seg:
            between = doc.text[prev.end : m.start]
            low_between = between.lower()
            if len(between) <= 30 and ("(" in between or "[" in between or " or " in f" {low_between} " or "soit" in low_between):
                continue  # a conversion or restatement of the previous amount
            if prev.currency != m.currency and any(
                h.key == "conversion" and prev.end <= h.start < m.start and m.start - h.end <= 25 for h in ctx_hits
            ):
                continue  # '..., a spokesman named about $2.5 billion' restating the first amount
        score = seg.weight
        why = [seg.zone]
        lo = max(seg.start, m.start - NEAR, prev.end if prev and prev.end <= m.start else 0)
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        hi = min(seg.end, m.end + NEAR, nxt.start if nxt and nxt.start >= m.end else len(doc.text))
        num = re.search(r"\d", doc.text[m.end : hi])
        if num:
            hi = m.end + num.start()  # the next figure has its own words
        near = [h for h in ctx_hits if lo <= h.start and h.end <= hi]
        if any(h.key == "tie" for h in near):
            score += 1.5
            why.append("tie")
        # a distractor word close before the amount ('revenue of', 'has spent') or right after it ('per share', 'in sales')
        if any(h.key == "distractor" and ((h.end <= m.start and m.start - h.end <= DISTRACTOR_BEFORE) or 0 <= h.start - m.end <= 25)
               for h in near):
            score -= 3.0
            why.append("distractor")
        if event_type in FACILITY_EVENTS and any(h.key == "financing" for h in near):
            score -= 2.5  # 'fully funded from the placing ..., which raised £20.5 million': the company's money, not the plant's cost
            why.append("financing")
        sentence = _plain(doc.text[seg.start : seg.end])  # accent-free, like the folded place and organisation names
        if published_year and seg.zone != "title":
            years = [int(y) for y in re.findall(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])", doc.text[seg.start : seg.end])]
            if years and max(years) < published_year and not any(h.key == "tie_future" for h in ctx_hits if seg.start <= h.start < seg.end):
                score -= 1.5  # a history: 'som köpte anläggningen 2021 för omkring 455 miljoner kronor'
                why.append("past")
        if other_places and seg.zone != "title":
            here = {name for s, e, name in other_places if seg.start <= s < seg.end}
            para = _paragraph(doc, seg)
            para_text = _plain(doc.text[para[0] : para[1]])
            if not here and not any(p and p in sentence for p in site_places):
                here = {name for s, e, name in other_places if para[0] <= s < para[1]}  # 'Local reports put the cost at $68m' after 'In Raleigh, ...'
                if here and any(p and p in para_text for p in site_places):
                    here = set()
            if here and not any(p and p in sentence for p in site_places):
                score -= 2.0
                why.append("other place")
        if other_orgs and own_names is not None and seg.zone not in ("title", "lead"):
            others_here = [a for a, b in other_orgs if seg.start <= a < m.start]  # an organisation before the amount: its subject
            if others_here and not any(n and n in sentence for n in own_names):
                score -= 1.5  # 'The Catapult's manufacturing centre has been backed by £75m': another organisation's money
                why.append("other organisation")
        scored.append(ScoredAmount(m, score, "+".join(why)))
    return scored


def _plain(text: str) -> str:
    from pipeline.extract.orgs import fold

    return fold(text)


def _paragraph(doc: Document, seg: object) -> tuple[int, int]:
    segs = [s for s in doc.segments if s.paragraph == seg.paragraph]  # type: ignore[attr-defined]
    return (segs[0].start, segs[-1].end) if segs else (seg.start, seg.end)  # type: ignore[attr-defined]


def choose_amount(scored: list[ScoredAmount], threshold: float = 2.0) -> ScoredAmount | None:
    """The best amount (earliest among equals), or None when nothing is tied to the event."""
    best: ScoredAmount | None = None
    for s in scored:
        if s.score < threshold:
            continue
        if best is None or s.score > best.score:
            best = s
    return best
