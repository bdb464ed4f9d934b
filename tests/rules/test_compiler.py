"""The CNF encodings on their own: linear constraints and rules too large to expand."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.solvers import Solver

from configurator.catalog.model import Catalog, Rule
from configurator.rules import compiler as compiler_module
from configurator.rules.engine import Engine
from configurator.rules.linear import VarPool, encode_linear
from tests.rules.factory import catalog, group, option, rule
from tests.rules.oracle import Oracle


def _holds(total: Decimal, op: str) -> bool:
    return {"<=": total <= 0, "<": total < 0, ">=": total >= 0, ">": total > 0}[op]


@settings(max_examples=60, deadline=None)
@given(
    coefs=st.lists(st.integers(-4, 6), min_size=1, max_size=6),
    const=st.integers(-8, 8),
    op=st.sampled_from(["<=", "<", ">=", ">"]),
)
def test_linear_encoding_is_exact(coefs: list[int], const: int, op: str) -> None:
    """guard -> sum + const OP 0: every assignment of the inputs extends iff it holds."""
    n = len(coefs)
    pool = VarPool(n + 1)
    guard = n + 1
    out: list[list[int]] = []
    terms = [(i + 1, Decimal(c)) for i, c in enumerate(coefs)]
    encode_linear(terms, Decimal(const), op, (guard,), pool=pool, out=out)
    with Solver(name="m22", bootstrap_with=out) as solver:
        for values in itertools.product([False, True], repeat=n):
            lits = [i + 1 if v else -(i + 1) for i, v in enumerate(values)]
            total = Decimal(const) + sum(
                Decimal(c) for c, v in zip(coefs, values, strict=True) if v
            )
            assert solver.solve(assumptions=[*lits, guard]) == _holds(total, op)
            assert solver.solve(assumptions=[*lits, -guard])  # off: no constraint


def _wide_catalog(rules: list[Rule]) -> Catalog:
    groups = [
        group(g, [option(f"v{i}", attrs={"w": i}) for i in range(5)])
        for g in ("a", "b", "c", "d", "e", "f")
    ]
    return catalog(groups, rules)


def test_rules_too_large_to_expand_are_split() -> None:
    """5^6 = 15,625 combinations > SHANNON_LIMIT: and/or are split, sums become linear."""
    rules = [
        rule("sum", require="a.w + b.w + c.w + d.w + e.w + f.w <= 9"),
        rule("or", require="a == 'v1' or b == 'v2' or c.w + d.w >= 3 or e != 'v0' or f == 'v4'"),
        rule("and", forbid="a.w > 3 and b.w > 3 and c.w > 3 and d.w > 3 and e.w > 3 and f.w > 3"),
    ]
    cat = _wide_catalog(rules)
    engine = Engine(cat)
    oracle = Oracle.build(cat)
    assert engine.count_configurations().value == oracle.count()
    for picks in ({}, {"a": "v4", "b": "v4"}, {"a": "v0", "b": "v0", "c": "v0", "d": "v0"}):
        state = engine.state(picks)
        for grp in state.groups:
            for opt in grp.options:
                others = {g: v for g, v in picks.items() if g != grp.group}
                assert opt.selectable == oracle.consistent({**others, grp.group: opt.option})
                if opt.explanation is not None:
                    problem = oracle.check_explanation({grp.group: opt.option}, opt.explanation)
                    assert problem is None, problem


def test_shannon_limit_is_what_splits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler_module, "SHANNON_LIMIT", 1)
    small = catalog(
        [
            group("a", [option("x", attrs={"w": 1}), option("y", attrs={"w": 5})]),
            group("b", [option("x", attrs={"w": 2}), option("y", attrs={"w": 6})]),
        ],
        [rule("r", require="a.w + b.w <= 6 or a == 'y'")],
    )
    engine = Engine(small)
    assert engine.count_configurations().value == Oracle.build(small).count()
    assert engine.state({"a": "x"}).group("b").selectable == ("x",)
    assert engine.state({"a": "y"}).group("b").selectable == ("x", "y")
