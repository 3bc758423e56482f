"""The name graph of one resolution run: spellings, registry entries, links, constraints.

Knowledge enters here: registry entries (their names, tickers and parents), facts
learned from announcements, and reviewed judgements. Candidate links are added by
``links.py``; ``orgs.py`` applies them.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.resolve.graph import ConstrainedUnionFind
from pipeline.resolve.idmap import IdMap
from pipeline.resolve.normalise import NameForms, Qualifier, name_forms, ticker_symbol
from schemas.curation import Curation
from schemas.resolution import AliasFact, RegistryEntry

log = logging.getLogger(__name__)

# Rule name -> (priority: lower is applied first, confidence).
RULES: dict[str, tuple[int, float]] = {
    "judgement": (0, 1.0),
    "registry": (1, 1.0),
    "learned": (2, 0.95),
    "ticker": (3, 0.95),
    "exact": (4, 1.0),
    "core": (4, 0.97),
    "compact": (4, 0.97),
    "qualifier": (4, 0.95),
    "abbreviation": (5, 0.9),
    "fuzzy": (6, 0.0),  # confidence is the similarity itself
    "ticker_guess": (7, 0.7),
}
MAX_CORE_GROUP = 60  # names sharing one core key; larger groups are too generic to link


@dataclass
class Node:
    key: tuple[str, str]
    forms: NameForms
    raws: Counter[str] = field(default_factory=Counter)
    countries: set[str] = field(default_factory=set)
    mentions: int = 0


@dataclass(order=True)
class Edge:
    priority: int
    neg_score: float
    a: tuple[str, str]
    b: tuple[str, str]
    rule: str = field(compare=False)
    forced: bool = field(default=False, compare=False)


class NameGraph:
    """Nodes, candidate edges and constraints of one resolution run."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[str, str], Node] = {}
        self.edges: list[Edge] = []
        self.uf = ConstrainedUnionFind()
        self.registry: dict[str, RegistryEntry] = {}
        self.tickers: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.qualified: set[tuple[tuple[str, str], Qualifier]] = set()  # names written with a trailing qualifier
        self.declared_same: set[frozenset[tuple[str, str]]] = set()  # name pairs a reviewer judged the same

    def name_node(self, raw: str, country: str | None = None, mention: bool = False) -> tuple[str, str]:
        forms = name_forms(raw)
        key = ("n", forms.clean)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = Node(key, forms)
            self.uf.add(key)
        if forms.qualifier is not None:
            self.qualified.add((key, forms.qualifier))
        if mention:
            node.raws[forms.raw] += 1
            node.mentions += 1
        if country:
            node.countries.add(country)
        return key

    def edge(self, a: tuple[str, str], b: tuple[str, str], rule: str, score: float | None = None,
             forced: bool = False) -> None:
        if a == b:
            return
        priority, confidence = RULES[rule]
        s = confidence if score is None else score
        lo, hi = (a, b) if a <= b else (b, a)
        self.edges.append(Edge(priority, -s, lo, hi, rule, forced))


def add_registry(graph: NameGraph, entries: Iterable[RegistryEntry]) -> None:
    for entry in sorted(entries, key=lambda e: e.id):
        if entry.id in graph.registry:
            continue
        graph.registry[entry.id] = entry
        rkey = ("r", entry.id)
        graph.uf.add(rkey, anchor=entry.id)
        for name in [entry.name, *entry.aliases, *entry.former_names]:
            graph.edge(rkey, graph.name_node(name, entry.country_code), "registry")
        for ticker in entry.tickers:
            symbol = ticker_symbol(ticker) or ticker.split(":")[-1].strip().upper()
            if symbol:
                graph.tickers[symbol].add(rkey)
        if entry.parent:
            graph.uf.cannot_link([rkey], [graph.name_node(entry.parent)])
    _join_listings(graph)


def _join_listings(graph: NameGraph) -> None:
    """Entries that carry the same name in the same country are one organisation listed by
    two sources ("Leiden University Medical Center" and "... (LUMC)"): their anchors join,
    so the aliases of either reach the same entity. Entries of another country stay apart
    (one group's national companies: "AGC Biologics" DK / IT)."""
    by_name: dict[str, list[RegistryEntry]] = defaultdict(list)
    for entry in graph.registry.values():
        by_name[name_forms(entry.name).clean].append(entry)
    for entries in by_name.values():
        countries = {e.country_code for e in entries if e.country_code}
        for i, a in enumerate(entries):
            for b in entries[i + 1:]:
                if a.country_code == b.country_code or len(countries) == 1:  # no country: only when unambiguous
                    graph.uf.union(("r", a.id), ("r", b.id), forced=True)


def add_facts(graph: NameGraph, facts: Iterable[AliasFact]) -> None:
    for fact in facts:
        subject = graph.name_node(fact.name)
        if fact.kind == "ticker":
            graph.tickers[fact.value.upper()].add(subject)
        elif fact.kind in ("former_name", "alias"):
            graph.edge(subject, graph.name_node(fact.value), "learned")
        elif fact.kind == "subsidiary_of":
            other = graph.name_node(fact.value)
            if graph.uf.find(subject) != graph.uf.find(other):
                graph.uf.cannot_link([subject], [other])


def _side_nodes(graph: NameGraph, name: str | None, ident: str | None, id_map: IdMap) -> list[tuple[str, str]]:
    if name is not None:
        return [graph.name_node(name)]
    if ident in graph.registry:
        return [("r", ident)]
    keys = [k[4:] for k, v in id_map.ids.items() if v == ident and k.startswith("org:")]
    return [graph.name_node(k) for k in keys]


def add_judgements(graph: NameGraph, curation: Curation | None, id_map: IdMap) -> None:
    if curation is None:
        return
    negatives = []
    for j in curation.judgements:
        if any((side or "").startswith("fac_") for side in (j.a_id, j.b_id)):
            continue  # a decision about facilities (resolve_facilities applies it)
        left = _side_nodes(graph, j.a, j.a_id, id_map)
        right = _side_nodes(graph, j.b, j.b_id, id_map)
        if not left or not right:
            log.warning("judgement %r / %r: an ID is unknown, skipped", *j.sides)
            continue
        if j.decision == "same":
            for a in left:
                for b in right:
                    graph.edge(a, b, "judgement", forced=True)
                    graph.declared_same.add(frozenset((a, b)))
        else:  # different, and unsure: the algorithm may not merge what a reviewer doubts
            negatives.append((left, right, j))
    for left, right, j in negatives:
        try:
            graph.uf.cannot_link(left, right)
        except ValueError:
            log.warning("judgement %r / %r contradicts a 'same' judgement, skipped", *j.sides)


def _said_to_be_one(graph: NameGraph, listed: dict[str, set[str]], a: tuple[str, str], b: tuple[str, str]) -> bool:
    """A registry entry lists both names, or a reviewer judged them the same."""
    return frozenset((a, b)) in graph.declared_same or bool(listed.get(a[1], set()) & listed.get(b[1], set()))


def _keep_apart(graph: NameGraph, listed: dict[str, set[str]], child: list[tuple[str, str]],
                parent: tuple[str, str]) -> None:
    """The learned parent relation: a child and its parent are two organisations."""
    if any(c == parent or _said_to_be_one(graph, listed, c, parent) for c in child):
        return
    try:
        graph.uf.cannot_link(child, [parent])
    except ValueError:  # an earlier constraint already joined them
        log.debug("parent qualifier %s ignored: already joined", parent[1])


def add_qualifiers(graph: NameGraph) -> None:
    """What trailing qualifiers say (``normalise.split_qualifier``), once every name is known.

    - ``(LUMC)`` after the name it abbreviates: a link to the mention "LUMC", when no
      other name claims that acronym;
    - a parent (``(Bayer AG)``, ``, a Gilead Company``): parent and child stay apart;
    - a former name: linked like a learned former name;
    - any other bracket (``(Bayer)``, ``(SK pharmteco)``): when it is the name of an
      organisation already in the graph, the name is linked to the part before the
      bracket, and that organisation is its parent; a place or an unknown word
      (``(Modena)``, ``(UK)``) changes nothing.
    """
    if not graph.qualified:
        return
    known = set(graph.nodes)
    listed: dict[str, set[str]] = defaultdict(set)  # clean name -> registry entries that list it
    for entry in graph.registry.values():
        for name in (entry.name, *entry.aliases, *entry.former_names):
            listed[name_forms(name).clean].add(entry.id)
    acronyms: dict[str, set[str]] = defaultdict(set)
    for key, q in graph.qualified:
        if q.kind == "acronym":
            acronyms[name_forms(q.text).clean].add(graph.nodes[key].forms.core)
    for key, q in sorted(graph.qualified, key=lambda kq: (kq[0], kq[1].kind, kq[1].text, kq[1].base)):
        if q.kind == "acronym":
            short = ("n", name_forms(q.text).clean)
            if short in known and short != key and len(acronyms[short[1]]) == 1:
                graph.edge(key, short, "qualifier")
        elif q.kind == "former":
            graph.edge(key, graph.name_node(q.text), "learned")
        elif q.kind == "parent":
            _keep_apart(graph, listed, [key], graph.name_node(q.text))
        else:
            other = ("n", name_forms(q.text).clean)
            if other not in known or other == key:
                continue
            base = graph.name_node(q.base)
            if base == key:
                continue
            graph.edge(key, base, "qualifier")
            forms, parent = graph.nodes[base].forms, graph.nodes[other].forms
            if forms.core != parent.core and forms.compact != parent.compact:
                _keep_apart(graph, listed, [key, base], other)
