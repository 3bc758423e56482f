"""Organisation names to comparison keys.

Legal forms are stripped with cleanco's term list (all European forms: plc, GmbH, S.p.A., B.V.,
AB (publ), A/S, Oy, sp. z o.o. ...), topped up with the few spellings listed in
``vocabulary.yml``. Then accents, case, '&'/'and' and punctuation are folded, and
descriptors that merely say what a company does ("Therapeutics", "Pharma") are set
aside, so "Kiadis Pharma N.V." and "Kiadis" share the core key ``kiadis``.

A trailing qualifier is read before that (``split_qualifier``): an acronym of the name
("Leiden University Medical Center (LUMC)"), a parent ("Kite, a Gilead Company",
"(Bayer AG)", "(Leiden University)") or a former name ("(formerly Cardio3
BioSciences)") does not change whose name it is, so the keys are those of the part
before it. Any other bracket ("(UK)", "(Modena)", "(Bayer)") stays part of the name
here; the name graph links it to the part before it only when the bracket is a
known organisation (``namegraph.add_qualifiers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

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
# "Name (qualifier)" with at most legal forms after the bracket ("Viralgen (Bayer) S.L.").
_TRAILING_BRACKET = re.compile(r"^(?P<base>.*?[^\s(])\s*\((?P<inner>[^()]{1,150})\)(?P<tail>[^()]*)$")
_ACRONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.&-]{1,11}$")


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


QualifierKind = Literal["acronym", "parent", "former", "other"]


@dataclass(frozen=True)
class Qualifier:
    """A trailing bracket (or ", an X company") after a name: what it says, and the name before it."""

    kind: QualifierKind  # acronym of the name, its parent, its former name, or not known (a place, a parent ...)
    text: str  # the acronym, the parent's or former name, or the bracket's content as written
    base: str  # the name without the qualifier (legal forms written after a bracket are kept)


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
    qualifier: Qualifier | None = None  # a trailing bracket or ", an X company" (see ``split_qualifier``)

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


def _is_legal_form(text: str) -> bool:
    """True when ``text`` is nothing but legal forms ("publ", "S.L.", "GmbH & Co. KG")."""
    return not text.strip() or strip_legal_forms("x " + text) == "x"


def _acronym_of(acronym: str, base: str) -> bool:
    """True when ``acronym`` spells the initials (or a known short form) of ``base``."""
    if not _ACRONYM.match(acronym) or not any(ch.isupper() for ch in acronym):
        return False
    letters = re.sub(r"[^a-z0-9]", "", fold(acronym))
    forms = name_forms(base)
    every = [w for w in words(strip_legal_forms(base)) if w != "&"]
    spelled = {"".join(w[0] for w in every), "".join(w[0] for w in forms.tokens)}
    spelled |= {a.replace(" ", "") for a in forms.abbreviations}
    return len(letters) >= 2 and letters in spelled


@lru_cache(maxsize=1)
def _parent_patterns() -> tuple[re.Pattern[str], ...]:
    vocab = load_vocabulary()
    templates = [*vocab.parent_qualifiers, *(f"{cue} {{}}" for cue in vocab.subsidiary_cues)]
    out = []
    for template in sorted(set(templates), key=len, reverse=True):
        head, tail = template.split("{}")
        parts = [re.escape(" ".join(head.split())), r"(?P<parent>.+?)", re.escape(" ".join(tail.split()))]
        out.append(re.compile(r"^" + r"\s*".join(p for p in parts if p) + r"$"))
    return tuple(out)


def _parent_named(text: str) -> str | None:
    """The parent in "a Gilead company", "an SK pharmteco company", "a subsidiary of Bayer"."""
    plain = " ".join(words(text))
    for pattern in _parent_patterns():
        match = pattern.match(plain)
        if match and match.group("parent").strip():
            return match.group("parent").strip()
    return None


def _former_named(text: str) -> str | None:
    """The earlier name in "formerly Cardio3 BioSciences"."""
    folded = fold(text).strip()
    for cue in sorted(load_vocabulary().former_name_cues, key=len, reverse=True):
        if folded.startswith(cue) and (cue.endswith("-") or folded[len(cue):len(cue) + 1] in (" ", ":")):
            rest = text.strip()[len(cue):].strip(" :")
            return rest or None
    return None


def _names_an_organisation(text: str) -> bool:
    """A bracket of two or more words with a legal form or an organisation word ("Leiden University")."""
    tokens = words(text)
    if len(tokens) < 2:
        return False
    if set(tokens) & set(load_vocabulary().organisation_words):
        return True
    return len(words(strip_legal_forms(text))) < len(tokens)


@lru_cache(maxsize=200_000)
def split_qualifier(raw: str) -> Qualifier | None:
    """The trailing qualifier of a name, if it has one, and what kind it is.

    ``Leiden University Medical Center (LUMC)`` -> acronym; ``Viralgen (Bayer AG)``,
    ``Kite, a Gilead Company``, ``X (a subsidiary of Y)``, ``X (Leiden University)``
    -> parent; ``Celyad (formerly Cardio3 BioSciences)`` -> former; ``Pharmaron
    Biologics (UK)``, ``Evotec (Modena) Srl``, ``Viralgen (Bayer)`` -> other (a place or
    a name: only the name graph can tell). A bracket holding a legal form
    ("AB (publ)") is no qualifier.
    """
    text = squash(raw)
    match = _TRAILING_BRACKET.match(text)
    if match and _is_legal_form(match.group("tail")) and not _is_legal_form(match.group("inner")):
        base = squash(f"{match.group('base')} {match.group('tail')}")
        inner = squash(match.group("inner"))
        if not words(base):
            return None
        if _acronym_of(inner, base):
            return Qualifier("acronym", inner, base)
        parent = _parent_named(inner)
        if parent:
            return Qualifier("parent", parent, base)
        former = _former_named(inner)
        if former:
            return Qualifier("former", former, base)
        if _names_an_organisation(inner):
            return Qualifier("parent", inner, base)
        return Qualifier("other", inner, base)
    head, comma, tail = text.rpartition(",")
    if comma and words(head) and not _is_legal_form(tail):
        parent = _parent_named(tail)
        if parent:
            return Qualifier("parent", parent, squash(head))
    return None


@lru_cache(maxsize=200_000)
def name_forms(raw: str) -> NameForms:
    """All comparison keys of one name; cached because the same spellings recur."""
    vocab = load_vocabulary()
    text = squash(raw)
    qualifier = split_qualifier(text)
    if qualifier is not None and qualifier.kind != "other":
        return replace(name_forms(qualifier.base), raw=text, qualifier=qualifier)
    ticker = ticker_symbol(text)
    stripped = strip_legal_forms(text)  # keeps the writer's case, for acronym detection
    base = fold(stripped)
    stop = set(vocab.stopwords)
    all_words = [w for w in words(base) if w != "&"]
    tokens = tuple(w for w in all_words if w not in stop) or tuple(all_words) or (fold(text),)
    core_tokens, dropped = _strip_core(list(tokens), vocab)
    hyphenated = _HYPHEN_QUALIFIER.search(stripped)
    if hyphenated and len(core_tokens) > 1 and core_tokens[-1] == fold(hyphenated.group(2)):
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
        qualifier=qualifier,
    )


def descriptors_compatible(a: NameForms, b: NameForms) -> bool:
    """Same core is only the same organisation when one name's descriptors contain the other's."""
    return a.descriptors <= b.descriptors or b.descriptors <= a.descriptors
