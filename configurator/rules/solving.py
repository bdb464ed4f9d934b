"""Three persistent incremental SAT solvers, a witness pool, QuickXPlain and FastDiag.

The *main* solver holds every rule as hard clauses: "is there a valid configuration with these
picks?" is one call under assumptions. The *explain* solver holds the same clauses guarded by
one selector literal per unit (rule or group limit); assuming a selector switches its unit on,
so its unsat cores name rules. The *grouped* solver guards each unit by the selectors of the
groups it touches, so its cores name the groups of a conflict. Explanations narrow the picks
on the main solver first, take one conflict's rules from the grouped and explain solvers, and
minimise both on a small local solver (picks first, then rules): the result is minimal as a
whole (fewer picks only weaken, and rules are minimised last).

Every model found is kept (as an int bitmask over the option variables) for later clicks:
a model that agrees with all picks supports every value in it, one that disagrees only in
group g's pick supports its value of g ("witness caching").
"""

from __future__ import annotations

import struct
from collections import deque
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import chain, pairwise
from operator import neg

from pysat.solvers import Minicard, Solver

from configurator.catalog.model import GroupKind
from configurator.rules.compiler import Compiled
from configurator.rules.quiet import (
    quiet_add_atmost,
    quiet_add_clause,
    quiet_core,
    quiet_model,
    quiet_propagate,
    quiet_set_phases,
    quiet_solve,
)

SOLVER = "g3"
"""Glucose 3 through python-sat. Measured against MiniSat 2.2 (the first choice) on the
benchmark's click walks, alternating runs: the same on the demo catalog, 28 % less CPU on the
large one and 43 % less on the stress one (its searches under the clerk's picks and the
preferred unsupported values hit fewer conflicts)."""

POOL_SIZE = 48
RECENT_CONFLICTS = 4
"""How many of the last conflicts (with their local solvers) later explanations try first:
in the large benchmark catalog three in four hits are the last one, nine in ten within four."""


def bit(lit: int) -> int:
    """The mask bit of a positive option literal in a witness: literal v is bit v - 1.

    One bit per variable, not one byte: every witness test is a bitwise operation on
    integers as wide as the catalog's option variables, and those were a sixth of a click's
    instructions on the 1,000-option catalog when each variable took eight bits.
    """
    return 1 << (lit - 1)


def lits_of(mask: int) -> list[int]:
    """The positive literals whose bits `mask` has, lowest first (`bit`'s inverse)."""
    found = []
    while mask:
        low = mask & -mask
        mask ^= low
        found.append(low.bit_length())
    return found


Check = tuple[int, int]
"""A clause over option literals as witness masks (positive, negative): a configuration
breaks it when no positive literal is true and every negative one is."""


def clause_masks(clause: Iterable[int]) -> Check:
    """The witness masks of a clause over option literals."""
    positive = negative = 0
    for lit in clause:
        if lit > 0:
            positive |= bit(lit)
        else:
            negative |= bit(-lit)
    return positive, negative


def keeps(configuration: int, checks: Iterable[Check]) -> bool:
    """Whether the configuration (a witness mask) breaks none of the clauses (two mask
    tests each: how a known valid configuration, changed locally, is checked without
    the solver)."""
    return all(configuration & pos or configuration & neg != neg for pos, neg in checks)


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_SIGNS = bytes.maketrans(b"\x00\xff", b"10")
_PACKERS: dict[int, struct.Struct] = {}


def witness_mask(model: Sequence[int], n_vars: int) -> int:
    """The witness bitmask of a model's first `n_vars` variables (nonzero literals), built at
    C speed: packed as little-endian 32-bit integers, a literal's top byte is 0x00 when it is
    true and 0xFF when false (below 2**24, which variable numbers are); those bytes as the
    digits 1 and 0, read as a binary number (last one first).
    (Mapping a sign test over the list cost 150 ns a variable, 170 us a solve on the large
    catalog; this is about a quarter of that.)"""
    head = model[:n_vars]
    if not head:
        return 0
    packer = _PACKERS.get(len(head))
    if packer is None:
        packer = _PACKERS[len(head)] = struct.Struct(f"<{len(head)}i")
    try:
        tops: bytes | None = packer.pack(*head)[3::4]
    except struct.error:  # a literal beyond 2**31
        tops = None
    if tops is None or tops.translate(None, b"\x00\xff"):  # beyond 2**24: never in practice
        return int(bytes(v > 0 for v in head).translate(_DIGITS)[::-1], 2)
    return int(tops.translate(_SIGNS)[::-1], 2)


def _variables_of(clauses: Iterable[Sequence[int]]) -> tuple[int, ...]:
    """The variables of `clauses`, each once, in order of first appearance."""
    return tuple(dict.fromkeys(map(abs, chain.from_iterable(clauses))))


class SatSession:
    def __init__(self, compiled: Compiled, numbering: SatSession | None = None) -> None:
        """`numbering`: a session of the same formula whose selector literals to reuse (see
        `rebuilt`), else new ones are drawn from the formula's variable pool."""
        self.compiled = compiled
        self.n_domain = compiled.top_domain
        owner: dict[int, str] = {lit: g for (g, _), lit in compiled.x.items()}
        owner |= {lit: g for g, lit in compiled.none.items()}
        owner |= {lit: g for (g, _), chain in compiled.y.items() for lit in chain}
        self.owner = owner
        pool = compiled.pool
        self.group_selector: dict[str, int] = (
            dict(numbering.group_selector)
            if numbering is not None
            else {g.id: pool.new() for g in compiled.catalog.groups}
        )
        """Group -> the selector that switches on the units within the groups assumed."""
        self.group_of_selector = {sel: g for g, sel in self.group_selector.items()}
        main_clauses = [list(c) for c in compiled.structure]
        explain_clauses = [list(c) for c in compiled.structure]
        grouped_clauses = [list(c) for c in compiled.structure]
        self.selector: dict[tuple[str, str], int] = {}
        self.unit_of: dict[int, tuple[str, str]] = {}
        self.unit_groups: dict[int, frozenset[str]] = {}
        """Selector -> the groups its unit touches."""
        self.unit_clauses: dict[int, tuple[tuple[int, ...], ...]] = {}
        """Selector -> its unit's clauses, guarded (tuples of ints: the garbage collector
        stops walking them, which a catalog of thousands of rules notices)."""
        self._within: dict[tuple[str, ...], list[int]] = {}
        """Groups (sorted, at most two) -> the selectors of the units that touch exactly them."""
        self._wide: list[tuple[frozenset[str], int]] = []
        """Units that touch three groups or more."""
        for unit in compiled.units:
            sel = numbering.selector[unit.key] if numbering is not None else pool.new()
            self.selector[unit.key] = sel
            self.unit_of[sel] = unit.key
            touched = {owner[abs(lit)] for cl in unit.clauses for lit in cl if abs(lit) in owner}
            self.unit_groups[sel] = frozenset(touched)
            self.unit_clauses[sel] = tuple((-sel, *clause) for clause in unit.clauses)
            if len(touched) <= 2:
                self._within.setdefault(tuple(sorted(touched)), []).append(sel)
            else:
                self._wide.append((frozenset(touched), sel))
            guards = [-self.group_selector[g] for g in sorted(touched)]
            for clause in unit.clauses:
                main_clauses.append(list(clause))
                explain_clauses.append([-sel, *clause])
                grouped_clauses.append([*guards, *clause])
        self.main = Solver(name=SOLVER, bootstrap_with=main_clauses)
        self.explain = Solver(name=SOLVER, bootstrap_with=explain_clauses)
        self.grouped = Solver(name=SOLVER, bootstrap_with=grouped_clauses)
        self._main_solve = quiet_solve(self.main)
        self._main_propagate = quiet_propagate(self.main)
        self._explain_solve = quiet_solve(self.explain)
        self._grouped_solve = quiet_solve(self.grouped)
        self._main_model = quiet_model(self.main)
        self._main_set_phases = quiet_set_phases(self.main)
        self.selectors = list(self.selector.values())
        self.group_selectors = list(self.group_selector.values())
        self.exactly_one: dict[str, list[int]] = {}
        """One/optional group -> its value literals (exactly one is true)."""
        self.chains: dict[str, list[list[int]]] = {}
        """Many group -> its quantity chains ("at least k+1" -> "at least k")."""
        for group in compiled.catalog.groups:
            if group.kind is GroupKind.MANY:
                self.chains[group.id] = [
                    [-hi, lo]
                    for option in group.options
                    for lo, hi in pairwise(compiled.y[group.id, option.id])
                ]
            else:
                self.exactly_one[group.id] = [
                    compiled.value_lit(group.id, v) for v in compiled.domain(group)
                ]
        self.chain_vars: dict[str, tuple[int, ...]] = {
            g: _variables_of(links) for g, links in self.chains.items()
        }
        """Many group -> the variables of its quantity chains (a local solver takes them whole;
        the values of one/optional groups it maps itself, see `LocalFormula`)."""
        self.unit_vars: dict[int, tuple[int, ...]] = {
            sel: _variables_of(clauses) for sel, clauses in self.unit_clauses.items()
        }
        """Selector -> the variables of its unit's guarded clauses (the selector among them)."""
        # Larger catalogs need more known configurations to support their many values; the
        # pool is scanned once per click, which a laptop-sized catalog notices.
        self.witnesses: deque[int] = deque(maxlen=max(POOL_SIZE, compiled.top_domain // 5))
        self.ever = 0
        """Every value some witness ever took: those values are not dead."""
        self.remembered = 0
        """How many witnesses were ever kept (the newest are the pool's last ones)."""
        self.calls = 0
        self.extended = False
        """Whether `add_clauses` added definitions to the compiled formula."""
        self._recent: deque[tuple[LocalFormula, frozenset[int], list[int]]] = deque()
        """The last conflicts found, with their local solvers (see `_from_recent`)."""

    def rebuilt(self) -> SatSession:
        """New solvers of the compiled formula alone, with this session's selectors and
        known valid configurations: the definitions `add_clauses` added (the linter's slot
        proofs and rule questions) are left out, so no solve assigns their variables. The
        caller closes this session."""
        fresh = SatSession(self.compiled, numbering=self)
        fresh.witnesses.extend(self.witnesses)
        fresh.ever = self.ever
        fresh.remembered = self.remembered
        fresh.calls = self.calls
        return fresh

    def close(self) -> None:
        self.main.delete()
        self.explain.delete()
        self.grouped.delete()
        while self._recent:
            self._recent.pop()[0].close()

    def add_clauses(self, clauses: Iterable[Sequence[int]]) -> None:
        """Definitions added after compilation (analysis literals): all three solvers get
        them (`extended` says so; `rebuilt` leaves them out)."""
        self.extended = True
        for clause in clauses:
            self.main.add_clause(list(clause))
            self.explain.add_clause(list(clause))
            self.grouped.add_clause(list(clause))

    # -- solving -------------------------------------------------------------------------
    def solve(self, assumptions: Sequence[int]) -> int | None:
        """A witness bitmask of a valid configuration under `assumptions`, or None."""
        self.calls += 1
        if not self._main_solve(list(assumptions)):
            return None
        mask = witness_mask(self._main_model(), self.n_domain)
        self.remember(mask)
        return mask

    def remember(self, mask: int) -> None:
        """Keep a valid configuration (a witness bitmask) for later questions."""
        self.witnesses.append(mask)
        self.ever |= mask
        self.remembered += 1

    def implied_false(self, assumptions: Sequence[int]) -> frozenset[int]:
        """The variables unit propagation sets false under `assumptions` (which must be
        consistent): each is excluded by them, no search needed."""
        self.calls += 1
        ok, implied = self._main_propagate(list(assumptions))
        if not ok:
            raise ValueError("the assumptions are inconsistent")
        return frozenset(-lit for lit in implied or () if lit < 0)

    def prefer(self, literals: Sequence[int]) -> None:
        """Make the solver try these literals first: models then cover unsupported values."""
        self._main_set_phases(list(literals))

    def model(self) -> list[int]:
        return self._main_model()

    def core(self) -> list[int]:
        return list(self.main.get_core() or [])

    def consistent(self, assumptions: Sequence[int]) -> bool:
        return self.solve(assumptions) is not None

    def explain_consistent(self, assumptions: Sequence[int]) -> bool:
        self.calls += 1
        return self._explain_solve(list(assumptions))

    # -- explanations --------------------------------------------------------------------
    def _selector_core(self, base: list[int]) -> list[int]:
        """Selectors of a conflict under `base`, in selector order.

        Two calls, each with few assumptions (assuming each of thousands of rule selectors
        costs more than the search): the *grouped* solver, whose units are switched on by
        the selectors of all the groups they touch, names the groups of one conflict (the
        base's own groups are assumed first); the explain solver then gets only the units
        within those groups, which are known to conflict with the base."""
        first = [
            self.group_selector[self.owner[abs(lit)]] for lit in base if abs(lit) in self.owner
        ]
        self.calls += 1
        if self._grouped_solve(base + first + self.group_selectors):
            raise AssertionError("the grouped solver disagrees with the main solver")
        groups = {
            self.group_of_selector[sel]
            for sel in self.grouped.get_core() or ()
            if sel in self.group_of_selector
        }
        self.calls += 1
        if self._explain_solve(base + self._units_within(groups)):
            raise AssertionError("the explain solver disagrees with the grouped solver")
        return sorted(set(self.explain.get_core() or ()) & self.unit_of.keys())

    def _units_within(self, groups: set[str]) -> list[int]:
        """The selectors of the units that touch no group outside `groups`."""
        within = self._within
        found = list(within.get((), ()))
        ordered = sorted(groups)
        for i, first in enumerate(ordered):
            found.extend(within.get((first,), ()))
            for second in ordered[i + 1 :]:
                found.extend(within.get((first, second), ()))
        found.extend(sel for touched, sel in self._wide if touched <= groups)
        return found

    def minimal_conflict(
        self, fixed: Sequence[int], candidates: Sequence[int], core: Collection[int] = ()
    ) -> tuple[list[int], list[tuple[str, str]]]:
        """Minimal picks (from `candidates`) and units that, with `fixed`, have no model.

        Requires fixed + candidates to be inconsistent. The main solver's core narrows the
        picks, the explain solver's core names the units of one conflict; both are then
        minimised on a small solver holding only those units and the structure of the groups
        they touch (the rest of the catalog cannot matter with only those units switched
        on), so each QuickXPlain step costs microseconds, not a solve of the whole catalog.
        Minimal as a whole: dropping any pick or unit from the answer removes the conflict.

        `core`: candidates already proved inconsistent with `fixed` (a main-solver core kept
        from the click that excluded the value): then the main solver is not asked again.
        """
        found = self._from_recent(fixed, candidates)
        if found is not None:
            return found
        if not core:
            if self.solve([*fixed, *candidates]) is not None:
                raise ValueError("the picks are consistent: nothing to explain")
            core = set(self.core())
        narrowed = [c for c in candidates if c in core]
        units = self._selector_core([*fixed, *narrowed])
        local = LocalFormula(self, units, [*fixed, *narrowed])
        self.calls += 1
        picks, chosen = self._minimise_on(local, fixed, narrowed, units)
        self._keep(local, picks, chosen)
        return picks, [self.unit_of[s] for s in chosen]

    def _minimise_on(
        self, local: LocalFormula, fixed: Sequence[int], picks: list[int], units: list[int]
    ) -> tuple[list[int], list[int]]:
        """Core-guided deletion on a local solver: the picks first (all `units` on), then
        the units with the chosen picks fixed."""
        kept = core_deletion(list(fixed), picks, units, local.conflict)
        chosen = core_deletion([*fixed, *kept], units, [], local.conflict)
        self.calls += local.calls
        local.calls = 0
        return kept, chosen

    def _from_recent(
        self, fixed: Sequence[int], candidates: Sequence[int]
    ) -> tuple[list[int], list[tuple[str, str]]] | None:
        """A minimal conflict within one of the last few conflicts found, if one of them
        (its picks, all among `candidates`, and its units) also excludes `fixed`.

        After a click that changes several picks, a chain of rules often excludes a whole
        run of values: in the large benchmark catalog a quarter of the explanations are
        found inside the one before. Their local solvers already hold those units and the
        groups they touch, so the check and the minimisation stay there: no solve of the
        whole catalog. Minimal as `minimal_conflict`'s answers are (the same deletion)."""
        if not self._recent:
            return None
        have = set(candidates)
        for local, picks, selectors in reversed(self._recent):
            if not picks <= have or not all(map(local.knows, fixed)):
                continue
            known = [c for c in candidates if c in picks]
            if local.conflict([*fixed, *known, *selectors]) is None:
                continue
            kept, chosen = self._minimise_on(local, fixed, known, selectors)
            return kept, [self.unit_of[s] for s in chosen]
        return None

    def _keep(self, local: LocalFormula, picks: list[int], selectors: list[int]) -> None:
        self._recent.append((local, frozenset(picks), selectors))
        if len(self._recent) > RECENT_CONFLICTS:
            self._recent.popleft()[0].close()


class LocalFormula:
    """Some groups' exactly-one and quantity chains plus some units (selector-guarded),
    variables renumbered densely: a solver of a few hundred variables, for minimising one
    conflict. Minicard (MiniSat with native at-most constraints): one constraint per group,
    not dozens of clauses."""

    def __init__(self, session: SatSession, selectors: Sequence[int], base: Sequence[int]) -> None:
        owner = session.owner
        groups = {owner[abs(lit)] for lit in base if abs(lit) in owner}
        unit_groups = session.unit_groups
        for sel in selectors:
            groups |= unit_groups[sel]
        unit_vars = [session.unit_vars[sel] for sel in selectors]
        mentioned = set(chain.from_iterable(unit_vars))
        mentioned.update(map(abs, base))
        # Both signs in one map: renumbering a literal is one dictionary lookup at C speed.
        dense: dict[int, int] = {}
        top = 0
        ones: list[list[int]] = []
        exactly_one, chains = session.exactly_one, session.chains
        for g in groups:
            one = exactly_one.get(g)
            if one is None:
                continue
            # The values no unit here names behave alike: one variable stands for them all
            # (a value among them is excluded here exactly when any other one is).
            local: list[int] = []
            rest = 0
            for value in one:
                if value in mentioned:
                    top += 1
                    dense[value], dense[-value] = top, -top
                    local.append(top)
                else:
                    if not rest:
                        top += 1
                        rest = top
                        local.append(top)
                    dense[value], dense[-value] = rest, -rest
            ones.append(local)
        variables = [
            v
            for v in dict.fromkeys(
                chain(
                    chain.from_iterable([session.chain_vars.get(g, ()) for g in groups]),
                    chain.from_iterable(unit_vars),
                    map(abs, base),
                )
            )
            if v not in dense
        ]
        dense.update(zip(variables, range(top + 1, top + len(variables) + 1), strict=True))
        dense.update(
            zip(map(neg, variables), range(-top - 1, -top - len(variables) - 1, -1), strict=True)
        )
        renumber = dense.__getitem__
        # Minicard itself, not through `Solver`, and built through its C entry points: one
        # layer of Python less per clause and per check (thousands are made per session).
        self.solver = solver = Minicard()
        add_clause, add_atmost = quiet_add_clause(solver), quiet_add_atmost(solver)
        for lits in ones:
            add_clause(lits)
            add_atmost(lits, 1)
        for g in groups:
            for link in chains.get(g, ()):
                add_clause(list(map(renumber, link)))
        for sel in selectors:
            for clause in session.unit_clauses[sel]:
                add_clause(list(map(renumber, clause)))
        self._dense = dense
        self._renumber = renumber
        self._solve = quiet_solve(solver)
        self._core = quiet_core(solver)
        self.calls = 0

    def knows(self, lit: int) -> bool:
        """Whether `lit`'s variable is in this formula (then so is its group's structure)."""
        return lit in self._dense

    def consistent(self, lits: Sequence[int]) -> bool:
        self.calls += 1
        return self._solve(list(map(self._renumber, lits)))

    def conflict(self, lits: Sequence[int]) -> frozenset[int] | None:
        """None if `lits` are consistent here, else the (original) literals of an unsat core."""
        if self.consistent(lits):
            return None
        core = set(self._core())
        renumber = self._renumber
        return frozenset(x for x in lits if renumber(x) in core)

    def close(self) -> None:
        self.solver.delete()


def quickxplain(
    background: list[int], candidates: list[int], inconsistent: Callable[[list[int]], bool]
) -> list[int]:
    """Junker's QuickXPlain: a minimal subset X of `candidates` with background + X inconsistent.

    Prefers earlier candidates. Requires background + candidates to be inconsistent.
    """
    if not candidates or inconsistent(background):
        return []

    def rec(base: list[int], delta: bool, cands: list[int]) -> list[int]:
        if delta and inconsistent(base):
            return []
        if len(cands) == 1:
            return list(cands)
        half = len(cands) // 2
        first, second = cands[:half], cands[half:]
        in_second = rec(base + first, bool(first), second)
        in_first = rec(base + in_second, bool(in_second), first)
        return in_first + in_second

    return rec(background, False, candidates)


def core_deletion(
    background: list[int],
    candidates: list[int],
    extra: list[int],
    conflict: Callable[[list[int]], frozenset[int] | None],
) -> list[int]:
    """A minimal subset X of `candidates` with background + X + extra inconsistent.

    Deletion, latest candidate first (so earlier ones are kept, as QuickXPlain prefers), and
    every unsat core found drops the candidates it does not name at once: a conflict of k
    out of n candidates costs at most n checks, usually about k, where QuickXPlain's halving
    costs about 2k log(n/k) + k. `conflict(lits)` is None when `lits` are consistent, else a
    core (a subset of `lits`). Requires background + candidates + extra to be inconsistent.
    Minimal: each kept candidate was needed for a superset of the result.
    """
    core = conflict([*background, *candidates, *extra])
    if core is None:
        raise ValueError("nothing to minimise: the literals are consistent")
    kept = [c for c in candidates if c in core]
    position = len(kept) - 1
    while position >= 0:
        trial = kept[:position] + kept[position + 1 :]
        core = conflict([*background, *trial, *extra])
        if core is None:
            position -= 1  # needed
            continue
        before = [c for c in kept[:position] if c in core]
        kept = before + [c for c in kept[position + 1 :] if c in core]
        position = len(before) - 1
    return kept


def fastdiag(
    background: list[int], candidates: list[int], consistent: Callable[[list[int]], bool]
) -> list[int]:
    """A minimal set of `candidates` to drop so that background + the rest is consistent.

    `candidates` come most important first; the diagnosis keeps the important ones (the
    lexicographically preferred minimal diagnosis, as FastDiag by Felfernig et al.).
    Requires background alone to be consistent.
    """
    if not candidates or consistent(background + candidates):
        return []
    # FastDiag removes from the front half first, so feed it least important first.
    ordered = list(reversed(candidates))

    def rec(removed: list[int], cands: list[int], rest: list[int]) -> list[int]:
        if removed and consistent(background + rest):
            return []
        if len(cands) == 1:
            return list(cands)
        half = len(cands) // 2
        first, second = cands[:half], cands[half:]
        without_first = [c for c in rest if c not in set(first)]
        d1 = rec(first, second, without_first)
        without_d1 = [c for c in rest if c not in set(d1)]
        d2 = rec(d1, first, without_d1)
        return d1 + d2

    return rec([], ordered, ordered)
