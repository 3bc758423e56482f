"""Learn tickers, former names and parent links from announcement text.

Press releases state these facts in set phrases: "Autolus Therapeutics plc
(Nasdaq: AUTL)", "Celyad (formerly Cardio3 BioSciences)", "Orchard will become a
wholly owned subsidiary of Kyowa Kirin". Each fact keeps the announcement and the
character span as provenance, so a wrong alias can be traced and judged. The cue
phrases and exchange names are data (``vocabulary.yml``), not code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.resolve.text import fold
from pipeline.resolve.vocabulary import load_vocabulary
from schemas.resolution import AliasFact

_PAREN = re.compile(r"\(([^()]{2,160})\)")
_TICKER_PART = re.compile(r"^\s*(?P<exchange>[^:;,]{2,60}?)\s*:\s*(?P<symbol>[A-Z0-9][A-Z0-9.]{0,9})\s*$")
_TOKEN = re.compile(r"\S+")
_LEGAL_PIECES = {"plc", "ltd", "ltd.", "inc", "inc.", "co.", "co", "s.a.", "sa", "nv", "n.v.", "bv", "b.v.", "ag", "se",
                 "gmbh", "ab", "oy", "a/s", "s.p.a.", "s.r.l.", "srl", "spa", "sas", "llc", "corp.", "corp", "limited"}
_CONNECTORS = {"&", "de", "of", "for", "für", "du", "des", "di", "del", "van", "von"}
_SENTENCE_END = re.compile(r"[.!?]$")


def _is_name_token(token: str) -> bool:
    word = token.strip(",;")
    if not word or "--" in word or word in ("–", "—", "-") or word.isdigit():
        return False
    if word.lower() in _LEGAL_PIECES:
        return True
    return any(ch.isupper() for ch in word) and word[0].isalnum()


def _name_before(text: str, end: int, max_tokens: int = 8) -> tuple[str, int] | None:
    """The organisation name that ends at ``end``: capitalised words back to a stop."""
    tokens = list(_TOKEN.finditer(text, max(0, end - 200), end))
    picked: list[re.Match[str]] = []
    for tok in reversed(tokens):
        word = tok.group()
        if picked and word.endswith((".", "!", "?")) and word.lower() not in _LEGAL_PIECES and len(word) > 3:
            break  # previous sentence
        if picked and word.endswith(",") and picked[-1].group().lower().strip(",") not in _LEGAL_PIECES:
            break  # "Sanofi, Kiadis ...": a list, not one name ("Catalent, Inc." goes on)
        if _is_name_token(word):
            picked.append(tok)
        elif word.lower() in _CONNECTORS and picked:
            picked.append(tok)
        else:
            break
        if len(picked) >= max_tokens:
            break
    while picked and picked[-1].group().lower() in _CONNECTORS:
        picked.pop()
    while picked and picked[-1].group() in ("The", "the"):
        picked.pop()
    if not picked:
        return None
    start = picked[-1].start()
    name = text[start:end].strip().strip(",;:")
    return (name, start) if len(name) >= 2 else None


def _name_after(text: str, start: int, max_tokens: int = 8) -> tuple[str, int] | None:
    """The organisation name that starts at ``start``: capitalised words up to a stop."""
    picked: list[re.Match[str]] = []
    for tok in _TOKEN.finditer(text, start, min(len(text), start + 200)):
        word = tok.group()
        clean = word.rstrip(",;:)").rstrip(".") if not word.lower().rstrip(",;:)") in _LEGAL_PIECES else word.rstrip(",;:)")
        if _is_name_token(clean) or (picked and word.lower() in _CONNECTORS):
            picked.append(tok)
            if word.endswith((",", ";", ":", ")")) or (_SENTENCE_END.search(word) and word.lower() not in _LEGAL_PIECES):
                break
        else:
            break
        if len(picked) >= max_tokens:
            break
    while picked and picked[-1].group().lower() in _CONNECTORS:
        picked.pop()
    if not picked:
        return None
    end = picked[-1].end()
    name = text[picked[0].start():end].strip().rstrip(",;:)")
    if name.endswith(".") and name.split()[-1].lower() not in _LEGAL_PIECES:
        name = name[:-1]
    return (name, end) if len(name) >= 2 else None


@lru_cache(maxsize=1)
def _exchange_pattern() -> re.Pattern[str]:
    names = sorted(load_vocabulary().exchanges, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def _tickers(text: str, announcement_id: str, url: str | None) -> list[AliasFact]:
    facts: list[AliasFact] = []
    exchanges = _exchange_pattern()
    for paren in _PAREN.finditer(text):
        parts = re.split(r"[;,]\s*(?=[^:;,]{2,60}:)", paren.group(1))
        found = []
        for part in parts:
            m = _TICKER_PART.match(part)
            if m and exchanges.search(fold(m.group("exchange"))):
                found.append((m.group("exchange").strip(), m.group("symbol").rstrip(".")))
        if not found:
            continue
        subject = _name_before(text, paren.start())
        if subject is None:
            continue
        name, start = subject
        for exchange, symbol in found:
            facts.append(AliasFact(
                kind="ticker", name=name, value=symbol, exchange=exchange, span=(start, paren.end()),
                evidence=text[start:paren.end()], announcement_id=announcement_id, source_url=url,
            ))
    return facts


def _cue_pattern(cues: list[str]) -> re.Pattern[str]:
    ordered = sorted(cues, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in ordered) + r")(?!\w)")


def _folded_view(text: str) -> str:
    """Folded text of the same length, so cue offsets map back onto the original."""
    folded = fold(text)
    return folded if len(folded) == len(text) else "".join(fold(ch)[:1] or " " for ch in text)


def _former_names(text: str, folded: str, announcement_id: str, url: str | None) -> list[AliasFact]:
    vocab = load_vocabulary()
    facts: list[AliasFact] = []
    for cue in _cue_pattern(vocab.former_name_cues).finditer(folded):
        before = text[: cue.start()].rstrip()
        in_paren = before.endswith("(")
        boundary = len(before) - (1 if in_paren or before.endswith(",") else 0)
        subject = _name_before(text, boundary)
        former = _name_after(text, cue.end())
        if subject and former and fold(subject[0]) != fold(former[0]):
            facts.append(AliasFact(
                kind="former_name", name=subject[0], value=former[0], span=(subject[1], former[1]),
                evidence=text[subject[1]:former[1]], announcement_id=announcement_id, source_url=url,
            ))
    for cue in _cue_pattern(vocab.rename_cues).finditer(folded):
        old = _name_before(text, _skip_back(text, cue.start(), vocab.copula_words))
        new = _name_after(text, cue.end())
        if old and new and fold(old[0]) != fold(new[0]):
            facts.append(AliasFact(
                kind="former_name", name=new[0], value=old[0], span=(old[1], new[1]),
                evidence=text[old[1]:new[1]], announcement_id=announcement_id, source_url=url,
            ))
    return facts


def _skip_back(text: str, end: int, words: list[str]) -> int:
    """Move ``end`` back over small verbs ("will then become") and commas."""
    skip = set(words)
    pos = end
    while True:
        stripped = text[:pos].rstrip().rstrip(",")
        m = re.search(r"(\S+)$", stripped)
        if m and fold(m.group(1)) in skip:
            pos = m.start()
            continue
        return len(stripped)


def _subsidiaries(text: str, folded: str, announcement_id: str, url: str | None) -> list[AliasFact]:
    vocab = load_vocabulary()
    facts: list[AliasFact] = []
    for cue in _cue_pattern(vocab.subsidiary_cues).finditer(folded):
        child = _name_before(text, _skip_back(text, cue.start(), vocab.copula_words))
        parent = _name_after(text, cue.end())
        if child and parent and fold(child[0]) != fold(parent[0]):
            facts.append(AliasFact(
                kind="subsidiary_of", name=child[0], value=parent[0], span=(child[1], parent[1]),
                evidence=text[child[1]:parent[1]], announcement_id=announcement_id, source_url=url,
            ))
    return facts


def learn_aliases(text: str, announcement_id: str, url: str | None = None) -> list[AliasFact]:
    """Tickers, former names and subsidiary links stated in one announcement."""
    if not text:
        return []
    folded = _folded_view(text)
    facts = _tickers(text, announcement_id, url)
    facts += _former_names(text, folded, announcement_id, url)
    facts += _subsidiaries(text, folded, announcement_id, url)
    unique: dict[tuple[str, str, str], AliasFact] = {}
    for fact in facts:
        unique.setdefault((fact.kind, fact.name, fact.value), fact)
    return list(unique.values())
