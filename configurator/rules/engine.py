"""The rule engine: selectable options, explanations, repairs, defaults, stale picks.

    engine = Engine(catalog)                      # compiled once: CNF + two solvers
    state = engine.state({"chassis": "c14"})      # immutable ConfigState
    result = engine.pick(state, "processor", "r9")
    state = result.state or engine.apply(result.repair)

Every state is consistent: picks that no longer fit (unknown ids, or a catalog that changed
under a saved configuration) are dropped and listed in `state.dropped`, keeping the earliest.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from decimal import Decimal
from functools import partial
from itertools import compress
from operator import itemgetter

from configurator.catalog.model import Catalog, Group, GroupKind, Option, Picks, PickValue, Rule
from configurator.rules import analysis
from configurator.rules.bom import PicksError, rule_holds
from configurator.rules.code import encode_code
from configurator.rules.compiler import compile_catalog
from configurator.rules.evaluate import NONE_PICK, EnvValue
from configurator.rules.messages import ask_first, placeholder_groups, render_message
from configurator.rules.pairs import PAIR_LIMIT, PairTable
from configurator.rules.quantities import FreeQuantities, free_quantity_groups
from configurator.rules.solving import SatSession, bit, fastdiag
from configurator.rules.state import (
    Change,
    ConfigState,
    DroppedPick,
    Explanation,
    GroupState,
    Hint,
    OptionState,
    PickResult,
    Repair,
)
from configurator.rules.units import PickUnit, normalize, unit_for, units_to_picks
from configurator.rules.witnesses import FLIP_TRIES, LocalChanges, Support

_Raw = tuple[tuple[int, ...], tuple[tuple[str, str], ...]]
_Explain = Explanation | Callable[[], Explanation]
"""An explanation, or how to compute it when a view asks (see `OptionState.explanation`)."""
_CACHE_LIMIT = 20000
STATE_CACHE = 64
"""Recent states kept for pick sequences that come back (undo, trying an option and back)."""
STATE_CACHE_VALUES = 16384
"""... but no more states than hold this many option states in all: a large catalog's
states are big, and every object they keep is walked by each full garbage collection."""
_PER_LITERAL = 16
_ZERO = "0".__eq__
_EMPTY: frozenset[int] = frozenset()
_RENEW = 8
"""Solves between two fresh lists of unsupported values (each list reads every witness bit)."""


class Engine:
    """A catalog compiled for interactive configuration. Not thread-safe: one per thread."""

    def __init__(self, catalog: Catalog, *, prove_pairs: bool = True) -> None:
        """`prove_pairs=False`: skip the clashing-pairs table (an engine for one question)."""
        self.catalog = catalog
        self.compiler, self.compiled = compile_catalog(catalog)
        self.sat = SatSession(self.compiled)
        self.groups: dict[str, Group] = dict(self.compiled.groups)
        self.rules: dict[str, Rule] = {r.id: r for r in catalog.rules}
        self.rule_order = {r.id: i for i, r in enumerate(catalog.rules)}
        self.group_order = {g.id: i for i, g in enumerate(catalog.groups)}
        self.many_groups = [g.id for g in catalog.groups if g.kind is GroupKind.MANY]
        self._recommend = [
            (r, sorted(_rule_groups(r) | _message_groups(r.message)))
            for r in catalog.rules
            if not r.is_hard
        ]
        self._hint_cache: dict[tuple[object, ...], Hint | None] = {}
        self._hint_groups = sorted({g for _, refs in self._recommend for g in refs})
        """Every group a recommend rule depends on: their values decide all the hints."""
        self._hint_sets: dict[tuple[object, ...], tuple[Hint, ...]] = {}
        c = self.compiled
        self.group_of: dict[int, str] = {}
        self.masks: dict[str, int] = {}
        for group in catalog.groups:
            lits = self.domain_lits(group)
            for lit in lits:
                self.group_of[lit] = group.id
            self.masks[group.id] = sum(bit(lit) for lit in lits)
        self.domain_all = [lit for g in catalog.groups for lit in self.domain_lits(g)]
        self._unit_price: dict[int, Decimal] = {}
        """A pick's literal -> its price (many groups: the quantity's literal, price x qty)."""
        for group in catalog.groups:
            for option in group.options:
                if group.kind is GroupKind.MANY:
                    for qty, lit in enumerate(c.y[group.id, option.id], start=1):
                        self._unit_price[lit] = option.price * qty
                else:
                    self._unit_price[c.x[group.id, option.id]] = option.price
        self.bit_of: dict[int, int] = {lit: bit(lit) for lit in self.domain_all}
        # Unsupported literals are read off a witness's binary digits at C speed.
        self._n_vars = max(self.domain_all, default=0)
        self._state_cache = max(
            8, min(STATE_CACHE, STATE_CACHE_VALUES // len(self.domain_all or [0]))
        )
        self._digit_of = itemgetter(*(lit - 1 for lit in self.domain_all), -1)
        self._domain_info: dict[str, list[tuple[int, int, str | None]]] = {
            g.id: [
                (lit, bit(lit), v.id if isinstance(v, Option) else None)
                for v in c.domain(g)
                for lit in (c.value_lit(g.id, v),)
            ]
            for g in catalog.groups
            if g.kind is not GroupKind.MANY
        }
        self.domain_by_group = {g.id: self.domain_lits(g) for g in catalog.groups}
        self.one_owner: dict[int, tuple[str, int]] = {
            lit: (g.id, self.masks[g.id])
            for g in catalog.groups
            if g.kind is not GroupKind.MANY
            for lit in self.domain_by_group[g.id]
        }
        """Option variable of a one/optional group -> (group, the group's mask)."""
        self.value_of: dict[int, EnvValue] = {}
        for (group_id, option_id), lit in c.x.items():
            self.value_of[lit] = self.groups[group_id].option(option_id)
        for lit in c.none.values():
            self.value_of[lit] = NONE_PICK
        self.y_info: dict[int, tuple[str, str, int]] = {
            lit: (g, o, k + 1) for (g, o), chain in c.y.items() for k, lit in enumerate(chain)
        }
        self._defaults = [
            (g.id, replace(unit_for(c, g.id, g.default.id), default=True))
            for g in catalog.groups
            if g.default is not None and g.kind is not GroupKind.MANY
        ]
        self._selectable: dict[tuple[str | None, bool], OptionState] = {}
        self._excluded: dict[tuple[int, _Raw, bool], OptionState] = {}
        """(literal, known cause, picked) -> the excluded option's state (see `_known_out`)."""
        self.analysis_lits: dict[tuple[str, str], int] = {}
        self._alive_cache: dict[int, bool] = {}
        self._fitting: dict[tuple[str, frozenset[int]], list[Option]] = {}
        self._ask_orders: dict[tuple[str, tuple[str | None, ...]], dict[str, int]] = {}
        self._supports: dict[frozenset[int], tuple[int, int]] = {}
        """Picks -> (witnesses remembered when scanned, values they support with the picks)."""
        self._open_groups: dict[tuple[str, int, bool], GroupState] = {}
        self._states: OrderedDict[tuple[int, ...], ConfigState] = OrderedDict()
        """The states of recent pick sequences (a clerk often goes back to one)."""
        self.local = LocalChanges(self)
        self._at_least: dict[int, int] = {}
        """Quantity literal "at least k" -> the mask of "at least 1" ... "at least k"."""
        for chain in self.compiled.y.values():
            mask = 0
            for lit in chain:
                mask |= bit(lit)
                self._at_least[lit] = mask
        self._free_quantities = free_quantity_groups(self.compiled)
        """Many groups whose reach is counted, not solved (see `rules.quantities`)."""
        self.pairs = PairTable(self) if prove_pairs and len(self.domain_all) <= PAIR_LIMIT else None
        """Clashing pairs of values, proved at compile time (laptop-sized catalogs only)."""
        self._raw: dict[int, list[_Raw]] = {}
        self._nogoods: dict[int, list[frozenset[int]]] = {}
        self._rendered: dict[tuple[int, _Raw], Explanation] = {}

    def _unsupported(self, support: int) -> list[int]:
        """The domain literals no witness supports yet, in catalog order."""
        size = max(self._n_vars, support.bit_length())
        digits = bin(support | 1 << size)[:2:-1]  # digit i is bit i ("0b1" and the top cut)
        return list(compress(self.domain_all, map(_ZERO, self._digit_of(digits))))

    def domain_lits(self, group: Group) -> list[int]:
        c = self.compiled
        if group.kind is GroupKind.MANY:
            return [lit for o in group.options for lit in c.y[group.id, o.id]]
        return [c.value_lit(group.id, v) for v in c.domain(group)]

    # -- consistency ----------------------------------------------------------------------
    def _consistent(self, lits: Sequence[int]) -> bool:
        need = avoid = 0
        top = self._n_vars
        for lit in lits:
            if lit > top or -lit > top:  # not an option variable: witnesses do not show it
                return self.sat.consistent(lits)
            if lit > 0:
                need |= bit(lit)
            else:
                avoid |= bit(-lit)
        for witness in self.sat.witnesses:
            if witness & need == need and not witness & avoid:
                return True
        if self.pairs is not None:
            clash = self.pairs.clash
            if any(clash.get(lit, 0) & need for lit in lits if lit > 0):
                return False  # two of them were proved never to go together
        return self.sat.consistent(lits)

    def _witnessed(self, need: int) -> bool:
        """Some known valid configuration takes every value in the mask `need`."""
        return any(witness & need == need for witness in self.sat.witnesses)

    def is_satisfiable(self, picks: Picks) -> bool:
        """Whether `picks` (all of them known to this catalog) extend to a valid configuration."""
        units, dropped = normalize(self.compiled, picks)
        return not dropped and self._consistent([u.lit for u in units])

    # -- states ---------------------------------------------------------------------------
    def state(self, picks: Picks | None = None) -> ConfigState:
        """The state for `picks` (stale or conflicting picks are dropped and reported)."""
        units, dropped = normalize(self.compiled, picks or {})
        return self._state(units, dropped, ())

    def _state(
        self, user: list[PickUnit], dropped: list[DroppedPick], changes: Sequence[Change]
    ) -> ConfigState:
        lits = [u.lit for u in user]
        if not self._consistent(lits):
            remove = set(fastdiag([], lits, self._consistent))
            kept = [u for u in user if u.lit not in remove]
            for unit in user:
                if unit.lit in remove:
                    why = self._explain(unit.lit, kept)
                    reason = "no longer fits the earlier picks: " + why.text
                    dropped.append(DroppedPick(unit.group, unit.option, reason, why))
            user = kept
        key = tuple(u.lit for u in user)
        known = self._states.get(key)
        if known is not None:
            # The same picks in the same order give the same state (also its explanations).
            self._states.move_to_end(key)
            if dropped or changes:
                return replace(known, dropped=tuple(dropped), changes=tuple(changes))
            return known
        units = list(user)
        decided = {u.group for u in units}
        need = 0
        for unit in units:
            need |= bit(unit.lit)
        # Known valid configurations that keep the picks and the defaults taken so far.
        pool = [w for w in self.sat.witnesses if w & need == need]
        preferred = False
        for group_id, unit in self._defaults:
            if group_id in decided:
                continue
            default_bit = self.bit_of[unit.lit]
            fitting = [w for w in pool if w & default_bit]
            for witness in pool[:FLIP_TRIES] if not fitting else ():
                # A known configuration changed to the default (a mask or clause test).
                changed = self.local.changed(witness, group_id, unit.lit)
                if changed is not None:
                    self.sat.remember(changed)
                    fitting = [changed]
                    break
            if not fitting:
                lits = [u.lit for u in units]
                if self._nogood(unit.lit, lits):
                    continue  # proved before: the default does not fit picks still made
                if not preferred:
                    # One model that takes as many of the defaults as it can.
                    self.sat.prefer([u.lit for g, u in self._defaults if g not in decided])
                    preferred = True
                found = self.sat.solve([*lits, unit.lit])
                if found is None:
                    self._remember_nogood(unit.lit)
                    continue
                fitting = [found]
            units.append(unit)
            need |= default_bit
            pool = fitting
        state = self._render_state(user, units, (), ())
        self._states[key] = state
        if len(self._states) > self._state_cache:
            self._states.popitem(last=False)
        if dropped or changes:
            return replace(state, dropped=tuple(dropped), changes=tuple(changes))
        return state

    def _render_state(
        self,
        user: list[PickUnit],
        units: list[PickUnit],
        dropped: Sequence[DroppedPick],
        changes: Sequence[Change],
    ) -> ConfigState:
        # Selectable sets and explanations are relative to the clerk's picks only: a default
        # gives way to any pick, so it never excludes anything (and is never cited).
        by_group: dict[str, list[PickUnit]] = {}
        for unit in units:
            by_group.setdefault(unit.group, []).append(unit)
        user_by_group: dict[str, list[PickUnit]] = {}
        for unit in user:
            user_by_group.setdefault(unit.group, []).append(unit)
        seen = Support(self, user, user_by_group)
        seen.absorb_all(self.sat.witnesses)
        carried = not seen.full_witnesses
        if carried:  # else only once a group needs the solver
            self.local.carry(seen, self.sat.witnesses)
        if not seen.full_witnesses:
            found = self.sat.solve([u.lit for u in user])
            assert found is not None, "the picks were checked to be consistent"
            seen.absorb(found)
        # Values no known configuration supports yet; the solver prefers them (the list is
        # made once per click and renewed only every few solves: a value supported meanwhile
        # is just preferred in vain).
        unsupported = self._unsupported(seen.support)
        self.sat.prefer(unsupported)
        solves = 0
        have = {u.lit: u for u in user}
        user_lits = list(have)
        pick_set = frozenset(have)
        # Unit propagation from all picks (one cheap call) proves most exclusions in the
        # groups without a pick, also those that take several rules in a row.
        implied_false = self.sat.implied_false(list(have))
        clash = None if self.pairs is None else self.pairs.clash
        states: list[GroupState] = []
        for group in self.catalog.groups:
            mine = by_group.get(group.id, [])
            if group.kind is GroupKind.MANY:
                states.append(self._many_state(group, mine, user, seen))
                continue
            if group.id in user_by_group:
                others = [u for u in user if u.group != group.id]
                other_lits = [u.lit for u in others]
            else:
                others, other_lits = user, user_lits
            domain = self._domain_info[group.id]
            explanations: dict[int, _Explain] = {}
            known_out: dict[int, _Raw] = {}
            """Excluded values whose cause is known already (their state can be reused)."""
            open_lits = []
            picked_elsewhere = seen.need & ~seen.group_need.get(group.id, 0)
            support = seen.support
            bad = self.local.bad
            refuted = implied_false if not mine or mine[0].default else _EMPTY
            for lit, lit_bit, _ in domain:
                if not support & lit_bit:
                    # An explanation of this group's value never names the group's own pick,
                    # so the state's picks can stand in for the other groups' picks.
                    if clash is not None and clash.get(lit, 0) & picked_elsewhere:
                        # A pick it was proved never to go with: excluded, explained at once.
                        raw = self._pair_raw(lit, others)
                    else:
                        raw = self._raw_in(lit, have)
                    if raw is not None:
                        known_out[lit] = raw
                    elif lit in refuted or self._nogood_in(lit, pick_set):
                        # Proved excluded by picks that are all still made.
                        explanations[lit] = partial(self._explain, lit, others, seen.full)
                    elif bad.get(lit, 0) & picked_elsewhere and self._alive(lit):
                        # A pairwise rule forbids it with a pick: excluded, explained at once.
                        explanations[lit] = partial(self._explain, lit, others, seen.full)
                    else:
                        open_lits.append(lit)
            if open_lits:
                open_lits = self.local.support(group, open_lits, seen)
            if open_lits and not carried:
                carried = True
                self.local.carry(seen, self.sat.witnesses)
                open_lits = [lit for lit in open_lits if not seen.support & self.bit_of[lit]]
                if open_lits:
                    open_lits = self.local.support(group, open_lits, seen)
            while open_lits:
                # Exactly one value per group: ruling out the others asks for any open one.
                ruled_out = [-lit for lit, _, _ in domain if lit not in open_lits]
                # Phase saving overwrites preferences: renew them so that the model also
                # takes unsupported values in the other groups.
                solves += 1
                if solves % _RENEW == 0:
                    unsupported = self._unsupported(seen.support)
                self.sat.prefer(unsupported)
                found = self.sat.solve([*other_lits, *ruled_out])
                if found is None:
                    # The core's picks exclude every open value: remember them for later.
                    mine_out = set(ruled_out)
                    core = frozenset(lit for lit in self.sat.core() if lit not in mine_out)
                    for lit in open_lits:
                        cores = self._nogoods.setdefault(lit, [])
                        cores.append(core)
                        del cores[:-_PER_LITERAL]
                    break
                seen.absorb(found)
                open_lits = [lit for lit in open_lits if not seen.support & self.bit_of[lit]]
                if open_lits:  # the new model is a fresh base for local changes
                    open_lits = self.local.support(group, open_lits, seen, found)
            for lit in open_lits:
                explanations[lit] = partial(self._explain, lit, others, seen.full)
            picked = mine[0].lit if mine else 0
            default = bool(mine) and mine[0].default
            if not explanations and not known_out:
                # Nothing excluded: the group's state is the same object every time.
                states.append(self._open_group(group, domain, picked, default))
                continue
            options: list[OptionState] = []
            for lit, _, option_id in domain:
                explanation = explanations.get(lit)
                if explanation is not None:
                    options.append(OptionState(option_id, False, lit == picked, 0, 0, explanation))
                elif lit in known_out:
                    options.append(
                        self._known_out(
                            option_id,
                            lit,
                            known_out[lit],
                            picked=lit == picked,
                            have=have,
                            known=seen.full,
                        )
                    )
                else:
                    options.append(self._selectable_option(option_id, lit == picked))
            states.append(
                GroupState(group.id, group.kind.value, bool(mine), default, tuple(options))
            )
        picks = units_to_picks(units)
        complete = self._complete(units, by_group)
        return ConfigState(
            catalog_id=self.catalog.id,
            picks=picks,
            user_picks=units_to_picks(user),
            defaults=frozenset(u.group for u in units if u.default),
            groups=tuple(states),
            price=self._price(units),
            complete=complete,
            hints=self._hints(units),
            dropped=tuple(dropped),
            changes=tuple(changes),
            code=encode_code(self.catalog, picks) if complete else None,
            _index={g.group: i for i, g in enumerate(states)},
            _units=tuple(user),
            _owner=self.compiled,
        )

    def _open_group(
        self, group: Group, domain: list[tuple[int, int, str | None]], picked: int, default: bool
    ) -> GroupState:
        """The state of a one/optional group none of whose options is excluded (cached)."""
        key = (group.id, picked, default)
        found = self._open_groups.get(key)
        if found is None:
            options = tuple(
                self._selectable_option(option_id, lit == picked) for lit, _, option_id in domain
            )
            found = GroupState(group.id, group.kind.value, picked != 0, default, options)
            self._open_groups[key] = found
        return found

    def _selectable_option(self, option_id: str | None, picked: bool) -> OptionState:
        """A selectable option carries nothing per state: one object each is enough."""
        found = self._selectable.get((option_id, picked))
        if found is None:
            found = self._selectable[option_id, picked] = OptionState(option_id, True, picked)
        return found

    def _known_out(
        self,
        option_id: str | None,
        lit: int,
        raw: _Raw,
        *,
        picked: bool,
        have: Mapping[int, PickUnit],
        known: int,
    ) -> OptionState:
        """An excluded option whose cause (`raw`: picks and rules) is known: its explanation
        depends on nothing else (`_render` is cached by the two), so the state is made once
        per cause and shared by every click that has it, as selectable options are."""
        key = (lit, raw, picked)
        found = self._excluded.get(key)
        if found is None:
            if len(self._excluded) > _CACHE_LIMIT:
                self._excluded.clear()
            cited = {p: have[p] for p in raw[0]}
            recipe = partial(self._render, lit, raw, cited, known)
            found = self._excluded[key] = OptionState(option_id, False, picked, 0, 0, recipe)
        return found

    def _hints(self, units: Sequence[PickUnit]) -> tuple[Hint, ...]:
        """Recommend rules that fire; memoised per rule on the values of its groups."""
        out = []
        # A group's value as a key: its pick's literal (a many group: the sorted literals of
        # its options' quantities); absent: undecided or an empty many group.
        keys: dict[str, object] = {}
        many: dict[str, list[int]] = {}
        for unit in units:
            if unit.many:
                many.setdefault(unit.group, []).append(unit.lit)
            else:
                keys[unit.group] = unit.lit
        for group_id, lits in many.items():
            keys[group_id] = tuple(sorted(lits))
        # One lookup for the whole set when the groups the rules look at have the same values.
        whole = tuple(map(keys.get, self._hint_groups))
        known = self._hint_sets.get(whole)
        if known is not None:
            return known
        env: dict[str, EnvValue] | None = None
        for rule, refs in self._recommend:
            key = (rule.id, *map(keys.get, refs))
            if key in self._hint_cache:
                hint = self._hint_cache[key]
            else:
                env = self._env(units) if env is None else env
                fires = rule_holds(rule, self.catalog, env) is False
                hint = (
                    Hint(rule.id, render_message(rule.message, self.catalog, env))
                    if fires
                    else None
                )
                if len(self._hint_cache) > _CACHE_LIMIT:
                    self._hint_cache.clear()
                self._hint_cache[key] = hint
            if hint is not None:
                out.append(hint)
        if len(self._hint_sets) > _CACHE_LIMIT:
            self._hint_sets.clear()
        found = self._hint_sets[whole] = tuple(out)
        return found

    def _many_state(
        self, group: Group, mine: list[PickUnit], units: list[PickUnit], seen: Support
    ) -> GroupState:
        c = self.compiled
        all_lits = [u.lit for u in units]
        current = {u.option: u.qty for u in mine}
        taken = sum(current.values())
        free = self._free_quantities.get(group.id)
        picked_bits = 0  # the group's picked quantities, as a valid configuration has them
        for unit in mine:
            picked_bits |= self._at_least[unit.lit]
        options: list[OptionState] = []
        for option in group.options:
            chain = c.y[group.id, option.id]
            cur = current.get(option.id, 0)
            explanation: _Explain | None = None
            reach = cur
            if cur >= option.max_qty:
                explanation = self._max_qty_explanation(group, option, cur)
            elif free is not None:
                if cur or self._present(
                    group,
                    option,
                    free=free,
                    taken=taken,
                    picked_bits=picked_bits,
                    lits=all_lits,
                    seen=seen,
                ):
                    # It fits at all: how many more is counting (see `rules.quantities`).
                    counted = free.reach(option.max_qty, cur, taken)
                    reach = self._reach(chain, all_lits, seen, cur) if counted is None else counted
                if reach == cur:
                    explanation = self._quantity_explanation(group, option, chain[cur], units, seen)
            elif not seen.full & bit(chain[cur]):
                candidates = self._other_quantities(group, option, units)
                have = {u.lit: u for u in candidates}
                raw = self._known_raw(chain[cur], candidates, have, seen)
                if raw is not None:
                    explanation = partial(self._render, chain[cur], raw, have, seen.full)
                else:
                    # The highest quantity first: if it fits, so does every lower one.
                    top = chain[-1]
                    fits = top != chain[cur] and self._fits(top, all_lits, seen)
                    if not fits and not self._fits(chain[cur], all_lits, seen):
                        explanation = partial(self._explain, chain[cur], candidates, seen.full)
            if explanation is None and free is None:
                reach = self._reach(chain, all_lits, seen, cur)
            options.append(
                OptionState(option.id, explanation is None, cur > 0, cur, reach, explanation)
            )
        return GroupState(group.id, group.kind.value, bool(mine), False, tuple(options), taken)

    def _present(
        self,
        group: Group,
        option: Option,
        *,
        free: FreeQuantities,
        taken: int,
        picked_bits: int,
        lits: list[int],
        seen: Support,
    ) -> bool:
        """Whether one of `option` (of a free-quantity group) fits with all picks: a known
        valid configuration, one changed by mask tests (its group cut back to the picks,
        the option added: see `rules.quantities`), else the solver."""
        lit = self.compiled.y[group.id, option.id][0]
        lit_bit = bit(lit)
        if seen.full & lit_bit:
            return True
        if option.id in free.presence and free.minimum <= taken + 1 <= free.maximum:
            keep = ~self.masks[group.id]
            for witness in reversed(seen.full_witnesses[-FLIP_TRIES:]):
                changed = (witness & keep) | picked_bits | lit_bit
                if free.fits_with(option.id, changed):
                    seen.absorb(changed)
                    self.sat.remember(changed)
                    return True
        return self._fits(lit, lits, seen)

    @staticmethod
    def _other_quantities(group: Group, option: Option, units: list[PickUnit]) -> list[PickUnit]:
        """The picks an explanation of `option`'s quantity may cite (all but its own)."""
        return [u for u in units if not (u.group == group.id and u.option == option.id)]

    def _known_raw(
        self, lit: int, candidates: list[PickUnit], have: Mapping[int, PickUnit], seen: Support
    ) -> _Raw | None:
        """An explanation of quantity literal `lit` known without the solver, if any."""
        # A quantity never clashes with its own option's picks, so all picks will do.
        clash = None if self.pairs is None else self.pairs.clash
        if clash is not None and clash.get(lit, 0) & seen.need:
            return self._pair_raw(lit, candidates)
        return self._raw_in(lit, have)

    def _quantity_explanation(
        self, group: Group, option: Option, lit: int, units: list[PickUnit], seen: Support
    ) -> _Explain:
        """Why quantity literal `lit` of `option` is excluded (proved by the caller)."""
        candidates = self._other_quantities(group, option, units)
        have = {u.lit: u for u in candidates}
        raw = self._known_raw(lit, candidates, have, seen)
        if raw is not None:
            return partial(self._render, lit, raw, have, seen.full)
        return partial(self._explain, lit, candidates, seen.full)

    def _reach(self, chain: list[int], lits: list[int], seen: Support, cur: int) -> int:
        """The highest quantity reachable with all picks kept (at least `cur`)."""
        if len(chain) - cur >= 2 and self._fits(chain[-1], lits, seen):
            return len(chain)  # the highest fits (tried first: usually it does)
        reach = cur
        while reach < len(chain):
            if seen.full & bit(chain[reach]):
                reach += 1
                continue
            if not self._fits(chain[reach], lits, seen):
                break
        return reach

    def _fits(self, lit: int, lits: list[int], seen: Support) -> bool:
        """Some valid configuration takes `lit` with `lits` (known ones, remembered nogoods,
        else the solver: a model is kept as a witness, a refutation as a nogood)."""
        if seen.full & bit(lit):
            return True
        if self._nogood(lit, lits):
            return False
        witness = self._witness_with(lits, lit)
        if witness is None:
            return False
        seen.absorb(witness)
        return True

    def _witness_with(self, lits: Sequence[int], lit: int) -> int | None:
        """A valid configuration taking `lit` with `lits` (the solver), or None: then its
        core is kept as a nogood for later questions."""
        witness = self.sat.solve([*lits, lit])
        if witness is None:
            self._remember_nogood(lit)
        return witness

    def _remember_nogood(self, lit: int) -> None:
        """After an unsatisfiable `solve([..., lit])`: its core's other literals exclude `lit`."""
        core = frozenset(self.sat.core()) - {lit}
        known = self._nogoods.setdefault(lit, [])
        known.append(core)
        del known[:-_PER_LITERAL]

    def _nogood(self, lit: int, lits: Sequence[int]) -> bool:
        return self._nogood_in(lit, frozenset(lits))

    def _nogood_in(self, lit: int, picks: AbstractSet[int]) -> bool:
        """A solver core proved `lit` impossible with a subset of `picks`."""
        return self._known_core(lit, picks) is not None

    def _known_core(self, lit: int, picks: AbstractSet[int]) -> frozenset[int] | None:
        """A solver core kept for `lit` whose picks are all in `picks`, or None."""
        for core in self._nogoods.get(lit, ()):
            if core <= picks:
                return core
        return None

    def _complete(self, units: list[PickUnit], by_group: Mapping[str, list[PickUnit]]) -> bool:
        exact = [u.lit for u in units]
        for group in self.catalog.groups:
            if group.kind is not GroupKind.MANY:
                if group.id not in by_group:
                    return False
                continue
            current = {u.option: u.qty for u in by_group.get(group.id, [])}
            free = self._free_quantities.get(group.id)
            if free is not None:
                # Exactly the picked quantities are valid if they reach the group's minimum
                # (see `rules.quantities`): nothing to pin.
                if sum(current.values()) < free.minimum:
                    return False
                continue
            for option in group.options:
                cur = current.get(option.id, 0)
                if cur < option.max_qty:
                    exact.append(-self.compiled.y[group.id, option.id][cur])
        return self._consistent(exact)

    def _env(self, units: Sequence[PickUnit]) -> dict[str, EnvValue]:
        env: dict[str, EnvValue] = {g: {} for g in self.many_groups}
        for unit in units:
            if unit.many:
                bucket = env[unit.group]
                assert isinstance(bucket, dict)
                assert unit.option is not None
                bucket[unit.option] = unit.qty
            else:
                env[unit.group] = self.value_of[unit.lit]
        return env

    def _price(self, units: Sequence[PickUnit]) -> Decimal:
        total = self.catalog.base_price
        price = self._unit_price
        for unit in units:
            if unit.option is not None:
                total += price[unit.lit]
        return total

    # -- explanations ---------------------------------------------------------------------
    def _cached(
        self, lit: int, candidates: Sequence[PickUnit], known: int = 0
    ) -> Explanation | None:
        if not self._raw.get(lit):
            return None
        return self._cached_in(lit, {u.lit: u for u in candidates}, known)

    def _cached_in(
        self, lit: int, have: Mapping[int, PickUnit], known: int = 0
    ) -> Explanation | None:
        raw = self._raw_in(lit, have)
        return None if raw is None else self._render(lit, raw, have, known)

    def _raw_in(self, lit: int, have: Mapping[int, PickUnit]) -> _Raw | None:
        """A cached explanation of `lit` whose picks are all in `have` (then still valid)."""
        raws = self._raw.get(lit)
        if not raws:
            return None
        made = have.__contains__
        for raw in raws:
            if all(map(made, raw[0])):
                return raw
        return None

    def _explain(self, lit: int, candidates: Sequence[PickUnit], known: int = 0) -> Explanation:
        """Why `lit` is excluded by `candidates` (a minimal explanation, cached). `known`: a
        mask of values some valid configuration takes with all the candidates (it saves the
        solver questions that rule messages would ask)."""
        have = {u.lit: u for u in candidates}
        cached = self._cached(lit, candidates, known)
        if cached is not None:
            return cached
        raw = self._pair_raw(lit, candidates)
        partners = self.local.pair_rule.get(lit)
        if raw is None and partners and lit not in self.local.dead and self._alive(lit):
            # One pick and one rule that forbids the pair: minimal, no solver needed.
            for unit in candidates:
                rule_id = partners.get(unit.lit)
                if rule_id is not None:
                    raw = ((unit.lit,), (("rule", rule_id),))
                    break
        if raw is None:
            core = self._known_core(lit, have.keys()) or ()
            picks, keys = self.sat.minimal_conflict([lit], list(have), core)
            raw = (tuple(picks), tuple(keys))
        if len(self._rendered) > _CACHE_LIMIT:
            self._rendered.clear()
        known_raws = self._raw.setdefault(lit, [])
        known_raws.append(raw)
        del known_raws[:-_PER_LITERAL]  # a long session keeps the most recent explanations
        return self._render(lit, raw, have, known)

    def _pair_raw(self, lit: int, candidates: Sequence[PickUnit]) -> _Raw | None:
        """The earliest pick proved never to go with `lit`, with the rules (no solver)."""
        if self.pairs is None:
            return None
        clash = self.pairs.clash.get(lit, 0)
        if not clash:
            return None
        bit_of = self.bit_of
        for unit in candidates:
            if clash & bit_of.get(unit.lit, 0):  # a mask test before the lookup
                raw = self.pairs.raw(lit, unit.lit)
                if raw is not None:
                    return raw
        return None

    def _alive(self, lit: int) -> bool:
        """Some valid configuration takes this value (then one pick can be to blame)."""
        known = self._alive_cache.get(lit)
        if known is None:
            lit_bit = self.bit_of.get(lit, 0)
            known = self._alive_cache[lit] = bool(self.sat.ever & lit_bit) or self.sat.consistent(
                [lit]
            )
        return known

    def fitting_options(
        self,
        group: Group,
        lits: Sequence[int],
        enough: Callable[[list[Option], Sequence[Option]], bool] | None = None,
        known: int = 0,
        order: Mapping[str, int] | None = None,
    ) -> list[Option]:
        """The options of a one/optional group that some valid configuration takes together
        with `lits` (known valid configurations first, then one solver call per option).

        `enough(fitting, possible)`: these options, known to fit, will do, given that none
        outside `possible` (those not ruled out yet, the fitting ones among them) fits; then
        they are returned and the options still open are not asked. The options are asked
        one at a time, in `order` (option id -> rank; by default the catalog's), so a text
        that needs two labels or a range's two ends costs two solves, not one per option.
        `known`: a mask of values known to fit `lits`."""
        picks = frozenset(lits)
        key = (group.id, picks)
        found = self._fitting.get(key)
        if found is not None:
            return found
        x = self.compiled.x
        bit_of = self.bit_of
        options = group.options
        if enough is not None and known:
            quick = [o for o in options if known & bit_of[x[group.id, o.id]]]
            if enough(quick, options):
                return quick
        support = self._support_of(picks) | known
        fits = [bool(support & bit_of[x[group.id, o.id]]) for o in options]
        # Not known to fit and not proved out by a core kept from earlier solves.
        possible = [
            bool(fit) or not self._nogood_in(x[group.id, o.id], picks)
            for o, fit in zip(options, fits, strict=True)
        ]
        if enough is not None and enough(
            list(compress(options, fits)), list(compress(options, possible))
        ):
            return list(compress(options, fits))
        open_ = [
            i for i, (fit, may) in enumerate(zip(fits, possible, strict=True)) if may and not fit
        ]
        if order is not None:
            open_.sort(key=lambda i: order.get(options[i].id, i))
        refuted = self.sat.implied_false(lits) if open_ else _EMPTY  # one cheap call
        for asked, i in enumerate(open_, 1):
            lit = x[group.id, options[i].id]
            if lit not in refuted and self._witness_with(lits, lit) is not None:
                fits[i] = True
            else:
                possible[i] = False
            if (
                enough is not None
                and asked < len(open_)
                and enough(list(compress(options, fits)), list(compress(options, possible)))
            ):
                return list(compress(options, fits))  # settled: the rest are not asked
        found = list(compress(options, fits))
        if len(self._fitting) > _CACHE_LIMIT:
            self._fitting.clear()
        self._fitting[key] = found
        return found

    def ask_order(self, group: Group, attrs: tuple[str | None, ...]) -> dict[str, int]:
        """`messages.ask_first` for a group's placeholders, made once per group and attrs."""
        key = (group.id, attrs)
        found = self._ask_orders.get(key)
        if found is None:
            found = self._ask_orders[key] = ask_first(group, attrs)
        return found

    def _support_of(self, picks: frozenset[int]) -> int:
        """Every value some known valid configuration takes together with all of `picks`.

        An explanation's picks are asked about once per rule message that names an
        undecided group: the witness pool is scanned once per pick set, and afterwards only
        for the witnesses found since (a witness stays a valid configuration after it
        leaves the pool, so what it showed stays true)."""
        sat = self.sat
        total = sat.remembered
        seen, support = self._supports.get(picks, (0, 0))
        if seen == total:
            return support
        need = 0
        for lit in picks:
            need |= self.bit_of.get(lit, 0)
        witnesses = sat.witnesses
        fresh = total - seen
        scan = witnesses if fresh >= len(witnesses) else list(witnesses)[-fresh:]
        for witness in scan:
            if witness & need == need:
                support |= witness
        if len(self._supports) > _CACHE_LIMIT:
            self._supports.clear()
        self._supports[picks] = (total, support)
        return support

    def _render(
        self, lit: int, raw: _Raw, have: Mapping[int, PickUnit], known: int = 0
    ) -> Explanation:
        key = (lit, raw)
        found = self._rendered.get(key)
        if found is None:
            picks = [have[p] for p in raw[0]]
            found = analysis.render_explanation(self, lit, picks, raw[1], known)
            self._rendered[key] = found
        return found

    def _max_qty_explanation(self, group: Group, option: Option, cur: int) -> Explanation:
        unit = unit_for(self.compiled, group.id, option.id, cur)
        return Explanation(
            (unit.ref,),
            (),
            (f"max_qty:{group.id}.{option.id}",),
            (f"{option.label} can be taken at most {option.max_qty} times.",),
        )

    # -- clicks ---------------------------------------------------------------------------
    def _as_state(self, state_or_picks: ConfigState | Picks) -> ConfigState:
        if isinstance(state_or_picks, ConfigState):
            return state_or_picks
        return self.state(state_or_picks)

    def _user_units(self, state: ConfigState) -> list[PickUnit]:
        if state._owner is self.compiled:
            return list(state._units)
        units, _ = normalize(self.compiled, state.user_picks)
        return units

    def pick(
        self,
        state_or_picks: ConfigState | Picks,
        group_id: str,
        option_id: str | None,
        qty: int | None = None,
    ) -> PickResult:
        """Pick an option (None: "none" of an optional group; many groups: `qty`, default +1).

        Returns the new state, or a `Repair` when the option is excluded by earlier picks.
        """
        state = self._as_state(state_or_picks)
        user = self._user_units(state)
        target, others = self._target(user, group_id, option_id, qty)
        if target is None:
            return PickResult(state=self._state(others, [], ()))
        new_user = self._place(user, others, target)
        if self._consistent([*(u.lit for u in others), target.lit]):
            return PickResult(state=self._state(new_user, [], ()))
        if not self._consistent([target.lit]):
            return PickResult(blocked=self._explain(target.lit, []))
        return PickResult(repair=analysis.propose_repair(self, user, others, target))

    def _target(
        self, user: list[PickUnit], group_id: str, option_id: str | None, qty: int | None
    ) -> tuple[PickUnit | None, list[PickUnit]]:
        group = self.groups.get(group_id)
        if group is None:
            raise PicksError(f"catalog {self.catalog.id!r} has no group {group_id!r}")
        if option_id is not None and not group.has_option(option_id):
            raise PicksError(f"group {group_id!r} has no option {option_id!r}")
        if group.kind is GroupKind.MANY:
            if option_id is None:
                raise PicksError(f"{group.label} takes an option id, not none")
            cur = next((u.qty for u in user if u.group == group_id and u.option == option_id), 0)
            wanted = cur + 1 if qty is None else qty
            others = [u for u in user if not (u.group == group_id and u.option == option_id)]
            limit = group.option(option_id).max_qty
            if wanted > limit:
                raise PicksError(f"{option_id!r} can be taken at most {limit} times")
            if wanted <= 0:
                return None, others
            return unit_for(self.compiled, group_id, option_id, wanted), others
        if option_id is None and group.kind is GroupKind.ONE:
            raise PicksError(f"{group.label} needs an option, it cannot be none")
        others = [u for u in user if u.group != group_id]
        return unit_for(self.compiled, group_id, option_id), others

    @staticmethod
    def _place(user: list[PickUnit], others: list[PickUnit], target: PickUnit) -> list[PickUnit]:
        """`others` with `target` where its group's (or option's) pick was, else at the end."""
        out = list(others)
        for i, unit in enumerate(user):
            if unit.group == target.group and (not target.many or unit.option == target.option):
                out.insert(min(i, len(out)), target)
                return out
        out.append(target)
        return out

    def unpick(
        self, state_or_picks: ConfigState | Picks, group_id: str, option_id: str | None = None
    ) -> ConfigState:
        """Undo a group's pick (many groups: one option's, or all with `option_id` None)."""
        state = self._as_state(state_or_picks)
        user = [
            u
            for u in self._user_units(state)
            if not (u.group == group_id and (option_id is None or u.option == option_id))
        ]
        return self._state(user, [], ())

    def apply(self, repair: Repair) -> ConfigState:
        """Carry out a confirmed repair; the state lists what changed and why."""
        if repair._owner is self.compiled:  # made by this engine: its picks are known valid
            return self._state(list(repair._units), [], repair.changes)
        units, dropped = normalize(self.compiled, repair.picks)
        return self._state(units, dropped, repair.changes)

    # -- analysis (linter) ------------------------------------------------------------------
    def find_slot_violation(self, slot: str) -> dict[str, PickValue] | None:
        return analysis.find_slot_violation(self, slot)

    def is_option_dead(self, group_id: str, option_id: str) -> bool:
        return analysis.is_option_dead(self, group_id, option_id)

    def is_option_forced(self, group_id: str, option_id: str) -> bool:
        return analysis.is_option_forced(self, group_id, option_id)

    def rule_can_fire(self, rule: Rule | str) -> bool:
        return analysis.rule_can_fire(self, rule)

    def rule_is_implied(self, rule: Rule | str) -> bool:
        return analysis.rule_is_implied(self, rule)

    def count_configurations(self, limit: int = 10_000) -> analysis.ConfigurationCount:
        return analysis.count_configurations(self, limit)

    def drop_analysis(self) -> None:
        """Solvers without the definitions the analysis questions added
        (`find_slot_violation`, asked for every slot at every load: a count of the slot's
        parts over all options; `rule_can_fire`, `rule_is_implied`, asked by `catalog
        check`: a helper variable per rule). A linted engine is handed over to the counter
        application, and on the demo catalog those definitions made its main solver 414
        variables instead of 107 and its clicks a quarter more instructions. What the engine
        learnt stays: known valid configurations, nogoods, explanations and clashing pairs
        hold for the catalog, not for a solver. Rebuilding costs about 5 % of compiling."""
        if not self.sat.extended:
            return
        old = self.sat
        self.sat = old.rebuilt()
        old.close()
        self.analysis_lits.clear()

    def close(self) -> None:
        """Free the solvers now (they are also freed with the engine)."""
        self.sat.close()


def _rule_groups(rule: Rule) -> frozenset[str]:
    from configurator.rules.ast import referenced_groups
    from configurator.rules.bom import parse_cached

    found = referenced_groups(parse_cached(rule.expression))
    return found | referenced_groups(parse_cached(rule.when)) if rule.when else found


def _message_groups(message: str) -> frozenset[str]:
    return frozenset(group for group, _ in placeholder_groups(message))
