"""Witnesses: which values known valid configurations support, and cheap new ones.

`Support` accumulates, for the picks of one state, the values that some witness supports.
`LocalChanges` makes new witnesses without the solver by changing one group of a known valid
configuration: for groups whose rules are all pairwise, a candidate value is checked against a
mask of its forbidden partners (a single clashing partner in a group without a pick may be
moved); for groups whose rules are clauses over option literals only, the changed configuration
is checked clause by clause (two mask tests each). Whatever stays open is left to the solver.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from configurator.catalog.model import Group, GroupKind
from configurator.rules.solving import Check, bit, clause_masks, keeps, lits_of

if TYPE_CHECKING:
    from configurator.rules.engine import Engine
    from configurator.rules.units import PickUnit

FLIP_TRIES = 32
"""How many known valid configurations a local change is tried from."""
SETTLE_TRIES = 8
"""How many of them may have partners moved (a mask test each, up to six moves)."""
SETTLE_MOVES = 3
"""How many clashing partners a local change may move."""
CARRY_SCAN = 64
"""How many of the newest known valid configurations a click tries to move to its picks."""
CARRY_MAX = 16
"""How many moved configurations are enough for a click."""


class LocalChanges:
    """Forbidden pairs and clause masks of a compiled catalog, for local witness changes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.bad: dict[int, int] = {}
        """Option literal -> mask of the literals it cannot go with (pairwise rules)."""
        self.pair_rule: dict[int, dict[int, str]] = {}
        """Literal -> {partner: the rule that forbids the pair}."""
        self.dead: set[int] = set()
        self.flippable: set[str] = set()
        self.checks: dict[str, list[Check]] = {}
        self._lit_checks: dict[int, list[Check]] = {}
        self._pairwise()
        self._clause_checks()
        self.partners: dict[int, frozenset[int]] = {
            lit: frozenset(lits_of(mask)) for lit, mask in self.bad.items() if mask >= 0
        }
        """Literal -> the literals of `bad` (a set lookup where a mask test would make a
        number as wide as the catalog; dead literals have none: they go with nothing)."""
        self._keep = {g: ~mask for g, mask in engine.masks.items()}

    def support(
        self, group: Group, open_lits: list[int], seen: Support, base: int | None = None
    ) -> list[int]:
        """Try to support `open_lits` of `group` locally; returns those still open.

        `base`: a configuration that keeps every pick except maybe `group`'s (a model just
        found for this group), tried before the known valid configurations.
        """
        bases = list(reversed(seen.full_witnesses[-FLIP_TRIES:]))
        if base is not None:
            bases.insert(0, base)
        if group.id in self.flippable:
            return self.flip(group, open_lits, seen, bases)
        if group.id in self.checks:
            return self.flip_checked(group, open_lits, seen, bases)
        return open_lits

    def carry(self, seen: Support, witnesses: Iterable[int]) -> None:
        """Move known valid configurations to the picks they miss, one mask or clause test a
        pick. After a new pick most of the pool differs from the picks in that group alone,
        so a witness supports just its value there; moved, it supports a value of every
        group, and the solver is asked for fewer."""
        need = seen.need
        owner_of = self.engine.one_owner
        moved: set[int] = set()
        for witness in list(witnesses)[-CARRY_SCAN:]:
            missing = need & ~witness
            if not missing:
                continue
            changed = witness
            for lit in lits_of(missing):
                owner = owner_of.get(lit)  # None: a many group's quantity, not a local change
                step = None if owner is None else self._moved(changed, owner[0], lit, need)
                if step is None:
                    break
                changed = step
            else:
                if changed in moved:
                    continue
                # Not kept in the pool: there they would push out older, more varied
                # configurations, which a click that changes several picks needs.
                moved.add(changed)
                seen.absorb(changed)
                if len(moved) >= CARRY_MAX:
                    return

    def _moved(self, witness: int, group_id: str, lit: int, need: int) -> int | None:
        """`changed`, or in a pairwise group with up to `SETTLE_MOVES` clashing partners of
        groups without a pick moved (`_settle`)."""
        changed = self.changed(witness, group_id, lit)
        if changed is not None or group_id not in self.flippable or lit in self.dead:
            return changed
        keep = self._keep[group_id]
        return self._settle((witness & keep) | bit(lit), lit, need & keep)

    def flip(
        self, group: Group, open_lits: list[int], seen: Support, bases: list[int]
    ) -> list[int]:
        """Support values by changing a known valid configuration locally.

        Only for groups whose rules are all pairwise: a changed value then breaks a rule
        exactly when it meets a forbidden partner (one mask test). Partners in groups
        without a pick are moved to a compatible value where one exists.
        """
        keep = ~self.engine.masks[group.id]
        picked = seen.need & ~seen.group_need.get(group.id, 0)
        bad_of = self.bad
        cleared = [witness & keep for witness in bases]  # the bases without this group
        left = []
        for lit in open_lits:
            bad = bad_of.get(lit, 0)
            if bad & picked or lit in self.dead:
                # A dead value's mask clashes with every bit, but a base with no bits left
                # outside this group (nothing else picked) would pass the mask test.
                left.append(lit)
                continue
            mine = bit(lit)
            # A base the value fits as it is (one mask test each), else move partners.
            for rest in cleared:
                if not rest & bad:
                    flipped = rest | mine
                    seen.absorb(flipped)
                    self.engine.sat.remember(flipped)
                    break
            else:
                for rest in cleared[:SETTLE_TRIES]:
                    settled = self._settle(rest | mine, lit, picked)
                    if settled is None:
                        continue
                    seen.absorb(settled)
                    self.engine.sat.remember(settled)
                    break
                else:
                    left.append(lit)
        return [lit for lit in left if not seen.support & bit(lit)]

    def flip_checked(
        self, group: Group, open_lits: list[int], seen: Support, bases: list[int]
    ) -> list[int]:
        """Like `_flip` for groups whose rules are clauses over option literals only: the
        changed configuration is tested against each such clause (two mask tests each)."""
        mask = self.engine.masks[group.id]
        pairs = self.engine.pairs
        clash_of = pairs.clash if pairs is not None else {}
        for lit in open_lits:
            mine = bit(lit)
            checks = self._checks_for(group.id, lit, mask)
            clash = clash_of.get(lit, 0)
            for witness in bases:
                flipped = (witness & ~mask) | mine
                if flipped & clash:
                    continue  # a value it was proved never to go with: one mask test
                if keeps(flipped, checks):
                    seen.absorb(flipped)
                    self.engine.sat.remember(flipped)
                    break
        return [lit for lit in open_lits if not seen.support & bit(lit)]

    def changed(self, witness: int, group_id: str, lit: int) -> int | None:
        """`witness` (a valid configuration) with the group changed to `lit`, if a mask or
        clause test proves that still valid; else None (then ask the solver)."""
        mask = self.engine.masks[group_id]
        flipped = (witness & ~mask) | bit(lit)
        if group_id in self.flippable:
            if lit in self.dead or flipped & self.bad.get(lit, 0):
                return None
            return flipped
        if group_id in self.checks:
            checks = self._checks_for(group_id, lit, mask)
            if keeps(flipped, checks):
                return flipped
        return None

    def _checks_for(self, group_id: str, lit: int, mask: int) -> list[Check]:
        """The clauses that changing a valid configuration's group to `lit` can break: those
        a true other value of the group may have satisfied, and those that forbid `lit`."""
        found = self._lit_checks.get(lit)
        if found is None:
            mine = bit(lit)
            found = self._lit_checks[lit] = [
                (pos, neg)
                for pos, neg in self.checks[group_id]
                if not pos & mine and (pos & mask or neg & mine)
            ]
        return found

    def _clause_checks(self) -> None:
        """Per group, its rules' clauses as (positive mask, negative mask), if all are over
        option literals (no helper variables); a clause is broken when no positive literal
        is true and every negative one is."""
        top = self.engine.compiled.top_domain
        blocked: set[str] = set()
        checks: dict[str, list[Check]] = {}
        for unit in self.engine.compiled.units:
            owners = {
                self.engine.group_of[abs(lit)]
                for cl in unit.clauses
                for lit in cl
                if abs(lit) <= top
            }
            if any(abs(lit) > top for cl in unit.clauses for lit in cl):
                blocked |= owners
                continue
            masks = [clause_masks(clause) for clause in unit.clauses]
            for owner in owners:
                checks.setdefault(owner, []).extend(masks)
        self.checks = {
            g.id: checks.get(g.id, [])
            for g in self.engine.catalog.groups
            if g.kind is not GroupKind.MANY and g.id not in blocked
        }

    def _settle(self, assignment: int, lit: int, picked: int) -> int | None:
        """`assignment` (which takes `lit`) with the partners that clash with `lit` moved, one
        after the other, to values that fit everything else; None if a pick clashes, a
        partner's group is not pairwise, more than `SETTLE_MOVES` partners clash, or a
        partner has nowhere to go."""
        bad = self.bad.get(lit, 0)
        forbidden = self.partners.get(lit, _NO_LITS)
        if bad < 0:
            return None  # a dead value goes with nothing
        clash = assignment & bad
        if not clash:
            return assignment
        if clash & picked or clash.bit_count() > SETTLE_MOVES:
            return None
        engine = self.engine
        bad_of = self.bad
        while clash:
            low = clash & -clash
            clash ^= low
            other = low.bit_length()  # the literal of bit v - 1 is v
            owner = engine.group_of[other]
            if owner not in self.flippable:
                return None
            rest = assignment & self._keep[owner]
            for candidate in engine.domain_by_group[owner]:
                # Checked against the whole assignment, earlier moves included.
                if (
                    candidate != other
                    and candidate not in forbidden
                    and not rest & bad_of.get(candidate, 0)
                ):
                    assignment = rest | bit(candidate)
                    break
            else:
                return None
        return assignment

    def _pairwise(self) -> None:
        """Forbidden pairs of option literals, from rules that join at most two groups."""
        c = self.engine.compiled
        everything = -1
        tangled: set[str] = {g.id for g in self.engine.catalog.groups if g.kind is GroupKind.MANY}
        for unit in c.units:
            if unit.key[0] != "rule":
                continue
            groups = set()
            simple = True
            for clause in unit.clauses:
                for lit in clause:
                    owner = self.engine.group_of.get(abs(lit))
                    if owner is None:
                        simple = False
                    else:
                        groups.add(owner)
                if sum(1 for lit in clause if lit < 0) > 1:
                    simple = False
            if not simple or len(groups) > 2 or groups & tangled:
                tangled |= groups
                continue
            for clause in unit.clauses:
                negative = [-lit for lit in clause if lit < 0]
                positive = [lit for lit in clause if lit > 0]
                if not clause:  # an empty clause (e.g. forbid = "true"): nothing is valid
                    continue
                if not positive:  # a value no configuration can take
                    self.bad[negative[0]] = everything
                    self.dead.add(negative[0])
                    continue
                owner = self.engine.group_of[positive[0]]
                others = [
                    lit
                    for lit in self.engine.domain_lits(self.engine.groups[owner])
                    if lit not in positive
                ]
                if not negative:
                    for lit in others:
                        self.bad[lit] = everything
                        self.dead.add(lit)
                    continue
                (path,) = negative
                for lit in others:
                    self.bad[path] = self.bad.get(path, 0) | bit(lit)
                    self.bad[lit] = self.bad.get(lit, 0) | bit(path)
                    self.pair_rule.setdefault(path, {}).setdefault(lit, unit.key[1])
                    self.pair_rule.setdefault(lit, {}).setdefault(path, unit.key[1])
        self.flippable = {g.id for g in self.engine.catalog.groups} - tangled


_NO_LITS: frozenset[int] = frozenset()


class Support:
    """Which option literals some witness supports for the current picks.

    `support`: values of one/optional groups that some valid configuration takes with all
    *other* groups' picks kept. `full`: literals of witnesses that keep every pick.
    """

    def __init__(
        self, engine: Engine, units: list[PickUnit], by_group: Mapping[str, list[PickUnit]]
    ) -> None:
        self.engine = engine
        self.need = sum(bit(u.lit) for u in units)
        self.group_need = {g: sum(bit(u.lit) for u in us) for g, us in by_group.items()}
        self.support = 0
        self.full = 0
        self.full_witnesses: list[int] = []
        self._owner = engine.one_owner

    def absorb_all(self, witnesses: Iterable[int]) -> None:
        """`absorb` for many witnesses (the pool, once per click), with the work inlined."""
        need = self.need
        owner_of = self._owner
        group_need = self.group_need
        support = full = 0
        for witness in witnesses:
            missing = need & ~witness
            if not missing:
                support |= witness
                full |= witness
                self.full_witnesses.append(witness)
                continue
            owner = owner_of.get((missing & -missing).bit_length())
            if owner is not None and not missing & ~group_need[owner[0]]:
                support |= witness & owner[1]
        self.support |= support
        self.full |= full

    def absorb(self, witness: int) -> None:
        missing = self.need & ~witness
        if not missing:
            self.support |= witness
            self.full |= witness
            self.full_witnesses.append(witness)
            return
        owner = self._owner.get((missing & -missing).bit_length())
        if owner is not None and not missing & ~self.group_need[owner[0]]:
            self.support |= witness & owner[1]
