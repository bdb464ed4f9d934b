"""The checks that need the solver: is anything buildable, do defaults, tests and slots hold.

All of them ask the rule engine (one compiled `Engine` per catalog), so they are proofs over
every valid configuration, never samples. When something fails, the rules to blame are found by
shrinking the rule set to a minimal conflicting subset (QuickXPlain); that costs a few engine
compilations, but only on the error path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from configurator.catalog.model import (
    Catalog,
    CatalogTest,
    GroupKind,
    Picks,
    PickValue,
    Rule,
    TestExpectation,
)
from configurator.catalog.reader import Reader
from configurator.catalog.sourcemap import Location

if TYPE_CHECKING:
    from configurator.rules.engine import Engine


def check_logic(catalog: Catalog, reader: Reader, *, warnings: bool) -> None:
    """Satisfiability, defaults, `[[tests]]`, slots; optionally dead/forced/never-firing."""
    from configurator.rules.engine import Engine

    try:
        engine = Engine(catalog)
    except RecursionError:
        reader.error(
            "too-complex",
            "the rules are too deeply nested for the rule engine to compile",
            at=reader.location(("rules", 0)) or reader.location(("catalog",)),
            subject="catalog",
            hint="split long expressions into several rules",
        )
        return
    clean = False
    try:
        _check_with(engine, catalog, reader, warnings=warnings)
        clean = not reader.has_errors
    finally:
        if clean:  # the application's `engine_for(catalog)` takes it: no second compilation
            from configurator.rules.handover import hand_over

            hand_over(engine)
        else:
            engine.close()


def _check_with(engine: Engine, catalog: Catalog, reader: Reader, *, warnings: bool) -> None:
    if not engine.is_satisfiable({}):
        culprits = blame(catalog, {})
        reader.error(
            "no-valid-configuration",
            "no configuration satisfies every rule"
            + (
                f": {describe_rules(catalog, culprits)} contradict each other"
                if len(culprits) > 1
                else f": {describe_rules(catalog, culprits)} can never hold"
                if culprits
                else ": the groups' min/max cannot be met"
            ),
            at=_first_line(reader, catalog, culprits),
            subject="catalog",
            hint="relax or remove one of these rules",
        )
        return
    errors = len([d for d in reader.diagnostics if d.is_error])
    _check_defaults(catalog, reader, engine)
    if len([d for d in reader.diagnostics if d.is_error]) == errors:
        _check_default_combination(catalog, reader, engine)
    _check_tests(catalog, reader, engine)
    _check_slots(catalog, reader, engine)
    if warnings:
        _check_options(catalog, reader, engine)
        _check_rules(catalog, reader, engine)


# -- blame ----------------------------------------------------------------------------------


def _satisfiable_with(catalog: Catalog, rules: Sequence[Rule], picks: Picks) -> bool:
    from configurator.rules.engine import Engine

    engine = Engine(replace(catalog, rules=tuple(rules)), prove_pairs=False)
    try:
        return engine.is_satisfiable(picks)
    finally:
        engine.close()


def blame(catalog: Catalog, picks: Picks) -> list[Rule]:
    """A minimal set of hard rules that, with `picks`, leaves no valid configuration.

    QuickXPlain (Junker 2004) over the rules: a handful of satisfiability calls on catalogs with
    fewer rules. Empty when the picks are fine, or fail without any rule (group min/max).
    """
    hard = [r for r in catalog.rules if r.is_hard]
    if _satisfiable_with(catalog, hard, picks):
        return []
    if _satisfiable_with(catalog, [], picks):
        return _quickxplain(catalog, picks, [], hard, has_delta=False)
    return []


def _quickxplain(
    catalog: Catalog, picks: Picks, background: list[Rule], rules: list[Rule], *, has_delta: bool
) -> list[Rule]:
    if has_delta and not _satisfiable_with(catalog, background, picks):
        return []
    if len(rules) == 1:
        return list(rules)
    half = len(rules) // 2
    first, second = rules[:half], rules[half:]
    found_second = _quickxplain(catalog, picks, background + first, second, has_delta=True)
    found_first = _quickxplain(
        catalog, picks, background + found_second, first, has_delta=bool(found_second)
    )
    return found_first + found_second


_LIMITS = " (a group's min, max or max_qty rules it out, no rule is needed)"


def describe_rules(catalog: Catalog, rules: Sequence[Rule]) -> str:
    shown = [f"rule {r.id}" + (f" (line {r.line})" if r.line else "") for r in rules]
    return " and ".join(shown) if len(shown) <= 2 else ", ".join(shown[:-1]) + f" and {shown[-1]}"


def _first_line(reader: Reader, catalog: Catalog, rules: Sequence[Rule]) -> Location | None:
    for rule in rules:
        found = reader.place(("rule", rule.id))
        if found is not None:
            return found
        if rule.line is not None:
            return Location(rule.line)
    return reader.location(("catalog",))


def format_picks(picks: Picks) -> str:
    """Picks the way a product manager would write them in a `[[tests]]` case."""
    parts: list[str] = []
    for group_id, pick in picks.items():
        parts.append(f"{group_id} = {_format_pick(pick)}")
    return "{ " + ", ".join(parts) + " }" if parts else "{}"


def _format_pick(pick: PickValue) -> str:
    if pick is None:
        return '"none"'
    if isinstance(pick, str):
        return f'"{pick}"'
    return "{ " + ", ".join(f"{k} = {v}" for k, v in pick.items() if v) + " }"


# -- defaults, tests, slots -----------------------------------------------------------------


def _check_defaults(catalog: Catalog, reader: Reader, engine: Engine) -> None:
    """A default must be part of some valid configuration; otherwise the form opens broken."""
    for group in catalog.groups:
        defaults = [o for o in group.options if o.default]
        if not defaults:
            continue
        picks: Picks
        if group.kind is GroupKind.MANY:
            picks = {group.id: {o.id: 1 for o in defaults}}
        else:
            picks = {group.id: defaults[0].id}
        if engine.is_satisfiable(picks):
            continue
        culprits = blame(catalog, picks)
        reader.error(
            "default-breaks-rule",
            f"the default {group.id} = {_format_pick(picks[group.id])} "
            "is in no valid configuration"
            + (f": {describe_rules(catalog, culprits)} rule it out" if culprits else _LIMITS),
            at=reader.place(("option", group.id, defaults[0].id), "default")
            or (Location(defaults[0].line) if defaults[0].line else None),
            subject=f"group {group.id}",
            hint="make another option the default, or fix the rule",
        )


def _check_default_combination(catalog: Catalog, reader: Reader, engine: Engine) -> None:
    """Defaults that each fit but not together: a new configuration starts without some."""
    defaults: dict[str, PickValue] = {
        g.id: g.default.id
        for g in catalog.groups
        if g.kind is not GroupKind.MANY and g.default is not None
    }
    if not defaults or engine.is_satisfiable(defaults):
        return
    state = engine.state({})
    culprits = blame(catalog, defaults)
    for group_id, option_id in defaults.items():
        if state.group(group_id).default:
            continue
        reader.warning(
            "default-not-applied",
            f"the default {group_id} = {_format_pick(option_id)} does not fit the defaults "
            "before it, so a new configuration starts without it"
            + (f" ({describe_rules(catalog, culprits)})" if culprits else ""),
            at=reader.place(("option", group_id, str(option_id)), "default"),
            subject=f"group {group_id}",
            hint="choose defaults that are valid together",
        )


def _test_where(reader: Reader, index: int, test: CatalogTest, key: str) -> Location | None:
    found = reader.place(("test", str(index)), key)
    if found is None and test.line is not None:
        return Location(test.line)
    return found


def _check_tests(catalog: Catalog, reader: Reader, engine: Engine) -> None:
    for index, test in enumerate(catalog.tests):
        subject = f"test {test.id}" if test.id else f"test #{index + 1} {format_picks(test.picks)}"
        satisfiable = engine.is_satisfiable(test.picks)
        if test.expect is not None:
            problem = _expectation_problem(catalog, engine, test, satisfiable)
            if problem is not None:
                reader.error(
                    "test-failed",
                    problem,
                    at=_test_where(reader, index, test, "expect"),
                    subject=subject,
                    hint="fix the rules, or the test if the rules are right",
                )
        if not test.expect_excluded:
            continue
        if not satisfiable:
            if test.expect is not TestExpectation.INVALID:
                culprits = blame(catalog, test.picks)
                reader.error(
                    "test-failed",
                    "expect_excluded cannot be checked: the picks themselves are invalid"
                    + (f" ({describe_rules(catalog, culprits)})" if culprits else ""),
                    at=_test_where(reader, index, test, "expect_excluded"),
                    subject=subject,
                    hint="change the picks so that they can still be completed",
                )
            continue
        for group_id, option_ids in test.expect_excluded.items():
            for option_id in option_ids:
                if engine.is_satisfiable(_with_pick(catalog, test.picks, group_id, option_id)):
                    reader.error(
                        "test-failed",
                        f"expected {group_id}.{option_id} to be excluded, but it is selectable",
                        at=_test_where(reader, index, test, "expect_excluded"),
                        subject=subject,
                        hint="add or fix the rule that should exclude it",
                    )


def _with_pick(catalog: Catalog, picks: Picks, group_id: str, option_id: str) -> Picks:
    """`picks` with `option_id` picked in its group (one more of it, in a "many" group;
    `none` is the explicit "none" of an "optional" group)."""
    group = catalog.group(group_id)
    if group.kind is GroupKind.OPTIONAL and option_id == "none":
        return {**picks, group_id: None}
    if group.kind is not GroupKind.MANY:
        return {**picks, group_id: option_id}
    current = picks.get(group_id)
    counts = dict(current) if isinstance(current, Mapping) else {}
    counts[option_id] = counts.get(option_id, 0) + 1
    return {**picks, group_id: counts}


def _expectation_problem(
    catalog: Catalog, engine: Engine, test: CatalogTest, satisfiable: bool
) -> str | None:
    if test.expect is TestExpectation.INVALID:
        return None if not satisfiable else "expected invalid, but the picks can be completed"
    if not satisfiable:
        culprits = blame(catalog, test.picks)
        why = f": {describe_rules(catalog, culprits)} rule it out" if culprits else _LIMITS
        return f"expected {test.expect}, but no valid configuration has these picks{why}"
    if test.expect is TestExpectation.COMPLETE:
        # Defaults do not count: a complete test names every "one"/"optional" group; a "many"
        # group left out means "none of it" (as in the engine).
        missing = [
            g.id for g in catalog.groups if g.id not in test.picks and g.kind is not GroupKind.MANY
        ]
        state = engine.state(test.picks)
        if missing or not state.complete:
            return "expected complete, but " + (
                "no pick for " + ", ".join(missing) if missing else "the picks are not complete"
            )
    return None


def _check_slots(catalog: Catalog, reader: Reader, engine: Engine) -> None:
    from configurator.rules.bom import bill_of_materials

    for slot in sorted(catalog.slots):
        witness = engine.find_slot_violation(slot)
        if witness is None:
            continue
        parts = bill_of_materials(catalog, witness)
        taken = sorted(
            p
            for p, qty in parts.items()
            for _ in range(qty)
            if p in catalog.components and catalog.components[p].slot == slot
        )
        what = "no part" if not taken else f"{len(taken)} parts ({', '.join(taken)})"
        first = next(c for c in catalog.components.values() if c.slot == slot)
        reader.error(
            "slot-violation",
            f"a valid configuration takes {what} of slot '{slot}': {format_picks(witness)}",
            at=reader.place(("component", first.id), "slot")
            or (Location(first.line) if first.line else None),
            subject=f"slot {slot}",
            hint=f"make every valid configuration take exactly one '{slot}' part: add it to an "
            "option or a [[bom]] entry, or add a rule that forbids this combination",
        )


# -- warnings -------------------------------------------------------------------------------


_BLAME_LIMIT = 10
"""Dead options whose rules are named; beyond it the warning is shorter (each costs a few
engine compilations, and a catalog with hundreds of dead options has one cause to fix first)."""


def _check_options(catalog: Catalog, reader: Reader, engine: Engine) -> None:
    blamed = 0
    for group in catalog.groups:
        for option in group.options:
            where = reader.place(("option", group.id, option.id))
            subject = f"option {group.id}.{option.id}"
            if engine.is_option_dead(group.id, option.id):
                if option.default and group.kind is not GroupKind.MANY:
                    continue  # reported as an error by the defaults check
                why = ""
                if blamed < _BLAME_LIMIT:
                    blamed += 1
                    culprits = blame(catalog, _with_pick(catalog, {}, group.id, option.id))
                    why = (
                        f": {describe_rules(catalog, culprits)} rule it out"
                        if culprits
                        else _LIMITS
                    )
                reader.warning(
                    "dead-option",
                    "the option can never be picked" + why,
                    at=where,
                    subject=subject,
                    hint="remove the option, or fix the rules that exclude it",
                )
            elif engine.is_option_forced(group.id, option.id):
                reader.warning(
                    "forced-option",
                    "every valid configuration takes this option: the clerk has no choice"
                    + (" (it is the group's only option)" if len(group.options) == 1 else ""),
                    at=where,
                    subject=subject,
                    hint="fine for a fixed part; otherwise check the rules that force it",
                )


def _check_rules(catalog: Catalog, reader: Reader, engine: Engine) -> None:
    for rule in catalog.rules:
        where = reader.place(("rule", rule.id))
        subject = f"rule {rule.id}"
        if not engine.rule_can_fire(rule.id):
            reader.warning(
                "rule-never-fires",
                "the rule never makes a difference: no configuration, valid under the other "
                "rules, reaches it" + (" (its when is never true)" if rule.when else ""),
                at=where,
                subject=subject,
                hint="remove it, or fix its condition",
            )
        elif rule.is_hard and engine.rule_is_implied(rule.id):
            reader.warning(
                "rule-implied",
                "the other rules already enforce this rule: it never excludes anything by itself",
                at=where,
                subject=subject,
                hint="remove it, unless its message is the better explanation for the clerk",
            )
