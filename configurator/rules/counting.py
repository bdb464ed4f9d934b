"""Counting valid configurations without enumerating them.

Exact count by variable elimination over groups (a sum-product over rule tables): each hard
rule is a table over the values of the groups it references (a "many" group's values are its
multisets within min/max), groups are summed out one at a time, smallest neighbourhood first.
That is exact and fast whenever rules connect few groups at a time, as in real catalogs.

When the tables would grow too large (dense random catalogs), the count falls back to
enumerating models with blocking clauses up to `limit` and reports "at least" that many.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from math import prod
from typing import TYPE_CHECKING

from pysat.solvers import Solver

from configurator.catalog.model import Group, GroupKind
from configurator.rules.ast import Literal, referenced_groups
from configurator.rules.evaluate import EnvValue, specialize, truth
from configurator.rules.solving import SOLVER

if TYPE_CHECKING:
    from configurator.rules.engine import Engine

DOMAIN_LIMIT = 20_000
TABLE_LIMIT = 300_000


@dataclass(frozen=True, slots=True)
class ConfigurationCount:
    """The number of valid configurations, exactly or as a lower bound."""

    value: int
    exact: bool

    def __str__(self) -> str:
        return str(self.value) if self.exact else f"at least {self.value}"


class _TooLargeError(Exception):
    pass


Factor = tuple[tuple[str, ...], dict[tuple[int, ...], int]]


def _multisets(group: Group) -> Iterator[dict[str, int]]:
    ranges = [range(o.max_qty + 1) for o in group.options]
    for qtys in itertools.product(*ranges):
        if group.min <= sum(qtys) <= group.max:
            yield {o.id: q for o, q in zip(group.options, qtys, strict=True) if q}


def _domains(engine: Engine) -> dict[str, list[EnvValue]]:
    domains: dict[str, list[EnvValue]] = {}
    for group in engine.catalog.groups:
        if group.kind is GroupKind.MANY:
            if prod(o.max_qty + 1 for o in group.options) > DOMAIN_LIMIT * 10:
                raise _TooLargeError
            domains[group.id] = list(_multisets(group))
        else:
            domains[group.id] = list(engine.compiled.domain(group))
        if len(domains[group.id]) > DOMAIN_LIMIT:
            raise _TooLargeError
    return domains


def _rule_factors(engine: Engine, domains: dict[str, list[EnvValue]]) -> list[Factor]:
    order = {g.id: i for i, g in enumerate(engine.catalog.groups)}
    factors: list[Factor] = []
    for rule in engine.catalog.rules:
        if not rule.is_hard:
            continue
        broken = engine.compiler.violation(rule)
        scope = tuple(sorted(referenced_groups(broken) & domains.keys(), key=order.__getitem__))
        if prod(len(domains[g]) for g in scope) > TABLE_LIMIT:
            raise _TooLargeError
        table: dict[tuple[int, ...], int] = {}
        for index in itertools.product(*(range(len(domains[g])) for g in scope)):
            env = {g: domains[g][i] for g, i in zip(scope, index, strict=True)}
            result = specialize(broken, engine.groups, env)
            if isinstance(result, Literal) and not truth(result.value):
                table[index] = 1
        factors.append((scope, table))
    return factors


def _join(a: Factor, b: Factor) -> Factor:
    scope_a, table_a = a
    scope_b, table_b = b
    shared = [g for g in scope_b if g in scope_a]
    extra = [g for g in scope_b if g not in scope_a]
    pos_a = [scope_a.index(g) for g in shared]
    pos_b_shared = [scope_b.index(g) for g in shared]
    pos_b_extra = [scope_b.index(g) for g in extra]
    index_b: dict[tuple[int, ...], list[tuple[tuple[int, ...], int]]] = {}
    for key, weight in table_b.items():
        shared_key = tuple(key[i] for i in pos_b_shared)
        index_b.setdefault(shared_key, []).append((tuple(key[i] for i in pos_b_extra), weight))
    out: dict[tuple[int, ...], int] = {}
    for key, weight in table_a.items():
        for rest, other in index_b.get(tuple(key[i] for i in pos_a), ()):
            out[key + rest] = weight * other
        if len(out) > TABLE_LIMIT:
            raise _TooLargeError
    return (*scope_a, *extra), out


def _sum_out(factor: Factor, group_id: str) -> Factor:
    scope, table = factor
    pos = scope.index(group_id)
    out: dict[tuple[int, ...], int] = {}
    for key, weight in table.items():
        reduced = key[:pos] + key[pos + 1 :]
        out[reduced] = out.get(reduced, 0) + weight
    return scope[:pos] + scope[pos + 1 :], out


def _cost(group_id: str, factors: list[Factor], domains: dict[str, list[EnvValue]]) -> int:
    scope = {h for s, _ in factors if group_id in s for h in s}
    return prod(len(domains[h]) for h in scope) if scope else 0


def _exact(engine: Engine) -> int:
    domains = _domains(engine)
    factors = _rule_factors(engine, domains)
    total = 1
    remaining = set(domains)
    while remaining:
        costs = {g: _cost(g, factors, domains) for g in remaining}
        group_id = min(sorted(remaining), key=costs.__getitem__)
        remaining.discard(group_id)
        mine = [f for f in factors if group_id in f[0]]
        if not mine:
            total *= len(domains[group_id])
            continue
        factors = [f for f in factors if group_id not in f[0]]
        joined = mine[0]
        for other in mine[1:]:
            joined = _join(joined, other)
        factors.append(_sum_out(joined, group_id))
    for scope, table in factors:
        assert not scope
        total *= table.get((), 0)
    return total


def _bounded(engine: Engine, limit: int) -> ConfigurationCount:
    compiled = engine.compiled
    clauses = [list(c) for c in compiled.structure]
    clauses += [list(c) for unit in compiled.units for c in unit.clauses]
    found = 0
    with Solver(name=SOLVER, bootstrap_with=clauses) as solver:
        while found < limit and solver.solve():
            found += 1
            model = solver.get_model() or []
            solver.add_clause([-lit for lit in model[: compiled.top_domain] if lit > 0])
        exhausted = found < limit
    return ConfigurationCount(found, exhausted)


def count_configurations(engine: Engine, limit: int = 10_000) -> ConfigurationCount:
    """Exact when the catalog decomposes; otherwise a lower bound found by up to `limit` models."""
    try:
        return ConfigurationCount(_exact(engine), True)
    except _TooLargeError:
        return _bounded(engine, limit)
