"""The engine on hand-made catalogs: each rule kind, defaults, repairs, stale picks, analysis."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from configurator.rules.bom import PicksError
from configurator.rules.engine import Engine
from configurator.rules.solving import bit, fastdiag, quickxplain, witness_mask
from configurator.rules.state import GroupState, OptionState
from tests.rules.factory import catalog, group, laptop, option, rule


def abc(*rules: object, defaults: bool = False) -> Engine:
    """Three "one" groups A, B, C with options x1, x2 (first ones default if asked)."""
    groups = [
        group(g, [option(f"{g.lower()}1", default=defaults), option(f"{g.lower()}2")])
        for g in ("A", "B", "C")
    ]
    return Engine(catalog(groups, list(rules)))  # type: ignore[arg-type]


# -- rule kinds ----------------------------------------------------------------------------
def test_forbid_rule_excludes_the_combination_both_ways() -> None:
    engine = abc(rule("f", forbid="A == 'a2' and B == 'b1'", message="no a2 with b1"))
    state = engine.state({"A": "a2"})
    assert state.group("B").selectable == ("b2",)
    explanation = state.option("B", "b1").explanation
    assert explanation is not None
    assert explanation.rules == ("f",)
    assert [(p.group, p.option) for p in explanation.picks] == [("A", "a2")]
    assert explanation.text == "no a2 with b1"
    state = engine.state({"B": "b1"})
    assert state.group("A").selectable == ("a1",)


def test_require_rule_with_when() -> None:
    engine = abc(rule("r", when="A == 'a1'", require="B == 'b2'"))
    assert engine.state({"A": "a1"}).group("B").selectable == ("b2",)
    assert engine.state({"A": "a2"}).group("B").selectable == ("b1", "b2")


def test_require_rule_without_when_kills_options() -> None:
    engine = abc(rule("r", require="C != 'c2'", message="never c2"))
    state = engine.state({})
    option_state = state.option("C", "c2")
    assert not option_state.selectable
    assert option_state.explanation is not None
    assert option_state.explanation.picks == ()
    assert option_state.explanation.rules == ("r",)
    assert engine.is_option_dead("C", "c2")
    assert engine.is_option_forced("C", "c1")
    assert not engine.is_option_forced("A", "a1")


def test_recommend_rules_never_block_and_fire_as_hints() -> None:
    engine = abc(
        rule(
            "hint",
            when="A == 'a1'",
            require="B == 'b2'",
            recommend=True,
            message="take b2 with {A}",
        )
    )
    state = engine.state({"A": "a1", "B": "b1"})
    assert not state.dropped
    assert [(h.rule, h.message) for h in state.hints] == [("hint", "take b2 with A1")]
    assert engine.state({"A": "a1", "B": "b2"}).hints == ()
    assert engine.state({"A": "a1"}).hints == ()  # B undecided: no hint yet


def test_chain_through_an_undecided_group_is_explained() -> None:
    engine = abc(
        rule("ab", when="A == 'a1'", require="B == 'b1'", message="a1 needs b1"),
        rule("bc", forbid="B == 'b1' and C == 'c1'", message="b1 excludes c1"),
    )
    state = engine.state({"A": "a1"})
    explanation = state.option("C", "c1").explanation
    assert explanation is not None
    assert explanation.rules == ("ab", "bc")
    assert explanation.messages == ("a1 needs b1", "b1 excludes c1")


def test_numeric_rule_messages_are_filled() -> None:
    engine = Engine(laptop())
    state = engine.state({"processor": "r9"})
    explanation = state.option("chassis", "c13").explanation
    assert explanation is not None
    assert explanation.text == "R9 needs a chassis rated for 45 W."
    state = engine.state({"chassis": "c13"})
    explanation = state.option("processor", "r9").explanation
    assert explanation is not None
    assert explanation.text == "R9 needs a chassis rated for 45 W."


# -- many groups ---------------------------------------------------------------------------
def test_many_group_limits_and_quantities() -> None:
    engine = Engine(laptop())
    state = engine.state({"chassis": "c16", "gpu": "rtx", "ports": {"usbc": 2, "hdmi": 1}})
    ports = state.group("ports")
    assert ports.count == 3
    usbc = ports.option("usbc")
    assert (usbc.qty, usbc.max_qty, usbc.selectable) == (2, 2, False)
    assert usbc.explanation is not None
    assert usbc.explanation.limits == ("max:ports",)
    assert usbc.explanation.messages == ("Ports takes at most 3.",)
    assert state.complete
    sd = ports.option("sd")
    assert not sd.selectable
    assert sd.max_qty == 0


def test_many_group_option_max_qty() -> None:
    engine = Engine(laptop())
    state = engine.state({"chassis": "c16", "gpu": "rtx", "ports": {"hdmi": 2}})
    hdmi = state.option("ports", "hdmi")
    assert not hdmi.selectable
    assert hdmi.explanation is not None
    assert hdmi.explanation.limits == ("max_qty:ports.hdmi",)


def test_many_group_rule_on_quantity() -> None:
    engine = Engine(laptop())
    state = engine.state({"gpu": "igpu", "ports": {"hdmi": 1}})
    hdmi = state.option("ports", "hdmi")
    assert not hdmi.selectable
    assert hdmi.explanation is not None
    assert hdmi.explanation.rules == ("hdmi-rtx",)
    assert [(p.group, p.option) for p in hdmi.explanation.picks] == [("gpu", "igpu")]


def test_incomplete_until_many_group_minimum() -> None:
    engine = Engine(laptop())
    base = {"chassis": "c16", "processor": "r5", "gpu": None}
    assert not engine.state({**base, "ports": {"usbc": 1}}).complete
    done = engine.state({**base, "ports": {"usbc": 1, "sd": 1}})
    assert done.complete
    assert done.code == "test-cat:chassis=c16;processor=r5;gpu=none;ports=usbc+sd"


def test_sum_of_attribute_rule() -> None:
    engine = Engine(
        catalog(
            [
                group(
                    "m",
                    [
                        option("p", attrs={"w": 3}, max_qty=3),
                        option("q", attrs={"w": 2}, max_qty=3),
                    ],
                    "many",
                )
            ],
            [rule("w", require="sum(m.w) <= 7")],
        )
    )
    state = engine.state({"m": {"p": 1}})
    assert state.option("m", "p").max_qty == 2
    assert state.option("m", "q").max_qty == 2
    state = engine.state({"m": {"p": 1, "q": 2}})
    assert not state.option("m", "p").selectable
    assert not state.option("m", "q").selectable


# -- defaults ------------------------------------------------------------------------------
def test_defaults_apply_only_where_valid() -> None:
    engine = abc(rule("f", forbid="A == 'a2' and B == 'b1'"), defaults=True)
    state = engine.state({"A": "a2"})
    assert state.defaults == {"C"}
    assert dict(state.picks) == {"A": "a2", "C": "c1"}
    assert state.group("C").default
    assert not state.group("B").decided
    assert not state.complete


def test_defaults_never_exclude_and_give_way_to_a_pick() -> None:
    engine = abc(rule("f", forbid="A == 'a1' and B == 'b2'"), defaults=True)
    state = engine.state({})
    assert dict(state.picks) == {"A": "a1", "B": "b1", "C": "c1"}
    assert state.group("B").selectable == ("b1", "b2")  # only A's *default* is against b2
    assert state.option("B", "b2").explanation is None
    result = engine.pick(state, "B", "b2")  # a plain pick, not a repair
    assert result.repair is None
    assert result.state is not None
    assert dict(result.state.picks) == {"B": "b2", "C": "c1"}  # A's default gave way
    assert result.state.defaults == {"C"}
    assert result.state.group("A").selectable == ("a2",)
    explanation = result.state.option("A", "a1").explanation
    assert explanation is not None
    assert [(p.group, p.option, p.default) for p in explanation.picks] == [("B", "b2", False)]


def test_explanations_cite_only_the_clerks_picks() -> None:
    engine = abc(
        rule("f", forbid="A == 'a1' and C == 'c2'", message="no a1 with c2"),
        rule("g", forbid="B == 'b2' and C == 'c2'", message="no b2 with c2"),
        defaults=True,
    )
    state = engine.state({"B": "b2"})  # A takes its default a1
    assert dict(state.picks) == {"B": "b2", "A": "a1", "C": "c1"}
    explanation = state.option("C", "c2").explanation
    assert explanation is not None
    assert explanation.rules == ("g",)  # not rule f: a1 is only a default
    assert [(p.group, p.option) for p in explanation.picks] == [("B", "b2")]
    assert state.group("A").selectable == ("a1", "a2")


def test_a_default_that_does_not_fit_is_left_out_but_stays_selectable() -> None:
    engine = abc(
        rule("f", forbid="A == 'a1' and B == 'b1'"),
        rule("g", require="C == 'c1' or A == 'a2'"),
        defaults=True,
    )
    state = engine.state({})
    # Catalog order: A's default a1 first, so B's default b1 no longer fits.
    assert dict(state.picks) == {"A": "a1", "C": "c1"}
    assert state.group("B").selectable == ("b1", "b2")
    result = engine.pick(state, "B", "b1")
    assert result.state is not None
    assert dict(result.state.picks) == {"B": "b1", "C": "c1"}


def test_demo_13_inch_chassis_is_not_excluded_by_a_default_battery() -> None:
    from configurator.catalog.loader import load_catalog
    from configurator.paths import demo_catalog_path

    engine = Engine(load_catalog(demo_catalog_path()))
    state = engine.state({})
    assert state.defaults >= {"chassis", "battery"}
    assert "c13" in state.group("chassis").selectable
    assert all(o.explanation is None for g in state.groups for o in g.options)
    result = engine.pick(state, "chassis", "c13")
    assert result.repair is None
    assert result.state is not None
    assert result.state.user_picks == {"chassis": "c13"}
    assert "battery" not in result.state.picks  # the default b75 does not fit the 13" Air
    assert result.state.group("battery").selectable == ("b57",)
    for group_state in result.state.groups:
        for option_state in group_state.options:
            if option_state.explanation is not None:
                assert all(not p.default for p in option_state.explanation.picks)
                assert [p.group for p in option_state.explanation.picks] in ([], ["chassis"])


# -- picks and repairs ---------------------------------------------------------------------
def test_changing_a_pick_to_a_selectable_option_keeps_the_rest() -> None:
    engine = Engine(laptop())
    state = engine.state({"chassis": "c16", "gpu": "rtx"})
    result = engine.pick(state, "chassis", "c14")
    assert result.repair is not None  # c14 is excluded by the RTX
    result = engine.pick(state, "processor", "r9")
    assert result.state is not None
    assert dict(result.state.user_picks) == {"chassis": "c16", "gpu": "rtx", "processor": "r9"}


def test_repair_changes_the_latest_pick() -> None:
    engine = abc(rule("f", forbid="A == 'a1' and B == 'b1' and C == 'c1'", message="not all three"))
    state = engine.state({"A": "a1", "B": "b1"})
    result = engine.pick(state, "C", "c1")
    repair = result.repair
    assert repair is not None
    assert [
        (c.group, c.before.option, c.after.option if c.after else None) for c in repair.changes
    ] == [("B", "b1", "b2")]
    assert repair.conflict.rules == ("f",)
    assert [c.reason for c in repair.changes] == ["not all three"]
    assert dict(repair.picks) == {"A": "a1", "B": "b2", "C": "c1"}
    new = engine.apply(repair)
    assert new.changes == repair.changes
    assert dict(new.user_picks) == {"A": "a1", "B": "b2", "C": "c1"}


def test_repair_of_a_many_pick_lowers_the_quantity() -> None:
    engine = Engine(laptop())
    state = engine.state({"chassis": "c16", "gpu": "rtx", "ports": {"hdmi": 2}})
    result = engine.pick(state, "gpu", "igpu")
    repair = result.repair
    assert repair is not None
    (change,) = repair.changes
    assert (change.group, change.before.qty, change.after.qty if change.after else None) == (
        "ports",
        2,
        1,
    )


def test_blocked_option_cannot_be_repaired() -> None:
    engine = abc(rule("r", forbid="C == 'c2'", message="c2 is gone"))
    result = engine.pick(engine.state({"A": "a1"}), "C", "c2")
    assert not result.ok
    assert result.repair is None
    assert result.blocked is not None
    assert result.blocked.text == "c2 is gone"


def test_a_dead_option_stays_excluded_when_nothing_else_is_picked() -> None:
    """Found by the property test: with only the dead option's own group picked, a known
    configuration changed locally to the dead value had no other bits to clash with."""
    groups = [
        group("G0", [option("a"), option("b")], "many", max=1),
        group("G1", [option("a", default=True), option("b")]),
    ]
    engine = Engine(catalog(groups, [rule("r0", forbid="G1 == 'a'", message="a is gone")]))
    state = engine.state({"G0": {}, "G1": "b"})
    assert not state.option("G1", "a").selectable
    result = engine.pick(state, "G1", "a")
    assert result.state is None
    assert result.repair is None
    assert result.blocked is not None
    assert result.blocked.text == "a is gone"


def test_pick_rejects_unknown_names() -> None:
    engine = abc()
    with pytest.raises(PicksError, match="no group 'Z'"):
        engine.pick({}, "Z", "z1")
    with pytest.raises(PicksError, match="no option 'a9'"):
        engine.pick({}, "A", "a9")
    with pytest.raises(PicksError, match="cannot be none"):
        engine.pick({}, "A", None)


def test_unpick() -> None:
    engine = Engine(laptop())
    state = engine.state({"chassis": "c16", "ports": {"usbc": 2, "sd": 1}})
    assert "chassis" not in engine.unpick(state, "chassis").user_picks
    assert dict(engine.unpick(state, "ports", "usbc").user_picks)["ports"] == {"sd": 1}
    assert "ports" not in engine.unpick(state, "ports").user_picks
    lowered = engine.pick(state, "ports", "usbc", qty=0)
    assert lowered.state is not None
    assert dict(lowered.state.user_picks)["ports"] == {"sd": 1}


# -- stale and conflicting picks -----------------------------------------------------------
def test_stale_picks_are_dropped_and_the_rest_kept() -> None:
    engine = Engine(laptop())
    saved: dict[Any, Any] = {  # what a caller might pass: wrong types included
        "chassis": "c99",
        "nope": "x",
        "processor": "r7",
        "ports": {"usbc": 9, "vga": 1},
        "gpu": 3,
        5: "x",
    }
    state = engine.state(saved)
    reasons: dict[tuple[str, str | None], list[str]] = {}
    for dropped in state.dropped:
        reasons.setdefault((dropped.group, dropped.option), []).append(dropped.reason)
    assert "has no option 'c99'" in reasons["chassis", "c99"][0]
    assert "has no group 'nope'" in reasons["nope", "x"][0]
    assert "has no group 5;" in reasons["5", "x"][0]  # not even a string: dropped all the same
    assert "at most 4 times; kept 4" in reasons["ports", "usbc"][0]
    assert "Ports takes at most 3." in reasons["ports", "usbc"][1]  # 4 then breaks the max
    assert "has no option 'vga'" in reasons["ports", "vga"][0]
    assert "has no option 3" in reasons["gpu", None][0]
    assert dict(state.user_picks) == {"processor": "r7"}


def test_conflicting_saved_picks_keep_the_earliest() -> None:
    engine = abc(rule("f", forbid="A == 'a1' and B == 'b1'", message="no a1 with b1"))
    state = engine.state({"A": "a1", "C": "c2", "B": "b1"})
    assert dict(state.user_picks) == {"A": "a1", "C": "c2"}
    (dropped,) = state.dropped
    assert (dropped.group, dropped.option) == ("B", "b1")
    assert dropped.explanation is not None
    assert "no a1 with b1" in dropped.reason
    assert not engine.is_satisfiable({"A": "a1", "B": "b1"})
    assert engine.is_satisfiable({"A": "a1", "B": "b2"})
    assert not engine.is_satisfiable({"A": "zz"})


def test_stale_witness_never_makes_an_excluded_option_selectable() -> None:
    engine = abc(rule("f", forbid="A == 'a2' and C == 'c1'"))
    c = engine.compiled
    witness = 0
    for lit in (c.x["A", "a2"], c.x["B", "b2"], c.x["C", "c2"]):  # valid, differs in A and C
        witness |= bit(lit)
    engine.sat.witnesses.append(witness)
    state = engine.state({"A": "a1", "C": "c1"})
    assert not state.option("A", "a2").selectable


# -- price, bom, codes ---------------------------------------------------------------------
def test_price_counts_defaults_and_quantities() -> None:
    engine = Engine(laptop())
    state = engine.state({"chassis": "c16", "ports": {"usbc": 2}})
    # base 100 + c16 200 + r5 (default) 0 + igpu (default) 0 + 2 x 9
    assert state.price == Decimal("318")


def test_code_round_trip() -> None:
    from configurator.rules.code import CodeError, decode_code, encode_code

    cat = laptop()
    picks = {"chassis": "c16", "processor": "r9", "gpu": None, "ports": {"usbc": 2, "sd": 1}}
    code = encode_code(cat, picks)
    assert code == "test-cat:chassis=c16;processor=r9;gpu=none;ports=usbc*2+sd"
    assert decode_code(code, cat) == picks
    assert decode_code("test-cat:ports=sd", cat) == {"ports": {"sd": 1}}
    with pytest.raises(CodeError, match="not a configuration code"):
        decode_code("garbage")
    with pytest.raises(CodeError, match="for catalog 'other'"):
        decode_code("other:a=b", cat)
    with pytest.raises(CodeError, match="not group=option"):
        decode_code("test-cat:chassis", cat)
    state = Engine(cat).state(decode_code("test-cat:chassis=c99;processor=r9", cat))
    assert [d.option for d in state.dropped] == ["c99"]


# -- analysis ------------------------------------------------------------------------------
def test_rule_can_fire_and_is_implied() -> None:
    engine = abc(
        rule("kill", forbid="A == 'a2'"),
        rule("never", when="A == 'a2'", require="B == 'b1'"),
        rule("same", forbid="A == 'a2' and C == 'c1'"),
        rule("real", forbid="B == 'b2' and C == 'c2'"),
        rule("hint", when="B == 'b1'", require="C == 'c1'", recommend=True),
        rule("mute", when="A == 'a2'", require="C == 'c1'", recommend=True),
    )
    assert not engine.rule_can_fire("never")
    assert engine.rule_can_fire("real")
    assert engine.rule_is_implied("same")
    assert not engine.rule_is_implied("real")
    assert not engine.rule_is_implied("kill")
    assert engine.rule_can_fire("hint")
    assert not engine.rule_can_fire("mute")


def test_slot_violation_is_found_over_all_configurations() -> None:
    cat = laptop()
    assert Engine(cat).find_slot_violation("chassis") is None
    assert Engine(cat).find_slot_violation("adapter") is None
    broken = catalog(
        list(cat.groups),
        list(cat.rules),
        bom=[("gpu == 'rtx'", ["PSU-140"]), ("processor.tdp_w >= 45", ["PSU-65"])],
        slots={"PSU-140": "adapter", "PSU-65": "adapter"},
    )
    witness = Engine(broken).find_slot_violation("adapter")
    assert witness is not None
    gpu_rtx = witness["gpu"] == "rtx"
    big_cpu = witness["processor"] == "r9"
    assert gpu_rtx == big_cpu  # none or both adapters


def test_count_configurations_exact() -> None:
    engine = abc(rule("f", forbid="A == 'a1' and B == 'b1'"))
    count = engine.count_configurations()
    assert (count.value, count.exact, str(count)) == (6, True, "6")


def test_count_falls_back_to_a_lower_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from configurator.rules import counting

    monkeypatch.setattr(counting, "TABLE_LIMIT", 1)
    engine = abc(rule("f", forbid="A == 'a1' and B == 'b1'"))
    assert engine.count_configurations(limit=100).value == 6
    assert engine.count_configurations(limit=100).exact
    bounded = engine.count_configurations(limit=3)
    assert (bounded.value, bounded.exact, str(bounded)) == (3, False, "at least 3")


# -- the algorithms on their own -----------------------------------------------------------
def test_quickxplain_finds_a_minimal_conflict() -> None:
    bad = [{1, 4}, {2, 3, 5}]

    def inconsistent(items: list[int]) -> bool:
        return any(b <= set(items) for b in bad)

    assert sorted(quickxplain([], [1, 2, 3, 4, 5, 6], inconsistent)) == [1, 4]
    assert sorted(quickxplain([5], [1, 2, 3], inconsistent)) == [2, 3]
    assert quickxplain([1, 4], [2], inconsistent) == []


def test_fastdiag_keeps_the_most_important() -> None:
    bad = [{1, 2}, {3, 4}, {1, 5}]

    def consistent(items: list[int]) -> bool:
        return not any(b <= set(items) for b in bad)

    assert sorted(fastdiag([], [1, 2, 3, 4, 5], consistent)) == [2, 4, 5]
    assert sorted(fastdiag([], [5, 4, 3, 2, 1], consistent)) == [1, 3]
    assert fastdiag([], [1, 3], consistent) == []


@given(st.lists(st.booleans(), max_size=200), st.integers(0, 220))
def test_a_witness_has_the_bit_of_each_true_variable_among_the_first_n(
    signs: list[bool], n_vars: int
) -> None:
    model = [v if true else -v for v, true in enumerate(signs, start=1)]
    expected = sum(bit(v) for v in model[:n_vars] if v > 0)
    assert witness_mask(model, n_vars) == expected


@given(
    st.lists(st.integers(1, 2**40).flatmap(lambda v: st.sampled_from([v, -v])), max_size=300),
    st.integers(0, 320),
)
@example(model=[1, 150994944], n_vars=2)  # top byte 0x09: a tab, which int() would skip
@example(model=[0x30 << 24, 1], n_vars=2)  # top byte "0" of a true literal
def test_a_witness_reads_the_sign_of_any_literal(model: list[int], n_vars: int) -> None:
    """Only the signs count, in order, whatever the numbers (the packing trick holds below
    2**24 and falls back above)."""
    expected = sum(1 << i for i, v in enumerate(model[:n_vars]) if v > 0)
    assert witness_mask(model, n_vars) == expected


def test_confirming_an_engine_made_repair_equals_confirming_it_read_back() -> None:
    """`apply` takes an engine's own repair without parsing its picks again; the result is
    the one a repair read back from its picks (JSON, another engine) gives, order included."""
    import random
    from dataclasses import replace

    from configurator.catalog.loader import load_catalog
    from configurator.paths import demo_catalog_path

    engine = Engine(load_catalog(demo_catalog_path()))
    rng = random.Random(7)
    state = engine.state({})
    confirmed = 0
    for _ in range(1500):
        group = rng.choice(state.groups)
        choice = rng.choice(group.options)
        if group.kind == "many" and choice.qty >= choice.max_qty:
            continue
        result = engine.pick(state, group.group, choice.option)
        if result.repair is not None:
            own = engine.apply(result.repair)
            read_back = engine.apply(replace(result.repair, _units=(), _owner=None))
            assert own._units == read_back._units  # the pick order the next click sees
            assert own.changes == read_back.changes
            assert own.groups == read_back.groups
            state, confirmed = own, confirmed + 1
        elif result.state is not None:
            state = result.state
        if state.complete and rng.random() < 0.3:
            state = engine.state({})
    assert confirmed > 50


def _scanned_support(engine: Engine, picks: frozenset[int]) -> int:
    need = 0
    for lit in picks:
        need |= engine.bit_of[lit]
    support = 0
    for witness in engine.sat.witnesses:
        if witness & need == need:
            support |= witness
    return support


def test_support_of_picks_takes_in_witnesses_found_after_it_was_first_asked() -> None:
    """Rendering asks for the values known to fit an explanation's picks many times; the pool
    is scanned once per pick set and then only for the witnesses found since."""
    engine = abc()
    x = engine.compiled.x
    a1, b1, b2, c2 = x["A", "a1"], x["B", "b1"], x["B", "b2"], x["C", "c2"]
    picks = frozenset({a1})
    engine.sat.witnesses.clear()
    assert engine.sat.solve([a1, b1]) is not None
    first = engine._support_of(picks)
    assert first == _scanned_support(engine, picks)
    assert first & engine.bit_of[b1]
    assert not first & engine.bit_of[b2]
    assert engine.sat.solve([a1, b2, c2]) is not None  # found after the first question
    assert engine.sat.solve([-a1]) is not None  # not with the picks: adds nothing
    second = engine._support_of(picks)
    assert second == _scanned_support(engine, picks)
    assert second & engine.bit_of[b2]
    assert second & engine.bit_of[c2]
    for _ in range(engine.sat.witnesses.maxlen or 0):  # more new ones than the pool holds
        assert engine.sat.solve([-a1]) is not None
    assert engine.sat.solve([a1, b1]) is not None
    third = engine._support_of(picks)
    assert third & second == second  # what older witnesses showed stays known
    assert third & _scanned_support(engine, picks) == _scanned_support(engine, picks)


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        (OptionState, ["o1", True, True, 2, 3, None]),
        (GroupState, ["g", "many", True, True, (OptionState("o1", True, False),), 4]),
    ],
)
def test_hand_written_initialisers_set_every_field_in_order(
    cls: type[Any], values: list[Any]
) -> None:
    """`OptionState` and `GroupState` have their own `__init__` (made by the hundred per
    click): it takes the dataclass's fields, in order or by name, with their defaults."""
    fields = dataclasses.fields(cls)
    by_position = cls(*values)
    by_name = cls(**{f.name: v for f, v in zip(fields, values, strict=True)})
    for made in (by_position, by_name):
        assert [getattr(made, f.name) for f in fields] == values
    required = [f for f in fields if f.default is dataclasses.MISSING]
    least = cls(*values[: len(required)])
    for spec in fields[len(required) :]:
        assert getattr(least, spec.name) == spec.default
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(by_position, fields[0].name, values[0])


def test_an_excluded_option_with_a_known_cause_is_shared_by_the_states_that_have_it() -> None:
    """Its explanation depends only on the cause (picks and rules), so clicks that keep the
    cause share one state of the option, and a different cause gets its own."""
    engine = abc(
        rule("ab", forbid="A == 'a1' and B == 'b1'", message="a1 excludes b1"),
        rule("cb", forbid="C == 'c2' and B == 'b1'", message="c2 excludes b1"),
    )
    first = engine.state({"A": "a1"}).option("B", "b1")
    explanation = first.explanation
    assert explanation is not None
    assert explanation.rules == ("ab",)
    again = engine.state({"A": "a1", "C": "c1"}).option("B", "b1")
    assert again is first
    assert again.explanation == explanation
    other = engine.state({"C": "c2"}).option("B", "b1")
    assert other is not first
    assert other.explanation is not None
    assert other.explanation.rules == ("cb",)
    assert [p.group for p in other.explanation.picks] == ["C"]
