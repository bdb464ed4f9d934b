"""The same per-click question answered by OR-Tools CP-SAT and by python-constraint.

The question: for picks P, which options of every group can still be picked (one/optional:
some valid configuration has it with P minus that group's pick; many: one more can be added
with all of P). Both baselines get the engine's witness caching (each solution found marks
all its values as supported), so the comparison is about the solvers, not the strategy.
Rules become tables of allowed value tuples over the groups they reference, computed once.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping
from typing import Any

from configurator.catalog.model import Catalog, GroupKind, Option, PickValue
from configurator.rules.ast import Literal, referenced_groups
from configurator.rules.compiler import Compiler
from configurator.rules.evaluate import NONE_PICK, EnvValue, specialize, truth

Tables = list[tuple[tuple[str, ...], set[tuple[int, ...]]]]


def domains_and_tables(catalog: Catalog) -> tuple[dict[str, list[EnvValue]], Tables]:
    from configurator.rules.counting import _multisets

    groups = {g.id: g for g in catalog.groups}
    domains: dict[str, list[EnvValue]] = {}
    for group in catalog.groups:
        if group.kind is GroupKind.MANY:
            domains[group.id] = list(_multisets(group))
        else:
            values: list[EnvValue] = list(group.options)
            if group.kind is GroupKind.OPTIONAL:
                values.append(NONE_PICK)
            domains[group.id] = values
    compiler = Compiler(catalog)
    tables: Tables = []
    for rule in catalog.rules:
        if not rule.is_hard:
            continue
        broken = compiler.violation(rule)
        scope = tuple(g.id for g in catalog.groups if g.id in referenced_groups(broken))
        allowed = set()
        for index in itertools.product(*(range(len(domains[g])) for g in scope)):
            env = {g: domains[g][i] for g, i in zip(scope, index, strict=True)}
            result = specialize(broken, groups, env)
            if isinstance(result, Literal) and not truth(result.value):
                allowed.add(index)
        tables.append((scope, allowed))
    return domains, tables


def _fits(value: EnvValue, pick: PickValue, kind: GroupKind) -> bool:
    if kind is GroupKind.MANY:
        assert isinstance(value, Mapping)
        assert isinstance(pick, Mapping)
        return all(value.get(o, 0) >= q for o, q in pick.items())
    if pick is None:
        return value is NONE_PICK
    return isinstance(value, Option) and value.id == pick


class _Questions:
    """The per-click questions as (group, value index) pairs and the picks they keep."""

    def __init__(self, catalog: Catalog, domains: dict[str, list[EnvValue]]) -> None:
        self.catalog = catalog
        self.domains = domains
        self.kinds = {g.id: g.kind for g in catalog.groups}

    def allowed(self, picks: Mapping[str, PickValue], skip: str | None) -> dict[str, list[int]]:
        """Value indices each group may take with `picks` (minus `skip`'s pick)."""
        out = {}
        for group_id, values in self.domains.items():
            pick = picks.get(group_id)
            if group_id == skip or group_id not in picks:
                out[group_id] = list(range(len(values)))
            else:
                kind = self.kinds[group_id]
                out[group_id] = [i for i, v in enumerate(values) if _fits(v, pick, kind)]
        return out


def selectable_counts(
    catalog: Catalog,
    domains: dict[str, list[EnvValue]],
    picks: Mapping[str, PickValue],
    solve: Any,
) -> int:
    """How many (group, value) pairs are selectable; `solve(allowed)` returns a solution or None.

    One/optional groups are asked with their own pick dropped; many groups per multiset that
    adds to the picks (a superset of "one more of an option", same solver work).
    """
    questions = _Questions(catalog, domains)
    full = questions.allowed(picks, None)
    supported: set[tuple[str, int]] = set()
    selectable = 0
    solutions: list[dict[str, int]] = []
    for group in catalog.groups:
        if group.kind is GroupKind.MANY:
            continue
        base = questions.allowed(picks, group.id)
        for index in range(len(domains[group.id])):
            if (group.id, index) in supported:
                selectable += 1
                continue
            found = None
            for solution in solutions:
                if solution[group.id] == index and all(
                    solution[g] in base[g] for g in base if g != group.id
                ):
                    found = solution
                    break
            if found is None:
                found = solve({**base, group.id: [index]})
            if found is None:
                continue
            solutions.append(found)
            selectable += 1
            if all(found[g] in full[g] for g in full if g != group.id):
                supported.update(found.items())
    return selectable


class CpSatBaseline:
    """One CP-SAT model per catalog; each question is a solve under assumptions."""

    def __init__(self, catalog: Catalog) -> None:
        from ortools.sat.python import cp_model

        self.cp_model = cp_model
        self.catalog = catalog
        self.domains, tables = domains_and_tables(catalog)
        model = cp_model.CpModel()
        # Booleans per value with exactly-one per group, and one clause per forbidden tuple of
        # each rule table: the formulation CP-SAT solves fastest here (tables on integer
        # variables were ~20x slower per solve).
        self.is_value: dict[tuple[str, int], Any] = {}
        for group_id, values in self.domains.items():
            flags = [model.new_bool_var(f"{group_id}={i}") for i in range(len(values))]
            model.add_exactly_one(flags)
            for index, flag in enumerate(flags):
                self.is_value[group_id, index] = flag
        for scope, allowed in tables:
            ranges = [range(len(self.domains[g])) for g in scope]
            for combo in itertools.product(*ranges):
                if combo not in allowed:
                    model.add_bool_or(
                        [self.is_value[g, i].Not() for g, i in zip(scope, combo, strict=True)]
                    )
        self.model = model
        self.solver = cp_model.CpSolver()
        self.solver.parameters.num_workers = 1
        self.solver.parameters.cp_model_presolve = False
        self.solves = 0

    def solve(self, allowed: dict[str, list[int]]) -> dict[str, int] | None:
        self.model.clear_assumptions()
        literals = []
        for group_id, indices in allowed.items():
            if len(indices) < len(self.domains[group_id]):
                keep = set(indices)
                for index in range(len(self.domains[group_id])):
                    if index not in keep:
                        literals.append(self.is_value[group_id, index].Not())
        self.model.add_assumptions(literals)
        self.solves += 1
        status = self.solver.solve(self.model)
        if status not in (self.cp_model.OPTIMAL, self.cp_model.FEASIBLE):
            return None
        return {
            g: next(i for i in range(len(values)) if self.solver.boolean_value(self.is_value[g, i]))
            for g, values in self.domains.items()
        }

    def click(self, picks: Mapping[str, PickValue]) -> int:
        return selectable_counts(self.catalog, self.domains, picks, self.solve)


class PythonConstraintBaseline:
    """python-constraint: a fresh backtracking problem per question (it has no assumptions)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.domains, self.tables = domains_and_tables(catalog)
        self.solves = 0

    def solve(self, allowed: dict[str, list[int]]) -> dict[str, int] | None:
        import constraint

        problem = constraint.Problem()
        for group_id, indices in allowed.items():
            problem.addVariable(group_id, list(indices))
        for scope, table in self.tables:
            if scope:
                problem.addConstraint(
                    constraint.FunctionConstraint(lambda *values, t=table: values in t),
                    list(scope),
                )
        self.solves += 1
        found = problem.getSolution()
        return dict(found) if found else None

    def click(self, picks: Mapping[str, PickValue]) -> int:
        return selectable_counts(self.catalog, self.domains, picks, self.solve)


def time_baseline(baseline: Any, states: list[Mapping[str, PickValue]]) -> list[float]:
    """Seconds per click for each state, in order."""
    out = []
    for picks in states:
        start = time.perf_counter()
        baseline.click(picks)
        out.append(time.perf_counter() - start)
    return out
