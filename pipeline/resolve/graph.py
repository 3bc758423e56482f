"""Union-find that refuses merges forbidden by constraints.

Why not plain connected components: a chain of plausible links ("Delphi" ~ "Delphi
Genetics", "Delphi" ~ "Delphi Technologies") must not weld two organisations that
a reviewer, a registry or the names themselves say are different. Every component
carries its registry anchors and the "cannot-link" markers of its members; a merge
that would put two anchors or both sides of a marker together is refused.
"""

from __future__ import annotations

from collections.abc import Hashable


class ConstrainedUnionFind:
    """Components over hashable nodes, with anchors and cannot-link markers."""

    def __init__(self) -> None:
        self._parent: dict[Hashable, Hashable] = {}
        self._size: dict[Hashable, int] = {}
        self._anchors: dict[Hashable, frozenset[str]] = {}
        self._marks: dict[Hashable, dict[int, int]] = {}
        self._next_constraint = 0

    def add(self, node: Hashable, anchor: str | None = None) -> None:
        if node not in self._parent:
            self._parent[node] = node
            self._size[node] = 1
            self._anchors[node] = frozenset({anchor} if anchor else ())
            self._marks[node] = {}
        elif anchor:
            root = self.find(node)
            self._anchors[root] = self._anchors[root] | {anchor}

    def __contains__(self, node: Hashable) -> bool:
        return node in self._parent

    def find(self, node: Hashable) -> Hashable:
        parent = self._parent
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    def cannot_link(self, left: list[Hashable], right: list[Hashable]) -> None:
        """Forbid any component from holding a node of ``left`` and one of ``right``."""
        cid = self._next_constraint
        self._next_constraint += 1
        for side, nodes in ((0, left), (1, right)):
            for node in nodes:
                self.add(node)
                marks = self._marks[self.find(node)]
                if marks.get(cid, side) != side:
                    raise ValueError("cannot-link sides already share a component")
                marks[cid] = side

    def anchors(self, node: Hashable) -> frozenset[str]:
        return self._anchors[self.find(node)]

    def can_union(self, a: Hashable, b: Hashable, *, forced: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not forced:
            aa, ab = self._anchors[ra], self._anchors[rb]
            if aa and ab and not (aa <= ab or ab <= aa):
                return False
        ma, mb = self._marks[ra], self._marks[rb]
        if len(ma) > len(mb):
            ma, mb = mb, ma
        return all(mb.get(cid, side) == side for cid, side in ma.items())

    def union(self, a: Hashable, b: Hashable, *, forced: bool = False) -> bool:
        """Merge the components of a and b; False (and no change) when forbidden."""
        if not self.can_union(a, b, forced=forced):
            return False
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        self._anchors[ra] = self._anchors[ra] | self._anchors[rb]
        small = self._marks.pop(rb)
        self._marks[ra].update(small)
        return True

    def components(self) -> dict[Hashable, list[Hashable]]:
        groups: dict[Hashable, list[Hashable]] = {}
        for node in self._parent:
            groups.setdefault(self.find(node), []).append(node)
        return groups
