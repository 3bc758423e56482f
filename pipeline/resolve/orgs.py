"""Organisation mentions to entities with stable IDs.

Pipeline of one call, all linear in the number of distinct spellings:

1. every distinct spelling (after cleanco's legal-form stripping and folding) is a
   node; registry entries, learned alias facts and judgements add their own nodes
   and constraints (``namegraph.py``);
2. candidate links come from hash indexes (same core name, same name without
   spaces, acronym of a longer name, ticker, registry alias, learned former name)
   and, for typos, from rapidfuzz inside small blocks (``links.py``, ``blocking.py``);
3. links are applied strongest first by a union-find that refuses any merge a
   judgement, a registry (two different entries), a parent link or clashing
   descriptors ("Delphi Genetics" / "Delphi Technologies") forbids;
4. each cluster gets the ID it already had (``idmap.py``), else its registry
   entry's ID, else one hashed from its smallest core name: input order and
   unrelated entities play no part.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.resolve.curation import corrected_name, curated_registry
from pipeline.resolve.idmap import IdMap, open_id_map
from pipeline.resolve.links import (
    abbreviation_edges, fuzzy_edges, group_edges, ticker_edges, ticker_guess_edges,
)
from pipeline.resolve.namegraph import (
    Edge, NameGraph, Node, add_facts, add_judgements, add_qualifiers, add_registry,
)
from pipeline.resolve.normalise import name_forms
from schemas.curation import Curation
from schemas.resolution import AliasFact, Mention, RegistryEntry, Resolution

log = logging.getLogger(__name__)


def _build(mentions: Sequence[Mention], registry: Iterable[RegistryEntry], curation: Curation | None,
           facts: Iterable[AliasFact], id_map: IdMap) -> tuple[NameGraph, list[tuple[str, str]]]:
    graph = NameGraph()
    mention_keys = [graph.name_node(m.mention, m.country_hint, mention=True) for m in mentions]
    add_registry(graph, [*registry, *curated_registry(curation)])
    add_facts(graph, facts)
    add_judgements(graph, curation, id_map)
    add_qualifiers(graph)
    cores: dict[str, list[tuple[str, str]]] = defaultdict(list)
    compacts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, node in graph.nodes.items():
        cores[node.forms.core].append(key)
        compacts[node.forms.compact].append(key)
    group_edges(graph, cores, "core")
    group_edges(graph, {k: v for k, v in compacts.items() if len({graph.nodes[m].forms.core for m in v}) > 1}, "compact")
    abbreviation_edges(graph)
    ticker_edges(graph)
    fuzzy_edges(graph)
    ticker_guess_edges(graph)
    return graph, mention_keys


def _name_preference(node: Node, raw: str) -> tuple:
    forms = node.forms
    qualified = name_forms(raw).qualifier is not None  # "Leiden University Medical Center" before "... (LUMC)"
    return (qualified, -node.raws[raw], forms.ticker is not None, raw.isupper(), len(raw), raw)


def _canonical_name(graph: NameGraph, members: list[tuple[str, str]], anchors: frozenset[str]) -> str:
    if anchors:
        return graph.registry[min(anchors)].name
    options = [(_name_preference(graph.nodes[k], raw), raw) for k in members if k[0] == "n" for raw in graph.nodes[k].raws]
    if not options:
        options = [((0,), graph.nodes[k].forms.raw) for k in members if k[0] == "n"]
    return min(options)[1]


def _anchor_key(graph: NameGraph, members: list[tuple[str, str]]) -> str:
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
        attached: dict[tuple[str, str], Edge] = {}
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
