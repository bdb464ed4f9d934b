"""Compiling a catalog to CNF: one variable per option, order encoding for quantities.

Variables
- "one"/"optional" group g: `x[g, o]` per option, plus `none[g]` for optional groups; exactly
  one of them is true.
- "many" group g: per option o with `max_qty` m, `y[g, o] = [q>=1, ..., q>=m]` with
  `q>=k+1 -> q>=k`; count(g), qty(g, o) and sum(g.attr) are then linear in these literals.

Constraints come in *units* (one per hard rule, and the min and the max of each many group) so
that the engine can switch each unit on and off with a selector literal for explanations.

A rule becomes clauses by Shannon expansion over the one/optional groups it references,
folding the expression as each group is fixed (see `evaluate.specialize`): for each partial
assignment on the way, one clause "this prefix -> the next group is one of the values that do
not break the rule". Parts that depend only on many groups are left over after all those
groups are fixed and go to the linear encoder (`linear.encode_linear`). Rules whose groups'
product exceeds `SHANNON_LIMIT` are split at and/or/not first; numeric comparisons of large
products become linear constraints over the option literals (an attribute of a "one" group is
`sum(value_o * x[g, o])`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from math import prod

from pysat.card import CardEnc, EncType

from configurator.catalog.model import Catalog, Group, GroupKind, Option, Rule
from configurator.rules.ast import (
    AttrRef,
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    GroupRef,
    Literal,
    Unary,
    referenced_groups,
)
from configurator.rules.bom import parse_cached
from configurator.rules.evaluate import NONE_PICK, EnvValue, attr_value, specialize, truth
from configurator.rules.linear import Clause, VarPool, encode_linear, negate_guard
from configurator.rules.parser import ExpressionError

SHANNON_LIMIT = 4096
"""Largest product of group domains a rule is expanded over directly."""

_NEGATED = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
_NEGATED |= {"in": "not in", "not in": "in"}

Linear = tuple[dict[int, Decimal], Decimal]


@dataclass(frozen=True, slots=True)
class Unit:
    """A constraint that can be switched off for explanations: a rule or a group limit."""

    key: tuple[str, str]
    """("rule", rule id), ("min", group id) or ("max", group id)."""
    clauses: tuple[tuple[int, ...], ...]


@dataclass
class Compiled:
    """The CNF of a catalog plus the maps between options and variables."""

    catalog: Catalog
    pool: VarPool
    structure: list[Clause] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    x: dict[tuple[str, str], int] = field(default_factory=dict)
    none: dict[str, int] = field(default_factory=dict)
    y: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    top_domain: int = 0
    """Variables 1..top_domain are the option variables (x, none, y); the rest are helpers."""

    def value_lit(self, group_id: str, value: EnvValue) -> int:
        if isinstance(value, Option):
            return self.x[group_id, value.id]
        return self.none[group_id]

    def domain(self, group: Group) -> list[EnvValue]:
        values: list[EnvValue] = list(group.options)
        if group.kind is GroupKind.OPTIONAL:
            values.append(NONE_PICK)
        return values


def _exactly_one(lits: Sequence[int], pool: VarPool, out: list[Clause]) -> None:
    out.append(list(lits))
    if len(lits) <= 24:  # pairwise: no helper variables, so models need fewer decisions
        out.extend([-a, -b] for i, a in enumerate(lits) for b in lits[i + 1 :])
        return
    cnf = CardEnc.atmost(lits=list(lits), bound=1, top_id=pool.top, encoding=EncType.seqcounter)
    pool.top = max(pool.top, cnf.nv)
    out.extend(list(c) for c in cnf.clauses)


class Compiler:
    """Builds a `Compiled` catalog; later `define`/`emit` calls add analysis constraints."""

    def __init__(self, catalog: Catalog) -> None:
        self.c = Compiled(catalog=catalog, pool=VarPool())
        self.c.groups = {g.id: g for g in catalog.groups}
        self.order = {g.id: i for i, g in enumerate(catalog.groups)}
        self._variables()

    # -- variables and structure --------------------------------------------------------
    def _variables(self) -> None:
        c = self.c
        for group in c.catalog.groups:  # option variables first: they are 1..top_domain
            for option in group.options:
                if group.kind is GroupKind.MANY:
                    c.y[group.id, option.id] = [c.pool.new() for _ in range(max(option.max_qty, 1))]
                else:
                    c.x[group.id, option.id] = c.pool.new()
            if group.kind is GroupKind.OPTIONAL:
                c.none[group.id] = c.pool.new()
        c.top_domain = c.pool.top
        for group in c.catalog.groups:
            if group.kind is GroupKind.MANY:
                for option in group.options:
                    chain = c.y[group.id, option.id]
                    c.structure.extend([-hi, lo] for lo, hi in itertools.pairwise(chain))
                self._limits(group)
            else:
                lits = [c.value_lit(group.id, value) for value in c.domain(group)]
                _exactly_one(lits, c.pool, c.structure)

    def many_terms(
        self, group: Group, weight: Mapping[str, Decimal] | None = None
    ) -> list[tuple[int, Decimal]]:
        """count(g) (or sum of weight x quantity) as literal terms."""
        terms: list[tuple[int, Decimal]] = []
        for option in group.options:
            coef = Decimal(1) if weight is None else weight.get(option.id, Decimal(0))
            terms.extend((lit, coef) for lit in self.c.y[group.id, option.id])
        return terms

    def _limits(self, group: Group) -> None:
        capacity = sum(o.max_qty for o in group.options)
        terms = self.many_terms(group)
        if group.min > 0:
            out: list[Clause] = []
            encode_linear(terms, Decimal(-group.min), ">=", (), pool=self.c.pool, out=out)
            self.c.units.append(Unit(("min", group.id), tuple(tuple(cl) for cl in out)))
        if group.max < capacity:
            out = []
            encode_linear(terms, Decimal(-group.max), "<=", (), pool=self.c.pool, out=out)
            self.c.units.append(Unit(("max", group.id), tuple(tuple(cl) for cl in out)))

    # -- rules --------------------------------------------------------------------------
    def violation(self, rule: Rule) -> Expr:
        """The expression that is true exactly when `rule` is broken."""
        body = parse_cached(rule.expression)
        broken = body if rule.forbid else Unary("not", body, body.start, body.end)
        if rule.when is None:
            return broken
        when = parse_cached(rule.when)
        return BoolOp("and", (when, broken), when.start, body.end)

    def compile_rules(self) -> None:
        for rule in self.c.catalog.rules:
            if not rule.is_hard:
                continue
            out: list[Clause] = []
            try:
                self.emit(self.violation(rule), (), False, out)
            except ExpressionError as exc:
                raise ExpressionError(
                    f"rule {rule.id!r}: {exc.reason}", source="", column=exc.column, hint=exc.hint
                ) from exc
            self.c.units.append(Unit(("rule", rule.id), tuple(tuple(cl) for cl in out)))

    def define(self, expr: Expr, out: list[Clause]) -> int:
        """A fresh literal equivalent to `expr` (clauses appended to `out`)."""
        lit = self.c.pool.new()
        self.emit(expr, (lit,), True, out)
        self.emit(expr, (-lit,), False, out)
        return lit

    def _one_refs(self, expr: Expr) -> list[str]:
        groups = self.c.groups
        refs = [
            g
            for g in referenced_groups(expr)
            if g in groups and groups[g].kind is not GroupKind.MANY
        ]
        return sorted(refs, key=self.order.__getitem__)

    def emit(self, expr: Expr, guard: Sequence[int], positive: bool, out: list[Clause]) -> None:
        """Append clauses meaning: all `guard` literals true -> `expr` is `positive`."""
        expr = specialize(expr, self.c.groups, {})
        if isinstance(expr, Literal):
            if truth(expr.value) != positive:
                out.append(negate_guard(guard))
            return
        refs = self._one_refs(expr)
        if not refs:
            self._residual(expr, guard, positive, out)
            return
        size = prod(len(self.c.domain(self.c.groups[g])) for g in refs)
        if size <= SHANNON_LIMIT or len(refs) == 1:
            self._shannon(expr, guard, [], positive, out)
            return
        if isinstance(expr, Unary | BoolOp):
            self._split(expr, guard, positive, out)
            return
        self._residual(expr, guard, positive, out)

    def _shannon(
        self, expr: Expr, guard: Sequence[int], path: list[int], positive: bool, out: list[Clause]
    ) -> None:
        group = self.c.groups[self._one_refs(expr)[0]]
        allowed: list[int] = []
        deeper: list[tuple[int, Expr]] = []
        domain = self.c.domain(group)
        for value in domain:
            lit = self.c.value_lit(group.id, value)
            sub = specialize(expr, self.c.groups, {group.id: value})
            if isinstance(sub, Literal):
                if truth(sub.value) == positive:
                    allowed.append(lit)
                continue
            allowed.append(lit)
            deeper.append((lit, sub))
        if len(allowed) < len(domain):
            out.append(negate_guard(guard) + [-p for p in path] + allowed)
        for lit, sub in deeper:
            if self._one_refs(sub):
                self._shannon(sub, guard, [*path, lit], positive, out)
            else:
                self._residual(sub, [*guard, *path, lit], positive, out)

    def _split(
        self, expr: Unary | BoolOp, guard: Sequence[int], positive: bool, out: list[Clause]
    ) -> None:
        if isinstance(expr, Unary):
            if expr.op == "not":
                self.emit(expr.operand, guard, not positive, out)
                return
            raise ExpressionError("'-' is not a condition", source="", column=expr.start)
        if (expr.op == "and") == positive:
            for operand in expr.operands:
                self.emit(operand, guard, positive, out)
            return
        lits = [self.c.pool.new() for _ in expr.operands]
        out.append(negate_guard(guard) + lits)
        for lit, operand in zip(lits, expr.operands, strict=True):
            self.emit(operand, (lit,), positive, out)

    def _residual(
        self, expr: Expr, guard: Sequence[int], positive: bool, out: list[Clause]
    ) -> None:
        """`expr` after Shannon expansion: many-group logic and arithmetic only."""
        if isinstance(expr, Literal):
            if truth(expr.value) != positive:
                out.append(negate_guard(guard))
            return
        if isinstance(expr, Unary | BoolOp):
            self._split(expr, guard, positive, out)
            return
        if isinstance(expr, Compare):
            op = expr.op if positive else _NEGATED[expr.op]
            if expr.op in ("in", "not in"):
                lit = self._membership(expr)
                out.append([*negate_guard(guard), lit if op == "in" else -lit])
                return
            left = self._linear(expr.left)
            right = self._linear(expr.right)
            if left is None or right is None:
                # A comparison with none is false, its negation true.
                if positive:
                    out.append(negate_guard(guard))
                return
            terms = dict(left[0])
            for lit, coef in right[0].items():
                terms[lit] = terms.get(lit, Decimal(0)) - coef
            const = left[1] - right[1]
            items = list(terms.items())
            if op == "==":
                encode_linear(items, const, "<=", guard, pool=self.c.pool, out=out)
                encode_linear(items, const, ">=", guard, pool=self.c.pool, out=out)
            elif op == "!=":
                below, above = self.c.pool.new(), self.c.pool.new()
                out.append([*negate_guard(guard), below, above])
                encode_linear(items, const, "<", (below,), pool=self.c.pool, out=out)
                encode_linear(items, const, ">", (above,), pool=self.c.pool, out=out)
            else:
                encode_linear(items, const, op, guard, pool=self.c.pool, out=out)
            return
        raise ExpressionError(
            "this part cannot be used as a condition", source="", column=expr.start
        )

    def _membership(self, expr: Compare) -> int:
        right, left = expr.right, expr.left
        if (
            isinstance(right, GroupRef)
            and isinstance(left, Literal)
            and isinstance(left.value, str)
        ):
            group = self.c.groups.get(right.group)
            if group is not None and group.kind is GroupKind.MANY and group.has_option(left.value):
                return self.c.y[group.id, left.value][0]
        raise ExpressionError(
            "'in' here needs an option id on the left and a many group on the right",
            source="",
            column=expr.start,
        )

    def _linear(self, expr: Expr) -> Linear | None:
        """`expr` as (literal -> coefficient, constant); None when it is none."""
        if isinstance(expr, Literal):
            if expr.value is None:
                return None
            if isinstance(expr.value, Decimal):
                return {}, expr.value
            raise ExpressionError("a number is needed here", source="", column=expr.start)
        if isinstance(expr, Call):
            return self._many_linear(expr), Decimal(0)
        if isinstance(expr, AttrRef):
            return self._attr_linear(expr)
        if isinstance(expr, Unary) and expr.op == "-":
            inner = self._linear(expr.operand)
            if inner is None:
                return None
            return {k: -v for k, v in inner[0].items()}, -inner[1]
        if isinstance(expr, Binary):
            left, right = self._linear(expr.left), self._linear(expr.right)
            if left is None or right is None:
                return None
            if expr.op in ("+", "-"):
                sign = Decimal(1) if expr.op == "+" else Decimal(-1)
                terms = dict(left[0])
                for lit, coef in right[0].items():
                    terms[lit] = terms.get(lit, Decimal(0)) + sign * coef
                return terms, left[1] + sign * right[1]
            if expr.op == "*":
                if left[0] and right[0]:
                    raise ExpressionError(
                        "two quantities cannot be multiplied", source="", column=expr.start
                    )
                factor, linear = (left[1], right) if not left[0] else (right[1], left)
                return {k: v * factor for k, v in linear[0].items()}, linear[1] * factor
            if right[0]:
                raise ExpressionError("cannot divide by a quantity", source="", column=expr.start)
            if right[1] == 0:
                return None
            return {k: v / right[1] for k, v in left[0].items()}, left[1] / right[1]
        raise ExpressionError(
            "this part cannot be compiled to arithmetic", source="", column=expr.start
        )

    def _many_linear(self, call: Call) -> dict[int, Decimal]:
        target = call.args[0] if call.args else None
        group_id = target.group if isinstance(target, GroupRef | AttrRef) else ""
        group = self.c.groups.get(group_id)
        if group is None or group.kind is not GroupKind.MANY:
            raise ExpressionError(f"{call.func}() needs a many group", source="", column=call.start)
        weight: dict[str, Decimal] | None = None
        if call.func == "qty":
            arg = call.args[1] if len(call.args) > 1 else None
            wanted = arg.value if isinstance(arg, Literal) else None
            weight = {o.id: Decimal(1 if o.id == wanted else 0) for o in group.options}
        elif call.func == "sum" and isinstance(target, AttrRef):
            weight = {}
            for option in group.options:
                value = (
                    attr_value(option.attr(target.attr)) if option.has_attr(target.attr) else None
                )
                weight[option.id] = value if isinstance(value, Decimal) else Decimal(0)
        elif call.func != "count":
            raise ExpressionError(f"unknown function {call.func!r}", source="", column=call.start)
        terms: dict[int, Decimal] = {}
        for lit, coef in self.many_terms(group, weight):
            if coef:
                terms[lit] = coef
        return terms

    def _attr_linear(self, ref: AttrRef) -> Linear | None:
        group = self.c.groups.get(ref.group)
        if group is None or group.kind is not GroupKind.ONE:
            raise ExpressionError("this rule is too large to expand", source="", column=ref.start)
        terms: dict[int, Decimal] = {}
        for option in group.options:
            value = attr_value(option.attr(ref.attr)) if option.has_attr(ref.attr) else None
            if not isinstance(value, Decimal):
                raise ExpressionError(
                    "this rule is too large to expand (a non-numeric attribute)",
                    source="",
                    column=ref.start,
                    hint="Split it into smaller rules.",
                )
            terms[self.c.x[group.id, option.id]] = value
        return terms, Decimal(0)


def compile_catalog(catalog: Catalog) -> tuple[Compiler, Compiled]:
    """Compile every hard rule and limit of `catalog`."""
    compiler = Compiler(catalog)
    compiler.compile_rules()
    return compiler, compiler.c
