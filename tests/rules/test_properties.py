"""The engine against brute force on random small catalogs (hypothesis).

Selectable sets (relative to the clerk's picks: defaults exclude nothing), completeness,
reachable quantities, defaults, dropped picks, explanations (they exclude, are minimal and
never cite a default), repairs (valid, minimal, keep the earliest picks) and the
configuration count are all compared with `oracle.Oracle`, which enumerates everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator.catalog.model import Catalog, GroupKind, PickValue
from configurator.rules.engine import Engine
from tests.rules.factory import catalog, group, option, rule
from tests.rules.oracle import Config, Oracle, multiset

OPTION_IDS = ["a", "b", "c"]


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    n_groups = draw(st.integers(2, 4))
    kinds = [draw(st.sampled_from(["one", "one", "optional"])) for _ in range(n_groups)]
    if draw(st.booleans()):
        kinds[draw(st.integers(0, n_groups - 1))] = "many"
    groups = []
    for index, kind in enumerate(kinds):
        n_options = draw(st.integers(2, 3))
        options = []
        for oid in OPTION_IDS[:n_options]:
            options.append(
                option(
                    oid,
                    str(draw(st.integers(0, 50))),
                    attrs={"w": draw(st.integers(0, 3))},
                    max_qty=draw(st.integers(1, 2)) if kind == "many" else 1,
                )
            )
        if kind != "many" and draw(st.integers(0, 3)) == 0:
            pos = draw(st.integers(0, n_options - 1))
            options[pos] = option(options[pos].id, attrs=dict(options[pos].attrs), default=True)
        if kind == "many":
            capacity = sum(o.max_qty for o in options)
            low = draw(st.integers(0, 2))
            high = draw(st.integers(max(low, 1), capacity))
            groups.append(group(f"g{index}", options, "many", min=low, max=high))
        else:
            groups.append(group(f"g{index}", options, kind))
    rules = [draw(_rule(groups, i)) for i in range(draw(st.integers(0, 4)))]
    return catalog(groups, rules)


def _rule(groups: list[Any], index: int) -> st.SearchStrategy[Any]:
    singles = [g for g in groups if g.kind is not GroupKind.MANY]
    many = [g for g in groups if g.kind is GroupKind.MANY]

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        def value_test(g: Any) -> str:
            ids = [o.id for o in g.options]
            choice = draw(st.integers(0, 4 if g.kind is GroupKind.OPTIONAL else 3))
            if choice == 4:
                return f"{g.id} == none"
            if choice == 3:
                picked = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
                return f"{g.id} in [{', '.join(repr(i) for i in picked)}]"
            op = "==" if choice < 2 else "!="
            return f"{g.id} {op} {draw(st.sampled_from(ids))!r}"

        def many_test(g: Any) -> str:
            ids = [o.id for o in g.options]
            kind = draw(st.integers(0, 3))
            limit = draw(st.integers(0, 4))
            if kind == 0:
                return f"{draw(st.sampled_from(ids))!r} in {g.id}"
            if kind == 1:
                return f"count({g.id}) <= {limit}"
            if kind == 2:
                return f"qty({g.id}, {draw(st.sampled_from(ids))!r}) >= {min(limit, 2)}"
            return f"sum({g.id}.w) {draw(st.sampled_from(['<=', '>=']))} {limit}"

        def atom() -> str:
            pool = ["value"] * len(singles) + ["many"] * len(many) * 2
            if len(singles) >= 2:
                pool.append("numeric")
            kind = draw(st.sampled_from(pool))
            if kind == "value":
                return value_test(draw(st.sampled_from(singles)))
            if kind == "many":
                return many_test(draw(st.sampled_from(many)))
            first, second = draw(st.permutations(singles))[:2]
            if first.kind is GroupKind.OPTIONAL or second.kind is GroupKind.OPTIONAL:
                return value_test(first)
            return f"{first.id}.w + {draw(st.integers(-2, 2))} >= {second.id}.w"

        shape = draw(st.integers(0, 3))
        rid = f"r{index}"
        if shape == 0:
            return rule(rid, forbid=f"{atom()} and {atom()}", message=f"{rid} forbids")
        if shape == 1:
            return rule(rid, when=atom(), require=atom(), message=f"{rid} requires")
        if shape == 2:
            return rule(rid, require=f"{atom()} or not ({atom()})", message=f"{rid} needs")
        return rule(rid, when=atom(), require=atom(), recommend=True, message=f"{rid} hint")

    return build()


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Catalog, dict[str, PickValue], tuple[str, Any]]:
    cat = draw(catalogs())
    picks: dict[str, PickValue] = {}
    order = draw(st.permutations([g.id for g in cat.groups]))
    for group_id in order[: draw(st.integers(0, len(order)))]:
        grp = cat.group(group_id)
        if grp.kind is GroupKind.MANY:
            bucket = {}
            for opt in grp.options:
                qty = draw(st.integers(0, opt.max_qty))
                if qty:
                    bucket[opt.id] = qty
            picks[group_id] = bucket
        else:
            values: list[str | None] = [o.id for o in grp.options]
            if grp.kind is GroupKind.OPTIONAL:
                values.append(None)
            picks[group_id] = draw(st.sampled_from(values))
    target = draw(st.sampled_from(cat.groups))
    values = [o.id for o in target.options]
    if target.kind is GroupKind.OPTIONAL:
        values.append(None)
    return cat, picks, (target.id, draw(st.sampled_from(values)))


def _witness_config(engine: Engine, cat: Catalog, witness: int) -> Config:
    """The configuration a witness bit mask stands for (bit v - 1 is variable v)."""
    compiled = engine.compiled

    def on(lit: int) -> bool:
        return bool(witness >> (lit - 1) & 1)

    config: Config = {}
    for grp in cat.groups:
        if grp.kind is GroupKind.MANY:
            chains = {o.id: compiled.y.get((grp.id, o.id), ()) for o in grp.options}
            quantities = {o: sum(map(on, chain)) for o, chain in chains.items()}
            config[grp.id] = {o: q for o, q in quantities.items() if q}
            continue
        taken: list[str | None] = [o.id for o in grp.options if on(compiled.x[(grp.id, o.id)])]
        if grp.id in compiled.none and on(compiled.none[grp.id]):
            taken.append(None)
        assert len(taken) == 1, f"{grp.id} takes {taken}"
        config[grp.id] = taken[0]
    return config


def _units(picks: Mapping[str, PickValue]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for group_id, pick in picks.items():
        if isinstance(pick, Mapping):
            out.extend((group_id, (o, q)) for o, q in pick.items() if q)
        else:
            out.append((group_id, pick))
    return out


def _as_picks(units: list[tuple[str, Any]], many: set[str]) -> dict[str, PickValue]:
    out: dict[str, PickValue] = {}
    for group_id, value in units:
        if group_id in many:
            bucket = dict(multiset(out.get(group_id)))
            bucket[value[0]] = value[1]
            out[group_id] = bucket
        else:
            out[group_id] = value
    return out


def _greedy_keep(
    oracle: Oracle, units: list[tuple[str, Any]], many: set[str], base: list[tuple[str, Any]]
) -> list[tuple[str, Any]]:
    kept: list[tuple[str, Any]] = []
    for unit in units:
        if oracle.consistent(_as_picks([*kept, unit, *base], many)):
            kept.append(unit)
    return kept


def _expected_picks(oracle: Oracle, cat: Catalog, user: Mapping[str, PickValue]) -> Config:
    """The clerk's picks plus each default, in catalog order, that keeps them valid."""
    picks: Config = dict(user)
    for grp in cat.groups:
        default = grp.default
        if default and grp.id not in user and oracle.consistent({**picks, grp.id: default.id}):
            picks[grp.id] = default.id
    return picks


def _check_state(oracle: Oracle, cat: Catalog, state: Any, many: set[str]) -> None:
    user = dict(state.user_picks)
    picks = dict(state.picks)
    assert oracle.consistent(user)
    # Defaults only where they keep the configuration valid, in catalog order.
    assert picks == _expected_picks(oracle, cat, user)
    assert state.defaults == {g for g in picks if g not in user}
    assert state.complete == oracle.complete(picks)

    # Selectable and excluded are relative to the clerk's picks alone: defaults give way.
    for grp in cat.groups:
        gstate = state.group(grp.id)
        assert gstate.default == (grp.id in state.defaults)
        for ostate in gstate.options:
            if grp.kind is GroupKind.MANY:
                current = dict(multiset(user.get(grp.id)))
                cur = current.get(ostate.option, 0)
                query = {**user, grp.id: {**current, ostate.option: cur + 1}}
                expect = cur + 1 <= cat.group(grp.id).option(
                    ostate.option
                ).max_qty and oracle.consistent(query)
                assert ostate.selectable == expect, (grp.id, ostate)
                assert ostate.max_qty == oracle.max_qty(user, grp.id, ostate.option)
                q: dict[str, PickValue] = {grp.id: {ostate.option: cur + 1}}
            else:
                others = {g: v for g, v in user.items() if g != grp.id}
                expect = oracle.consistent({**others, grp.id: ostate.option})
                assert ostate.selectable == expect, (grp.id, ostate)
                assert ostate.picked == (grp.id in picks and picks[grp.id] == ostate.option)
                q = {grp.id: ostate.option}
            if not ostate.selectable:
                assert ostate.explanation is not None
                if not ostate.explanation.limits or not ostate.explanation.limits[0].startswith(
                    "max_qty"
                ):
                    problem = oracle.check_explanation(q, ostate.explanation)
                    assert problem is None, problem
                for ref in ostate.explanation.picks:  # never a default
                    assert ref.group in user
                    assert not ref.default
            else:
                assert ostate.explanation is None


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_engine_matches_brute_force(
    scenario: tuple[Catalog, dict[str, PickValue], tuple[str, Any]],
) -> None:
    cat, raw_picks, (target_group, target_value) = scenario
    oracle = Oracle.build(cat)
    engine = Engine(cat)
    many = {g.id for g in cat.groups if g.kind is GroupKind.MANY}
    if oracle.count() == 0:
        assert not engine.is_satisfiable({})
        assert engine.count_configurations().value == 0
        return
    assert engine.count_configurations().value == oracle.count()

    state = engine.state(raw_picks)
    # Dropped picks: the earliest consistent picks are kept.
    kept = _greedy_keep(oracle, _units(raw_picks), many, [])
    assert _units(state.user_picks) == kept
    _check_state(oracle, cat, state, many)
    # A click: either a new state with the pick, or a valid, minimal, preferred repair.
    if target_group in many:
        current = dict(multiset(state.user_picks.get(target_group)))
        if current.get(target_value, 0) >= cat.group(target_group).option(target_value).max_qty:
            return
    result = engine.pick(state, target_group, target_value)
    user_units = _units(state.user_picks)
    if target_group in many:
        qty = multiset(state.user_picks.get(target_group)).get(target_value, 0) + 1
        target_unit = (target_group, (target_value, qty))
        others = [u for u in user_units if not (u[0] == target_group and u[1][0] == target_value)]
    else:
        target_unit = (target_group, target_value)
        others = [u for u in user_units if u[0] != target_group]
    possible = oracle.consistent(_as_picks([*others, target_unit], many))
    assert result.ok == possible
    if result.state is not None:
        assert _units(result.state.user_picks).count(target_unit) == 1
        _check_state(oracle, cat, result.state, many)
        return
    if not oracle.consistent(_as_picks([target_unit], many)):
        assert result.blocked is not None
        assert result.repair is None
        assert oracle.check_explanation(_as_picks([target_unit], many), result.blocked) is None
        return
    repair = result.repair
    assert repair is not None
    assert oracle.consistent(dict(repair.picks))
    assert target_unit in _units(repair.picks)
    preferred = _greedy_keep(oracle, others, many, [target_unit])
    dropped = [u for u in others if u not in preferred]
    changed: list[tuple[str, Any]] = []
    for change in repair.changes:
        if change.group in many:
            changed.append((change.group, (change.before.option, change.before.qty)))
        else:
            changed.append((change.group, change.before.option))
    assert changed == dropped
    for unit in dropped:  # minimal: putting back any changed pick breaks it again
        assert not oracle.consistent(_as_picks([*preferred, unit, target_unit], many))
    problem = oracle.check_explanation(_as_picks([target_unit], many), repair.conflict)
    assert problem is None, problem
    applied = engine.apply(repair)
    assert not applied.dropped
    assert applied.changes == repair.changes
    _check_state(oracle, cat, applied, many)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios(), st.randoms(use_true_random=False))
def test_click_sequences_and_late_explanations(
    scenario: tuple[Catalog, dict[str, PickValue], tuple[str, Any]], rnd: Any
) -> None:
    """Several clicks on one engine (remembered nogoods and witnesses carry over), and the
    first state's explanations asked for only afterwards (they are computed lazily)."""
    cat, raw_picks, _ = scenario
    oracle = Oracle.build(cat)
    if oracle.count() == 0:
        return
    engine = Engine(cat)
    many = {g.id for g in cat.groups if g.kind is GroupKind.MANY}
    first = engine.state(raw_picks)
    state = first
    for _ in range(4):
        grp = rnd.choice(cat.groups)
        if grp.id in many:
            choice = rnd.choice(grp.options)
            if multiset(state.user_picks.get(grp.id)).get(choice.id, 0) >= choice.max_qty:
                state = engine.unpick(state, grp.id, choice.id)
                _check_state(oracle, cat, state, many)
                continue
            result = engine.pick(state, grp.id, choice.id)
        else:
            values: list[str | None] = [o.id for o in grp.options]
            if grp.kind is GroupKind.OPTIONAL:
                values.append(None)
            result = engine.pick(state, grp.id, rnd.choice(values))
        if result.state is not None:
            state = result.state
        elif result.repair is not None:
            state = engine.apply(result.repair)
        else:
            continue
        _check_state(oracle, cat, state, many)
    _check_state(oracle, cat, first, many)
    # Every known valid configuration the engine kept (found by the solver, changed
    # locally, moved to later picks) is one.
    valid = list(oracle.valid_configs())
    for witness in engine.sat.witnesses:
        assert _witness_config(engine, cat, witness) in valid
