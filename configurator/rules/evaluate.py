"""Evaluating expressions, fully or partially (constant folding over the groups known so far).

`specialize` is the workhorse: it substitutes the groups an environment knows and folds what
becomes constant, leaving the rest as a smaller expression. Full evaluation is specialisation
with every referenced group known; the compiler uses it to split rules over one group at a time
(Shannon expansion) and to leave only "many"-group arithmetic for the linear encodings.

Semantics (documented in docs/engine.md): only `true` is true in a boolean position; ordering
comparisons need two numbers or two strings, otherwise they are false; arithmetic with `none`
(an optional group picked as none, or a missing attribute) gives `none`; division by zero gives
`none`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Final, TypeAlias

from configurator.catalog.model import AttrValue, Catalog, Group, GroupKind, Option, Picks
from configurator.rules.ast import (
    AttrRef,
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    GroupRef,
    HasAttr,
    ListExpr,
    Literal,
    LiteralValue,
    Unary,
    referenced_groups,
)
from configurator.rules.parser import ExpressionError


class _NonePick:
    """An "optional" group explicitly picked as none (differs from "not decided")."""

    def __repr__(self) -> str:
        return "NONE_PICK"


NONE_PICK: Final = _NonePick()

EnvValue: TypeAlias = Option | _NonePick | Mapping[str, int]
Env: TypeAlias = Mapping[str, EnvValue]
"""Group id -> picked option / NONE_PICK / multiset. Absent groups are unknown."""


def attr_value(value: AttrValue | Decimal) -> LiteralValue:
    """Normalise an attribute for the language: numbers become Decimal, others stay."""
    if isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def is_number(value: object) -> bool:
    return isinstance(value, Decimal)


def truth(value: LiteralValue) -> bool:
    return value is True


def values_equal(a: LiteralValue, b: LiteralValue) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    return type(a) is type(b) and a == b


def compare_values(op: str, a: LiteralValue, b: LiteralValue) -> bool:
    if op == "==":
        return values_equal(a, b)
    if op == "!=":
        return not values_equal(a, b)
    if op in ("in", "not in"):
        found = isinstance(b, tuple) and any(values_equal(a, item) for item in b)
        return found if op == "in" else not found
    ordered = (is_number(a) and is_number(b)) or (isinstance(a, str) and isinstance(b, str))
    if not ordered:
        return False
    if op == "<":
        return a < b  # type: ignore[operator]
    if op == "<=":
        return a <= b  # type: ignore[operator]
    if op == ">":
        return a > b  # type: ignore[operator]
    return a >= b  # type: ignore[operator]


def arith(op: str, a: LiteralValue, b: LiteralValue) -> LiteralValue:
    if not (isinstance(a, Decimal) and isinstance(b, Decimal)):
        return None
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            return None
        return a / b
    except InvalidOperation:
        return None


def _lit(value: LiteralValue, node: Expr) -> Literal:
    return Literal(value, node.start, node.end)


def specialize(node: Expr, groups: Mapping[str, Group], env: Env) -> Expr:
    """Substitute what `env` knows into `node` and fold constants."""
    if isinstance(node, Literal):
        return node
    if isinstance(node, ListExpr):
        items = tuple(specialize(item, groups, env) for item in node.items)
        if all(isinstance(item, Literal) for item in items):
            return _lit(tuple(item.value for item in items if isinstance(item, Literal)), node)
        return ListExpr(items, node.start, node.end)
    if isinstance(node, GroupRef):
        value = env.get(node.group)
        if value is None or isinstance(value, Mapping):
            return node
        if isinstance(value, _NonePick):
            return _lit(None, node)
        return _lit(value.id, node)
    if isinstance(node, AttrRef):
        value = env.get(node.group)
        if value is None or isinstance(value, Mapping):
            return node
        if isinstance(value, _NonePick) or not value.has_attr(node.attr):
            return _lit(None, node)
        return _lit(attr_value(value.attr(node.attr)), node)
    if isinstance(node, HasAttr):
        value = env.get(node.group)
        if value is None or isinstance(value, Mapping):
            return node
        return _lit(isinstance(value, Option) and value.has_attr(node.attr), node)
    if isinstance(node, Call):
        return _special_call(node, groups, env)
    if isinstance(node, Unary):
        operand = specialize(node.operand, groups, env)
        if isinstance(operand, Literal):
            if node.op == "not":
                return _lit(not truth(operand.value), node)
            number = operand.value
            return _lit(-number if isinstance(number, Decimal) else None, node)
        return Unary(node.op, operand, node.start, node.end)
    if isinstance(node, Binary):
        left = specialize(node.left, groups, env)
        right = specialize(node.right, groups, env)
        if isinstance(left, Literal) and isinstance(right, Literal):
            return _lit(arith(node.op, left.value, right.value), node)
        return Binary(node.op, left, right, node.start, node.end)
    if isinstance(node, Compare):
        return _special_compare(node, groups, env)
    return _special_bool(node, groups, env)


def _many_value(node: Expr, env: Env) -> Mapping[str, int] | None:
    if isinstance(node, GroupRef | AttrRef):
        value = env.get(node.group)
        if isinstance(value, Mapping):
            return value
    return None


def _special_call(node: Call, groups: Mapping[str, Group], env: Env) -> Expr:
    if not node.args:
        return node
    target = node.args[0]
    multiset = _many_value(target, env)
    if multiset is None:
        if node.func == "qty" and len(node.args) == 2:
            arg = specialize(node.args[1], groups, env)
            return Call(node.func, (target, arg), node.start, node.end)
        return node
    if node.func == "count":
        return _lit(Decimal(sum(multiset.values())), node)
    if node.func == "qty" and len(node.args) == 2:
        arg = specialize(node.args[1], groups, env)
        if isinstance(arg, Literal):
            return _lit(
                Decimal(multiset.get(arg.value, 0) if isinstance(arg.value, str) else 0), node
            )
        return Call(node.func, (target, arg), node.start, node.end)
    if node.func == "sum" and isinstance(target, AttrRef):
        group = groups[target.group]
        total = Decimal(0)
        for option_id, qty in multiset.items():
            option = group.option(option_id)
            if option.has_attr(target.attr):
                value = attr_value(option.attr(target.attr))
                if isinstance(value, Decimal):
                    total += value * qty
        return _lit(total, node)
    return node


def _special_compare(node: Compare, groups: Mapping[str, Group], env: Env) -> Expr:
    left = specialize(node.left, groups, env)
    if node.op in ("in", "not in") and isinstance(node.right, GroupRef):
        multiset = _many_value(node.right, env)
        group = groups.get(node.right.group)
        if group is not None and group.kind is GroupKind.MANY:
            if multiset is not None and isinstance(left, Literal):
                found = isinstance(left.value, str) and multiset.get(left.value, 0) > 0
                return _lit(found if node.op == "in" else not found, node)
            return Compare(node.op, left, node.right, node.start, node.end)
    right = specialize(node.right, groups, env)
    if isinstance(left, Literal) and isinstance(right, Literal):
        return _lit(compare_values(node.op, left.value, right.value), node)
    return Compare(node.op, left, right, node.start, node.end)


def _special_bool(node: BoolOp, groups: Mapping[str, Group], env: Env) -> Expr:
    decisive = node.op == "or"  # the operand value that decides the whole
    rest: list[Expr] = []
    for operand in node.operands:
        folded = specialize(operand, groups, env)
        if isinstance(folded, Literal):
            if truth(folded.value) == decisive:
                return _lit(decisive, node)
            continue
        rest.append(folded)
    if not rest:
        return _lit(not decisive, node)
    if len(rest) == 1:
        return rest[0]
    return BoolOp(node.op, tuple(rest), node.start, node.end)


def env_from_picks(catalog: Catalog, picks: Picks) -> Env:
    """Turn picks into an environment; unknown groups/options raise `KeyError`."""
    env: dict[str, EnvValue] = {}
    for group_id, pick in picks.items():
        group = catalog.group(group_id)
        if group.kind is GroupKind.MANY:
            if not isinstance(pick, Mapping):
                raise KeyError(f"group {group_id!r} takes a multiset of option ids")
            for option_id in pick:
                group.option(option_id)
            env[group_id] = {k: int(v) for k, v in pick.items() if int(v) > 0}
        elif pick is None:
            env[group_id] = NONE_PICK
        elif isinstance(pick, str):
            env[group_id] = group.option(pick)
        else:
            raise KeyError(f"group {group_id!r} takes one option id, not {pick!r}")
    return env


def evaluate(expr: Expr, catalog: Catalog, picks: Picks) -> LiteralValue:
    """The value of `expr` for picks that decide every group it references."""
    groups = {g.id: g for g in catalog.groups}
    try:
        env = env_from_picks(catalog, {g: p for g, p in picks.items() if g in groups})
    except KeyError as exc:
        raise ExpressionError(f"cannot evaluate: {exc.args[0]}", source="", column=1) from exc
    missing = sorted(g for g in referenced_groups(expr) if g not in env)
    if missing:
        unknown = [g for g in missing if g not in groups]
        if unknown:
            raise ExpressionError(f"unknown group {unknown[0]!r}", source="", column=1)
        # "many" groups that were not picked at all hold nothing.
        for group_id in missing:
            if groups[group_id].kind is GroupKind.MANY:
                env = {**env, group_id: {}}
        missing = [g for g in missing if g not in env]
    if missing:
        raise ExpressionError(
            f"cannot evaluate: no pick for group {missing[0]!r}", source="", column=1
        )
    result = specialize(expr, groups, env)
    if not isinstance(result, Literal):
        raise ExpressionError("cannot evaluate this expression", source="", column=result.start)
    return result.value
