"""Disjoint sets (union-find) for the linking steps that join pairs into groups (events, near-duplicates)."""

from __future__ import annotations

from collections import defaultdict


class DisjointSets:
    """Groups joined pair by pair. A group's root is always its smallest member, so the groups and
    the member that leads each come out the same whatever order the pairs are joined in. `parent`
    is open to a step that hangs a member under a root without making it one."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        root = x
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict:
        """Root -> the members seen so far, in the order they were first seen."""
        out: dict = defaultdict(list)
        for x in list(self.parent):
            out[self.find(x)].append(x)
        return out
