"""An order's takes worked out before the write turn, when the answer is already known.

Inside the write turn an order used to read its parts' stock rows and plan the takes through
every level of the bill of material: a third of the turn's CPU, spent while every other
writer of the file waits. In the common case the answer is plain: every part comes whole
from the stock row of its default bin. This process remembers, per part, which row that is
and what it last saw available in it; when each part of an order fits there, the plan is
made before the turn (`guess_plan`) and the turn only applies it, with conditional updates
that match a row only if it is still that part's default-bin row and still has enough
(`records.PreparedTakes.apply`). When all of them match, `orders.allocation.plan_allocation`
over the rows as they are now returns exactly this plan: the default-bin row sorts first and
covers the whole quantity, so no other bin and no build is involved. When one does not
match (another counter took the last units, a row was moved), the transaction is rolled back
and the order is planned inside the turn as before. Nothing read outside the write
transaction is ever trusted: the guess only saves work when it is right.
"""

from __future__ import annotations

import functools
import operator
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from configurator.catalog.model import Component
from configurator.orders.allocation import BinStock, PartLine, Plan, Take


class StalePlanError(Exception):
    """The plan made before the turn no longer fits the stock: plan inside the turn."""


@dataclass(slots=True)
class KnownBin:
    """A part's default-bin stock row as this process last saw it. `available` is counted
    down in place (under the lock) by `taken`: a new object for each of an order's parts
    cost as much as the rest of the bookkeeping."""

    stock_id: int
    bin: str
    available: int


_take = functools.lru_cache(maxsize=4096, typed=True)(Take)
_part_line = functools.lru_cache(maxsize=4096, typed=True)(PartLine)
"""The takes and bill-of-material lines of guessed plans, shared between orders: they are
immutable values, the same few recur in every order (a part, its row, mostly one unit), and
making a frozen dataclass costs ten times the lookup (`typed`: 1 and True stay apart)."""
_STOCK_ID = operator.attrgetter("stock_id")


_lock = threading.Lock()
_known: weakref.WeakKeyDictionary[Engine, dict[str, KnownBin]] = weakref.WeakKeyDictionary()


def _table(engine: Engine) -> dict[str, KnownBin]:
    with _lock:
        found = _known.get(engine)
        if found is None:
            found = _known[engine] = {}
        return found


def guess_plan(
    engine: Engine, bom: Mapping[str, int], components: Mapping[str, Component]
) -> Plan | None:
    """The plan if every part of `bom` comes whole from its default-bin row, as far as this
    process knows; None when it does not know or the part looked short last time."""
    known = _table(engine)
    takes: list[Take] = []
    for part, qty in bom.items():
        row = known.get(part)
        comp = components.get(part)
        if row is None or comp is None or row.bin != comp.bin or not 0 < qty <= row.available:
            return None
        takes.append(_take(row.stock_id, part, row.bin, qty))
    takes.sort(key=_STOCK_ID)
    lines = tuple(_part_line(part, bom[part]) for part in sorted(bom))
    return Plan(tuple(takes), lines)


def remember(
    engine: Engine,
    rows: Mapping[str, list[BinStock]],
    components: Mapping[str, Component],
) -> None:
    """Note the default-bin rows read inside a write transaction (what they hold then)."""
    known = _table(engine)
    with _lock:
        for part, bins in rows.items():
            comp = components.get(part)
            default = next((r for r in bins if comp is not None and r.bin == comp.bin), None)
            if default is None:
                known.pop(part, None)
            else:
                known[part] = KnownBin(default.stock_id, default.bin, default.available)


def taken(engine: Engine, takes: tuple[Take, ...]) -> None:
    """Count this order's committed takes off what this process knows is available."""
    known = _table(engine)
    with _lock:
        for take in takes:
            row = known.get(take.part)
            if row is not None and row.stock_id == take.stock_id:
                row.available -= take.qty


def forget(engine: Engine) -> None:
    """Drop what this process knows about `engine`'s stock (tests; a restored backup)."""
    with _lock:
        _known.pop(engine, None)
