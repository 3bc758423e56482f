"""Organisation mentions to entities with stable IDs.

Pipeline of one call, all linear in the number of distinct spellings:

1. every distinct spelling (after cleanco's legal-form stripping and folding) is a
   node; registry entries, learned alias facts and judgements add their own nodes;
2. candidate links come from hash indexes (same core name, same name without
   spaces, acronym of a longer name, ticker, registry alias, learned former name)
   and, for typos, from rapidfuzz inside small blocks (``blocking.py``);
3. links are applied strongest first by a union-find that refuses any merge a
   judgement, a registry (two different entries), a parent link or clashing
   descriptors ("Delphi Genetics" / "Delphi Technologies") forbids;
4. each cluster gets the ID it already had (``idmap.py``), else its registry
   entry's ID, else one hashed from its smallest core name: input order and
   unrelated entities play no part.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.resolve.blocking import LOOK_ALIKE, fuzzy_pairs
from pipeline.resolve.curation import corrected_name, curated_registry
from pipeline.resolve.graph import ConstrainedUnionFind
from pipeline.resolve.idmap import IdMap, open_id_map
from pipeline.resolve.normalise import NameForms, descriptors_compatible, name_forms, ticker_symbol
from schemas.curation import Curation
from schemas.resolution import AliasFact, Mention, RegistryEntry, Resolution

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
    "abbreviation": (5, 0.9),
    "fuzzy": (6, 0.0),  # confidence is the similarity itself
    "ticker_guess": (7, 0.7),
}
MAX_CORE_GROUP = 60  # names sharing one core key; larger groups are too generic to link


@dataclass
class _Node:
    key: tuple[str, str]
    forms: NameForms
    raws: Counter[str] = field(default_factory=Counter)
    countries: set[str] = field(default_factory=set)
    mentions: int = 0


@dataclass(order=True)
class _Edge:
    priority: int
    neg_score: float
    a: tuple[str, str]
    b: tuple[str, str]
    rule: str = field(compare=False)
    forced: bool = field(default=False, compare=False)


class _Graph:
    """Nodes, candidate edges and constraints of one resolution run."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[str, str], _Node] = {}
        self.edges: list[_Edge] = []
        self.uf = ConstrainedUnionFind()
        self.registry: dict[str, RegistryEntry] = {}
        self.tickers: dict[str, set[tuple[str, str]]] = defaultdict(set)

    def name_node(self, raw: str, country: str | None = None, mention: bool = False) -> tuple[str, str]:
        forms = name_forms(raw)
        key = ("n", forms.clean)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = _Node(key, forms)
            self.uf.add(key)
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
        self.edges.append(_Edge(priority, -s, lo, hi, rule, forced))


def _add_registry(graph: _Graph, entries: Iterable[RegistryEntry]) -> None:
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


def _add_facts(graph: _Graph, facts: Iterable[AliasFact]) -> None:
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


def _side_nodes(graph: _Graph, name: str | None, ident: str | None, id_map: IdMap) -> list[tuple[str, str]]:
    if name is not None:
        return [graph.name_node(name)]
    if ident in graph.registry:
        return [("r", ident)]
    keys = [k[4:] for k, v in id_map.ids.items() if v == ident and k.startswith("org:")]
    return [graph.name_node(k) for k in keys]


def _add_judgements(graph: _Graph, curation: Curation | None, id_map: IdMap) -> None:
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
        else:  # different, and unsure: the algorithm may not merge what a reviewer doubts
            negatives.append((left, right, j))
    for left, right, j in negatives:
        try:
            graph.uf.cannot_link(left, right)
        except ValueError:
            log.warning("judgement %r / %r contradicts a 'same' judgement, skipped", *j.sides)


def _group_edges(graph: _Graph, groups: dict[str, list[tuple[str, str]]], rule: str) -> None:
    """Link names that share a key, unless their descriptors clash ("Delphi Genetics" / "... Technologies")."""
    for members in groups.values():
        if len(members) < 2:
            continue
        if len(members) > MAX_CORE_GROUP:
            log.debug("core group of %d names skipped as too generic", len(members))
            continue
        ordered = sorted(members, key=lambda k: (len(graph.nodes[k].forms.descriptors), k))
        for i, key in enumerate(ordered):
            forms = graph.nodes[key].forms
            clashes = []
            for other in ordered[:i]:
                if descriptors_compatible(forms, graph.nodes[other].forms):
                    graph.edge(other, key, rule)
                else:
                    clashes.append(other)
            if clashes:
                graph.uf.cannot_link([key], clashes)


def _abbreviation_edges(graph: _Graph) -> None:
    index: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, node in graph.nodes.items():
        for abbr in node.forms.abbreviations:
            index[abbr].add(key)
    for key, node in graph.nodes.items():
        if not node.forms.acronym_like:
            continue
        targets = index.get(node.forms.clean, set()) | index.get(node.forms.compact, set())
        targets.discard(key)
        cores = {graph.nodes[t].forms.core for t in targets}
        if len(cores) == 1:  # an acronym shared by two different long names proves nothing
            for target in targets:
                graph.edge(key, target, "abbreviation")


def _ticker_edges(graph: _Graph) -> None:
    for key, node in graph.nodes.items():
        symbol = node.forms.ticker
        if symbol and symbol in graph.tickers:
            for owner in graph.tickers[symbol]:
                graph.edge(key, owner, "ticker")


def _spelling_pattern(symbol: str) -> re.Pattern[str]:
    """A ticker spells a name when its letters run in order through it, from its first letter."""
    return re.compile(".*?".join(re.escape(ch) for ch in symbol.lower()))


def _ticker_guess_edges(graph: _Graph) -> None:
    """An unknown ticker ("AUTL") spelled by exactly one known name ("Autolus"), or written
    inside exactly one ("QURE" in "uniQure"), is linked to it.

    Only when no registry or announcement says whose ticker it is, and only when a
    single organisation's core name fits, so "OXB" never picks between two Oxfords.
    """
    by_initial: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    by_compact: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, node in graph.nodes.items():
        if node.forms.ticker is None and len(node.forms.compact) >= 4:
            spelled = node.forms.clean.replace(" ", "")  # descriptors count: "NITE" in "Nightstar Therapeutics"
            by_initial[spelled[0]][spelled].append(key)
            by_compact[spelled].append(key)
    wanted = {n.forms.ticker.lower() for n in graph.nodes.values()
              if n.forms.ticker and len(n.forms.ticker) >= 4 and n.forms.ticker.isalpha()}
    contains: dict[str, set[str]] = defaultdict(set)
    for spelled in by_compact:  # four-letter windows of every name, kept only for the tickers asked about
        for i in range(len(spelled) - 3):
            for size in range(4, 7):
                window = spelled[i:i + size]
                if window in wanted:
                    contains[window].add(spelled)
    for key, node in graph.nodes.items():
        symbol = node.forms.ticker
        if not symbol or symbol in graph.tickers or not symbol.isalpha() or len(symbol) < 3:
            continue
        if node.forms.clean in {c for c in by_initial[symbol[0].lower()]}:
            continue
        spells = _spelling_pattern(symbol).match
        candidates = by_initial.get(symbol[0].lower(), {})
        fits = {k: c for c in candidates if spells(c) for k in candidates[c]}
        if len(symbol) >= 4:  # or the ticker is written inside the name ("QURE" in "uniQure")
            fits.update({k: c for c in contains.get(symbol.lower(), ()) for k in by_compact[c]})
        cores = {graph.nodes[k].forms.core for k in fits}
        if len(cores) != 1:
            continue
        targets = sorted(fits)
        hinted = [t for t in targets if not (node.countries and graph.nodes[t].countries)
                  or node.countries & graph.nodes[t].countries]
        for target in hinted:
            graph.edge(key, target, "ticker_guess")


def _fuzzy_edges(graph: _Graph) -> None:
    keys = [k for k in graph.nodes if k[0] == "n"]
    for a, b, score in fuzzy_pairs([graph.nodes[k].forms for k in keys]):
        na, nb = graph.nodes[keys[a]], graph.nodes[keys[b]]
        if score == LOOK_ALIKE:
            if graph.uf.can_union(keys[a], keys[b]) and graph.uf.find(keys[a]) != graph.uf.find(keys[b]):
                graph.uf.cannot_link([keys[a]], [keys[b]])
            continue
        if na.countries and nb.countries and not (na.countries & nb.countries):
            continue
        if not descriptors_compatible(na.forms, nb.forms):
            continue
        graph.edge(keys[a], keys[b], "fuzzy", score)


def _build(mentions: Sequence[Mention], registry: Iterable[RegistryEntry], curation: Curation | None,
           facts: Iterable[AliasFact], id_map: IdMap) -> tuple[_Graph, list[tuple[str, str]]]:
    graph = _Graph()
    mention_keys = [graph.name_node(m.mention, m.country_hint, mention=True) for m in mentions]
    _add_registry(graph, [*registry, *curated_registry(curation)])
    _add_facts(graph, facts)
    _add_judgements(graph, curation, id_map)
    cores: dict[str, list[tuple[str, str]]] = defaultdict(list)
    compacts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, node in graph.nodes.items():
        cores[node.forms.core].append(key)
        compacts[node.forms.compact].append(key)
    _group_edges(graph, cores, "core")
    _group_edges(graph, {k: v for k, v in compacts.items() if len({graph.nodes[m].forms.core for m in v}) > 1}, "compact")
    _abbreviation_edges(graph)
    _ticker_edges(graph)
    _fuzzy_edges(graph)
    _ticker_guess_edges(graph)
    return graph, mention_keys


def _name_preference(node: _Node, raw: str) -> tuple:
    forms = node.forms
    return (-node.raws[raw], forms.ticker is not None, raw.isupper(), len(raw), raw)


def _canonical_name(graph: _Graph, members: list[tuple[str, str]], anchors: frozenset[str]) -> str:
    if anchors:
        return graph.registry[min(anchors)].name
    options = [(_name_preference(graph.nodes[k], raw), raw) for k in members if k[0] == "n" for raw in graph.nodes[k].raws]
    if not options:
        options = [((0,), graph.nodes[k].forms.raw) for k in members if k[0] == "n"]
    return min(options)[1]


def _anchor_key(graph: _Graph, members: list[tuple[str, str]]) -> str:
    """The smallest core name, preferring spelled-out mentions over acronyms and tickers."""
    named = [graph.nodes[k] for k in members if k[0] == "n"]
    mentioned = [n for n in named if n.mentions] or named
    return min((n.forms.ticker is not None, n.forms.acronym_like, n.forms.compact) for n in mentioned)[2]


def resolve_mentions(
    mentions: list[Mention],
    registry: list[RegistryEntry] | None = None,
    judgements: Curation | None = None,
    id_map_path: Path | None = None,
    aliases: list[AliasFact] | None = None,
) -> list[Resolution]:
    """Resolve organisation mentions to entities; one :class:`Resolution` per mention, in order.

    ``registry`` adds known organisations (their IDs become entity IDs), ``judgements``
    the reviewed curation (decisions and curated organisations), ``aliases`` facts
    learned from announcements. With ``id_map_path`` issued IDs are read from and
    saved to that file so they survive later runs.
    """
    with open_id_map(id_map_path) as id_map:
        graph, mention_keys = _build(mentions, registry or [], judgements, aliases or [], id_map)
        attached: dict[tuple[str, str], _Edge] = {}
        for edge in sorted(graph.edges):
            if graph.uf.find(edge.a) == graph.uf.find(edge.b):
                continue
            if graph.uf.union(edge.a, edge.b, forced=edge.forced):
                attached.setdefault(edge.a, edge)
                attached.setdefault(edge.b, edge)
        components = graph.uf.components()
        wanted = {graph.uf.find(k) for k in mention_keys}
        roots = sorted(wanted, key=lambda r: _anchor_key(graph, components[r]))
        clusters = []
        for root in roots:
            members = components[root]
            anchors = graph.uf.anchors(root)
            keys = [f"org:{k[1]}" for k in members if k[0] == "n" and graph.nodes[k].mentions]
            keys += [f"reg:{a}" for a in sorted(anchors)]
            clusters.append((keys, _anchor_key(graph, members), min(anchors) if anchors else None))
        ids = dict(zip(roots, id_map.assign(clusters, "org"), strict=True))
        names = {
            r: corrected_name(judgements, ids[r], _canonical_name(graph, components[r], graph.uf.anchors(r)))
            for r in roots
        }
    out = []
    for mention, key in zip(mentions, mention_keys, strict=True):
        root = graph.uf.find(key)
        edge = attached.get(key)
        node = graph.nodes[key]
        if edge is not None:
            rule, score = edge.rule, -edge.neg_score
        else:
            rule, score = ("exact" if len(node.raws) > 1 else "single"), 1.0
        anchors = graph.uf.anchors(root)
        out.append(Resolution(
            id=mention.id, entity_id=ids[root], canonical_name=names[root], rule=rule,
            score=round(min(1.0, max(0.0, score)), 4), registry_id=min(anchors) if anchors else None,
        ))
    return out
