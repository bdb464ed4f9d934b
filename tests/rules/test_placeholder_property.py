"""Rule messages' placeholders against brute force on random small catalogs (hypothesis).

An explanation fills a placeholder of an undecided group from the options that fit the
explanation's picks. The engine asks the solver only until the text is settled
(`messages.settled`), so this checks every message it renders against the text made from
*all* the fitting options, found by enumeration (`oracle.Oracle`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator.catalog.model import Catalog, GroupKind, Option, PickValue
from configurator.rules.bom import picks_env
from configurator.rules.engine import Engine
from configurator.rules.messages import placeholder_groups, render_message, settled
from configurator.rules.state import Explanation
from configurator.rules.units import normalize, unit_for, units_to_picks
from tests.rules.factory import catalog
from tests.rules.oracle import Oracle
from tests.rules.test_properties import catalogs

ATTRS = [None, "w", "label", "price"]


@st.composite
def worded_scenarios(draw: st.DrawFn) -> tuple[Catalog, dict[str, PickValue]]:
    """A random catalog whose rule messages name random groups and attributes, and picks."""
    base = draw(catalogs())
    ids = [g.id for g in base.groups]
    rules = []
    for rule in base.rules:
        slots = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ATTRS)), max_size=3))
        words = " and ".join(f"{{{g}}}" if a is None else f"{{{g}.{a}}}" for g, a in slots)
        rules.append(replace(rule, message=f"{rule.id}: {words}."))
    cat = catalog(list(base.groups), rules)
    picks: dict[str, PickValue] = {}
    order = draw(st.permutations(ids))
    for group_id in order[: draw(st.integers(0, len(order)))]:
        grp = cat.group(group_id)
        if grp.kind is GroupKind.MANY:
            picks[group_id] = {
                o.id: qty for o in grp.options if (qty := draw(st.integers(0, o.max_qty)))
            }
        else:
            values: list[str | None] = [o.id for o in grp.options]
            if grp.kind is GroupKind.OPTIONAL:
                values.append(None)
            picks[group_id] = draw(st.sampled_from(values))
    return cat, picks


def _explanation_picks(engine: Engine, explanation: Explanation) -> dict[str, PickValue]:
    return units_to_picks(
        [unit_for(engine.compiled, r.group, r.option, r.qty) for r in explanation.picks]
    )


def _fitting(
    oracle: Oracle, cat: Catalog, picks: Mapping[str, PickValue], group_id: str
) -> list[Option]:
    return [o for o in cat.group(group_id).options if oracle.consistent({**picks, group_id: o.id})]


@given(worded_scenarios())
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_placeholders_read_as_with_every_fitting_option(
    scenario: tuple[Catalog, dict[str, PickValue]],
) -> None:
    cat, user = scenario
    oracle = Oracle.build(cat)
    if not oracle.consistent(user):
        return  # dropped picks are checked elsewhere
    engine = Engine(cat)
    templates = {r.id: r.message for r in cat.rules}
    state = engine.state(user)
    for group_state in state.groups:
        grp = cat.group(group_state.group)
        if grp.kind is GroupKind.MANY:
            continue  # quantities' explanations render the same way; values suffice here
        for option_state in group_state.options:
            explanation = option_state.explanation
            if explanation is None or option_state.option is None:
                continue
            picks = _explanation_picks(engine, explanation)
            env = picks_env(cat, {**picks, grp.id: option_state.option})
            for rule_id, message in zip(explanation.rules, explanation.messages, strict=False):
                template = templates[rule_id]
                candidates = {
                    g: _fitting(oracle, cat, picks, g)
                    for g, _ in placeholder_groups(template)
                    if g not in env
                }
                assert message == render_message(template, cat, env, candidates), (
                    user,
                    grp.id,
                    option_state.option,
                    explanation,
                )


@st.composite
def fitting_questions(
    draw: st.DrawFn,
) -> tuple[Catalog, dict[str, PickValue], str, tuple[str | None, ...]]:
    """Picks, an undecided one/optional group and the attributes a message shows of it."""
    cat, picks = draw(worded_scenarios())
    open_groups = [g.id for g in cat.groups if g.id not in picks and g.kind is not GroupKind.MANY]
    group_id = draw(st.sampled_from(open_groups)) if open_groups else ""
    attrs = tuple(draw(st.lists(st.sampled_from(ATTRS), min_size=1, max_size=2, unique=True)))
    return cat, picks, group_id, attrs


@given(fitting_questions())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fitting_options_asked_until_settled_read_as_all_of_them(
    question: tuple[Catalog, dict[str, PickValue], str, tuple[str | None, ...]],
) -> None:
    """With no known configurations to go by (the pool emptied), every option is a solver
    question; the options returned once the text is settled read as all that fit."""
    cat, picks, group_id, attrs = question
    oracle = Oracle.build(cat)
    if not group_id or not oracle.consistent(picks):
        return
    engine = Engine(cat, prove_pairs=False)
    engine.sat.witnesses.clear()
    grp = cat.group(group_id)
    units, dropped = normalize(engine.compiled, picks)
    assert not dropped
    lits = [u.lit for u in units]

    def enough(known: list[Option], possible: Sequence[Option]) -> bool:
        return all(settled(grp, attr, known, possible) for attr in attrs)

    found = engine.fitting_options(grp, lits, enough, 0, engine.ask_order(grp, attrs))
    every = _fitting(oracle, cat, picks, group_id)
    assert {o.id for o in found} <= {o.id for o in every}
    env = picks_env(cat, picks)
    for attr in attrs:
        template = f"{{{group_id}}}" if attr is None else f"{{{group_id}.{attr}}}"
        assert render_message(template, cat, env, {group_id: found}) == render_message(
            template, cat, env, {group_id: every}
        )
    # Asked again without a text to settle: all of them (and then remembered).
    assert engine.fitting_options(grp, lits) == every
