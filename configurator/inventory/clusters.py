"""Splitting a bill of material into independent clusters, so a click re-checks only what
changed.

Two BOM lines interact only when their `made_of` closures share a part (netting); lines whose
closures are disjoint are planned independently, and the configuration's date is the latest of
the clusters' dates. The service memoises each cluster's date, so swapping one option re-checks
only the cluster that option's parts fall into. Exact, not an approximation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from configurator.catalog.model import Catalog, Component
from configurator.errors import UserError

Cluster = tuple[tuple[str, int], ...]
"""BOM lines (part, qty) sorted by part: a memo key."""


class ClosureIndex:
    """Each part's `made_of` closure (itself included), computed once and remembered."""

    __slots__ = ("_closure", "_components")

    def __init__(self, components: Mapping[str, Component]) -> None:
        self._components = components
        self._closure: dict[str, frozenset[str]] = {}

    def closure(self, part: str) -> frozenset[str]:
        found = self._closure.get(part)
        if found is None:
            seen: set[str] = set()
            stack = [part]
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    comp = self._components.get(current)
                    if comp is not None:
                        stack.extend(e.part for e in comp.made_of)
            found = self._closure[part] = frozenset(seen)
        return found

    def split(self, bom: Mapping[str, int]) -> list[Cluster]:
        """The BOM's lines grouped so that no two groups share a part at any level
        (union-find over the lines' closures: linear in the parts touched)."""
        parent: list[int] = []

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[str, int] = {}
        lines = list(bom.items())
        for index, (part, _qty) in enumerate(lines):
            parent.append(index)
            for touched in self.closure(part):
                other = owner.setdefault(touched, index)
                if other != index:
                    root_a, root_b = find(other), find(index)
                    if root_a != root_b:
                        parent[root_b] = root_a
        groups: dict[int, list[tuple[str, int]]] = {}
        for index, line in enumerate(lines):
            groups.setdefault(find(index), []).append(line)
        return [tuple(sorted(group)) for group in groups.values()]


def bom_independent_groups(catalog: Catalog) -> frozenset[str]:
    """Groups no `[[bom]]` condition mentions: swapping their option changes the BOM by that
    option's own parts only, so the new BOM is the old one minus/plus those parts."""
    from configurator.rules.ast import referenced_groups
    from configurator.rules.bom import parse_cached

    mentioned: set[str] = set()
    for entry in catalog.bom:
        if entry.when is None:
            continue
        try:
            mentioned |= referenced_groups(parse_cached(entry.when))
        except UserError:
            return frozenset()  # an unreadable condition: trust nothing, recompute every BOM
    return frozenset(g.id for g in catalog.groups if g.id not in mentioned)


class SplitBom:
    """A BOM split into clusters with each cluster's date, answering "and with these lines
    removed and those added?" by re-planning only the clusters the change touches."""

    __slots__ = ("_by_date", "_date_of", "_index", "_owner", "clusters", "dates", "ready", "today")

    def __init__(
        self,
        index: ClosureIndex,
        bom: Mapping[str, int],
        date_of: Callable[[Cluster], date],
        today: date,
    ) -> None:
        self._index = index
        self._date_of = date_of
        self.today = today
        self.clusters = index.split(bom)
        self.dates = [date_of(cluster) for cluster in self.clusters]
        self.ready = max(self.dates, default=today)
        self._owner: dict[str, int] = {}
        for number, cluster in enumerate(self.clusters):
            for part, _qty in cluster:
                for touched in index.closure(part):
                    self._owner[touched] = number
        self._by_date = sorted(range(len(self.clusters)), key=self.dates.__getitem__, reverse=True)

    def ready_with(self, remove: Mapping[str, int], add: Mapping[str, int]) -> date:
        """The date of the BOM minus `remove` plus `add` (quantities per part)."""
        affected: set[int] = set()
        for part in (*remove, *add):
            for touched in self._index.closure(part):
                number = self._owner.get(touched)
                if number is not None:
                    affected.add(number)
        lines: dict[str, int] = {}
        for number in affected:
            lines.update(self.clusters[number])
        for part, qty in remove.items():
            left = lines.get(part, 0) - qty
            if left > 0:
                lines[part] = left
            else:
                lines.pop(part, None)
        for part, qty in add.items():
            lines[part] = lines.get(part, 0) + qty
        latest = self.today
        for number in self._by_date:  # the latest cluster the change leaves alone
            if number not in affected:
                latest = max(latest, self.dates[number])
                break
        for cluster in self._index.split(lines):
            latest = max(latest, self._date_of(cluster))
        return latest
