"""Many groups whose quantities only the group's own limits count ("free quantities").

In such a group no hard rule mentions a quantity above one (no `qty(g, 'x') >= 2`, no
`count(g)` or `sum(g.attr)`), and an option's presence appears in rules only as something that
must not be there ("when 'dock' in accessories: require ...", "forbid 'charger' in accessories
and ..."). Then every valid configuration stays valid when an option nobody picked is dropped,
a picked one is lowered to its picked quantity, or one option is raised, as long as the
group's count stays within its limits. So, once an option is known to fit at all, its highest
reachable quantity is a subtraction instead of solver calls:

    min(its max_qty, the group's max - the other options' picked quantities)

(the other options' picks are lower bounds, so no valid configuration leaves more room, and
the configuration built as above reaches it). The demo catalog's accessories are such a group;
a catalog that counts or weighs a group's items keeps the solver for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from configurator.catalog.model import Group, GroupKind
from configurator.rules.compiler import Compiled


@dataclass(frozen=True, slots=True)
class FreeQuantities:
    """A free-quantity group's count limits."""

    minimum: int
    maximum: int

    def reach(self, max_qty: int, cur: int, taken: int) -> int | None:
        """The highest reachable quantity of an option that fits at all (quantity `cur`,
        `taken` in the whole group), or None when the group's minimum needs the other
        options' unpicked items (then the solver decides)."""
        others = taken - cur
        top = min(max_qty, self.maximum - others)
        if top <= cur:
            return cur  # no valid configuration has room for one more
        if top + others < self.minimum:
            return None
        return top


def free_quantity_groups(compiled: Compiled) -> dict[str, FreeQuantities]:
    """The many groups of `compiled` whose quantities are free (see the module docstring)."""
    many = [g for g in compiled.catalog.groups if g.kind is GroupKind.MANY]
    first: dict[int, str] = {}
    """Literal "at least one of this option" -> its group."""
    higher: dict[int, str] = {}
    """Variable "at least k of this option", k >= 2 -> its group."""
    for group in many:
        for option in group.options:
            chain = compiled.y[group.id, option.id]
            first[chain[0]] = group.id
            for lit in chain[1:]:
                higher[lit] = group.id
    blocked: set[str] = set()
    for unit in compiled.units:
        kind, owner = unit.key
        own = owner if kind in ("min", "max") else None
        for clause in unit.clauses:
            for lit in clause:
                group_id = higher.get(abs(lit)) or first.get(lit)
                if group_id is not None and group_id != own:
                    blocked.add(group_id)
    return {g.id: _limits(g) for g in many if g.id not in blocked}


def _limits(group: Group) -> FreeQuantities:
    capacity = sum(o.max_qty for o in group.options)
    return FreeQuantities(max(group.min, 0), min(group.max, capacity))
