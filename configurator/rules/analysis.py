"""Engine work that is not a plain click: rendering explanations, repairs, linter questions.

Kept apart from `engine` so that module stays about the per-click state; everything here takes
the engine as its first argument and uses its solvers and caches.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from configurator.catalog.model import Group, GroupKind, Option, PickValue, Rule
from configurator.rules.evaluate import EnvValue
from configurator.rules.linear import Clause
from configurator.rules.messages import placeholder_groups, render_message, settled
from configurator.rules.solving import fastdiag
from configurator.rules.state import Change, Explanation, Repair
from configurator.rules.units import PickUnit, unit_for, units_to_picks

if TYPE_CHECKING:
    from configurator.rules.engine import Engine

from configurator.rules.counting import ConfigurationCount, count_configurations

__all__ = [
    "ConfigurationCount",
    "count_configurations",
    "find_slot_violation",
    "is_option_dead",
    "is_option_forced",
    "propose_repair",
    "render_explanation",
    "rule_can_fire",
    "rule_is_implied",
]


def render_explanation(
    engine: Engine,
    query: int,
    picks: Sequence[PickUnit],
    keys: Sequence[tuple[str, str]],
    known: int = 0,
) -> Explanation:
    """An `Explanation` with the rule messages filled from the picks and the excluded value
    (`known`: a mask of values known to fit the picks, see `Engine.fitting_options`)."""
    env: dict[str, EnvValue] = {g: {} for g in engine.many_groups}
    for unit in picks:
        if unit.many:
            bucket = env[unit.group]
            assert isinstance(bucket, dict)
            bucket[unit.option] = unit.qty
        else:
            env[unit.group] = engine.value_of[unit.lit]
    if query in engine.value_of:
        env[engine.group_of[query]] = engine.value_of[query]
    else:
        group_id, option_id, qty = engine.y_info[query]
        bucket = env[group_id]
        assert isinstance(bucket, dict)
        bucket[option_id] = max(qty, bucket.get(option_id, 0))
    rules = sorted((k for kind, k in keys if kind == "rule"), key=engine.rule_order.__getitem__)
    messages = [
        render_message(
            engine.rules[r].message,
            engine.catalog,
            env,
            _candidates(engine, engine.rules[r].message, env, picks, known),
        )
        for r in rules
    ]
    limits: list[str] = []
    bounds = [k for k in keys if k[0] != "rule"]
    for kind, group_id in sorted(bounds, key=lambda k: (engine.group_order[k[1]], k[0] == "max")):
        group = engine.groups[group_id]
        limits.append(f"{kind}:{group_id}")
        if kind == "min":
            messages.append(f"{group.label} takes at least {group.min}.")
        else:
            messages.append(f"{group.label} takes at most {group.max}.")
    return Explanation(tuple(u.ref for u in picks), tuple(rules), tuple(limits), tuple(messages))


def _candidates(
    engine: Engine,
    message: str,
    env: dict[str, EnvValue],
    picks: Sequence[PickUnit],
    known: int = 0,
) -> dict[str, list[Option]]:
    """For each undecided group a message names: its options that fit the explanation's picks.

    Those are the values the rule is about (every one of them excludes the option), so the
    message can say "45 to 55 W" instead of showing a placeholder. Only as many as the text
    needs: when the options known to fit already settle it, the others are not asked.
    """
    out: dict[str, list[Option]] = {}
    lits = [u.lit for u in picks]
    for group_id, wanted in placeholder_groups(message):
        group = engine.groups.get(group_id)
        if group is None or group_id in env or group.kind is GroupKind.MANY:
            continue
        settles = partial(_settled_all, group, wanted)
        order = engine.ask_order(group, wanted)
        out[group_id] = engine.fitting_options(group, lits, settles, known, order)
    return out


def _settled_all(
    group: Group, attrs: Sequence[str | None], known: list[Option], possible: Sequence[Option]
) -> bool:
    return all(settled(group, attr, known, possible) for attr in attrs)


def propose_repair(
    engine: Engine, user: list[PickUnit], others: list[PickUnit], target: PickUnit
) -> Repair:
    """The preferred repair for picking `target`: change the latest picks that must change."""
    lits = [u.lit for u in others]
    drop = set(fastdiag([target.lit], lits, engine._consistent))
    conflict = engine._explain(target.lit, others)
    chosen = [u.lit for u in others if u.lit not in drop] + [target.lit]
    replaced: dict[int, PickUnit] = {}
    changes: list[Change] = []
    for unit in others:
        if unit.lit not in drop:
            continue
        new = _replacement(engine, unit, chosen)
        if new is not None:
            chosen.append(new.lit)
            replaced[unit.lit] = new
        changes.append(Change(unit.group, unit.ref, new.ref if new else None, conflict.text))
    kept = [replaced.get(u.lit, u) for u in others if u.lit not in drop or u.lit in replaced]
    new_user = engine._place(user, kept, target)
    return Repair(
        target.group,
        target.option,
        target.qty,
        units_to_picks(new_user),
        tuple(changes),
        conflict,
        _units=_as_picks_order(new_user),
        _owner=engine.compiled,
    )


def _as_picks_order(units: list[PickUnit]) -> tuple[PickUnit, ...]:
    """`units` in the order their picks mapping lists them (a many group's units together,
    where its first one was), as the engine reads such a mapping back."""
    by_group: dict[str, list[PickUnit]] = {}
    for unit in units:
        by_group.setdefault(unit.group, []).append(unit)
    return tuple(unit for group in by_group.values() for unit in group)


def _replacement(engine: Engine, unit: PickUnit, chosen: list[int]) -> PickUnit | None:
    """What a dropped pick becomes: the default or first fitting option, or a lower quantity."""
    group = engine.groups[unit.group]
    compiled = engine.compiled
    if unit.many:
        assert unit.option is not None
        chain = compiled.y[group.id, unit.option]
        for qty in range(unit.qty - 1, 0, -1):
            if engine._consistent([*chosen, chain[qty - 1]]):
                return unit_for(compiled, group.id, unit.option, qty)
        return None
    values: list[str | None] = [o.id for o in group.options]
    if group.default is not None:
        values.remove(group.default.id)
        values.insert(0, group.default.id)
    if group.kind is GroupKind.OPTIONAL:
        values.append(None)
    for value in values:
        if value == unit.option:
            continue
        candidate = unit_for(compiled, group.id, value)
        if engine._consistent([*chosen, candidate.lit]):
            return candidate
    return None


# -- linter questions ----------------------------------------------------------------------
def _option_lit(engine: Engine, group_id: str, option_id: str) -> int:
    group = engine.groups[group_id]
    if group.kind is GroupKind.MANY:
        return engine.compiled.y[group_id, option_id][0]
    return engine.compiled.x[group_id, option_id]


def is_option_dead(engine: Engine, group_id: str, option_id: str) -> bool:
    """No valid configuration takes this option."""
    return not engine.sat.consistent([_option_lit(engine, group_id, option_id)])


def is_option_forced(engine: Engine, group_id: str, option_id: str) -> bool:
    """Every valid configuration takes this option (there is at least one)."""
    lit = _option_lit(engine, group_id, option_id)
    return engine.sat.consistent([]) and not engine.sat.consistent([-lit])


def _rule(engine: Engine, rule: Rule | str) -> Rule:
    return engine.rules[rule] if isinstance(rule, str) else rule


def _violation_lit(engine: Engine, rule: Rule) -> int:
    lit = engine.analysis_lits.get(("violation", rule.id))
    if lit is None:
        out: list[Clause] = []
        lit = engine.compiler.define(engine.compiler.violation(rule), out)
        engine.sat.add_clauses(out)
        engine.analysis_lits["violation", rule.id] = lit
    return lit


def rule_can_fire(engine: Engine, rule: Rule | str) -> bool:
    """Hard rules: some valid configuration meets the `when` (rules without `when`: True).
    Recommend rules: some valid configuration shows the hint."""
    found = _rule(engine, rule)
    if not found.is_hard:
        return engine.sat.consistent([_violation_lit(engine, found)])
    if found.when is None:
        return True
    key = ("when", found.id)
    lit = engine.analysis_lits.get(key)
    if lit is None:
        from configurator.rules.bom import parse_cached

        out: list[Clause] = []
        lit = engine.compiler.define(parse_cached(found.when), out)
        engine.sat.add_clauses(out)
        engine.analysis_lits[key] = lit
    return engine.sat.consistent([lit])


def rule_is_implied(engine: Engine, rule: Rule | str) -> bool:
    """The other hard rules already exclude everything this rule excludes."""
    found = _rule(engine, rule)
    violation = _violation_lit(engine, found)
    if not found.is_hard:
        return not engine.sat.consistent([violation])
    mine = engine.sat.selector.get(("rule", found.id))
    others = [s for s in engine.sat.selectors if s != mine]
    return not engine.sat.explain_consistent([*others, violation])


def find_slot_violation(engine: Engine, slot: str) -> dict[str, PickValue] | None:
    """A valid complete configuration with 0 or 2+ parts of `slot`, or None if there is none."""
    from decimal import Decimal

    from configurator.rules.bom import parse_cached
    from configurator.rules.linear import encode_linear

    catalog = engine.catalog
    in_slot = {p for p, c in catalog.components.items() if c.slot == slot}
    terms: dict[int, Decimal] = {}
    const = Decimal(0)
    out: list[Clause] = []
    for group in catalog.groups:
        for option in group.options:
            per = sum(pq.qty for pq in option.components if pq.part in in_slot)
            if not per:
                continue
            if group.kind is GroupKind.MANY:
                for lit in engine.compiled.y[group.id, option.id]:
                    terms[lit] = terms.get(lit, Decimal(0)) + per
            else:
                lit = engine.compiled.x[group.id, option.id]
                terms[lit] = terms.get(lit, Decimal(0)) + per
    for index, entry in enumerate(catalog.bom):
        per = sum(pq.qty for pq in entry.add if pq.part in in_slot)
        if not per:
            continue
        if entry.when is None:
            const += per
            continue
        key = ("bom", str(index))
        when_lit = engine.analysis_lits.get(key)
        if when_lit is None:
            when_lit = engine.compiler.define(parse_cached(entry.when), out)
            engine.analysis_lits[key] = when_lit
        terms[when_lit] = terms.get(when_lit, Decimal(0)) + per
    pool = engine.compiled.pool
    none_, many_ = pool.new(), pool.new()
    items = list(terms.items())
    encode_linear(items, const, "<=", (none_,), pool=pool, out=out)
    encode_linear(items, const - 2, ">=", (many_,), pool=pool, out=out)
    engine.sat.add_clauses(out)
    for lit in (none_, many_):
        if engine.sat.solve([lit]) is not None:
            return decode_model(engine, engine.sat.model())
    return None


def decode_model(engine: Engine, model: Sequence[int]) -> dict[str, PickValue]:
    """The complete configuration a solver model stands for."""
    true = {lit for lit in model[: engine.compiled.top_domain] if lit > 0}
    picks: dict[str, PickValue] = {}
    for group in engine.catalog.groups:
        if group.kind is GroupKind.MANY:
            bucket: dict[str, int] = {}
            for option in group.options:
                qty = sum(1 for lit in engine.compiled.y[group.id, option.id] if lit in true)
                if qty:
                    bucket[option.id] = qty
            picks[group.id] = bucket
            continue
        for value in engine.compiled.domain(group):
            if engine.compiled.value_lit(group.id, value) in true:
                picks[group.id] = value.id if isinstance(value, Option) else None
    return picks
