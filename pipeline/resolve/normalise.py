"""Organisation names to comparison keys.

Legal forms are stripped with cleanco's term list (all European forms: plc, GmbH, S.p.A., B.V.,
AB (publ), A/S, Oy, sp. z o.o. ...), topped up with the few spellings listed in
``vocabulary.yml``. Then accents, case, '&'/'and' and punctuation are folded, and
descriptors that merely say what a company does ("Therapeutics", "Pharma") are set
aside, so "Kiadis Pharma N.V." and "Kiadis" share the core key ``kiadis``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cleanco.clean import normalize_terms, prepare_default_terms, remove_accents, strip_punct

from pipeline.resolve.text import fold, squash, words
from pipeline.resolve.vocabulary import Vocabulary, load_vocabulary

_BRACKETS = re.compile(r"[()\[\]{},;:\"“”«»]")
_UPPER_RUN = re.compile(r"[A-Z]{2,}")
_TICKER = re.compile(r"^(?:(?P<exchange>[A-Za-z][A-Za-z .&-]{1,40}):\s*)?(?P<symbol>[A-Z][A-Z0-9.]{1,6}|\d{4})$")
_DIGITS = re.compile(r"\d+")
# A capitalised brand joined by a hyphen to one lower-case word at the end of a name.
_HYPHEN_QUALIFIER = re.compile(r"(?:^|\s)([A-Z][\w]{3,})-([a-z]{5,})$")
_TAIL = re.compile(r"[^\w.]+$")  # trailing punctuation, as cleanco's strip_tail


@lru_cache(maxsize=1)
def _legal_terms() -> tuple[frozenset[tuple[str, ...]], int]:
    """cleanco's legal-form terms plus our extras, as word tuples, and the longest length."""
    vocab = load_vocabulary()
    terms = {tuple(parts) for _, parts in prepare_default_terms()}
    terms |= {tuple(t.split()) for t in normalize_terms(vocab.extra_legal_forms) if t.split()}
    return frozenset(terms), max(len(t) for t in terms)


@lru_cache(maxsize=100_000)
def _cleanco_word(word: str) -> str:
    """A word folded the way cleanco folds its terms (so "S.p.A." meets "spa")."""
    return strip_punct(remove_accents(word))


def strip_legal_forms(name: str) -> str:
    """Remove legal forms at the end of a name, repeatedly ("B.V. & Co. KG" -> "").

    Same terms and folding as cleanco's ``basename``, but a suffix lookup in a set
    instead of a scan over every term, which matters at 100k names. The first word
    always stays, so a company called "AB" keeps its name.
    """
    terms, longest = _legal_terms()
    words = squash(_BRACKETS.sub(" ", name)).split()
    while len(words) > 1:
        folded = [_cleanco_word(w) for w in words]
        if not any(ch.isalnum() for ch in folded[-1]):  # a lone "&" or "-" left by a removed form
            words.pop()
            continue
        cut = next(
            (size for size in range(min(longest, len(words) - 1), 0, -1) if tuple(folded[-size:]) in terms), 0
        )
        if not cut:
            break
        del words[-cut:]
    if words:
        words[-1] = _TAIL.sub("", words[-1]) or words[-1]
    return " ".join(words)


def ticker_symbol(raw: str) -> str | None:
    """The symbol when a mention looks like a stock ticker ("AUTL", "Nasdaq: QURE", "MDG1")."""
    match = _TICKER.match(raw.strip())
    if not match:
        return None
    symbol = match.group("symbol")
    if match.group("exchange") is None and (len(symbol) > 5 or not any(c.isalpha() for c in symbol)):
        return None
    return symbol.upper()


@dataclass(frozen=True)
class NameForms:
    """Every key the resolver compares for one name."""

    raw: str
    clean: str  # legal forms gone, folded, stopwords gone: the identity of a spelling
    tokens: tuple[str, ...]
    core: str  # clean minus trailing descriptors / leading organisation words
    descriptors: frozenset[str]
    compact: str  # core without spaces ("meira gtx" == "meiragtx")
    ticker: str | None
    acronym_like: bool  # written with a capital run ("CGT Catapult", "RoslinCT", "UCB")
    abbreviations: tuple[str, ...] = field(default=())  # short forms this name may be written as

    @property
    def digits(self) -> tuple[str, ...]:
        return tuple(_DIGITS.findall(self.compact))


def _strip_core(tokens: list[str], vocab: Vocabulary) -> tuple[list[str], set[str]]:
    """Drop descriptors at the end and organisation words at the start, never to nothing."""
    generic = set(vocab.generic_words)
    trailing = set(vocab.trailing_descriptors)
    leading = set(vocab.leading_org_words)

    def acceptable(rest: list[str]) -> bool:
        return bool(rest) and len("".join(rest)) >= 4 and not all(t in generic for t in rest)

    core = list(tokens)
    dropped: set[str] = set()
    while len(core) > 1 and core[-1] in trailing and acceptable(core[:-1]):
        dropped.add(core.pop())
    while len(core) > 1 and core[0] in leading and acceptable(core[1:]):
        dropped.add(core.pop(0))
    return core, dropped


def _abbreviations(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Short forms: "cell gene therapy catapult" -> "cgt catapult", "cgtc"; "roslin cell therapies" -> "roslinct"."""
    n = len(tokens)
    if n < 2:
        return ()
    out: set[str] = set()
    initials = [t[0] for t in tokens]
    for k in range(2, n + 1):  # initials of the first k words, the rest kept
        head = "".join(initials[:k])
        rest = " ".join(tokens[k:])
        out.add(f"{head} {rest}".strip())
    for k in range(1, n - 1):  # the first k words kept, the rest as initials (two or more)
        out.add(" ".join(tokens[:k]) + " " + "".join(initials[k:]))
    compacts = {a.replace(" ", "") for a in out}
    return tuple(sorted(a for a in out | compacts if len(a.replace(" ", "")) >= 3))


@lru_cache(maxsize=200_000)
def name_forms(raw: str) -> NameForms:
    """All comparison keys of one name; cached because the same spellings recur."""
    vocab = load_vocabulary()
    text = squash(raw)
    ticker = ticker_symbol(text)
    stripped = strip_legal_forms(text)  # keeps the writer's case, for acronym detection
    base = fold(stripped)
    stop = set(vocab.stopwords)
    all_words = [w for w in words(base) if w != "&"]
    tokens = tuple(w for w in all_words if w not in stop) or tuple(all_words) or (fold(text),)
    core_tokens, dropped = _strip_core(list(tokens), vocab)
    qualifier = _HYPHEN_QUALIFIER.search(stripped)
    if qualifier and len(core_tokens) > 1 and core_tokens[-1] == fold(qualifier.group(2)):
        dropped.add(core_tokens.pop())  # "Polyplus-transfection": the brand plus what it does
    core = " ".join(core_tokens)
    return NameForms(
        raw=text,
        clean=" ".join(tokens),
        tokens=tokens,
        core=core,
        descriptors=frozenset(dropped),
        compact=core.replace(" ", ""),
        ticker=ticker,
        acronym_like=bool(_UPPER_RUN.search(stripped)),
        abbreviations=_abbreviations(tokens),
    )


def descriptors_compatible(a: NameForms, b: NameForms) -> bool:
    """Same core is only the same organisation when one name's descriptors contain the other's."""
    return a.descriptors <= b.descriptors or b.descriptors <= a.descriptors
