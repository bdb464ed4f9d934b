"""The engine's solver calls without python-sat's Ctrl+C handler give the public answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.solvers import Minicard, Solver

from configurator.rules import quiet

clauses = st.lists(
    st.lists(st.integers(1, 6).flatmap(lambda v: st.sampled_from([v, -v])), min_size=1, max_size=3),
    max_size=12,
)
assumptions = st.lists(st.integers(1, 6).flatmap(lambda v: st.sampled_from([v, -v])), max_size=4)


def _make(kind: str, formula: list[list[int]]) -> Any:
    solver: Any = Solver(name="g3") if kind == "g3" else Minicard()
    for clause in formula:
        solver.add_clause(clause)
    return solver


@pytest.mark.parametrize("kind", ["g3", "mc"])
@settings(max_examples=60, deadline=None)
@given(formula=clauses, picks=assumptions)
def test_quiet_calls_answer_like_the_public_ones(
    kind: str, formula: list[list[int]], picks: list[int]
) -> None:
    public, fast = _make(kind, formula), _make(kind, formula)
    try:
        answer = bool(public.solve(assumptions=picks))
        assert quiet.quiet_solve(fast)(picks) is answer
        if answer:
            assert fast.get_model() == public.get_model()
            assert quiet.quiet_model(fast)() == public.get_model()
        else:  # the status is recorded, so the core can be read after a quiet call
            assert fast.get_core() == public.get_core()
        if kind == "g3":
            ok, implied = public.propagate(assumptions=picks)
            assert quiet.quiet_propagate(fast)(picks) == (ok, implied)
    finally:
        public.delete()
        fast.delete()


@settings(max_examples=60, deadline=None)
@given(formula=clauses, phases=assumptions)
def test_quiet_phases_steer_the_model_like_the_public_ones(
    formula: list[list[int]], phases: list[int]
) -> None:
    public, fast = _make("g3", formula), _make("g3", formula)
    try:
        public.set_phases(literals=phases)
        quiet.quiet_set_phases(fast)(phases)
        if public.solve():
            assert quiet.quiet_solve(fast)([]) is True
            assert quiet.quiet_model(fast)() == public.get_model()
    finally:
        public.delete()
        fast.delete()


@settings(max_examples=60, deadline=None)
@given(formula=clauses, atmost=assumptions, picks=assumptions)
def test_a_formula_built_quietly_answers_like_one_built_publicly(
    formula: list[list[int]], atmost: list[int], picks: list[int]
) -> None:
    """Local solvers are built through the C entry points: same formula, same answers."""
    public, fast = Minicard(), Minicard()
    try:
        add_clause, add_atmost = quiet.quiet_add_clause(fast), quiet.quiet_add_atmost(fast)
        for clause in formula:
            public.add_clause(clause)
            add_clause(clause)
        if atmost:
            public.add_atmost(atmost, 1)
            add_atmost(atmost, 1)
        answer = bool(public.solve(assumptions=picks))
        assert quiet.quiet_solve(fast)(picks) is answer
        assert fast.status == public.status
        core = quiet.quiet_core(fast)()
        assert core == ([] if answer else list(public.get_core() or []))
    finally:
        public.delete()
        fast.delete()


def test_a_clause_that_empties_the_formula_is_recorded_like_the_public_call() -> None:
    public, fast = Minicard(), Minicard()
    try:
        for add in (public.add_clause, quiet.quiet_add_clause(fast)):
            add([1])
            add([-1])
        assert fast.status is public.status is False
        assert quiet.quiet_solve(fast)([]) is False
    finally:
        public.delete()
        fast.delete()


def test_unknown_backends_fall_back_to_the_public_methods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python-sat's C entry points (a future release), the public methods answer."""
    monkeypatch.setattr(quiet, "pysolvers", None)
    solver = Solver(name="g3", bootstrap_with=[[1, 2], [-1, 3], [-3, -4]])
    try:
        assert quiet._entry(solver, "solve") is None
        assert quiet._entry(solver, "add_cl") is None
        assert quiet.quiet_solve(solver)([]) is True
        assert quiet.quiet_solve(solver)([-1, -2]) is False
        assert set(solver.get_core() or ()) == {-1, -2}
        assert quiet.quiet_propagate(solver)([-2]) == (True, [-2, 1, 3, -4])
        quiet.quiet_set_phases(solver)([-1])
        assert quiet.quiet_solve(solver)([]) is True
        assert quiet.quiet_model(solver)() == solver.get_model()
        assert -1 in quiet.quiet_model(solver)()
        quiet.quiet_add_clause(solver)([4, 5])
        assert quiet.quiet_solve(solver)([-4, -5]) is False
        assert set(quiet.quiet_core(solver)()) == {-4, -5}
    finally:
        solver.delete()
    local = Minicard()
    try:
        quiet.quiet_add_clause(local)([1, 2, 3])
        quiet.quiet_add_atmost(local)([1, 2, 3], 1)
        assert quiet.quiet_solve(local)([1, 2]) is False
        assert set(quiet.quiet_core(local)()) == {1, 2}
    finally:
        local.delete()


def test_the_fast_path_is_taken_for_the_engines_solvers() -> None:
    """The engine's two backends have C entry points (else the speed-up silently vanishes)."""
    for solver in (Solver(name="g3"), Minicard()):
        try:
            for call in ("solve", "model", "core", "add_cl"):
                assert quiet._entry(solver, call) is not None
            if isinstance(solver, Minicard):
                assert quiet._entry(solver, "add_am") is not None
            if isinstance(solver, Solver):
                assert quiet._entry(solver, "setphases") is not None
        finally:
            solver.delete()
