"""Solver calls without python-sat's per-call Ctrl+C handler (and its Python layers).

python-sat wraps every solve and propagate made on the main thread in a temporary SIGINT
handler (so that Ctrl+C can stop a long search): system calls that took 5.5 us per call
here, more than a whole check on the engine's small local solvers, of which a click on a
1,000-option catalog makes hundreds. The engine's searches are short and a counter
application has no terminal to press Ctrl+C in, so the engine calls the solvers' C entry
points with that handler off. Where the installed python-sat lacks them, the public methods
are used instead: the same answers, only slower (`tests/rules/test_quiet.py` checks both).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    import pysolvers  # type: ignore[import-not-found]  # python-sat's C extension
except ImportError:  # pragma: no cover - python-sat always ships it today
    pysolvers = None

_ENTRY_POINTS = {
    # python-sat backend class -> (attribute holding the C handle, prefix of its functions)
    "Glucose3": ("glucose", "glucose3"),
    "Minicard": ("minicard", "minicard"),
}

Solve = Callable[[list[int]], bool]
Propagate = Callable[[list[int]], tuple[bool, list[int]]]
Model = Callable[[], list[int]]
SetPhases = Callable[[list[int]], None]
AddClause = Callable[[list[int]], None]
AddAtMost = Callable[[list[int], int], None]
Core = Callable[[], list[int]]


def _backend(solver: Any) -> Any:
    """The backend object of a `pysat.solvers.Solver` (or the backend itself)."""
    return getattr(solver, "solver", solver)


def _entry(solver: Any, suffix: str) -> tuple[Any, Any, Callable[..., Any]] | None:
    backend = _backend(solver)
    found = _ENTRY_POINTS.get(type(backend).__name__)
    if found is None or pysolvers is None:
        return None
    attr, prefix = found
    function = getattr(pysolvers, f"{prefix}_{suffix}", None)
    handle = getattr(backend, attr, None)
    if function is None or handle is None:
        return None
    return backend, handle, function


def quiet_solve(solver: Any) -> Solve:
    """`solve(assumptions) -> bool` for `solver`, without the Ctrl+C handler. Its result is
    recorded on the solver as its own `solve` would, so `get_model`/`get_core` work after."""
    entry = _entry(solver, "solve")
    if entry is None:
        public = solver.solve
        return lambda assumptions: bool(public(assumptions=assumptions))
    backend, handle, function = entry

    def solve(assumptions: list[int]) -> bool:
        backend.status = status = function(handle, assumptions, 0)
        return bool(status)

    return solve


def quiet_propagate(solver: Any) -> Propagate:
    """`propagate(assumptions) -> (consistent, implied literals)` without the handler."""
    entry = _entry(solver, "propagate")
    if entry is None:
        public = solver.propagate
        return lambda assumptions: public(assumptions=assumptions)
    _, handle, function = entry

    def propagate(assumptions: list[int]) -> tuple[bool, list[int]]:
        status, implied = function(handle, assumptions, 0, 0)
        return bool(status), implied if implied is not None else []

    return propagate


def quiet_model(solver: Any) -> Model:
    """The model of the last satisfiable solve, straight from the C handle (python-sat's
    `get_model` goes through two Python layers; a click asks after every solve)."""
    entry = _entry(solver, "model")
    if entry is None:
        public = solver.get_model
        return lambda: list(public() or [])
    _, handle, function = entry

    def model() -> list[int]:
        found = function(handle)
        return found if found is not None else []

    return model


def quiet_set_phases(solver: Any) -> SetPhases:
    """`set_phases(literals)` straight to the C handle (the engine renews the preferred
    phases before most solves)."""
    entry = _entry(solver, "setphases")
    if entry is None:
        public = solver.set_phases
        return lambda literals: public(literals=literals)
    _, handle, function = entry

    def set_phases(literals: list[int]) -> None:
        function(handle, literals)

    return set_phases


def quiet_add_clause(solver: Any) -> AddClause:
    """`add_clause(literals)` straight to the C handle (the engine's local solvers are built
    clause by clause, hundreds of times per click on a large catalog). A clause that makes
    the formula unsatisfiable is recorded as python-sat's own call records it."""
    entry = _entry(solver, "add_cl")
    if entry is None:
        public_add: AddClause = solver.add_clause
        return public_add
    backend, handle, function = entry

    def add_clause(clause: list[int]) -> None:
        if function(handle, clause) is False:
            backend.status = False

    return add_clause


def quiet_add_atmost(solver: Any) -> AddAtMost:
    """`add_atmost(literals, k)` straight to the C handle (Minicard's native constraint)."""
    entry = _entry(solver, "add_am")
    if entry is None:
        public_atmost: AddAtMost = solver.add_atmost
        return public_atmost
    backend, handle, function = entry

    def add_atmost(lits: list[int], k: int) -> None:
        if function(handle, lits, k) is False:
            backend.status = False

    return add_atmost


def quiet_core(solver: Any) -> Core:
    """The core of the last unsatisfiable solve (empty after a satisfiable one), straight
    from the C handle."""
    entry = _entry(solver, "core")
    if entry is None:
        public = solver.get_core
        return lambda: list(public() or [])
    backend, handle, function = entry

    def core() -> list[int]:
        if backend.status is not False:
            return []
        found = function(handle)
        return found if found is not None else []

    return core
