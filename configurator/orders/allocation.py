"""Which bins an order's parts come from: a pure plan over the stock rows read in the write
transaction, through every level of the bill of material.

A part is taken from its bins first (the default bin, then the fullest). When a part that the
shop can build (`made_of`) is short, each missing unit is built from its sub-parts if all of
them can be taken (recursively); otherwise the unit stays short. Nothing here touches the
database, so the plan is easy to test and the write transaction stays short.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from configurator.catalog.model import Component

MAX_DEPTH = 16


@dataclass(frozen=True, slots=True)
class BinStock:
    """One stock row as read inside the write transaction."""

    stock_id: int
    part: str
    bin: str
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True, slots=True)
class Take:
    stock_id: int
    part: str
    bin: str
    qty: int


@dataclass(frozen=True, slots=True)
class PartLine:
    """A row of the frozen bill of material (`OrderPart`)."""

    part: str
    qty: int
    short: int = 0
    parent: str | None = None
    built: int = 0


@dataclass(frozen=True, slots=True)
class Plan:
    takes: tuple[Take, ...]
    lines: tuple[PartLine, ...]

    @property
    def short(self) -> dict[str, int]:
        """Top-level parts still missing after stock and in-house builds."""
        return {ln.part: ln.short for ln in self.lines if ln.short and ln.parent is None}


@dataclass
class _State:
    available: dict[int, int]
    takes: list[Take] = field(default_factory=list)
    built: dict[tuple[str, str | None], int] = field(default_factory=dict)
    used: dict[tuple[str, str | None], int] = field(default_factory=dict)

    def copy(self) -> _State:
        return _State(dict(self.available), list(self.takes), dict(self.built), dict(self.used))


class _Planner:
    def __init__(
        self, rows: Mapping[str, list[BinStock]], components: Mapping[str, Component]
    ) -> None:
        self.components = components
        self.rows = {
            part: sorted(
                bins,
                key=lambda r: (
                    r.bin != (components[part].bin if part in components else r.bin),
                    -r.available,
                    r.stock_id,
                ),
            )
            for part, bins in rows.items()
        }

    def from_stock(self, part: str, qty: int, state: _State) -> int:
        got = 0
        for row in self.rows.get(part, ()):
            if got == qty:
                break
            free = state.available[row.stock_id]
            n = min(free, qty - got)
            if n > 0:
                state.available[row.stock_id] = free - n
                state.takes.append(Take(row.stock_id, part, row.bin, n))
                got += n
        return got

    def obtain(self, part: str, qty: int, parent: str | None, state: _State, depth: int) -> int:
        """Take up to `qty` of `part` (stock, then builds); returns how many were obtained."""
        got = self.from_stock(part, qty, state)
        comp = self.components.get(part)
        built = 0
        if got < qty and comp is not None and comp.made_of and depth < MAX_DEPTH:
            for _ in range(qty - got):
                trial = state.copy()
                if all(
                    self.obtain(sub.part, sub.qty, part, trial, depth + 1) == sub.qty
                    for sub in comp.made_of
                ):
                    state.available, state.takes = trial.available, trial.takes
                    state.built, state.used = trial.built, trial.used
                    built += 1
                else:
                    break
        key = (part, parent)
        state.used[key] = state.used.get(key, 0) + got + built
        state.built[key] = state.built.get(key, 0) + built
        return got + built


def plan_allocation(
    need: Mapping[str, int],
    rows: Mapping[str, list[BinStock]],
    components: Mapping[str, Component],
) -> Plan:
    """Plan the takes for a bill of material `need` (part -> qty) from `rows` (part -> bins)."""
    planner = _Planner(rows, components)
    state = _State({r.stock_id: max(r.available, 0) for bins in rows.values() for r in bins})
    lines: list[PartLine] = []
    for part in sorted(need):
        qty = need[part]
        got = planner.obtain(part, qty, None, state, 0)
        lines.append(PartLine(part, qty, short=qty - got, built=state.built.get((part, None), 0)))
    for (part, parent), used in sorted(
        state.used.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
    ):
        if parent is not None and used:
            lines.append(
                PartLine(part, used, parent=parent, built=state.built.get((part, parent), 0))
            )
    takes: dict[int, Take] = {}
    for take in state.takes:
        prev = takes.get(take.stock_id)
        takes[take.stock_id] = (
            take if prev is None else Take(take.stock_id, take.part, take.bin, prev.qty + take.qty)
        )
    return Plan(tuple(sorted(takes.values(), key=lambda t: t.stock_id)), tuple(lines))


def parts_to_read(need: Mapping[str, int], components: Mapping[str, Component]) -> set[str]:
    """Every part the plan may touch: the BOM's parts and, recursively, what they are made of."""
    seen: set[str] = set()
    todo = list(need)
    while todo:
        part = todo.pop()
        if part in seen:
            continue
        seen.add(part)
        comp = components.get(part)
        if comp is not None:
            todo.extend(sub.part for sub in comp.made_of)
    return seen
