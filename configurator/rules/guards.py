"""Guards in expressions: what a condition establishes about which options a group can have.

In `a and b`, `a` holds while `b` is evaluated; in `a or b`, `not a` holds. So
`gpu != 'igpu' and gpu.tdp_w > 50` only needs `tdp_w` on the options other than `igpu`. The
checker narrows its view of each group with these facts before checking attributes.
"""

from __future__ import annotations

from collections.abc import Mapping

from configurator.catalog.model import Group, GroupKind
from configurator.rules.ast import (
    BoolOp,
    Compare,
    Expr,
    GroupRef,
    HasAttr,
    ListExpr,
    Literal,
    Unary,
)

Ctx = Mapping[str, frozenset[str]]
"""Group id -> the option ids still possible at this point of the expression."""


def guard_facts(
    groups: Mapping[str, Group], node: Expr, positive: bool
) -> dict[str, frozenset[str]]:
    """Option sets that hold for each group when `node` is `positive`."""
    if isinstance(node, Unary) and node.op == "not":
        return guard_facts(groups, node.operand, not positive)
    if isinstance(node, BoolOp):
        if (node.op == "and") == positive:
            merged: dict[str, frozenset[str]] = {}
            for operand in node.operands:
                for group_id, allowed in guard_facts(groups, operand, positive).items():
                    merged[group_id] = merged.get(group_id, allowed) & allowed
            return merged
        return {}
    if isinstance(node, HasAttr):
        group = groups.get(node.group)
        if group is None:
            return {}
        return {
            group.id: frozenset(o.id for o in group.options if o.has_attr(node.attr) == positive)
        }
    if isinstance(node, Compare) and isinstance(node.left, GroupRef):
        group = groups.get(node.left.group)
        if group is None or group.kind is GroupKind.MANY:
            return {}
        ids = _literal_ids(node.right)
        if ids is None:
            return {}
        if node.op in ("==", "in"):
            inside = positive
        elif node.op in ("!=", "not in"):
            inside = not positive
        else:
            return {}
        every = frozenset(o.id for o in group.options)
        return {group.id: every & ids if inside else every - ids}
    return {}


def _literal_ids(node: Expr) -> frozenset[str] | None:
    if isinstance(node, Literal) and isinstance(node.value, str):
        return frozenset({node.value})
    if isinstance(node, ListExpr) and all(
        isinstance(i, Literal) and isinstance(i.value, str) for i in node.items
    ):
        return frozenset(
            i.value for i in node.items if isinstance(i, Literal) and isinstance(i.value, str)
        )
    return None


def narrow(ctx: Ctx, facts: Mapping[str, frozenset[str]]) -> Ctx:
    if not facts:
        return ctx
    out = dict(ctx)
    for group_id, allowed in facts.items():
        out[group_id] = out[group_id] & allowed if group_id in out else allowed
    return out
