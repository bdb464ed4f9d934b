"""Free-quantity many groups: which groups qualify, and that counting agrees with solving."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from configurator.catalog.loader import load_catalog
from configurator.catalog.model import Catalog, Rule
from configurator.paths import demo_catalog_path
from configurator.rules.compiler import compile_catalog
from configurator.rules.engine import Engine
from configurator.rules.quantities import FreeQuantities, free_quantity_groups
from configurator.rules.solving import bit
from configurator.rules.state import ConfigState
from tests.rules.factory import catalog, group, option, rule


def _bag(min: int = 0, max: int = 4) -> Catalog:
    """A one group `cpu` and a many group `bag` (x up to 2, y up to 3, z once; weights)."""
    cpu = group("cpu", [option("fast"), option("slow")])
    items = [option("x", max_qty=2), option("y", max_qty=3), option("z")]
    items = [option(o.id, attrs={"w": 1}, max_qty=o.max_qty) for o in items]
    bag = group("bag", items, "many", min=min, max=max)
    return catalog([cpu, bag], [])


def _free(rules_: Sequence[Rule], min: int = 0, max: int = 4) -> dict[str, FreeQuantities]:
    base = _bag(min, max)
    cat = catalog(list(base.groups), rules_)
    return free_quantity_groups(compile_catalog(cat)[1])


def test_presence_only_as_something_to_avoid_keeps_the_group_free() -> None:
    rules_ = [
        rule("r1", when="'x' in bag", require="cpu == 'fast'"),
        rule("r2", forbid="'z' in bag and cpu == 'slow'"),
    ]
    assert _free(rules_, min=1, max=4) == {"bag": FreeQuantities(1, 4)}


def test_an_option_is_tested_against_the_clauses_that_forbid_it() -> None:
    rules_ = [rule("r1", when="'x' in bag", require="cpu == 'fast'")]
    cat = catalog(list(_bag().groups), rules_)
    compiled = compile_catalog(cat)[1]
    free = free_quantity_groups(compiled)["bag"]
    assert len(free.presence["x"]) == 1
    assert free.presence["y"] == ()  # nothing forbids it
    x = bit(compiled.y["bag", "x"][0])
    fast, slow = bit(compiled.x["cpu", "fast"]), bit(compiled.x["cpu", "slow"])
    assert free.fits_with("x", fast | x)
    assert not free.fits_with("x", slow | x)
    assert free.fits_with("y", slow | bit(compiled.y["bag", "y"][0]))


def test_the_capacity_caps_a_larger_maximum() -> None:
    assert _free([], max=6) == {"bag": FreeQuantities(0, 6)}
    assert _free([], max=9)["bag"].maximum == 6


@pytest.mark.parametrize(
    "counted",
    [
        rule("r", when="cpu == 'slow'", require="'x' in bag"),  # presence required
        rule("r", require="count(bag) <= 2"),
        rule("r", forbid="qty(bag, 'y') >= 2 and cpu == 'slow'"),
        rule("r", require="sum(bag.w) <= 3"),
    ],
    ids=["required presence", "count", "qty", "sum"],
)
def test_rules_that_count_or_require_items_keep_the_solver(counted: Rule) -> None:
    assert _free([counted]) == {}


def test_recommendations_do_not_count() -> None:
    assert "bag" in _free([rule("hint", require="count(bag) <= 1", recommend=True)])


def test_reach_is_the_room_left_by_the_other_picks() -> None:
    free = FreeQuantities(0, 4)
    assert free.reach(max_qty=3, cur=0, taken=2) == 2  # 4 - 2 others
    assert free.reach(max_qty=3, cur=1, taken=2) == 3  # 4 - 1 other, capped by max_qty
    assert free.reach(max_qty=2, cur=1, taken=4) == 1  # no room: stays at what is picked
    # The group's minimum would need unpicked items of other options: undecided.
    assert FreeQuantities(3, 4).reach(max_qty=1, cur=0, taken=0) is None


def _observable(state: ConfigState) -> list[object]:
    return [
        (g.group, o.option, o.selectable, o.qty, o.max_qty, o.explanation)
        for g in state.groups
        for o in g.options
    ] + [state.complete, state.code]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counting_gives_the_states_the_solver_gives_on_the_demo_catalog(seed: int) -> None:
    """The same click walk with the group counted and with it solved: identical states."""
    cat = load_catalog(demo_catalog_path())
    counted, solved = Engine(cat), Engine(cat)
    assert counted._free_quantities  # the demo's accessories are free
    solved._free_quantities = {}
    rng = random.Random(seed)
    state_c, state_s = counted.state({}), solved.state({})
    for _ in range(120):
        grp = rng.choice(state_c.groups)
        opt = rng.choice(grp.options)
        if grp.kind == "many" and opt.qty >= opt.max_qty and rng.random() < 0.5:
            state_c = counted.unpick(state_c, grp.group, opt.option)
            state_s = solved.unpick(state_s, grp.group, opt.option)
        elif grp.kind != "many" or opt.qty < cat.group(grp.group).option(str(opt.option)).max_qty:
            result_c = counted.pick(state_c, grp.group, opt.option)
            result_s = solved.pick(state_s, grp.group, opt.option)
            if result_c.repair is not None:
                assert result_s.repair is not None
                state_c, state_s = counted.apply(result_c.repair), solved.apply(result_s.repair)
            elif result_c.state is not None:
                assert result_s.state is not None
                state_c, state_s = result_c.state, result_s.state
        assert _observable(state_c) == _observable(state_s)
        if state_c.complete and rng.random() < 0.3:
            state_c, state_s = counted.state({}), solved.state({})
