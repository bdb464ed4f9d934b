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
the configuration built as above reaches it). Whether an option fits at all is a mask test
too when the rules that forbid it are clauses over option values: a known valid
configuration, its group cut back to the picks, with the option added, breaks no other rule.
The demo catalog's accessories are such a group; a catalog that counts or weighs a group's
items keeps the solver for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from configurator.catalog.model import Group, GroupKind
from configurator.rules.compiler import Compiled
from configurator.rules.solving import Check, clause_masks, keeps


@dataclass(frozen=True, slots=True)
class FreeQuantities:
    """A free-quantity group's count limits, and how to test an option's presence."""

    minimum: int
    maximum: int
    presence: dict[str, tuple[Check, ...]] = field(default_factory=dict, compare=False)
    """Option -> the clauses its presence can break, for options whose clauses are all over
    option values (others are asked of the solver)."""

    def fits_with(self, option_id: str, configuration: int) -> bool:
        """Whether `configuration` (a valid one with the option added and the group cut
        back to the picks) breaks none of the clauses that forbid the option."""
        checks = self.presence.get(option_id)
        if checks is None:
            return False
        return keeps(configuration, checks)

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
    checks: dict[int, list[Check]] = {}
    unchecked: set[int] = set()
    top = compiled.top_domain
    for unit in compiled.units:
        kind, owner = unit.key
        own = owner if kind in ("min", "max") else None
        for clause in unit.clauses:
            for lit in clause:
                group_id = higher.get(abs(lit)) or first.get(lit)
                if group_id is not None and group_id != own:
                    blocked.add(group_id)
                if -lit in first and own is None:
                    if all(abs(other) <= top for other in clause):
                        checks.setdefault(-lit, []).append(clause_masks(clause))
                    else:
                        unchecked.add(-lit)
    free: dict[str, FreeQuantities] = {}
    for group in many:
        if group.id in blocked:
            continue
        presence = {
            option.id: tuple(checks.get(lit, ()))
            for option in group.options
            for lit in (compiled.y[group.id, option.id][0],)
            if lit not in unchecked
        }
        free[group.id] = _limits(group, presence)
    return free


def _limits(group: Group, presence: dict[str, tuple[Check, ...]]) -> FreeQuantities:
    capacity = sum(o.max_qty for o in group.options)
    return FreeQuantities(max(group.min, 0), min(group.max, capacity), presence)
