"""Candidate links between names, each from a hash index or a small block.

Same core name (unless descriptors clash), same name without spaces, acronyms,
tickers (known or spelled), and typos (``blocking.py``). Every function adds
edges or cannot-links to the :class:`NameGraph`; none compares all pairs.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict

from pipeline.resolve.blocking import LOOK_ALIKE, fuzzy_pairs
from pipeline.resolve.namegraph import MAX_CORE_GROUP, NameGraph
from pipeline.resolve.normalise import descriptors_compatible

log = logging.getLogger(__name__)


def group_edges(graph: NameGraph, groups: dict[str, list[tuple[str, str]]], rule: str) -> None:
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


def abbreviation_edges(graph: NameGraph) -> None:
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


def ticker_edges(graph: NameGraph) -> None:
    for key, node in graph.nodes.items():
        symbol = node.forms.ticker
        if symbol and symbol in graph.tickers:
            for owner in graph.tickers[symbol]:
                graph.edge(key, owner, "ticker")


def _spelling_pattern(symbol: str) -> re.Pattern[str]:
    """A ticker spells a name when its letters run in order through it, from its first letter."""
    return re.compile(".*?".join(re.escape(ch) for ch in symbol.lower()))


def ticker_guess_edges(graph: NameGraph) -> None:
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


def fuzzy_edges(graph: NameGraph) -> None:
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
