"""The shape of the `made_of` graph, computed once per catalog: cycle check and low-level codes.

The low-level code of a part is the deepest level at which it occurs under any other part. The
availability check walks parts in low-level-code order, so when it reaches a part every parent
that could need it has already said how many: shared parts are netted once, never counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from threading import Lock

from configurator.catalog.model import Component
from configurator.inventory.errors import BomCycleError, UnknownPartError


@dataclass(frozen=True, slots=True)
class BomStructure:
    """Low-level code per part; built by `structure_of`, which refuses cycles."""

    low_level: Mapping[str, int]

    def level(self, part: str) -> int:
        return self.low_level[part]


def _find_cycle(components: Mapping[str, Component]) -> list[str] | None:
    """A `made_of` cycle as a path [a, b, ..., a], or None (iterative DFS, three colours)."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for root in components:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        state[root] = 1
        while stack:
            part, index = stack[-1]
            made_of = components[part].made_of if part in components else ()
            if index < len(made_of):
                stack[-1] = (part, index + 1)
                child = made_of[index].part
                child_state = state.get(child, 0)
                if child_state == 1:
                    return [*path[path.index(child) :], child]
                if child_state == 0:
                    state[child] = 1
                    stack.append((child, 0))
                    path.append(child)
            else:
                state[part] = 2
                stack.pop()
                path.pop()
    return None


def build_structure(components: Mapping[str, Component]) -> BomStructure:
    """Check the `made_of` graph and compute low-level codes (parents before children)."""
    unknown = sorted(
        f"{comp.id} -> {entry.part}"
        for comp in components.values()
        for entry in comp.made_of
        if entry.part not in components
    )
    if unknown:
        raise UnknownPartError(
            "made_of names parts the catalog does not define: " + ", ".join(unknown) + ".",
            hint="Add a [components.ID] table for each, or fix the part id.",
        )
    cycle = _find_cycle(components)
    if cycle is not None:
        raise BomCycleError(
            "The made_of lists form a cycle: " + " -> ".join(cycle) + ".",
            hint="A part cannot be built from itself; remove one made_of entry of the cycle.",
        )
    # Longest-path levels by Kahn's algorithm over parent -> child edges.
    indegree = dict.fromkeys(components, 0)
    for comp in components.values():
        for entry in comp.made_of:
            indegree[entry.part] += 1
    level = dict.fromkeys(components, 0)
    ready = [part for part, deg in indegree.items() if deg == 0]
    while ready:
        part = ready.pop()
        for entry in components[part].made_of:
            child = entry.part
            level[child] = max(level[child], level[part] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return BomStructure(low_level=level)


def bom_parts(components: Mapping[str, Component], bom: Iterable[str]) -> set[str]:
    """Every part a BOM may touch through `made_of` (to read just those from the store)."""
    seen: set[str] = set()
    stack = list(bom)
    while stack:
        part = stack.pop()
        if part in seen:
            continue
        seen.add(part)
        comp = components.get(part)
        if comp is not None:
            stack.extend(entry.part for entry in comp.made_of)
    return seen


_CACHE: list[tuple[Mapping[str, Component], BomStructure]] = []
_CACHE_SIZE = 8
_CACHE_LOCK = Lock()


def structure_of(components: Mapping[str, Component]) -> BomStructure:
    """`build_structure`, remembered for the last few component tables (catalogs are immutable)."""
    with _CACHE_LOCK:
        for known, structure in _CACHE:
            if known is components:
                return structure
    structure = build_structure(components)
    with _CACHE_LOCK:
        _CACHE.insert(0, (components, structure))
        del _CACHE[_CACHE_SIZE:]
    return structure
