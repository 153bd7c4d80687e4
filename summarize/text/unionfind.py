"""Union-find (disjoint sets) over 0..n-1, for grouping linked items: near-duplicate articles,
aligned sentences, one speaker's quotes.

>>> sets = UnionFind(5)
>>> sets.union(3, 1), sets.union(1, 4), sets.union(4, 3)
(True, True, False)
>>> sets.groups()
[[0], [1, 3, 4], [2]]
"""

from __future__ import annotations


class UnionFind:
    """The smaller root survives a union, so roots (and `groups`) do not depend on the order
    in which links arrive."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]  # path halving
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        """Join the sets of `a` and `b`; False when they already were one."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ra, rb = min(ra, rb), max(ra, rb)
        self.parent[rb] = ra
        return True

    def groups(self) -> list[list[int]]:
        """Every set, members ascending, sets in the order of their first member."""
        members: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            members.setdefault(self.find(i), []).append(i)
        return list(members.values())
