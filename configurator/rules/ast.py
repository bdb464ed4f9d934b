"""The syntax tree of catalog expressions: frozen nodes that remember where they came from.

Every node carries `start` and `end`, 1-based columns into the source (end exclusive), so the
checker, the compiler and the engine can point the product manager at the exact spot. Numbers
are `Decimal` from the start: prices are money and attribute arithmetic must not drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias

LiteralValue: TypeAlias = Decimal | str | bool | tuple["LiteralValue", ...] | None
"""A constant: number, string, boolean, none, or a list of constants."""


@dataclass(frozen=True, slots=True)
class Literal:
    value: LiteralValue
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ListExpr:
    """`['a', 'b']`; items may be any expressions (constant-folded when possible)."""

    items: tuple[Expr, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GroupRef:
    """A bare group id: the picked option's id ("one"/"optional") or a many group's multiset."""

    group: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AttrRef:
    """`group.attr`: an attribute of the picked option."""

    group: str
    attr: str
    start: int
    end: int
    attr_start: int


@dataclass(frozen=True, slots=True)
class HasAttr:
    """`group.has('attr')`: whether the picked option carries the attribute."""

    group: str
    attr: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Call:
    """`count(g)`, `qty(g, 'x')`, `sum(g.attr)` and any unknown name (reported by `check`)."""

    func: str
    args: tuple[Expr, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Unary:
    """`not x` or `-x`."""

    op: str
    operand: Expr
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Binary:
    """Arithmetic: `+ - * /`."""

    op: str
    left: Expr
    right: Expr
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Compare:
    """`== != < <= > >= in` and `not in` (never chained)."""

    op: str
    left: Expr
    right: Expr
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BoolOp:
    """`and` / `or` with two or more operands (flattened)."""

    op: str
    operands: tuple[Expr, ...]
    start: int
    end: int


Expr: TypeAlias = (
    Literal | ListExpr | GroupRef | AttrRef | HasAttr | Call | Unary | Binary | Compare | BoolOp
)

FUNCTIONS = ("count", "qty", "sum")
"""Functions over "many" groups."""

COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
ORDER_OPS = ("<", "<=", ">", ">=")
ARITH_OPS = ("+", "-", "*", "/")


def children(node: Expr) -> tuple[Expr, ...]:
    """Direct sub-expressions, for generic walks."""
    if isinstance(node, ListExpr):
        return node.items
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary | Compare):
        return (node.left, node.right)
    if isinstance(node, BoolOp):
        return node.operands
    return ()


def walk(node: Expr) -> list[Expr]:
    """All nodes, pre-order."""
    out: list[Expr] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(children(current)))
    return out


def referenced_groups(node: Expr) -> frozenset[str]:
    """Every group id the expression mentions (unknown ids included)."""
    return frozenset(n.group for n in walk(node) if isinstance(n, GroupRef | AttrRef | HasAttr))
