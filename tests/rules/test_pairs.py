"""The compile-time table of clashing value pairs against brute force (hypothesis).

A pair is listed exactly when no valid configuration takes both values, and its rules are a
minimal conflict: with only those rules on, no configuration takes both; with any one of them
off, some configuration does.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings

from configurator.catalog.model import Catalog, Option
from configurator.rules import pairs
from configurator.rules.engine import Engine
from configurator.rules.solving import bit
from tests.rules.factory import catalog, group, option, rule
from tests.rules.oracle import Config, Oracle
from tests.rules.test_properties import catalogs


def _takes(engine: Engine, config: Config, lit: int) -> bool:
    """Whether a configuration takes the value of an option, none or quantity literal."""
    if lit in engine.y_info:
        group_id, option_id, qty = engine.y_info[lit]
        pick = config[group_id]
        assert isinstance(pick, Mapping)
        return int(pick.get(option_id, 0)) >= qty
    value = engine.value_of[lit]
    taken = config[engine.group_of[lit]]
    return taken == value.id if isinstance(value, Option) else taken is None


def _same_value_set(engine: Engine, a: int, b: int) -> bool:
    """Values never paired: one group's own options, or one option's own quantities."""
    if a in engine.y_info or b in engine.y_info:
        return (
            a in engine.y_info
            and b in engine.y_info
            and engine.y_info[a][:2] == engine.y_info[b][:2]
        )
    return engine.group_of[a] == engine.group_of[b]


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogs())
def test_pair_table_matches_brute_force(cat: Catalog) -> None:
    oracle = Oracle.build(cat)
    engine = Engine(cat)
    table = engine.pairs
    assert table is not None
    assert table.complete  # a handful of values: far inside the budget
    valid = [config for config, broken in oracle.configs if not broken]
    alive = [lit for lit in engine.domain_all if any(_takes(engine, c, lit) for c in valid)]
    for a in alive:
        for b in alive:
            if a >= b or _same_value_set(engine, a, b):
                continue
            together = any(_takes(engine, c, a) and _takes(engine, c, b) for c in valid)
            assert together == (not table.clash.get(a, 0) & bit(b)), (a, b)
            assert together == (not table.clash.get(b, 0) & bit(a)), (b, a)
            if together:
                continue
            # Listed: no valid configuration takes both, and the rules are a minimal conflict.
            both = [(c, broken) for c, broken in oracle.configs if _takes(engine, c, a)]
            both = [(c, broken) for c, broken in both if _takes(engine, c, b)]
            assert not any(not broken for _, broken in both)
            raw = table.raw(a, b)
            assert raw is not None
            assert raw[0] == (b,)
            keys = frozenset(raw[1])
            assert all(broken & keys for _, broken in both)
            for key in keys:
                rest = keys - {key}
                assert any(not broken & rest for _, broken in both), (key, keys)


@pytest.mark.parametrize("eager", [1000, 0], ids=["rules-at-compile-time", "rules-on-first-use"])
def test_a_chain_of_rules_makes_a_pair_with_both_rules(
    eager: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two rules through an undecided group: the 13" chassis needs the small cooler, the
    small cooler cannot take the dedicated GPU, so 13" and dedicated GPU never go together."""
    monkeypatch.setattr(pairs, "EAGER_RULES", eager)
    cat = catalog(
        [
            group("chassis", [option("c13"), option("c16")]),
            group("cooler", [option("small"), option("big")]),
            group("gpu", [option("igpu"), option("dgpu")]),
        ],
        [
            rule("needs_small", require="cooler == 'small'", when="chassis == 'c13'"),
            rule("small_no_dgpu", forbid="cooler == 'small' and gpu == 'dgpu'"),
        ],
    )
    engine = Engine(cat)
    assert engine.pairs is not None
    c13 = engine.compiled.x["chassis", "c13"]
    dgpu = engine.compiled.x["gpu", "dgpu"]
    raw = engine.pairs.raw(dgpu, c13)
    assert raw is not None
    assert raw[0] == (c13,)
    assert {key for _, key in raw[1]} == {"needs_small", "small_no_dgpu"}
    state = engine.state({"chassis": "c13"})
    dgpu_state = next(o for o in state.group("gpu").options if o.option == "dgpu")
    assert not dgpu_state.selectable
    assert dgpu_state.explanation is not None
    assert set(dgpu_state.explanation.rules) == {"needs_small", "small_no_dgpu"}
