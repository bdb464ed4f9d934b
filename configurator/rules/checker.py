"""Static checks of an expression against a catalog: names, attributes, types, many-group use.

The loader reports every problem at once, so `check` never stops at the first one. Guards are
understood the way a product manager writes them: in `a and b`, whatever `a` establishes
(`gpu != 'igpu'`, `screen in ['oled', 'ips']`, `chassis.has('x')`) holds while checking `b`; in
`a or b`, the negation of `a` holds; a rule's `when` holds while checking its `require`/`forbid`.
So an attribute only needs to exist on the options that can reach it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from configurator.catalog.model import Catalog, Group, GroupKind
from configurator.rules.ast import (
    ORDER_OPS,
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
    Unary,
)
from configurator.rules.evaluate import attr_value
from configurator.rules.guards import Ctx, guard_facts, narrow


@dataclass(frozen=True, slots=True)
class ExpressionProblem:
    """One thing wrong with an expression; `column` is 1-based, `end_column` exclusive."""

    message: str
    column: int
    hint: str | None = None
    end_column: int | None = None

    def render(self, source: str) -> str:
        """The message with the source line and a caret under the culprit."""
        width = max(1, (self.end_column or self.column + 1) - self.column)
        pointer = " " * (self.column - 1) + "^" * width
        text = f"{self.message} (column {self.column})\n  {source}\n  {pointer}"
        return f"{text}\n{self.hint}" if self.hint else text


_ANY = frozenset({"num", "str", "bool", "none", "list"})
Types = frozenset[str]


def _names(items: Iterable[str]) -> str:
    return ", ".join(sorted(items)) or "(none)"


def _close(word: str, choices: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _literal_type(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Decimal):
        return "num"
    if isinstance(value, str):
        return "str"
    return "list"


def _type_name(types: Types) -> str:
    names = {"num": "a number", "str": "a string", "bool": "true/false", "none": "none"}
    names |= {"list": "a list", "many": "a many group"}
    return " or ".join(names[t] for t in sorted(types))


def _has_many_term(node: Expr) -> bool:
    if isinstance(node, Call):
        return True
    if isinstance(node, Binary):
        return _has_many_term(node.left) or _has_many_term(node.right)
    if isinstance(node, Unary):
        return _has_many_term(node.operand)
    return False


class _Checker:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.groups = {g.id: g for g in catalog.groups}
        self.problems: list[ExpressionProblem] = []

    def report(self, node: Expr, message: str, hint: str | None = None, *, column: int = 0) -> None:
        start = column or node.start
        problem = ExpressionProblem(message, start, hint, node.end)
        if problem not in self.problems:
            self.problems.append(problem)

    # -- names ---------------------------------------------------------------------------
    def group(self, node: GroupRef | AttrRef | HasAttr) -> Group | None:
        group = self.groups.get(node.group)
        if group is None:
            near = _close(node.group, self.groups)
            hint = f"Did you mean {near!r}?" if near else f"Groups: {_names(self.groups)}."
            self.report(node, f"unknown group {node.group!r}", hint)
        return group

    def option_literal(self, group: Group, node: Expr) -> None:
        """`node` is compared with `group`'s option ids: it must be one of them."""
        if not isinstance(node, Literal):
            return
        value = node.value
        if value is None:
            if group.kind is GroupKind.ONE:
                self.report(
                    node,
                    f"group {group.id!r} always has a pick, it is never none",
                    'Only "optional" groups can be none.',
                )
            return
        if not isinstance(value, str):
            self.report(
                node,
                f"group {group.id!r} is compared with "
                f"{_type_name(frozenset({_literal_type(value)}))}",
                "Compare it with an option id in quotes.",
            )
            return
        if value == "none":
            self.report(
                node,
                "'none' in quotes is a string, not the empty pick",
                "Write none without quotes.",
            )
            return
        if not group.has_option(value):
            ids = [o.id for o in group.options]
            near = _close(value, ids)
            hint = f"Did you mean {near!r}?" if near else f"Options: {_names(ids)}."
            self.report(node, f"group {group.id!r} has no option {value!r}", hint)

    # -- inference -----------------------------------------------------------------------
    def infer(self, node: Expr, ctx: Ctx) -> Types:
        if isinstance(node, Literal):
            return frozenset({_literal_type(node.value)})
        if isinstance(node, ListExpr):
            for item in node.items:
                self.infer(item, ctx)
            return frozenset({"list"})
        if isinstance(node, GroupRef):
            group = self.group(node)
            if group is None:
                return _ANY
            if group.kind is GroupKind.MANY:
                return frozenset({"many"})
            return frozenset({"str", "none"} if group.kind is GroupKind.OPTIONAL else {"str"})
        if isinstance(node, AttrRef):
            return self.attr(node, ctx)
        if isinstance(node, HasAttr):
            group = self.group(node)
            if group is not None:
                if group.kind is GroupKind.MANY:
                    self.report(
                        node,
                        f"has() does not apply to the many group {group.id!r}",
                        "Use sum(), count() or 'x' in group.",
                    )
                elif not any(o.has_attr(node.attr) for o in group.options):
                    self.report(
                        node,
                        f"no option of group {group.id!r} has attribute {node.attr!r}, "
                        "so this is always false",
                        self._attr_hint(group),
                    )
            return frozenset({"bool"})
        if isinstance(node, Call):
            return self.call(node, ctx)
        if isinstance(node, Unary):
            types = self.infer(node.operand, ctx)
            wanted = "bool" if node.op == "not" else "num"
            self.need(node.operand, types, wanted, f"'{node.op}'")
            return frozenset({wanted} | ({"none"} if wanted == "num" else set()))
        if isinstance(node, Binary):
            return self.binary(node, ctx)
        if isinstance(node, Compare):
            return self.compare(node, ctx)
        return self.boolop(node, ctx)

    def need(self, node: Expr, types: Types, wanted: str, where: str) -> None:
        if "many" in types:
            self.many_misuse(node)
        elif wanted not in types:
            self.report(
                node,
                f"{where} needs {_type_name(frozenset({wanted}))}, this is {_type_name(types)}",
            )

    def many_misuse(self, node: Expr) -> None:
        name = node.group if isinstance(node, GroupRef) else "group"
        self.report(
            node,
            f"{name!r} is a many group: it has no single value",
            f"Use 'x' in {name}, count({name}), qty({name}, 'x') or sum({name}.attr).",
        )

    def _attr_hint(self, group: Group) -> str:
        attrs = sorted({a for o in group.options for a in o.attrs} | {"price", "label"})
        return f"Attributes of {group.id!r}: {', '.join(attrs)}."

    def attr(self, node: AttrRef, ctx: Ctx) -> Types:
        group = self.group(node)
        if group is None:
            return _ANY
        if group.kind is GroupKind.MANY:
            self.report(
                node,
                f"{group.id!r} is a many group: {group.id}.{node.attr} has no single value",
                f"Use sum({group.id}.{node.attr}).",
            )
            return frozenset({"num"})
        if not any(o.has_attr(node.attr) for o in group.options):
            near = _close(
                node.attr, {a for o in group.options for a in o.attrs} | {"price", "label"}
            )
            hint = f"Did you mean {near!r}?" if near else self._attr_hint(group)
            self.report(
                node,
                f"group {group.id!r} has no attribute {node.attr!r}",
                hint,
                column=node.attr_start,
            )
            return _ANY
        allowed = ctx.get(group.id)
        options = [o for o in group.options if allowed is None or o.id in allowed]
        missing = [o.id for o in options if not o.has_attr(node.attr)]
        if missing:
            self.report(
                node,
                f"attribute {node.attr!r} is missing on option(s) {', '.join(missing)} "
                f"of group {group.id!r}",
                f"Add it to those options, or guard it: {group.id}.has('{node.attr}') and ...",
                column=node.attr_start,
            )
        types = {
            _literal_type(attr_value(o.attr(node.attr))) for o in options if o.has_attr(node.attr)
        }
        if group.kind is GroupKind.OPTIONAL or missing:
            types.add("none")
        return frozenset(types) or _ANY

    def call(self, node: Call, ctx: Ctx) -> Types:
        arity = {"count": 1, "qty": 2, "sum": 1}
        if node.func not in arity:
            self.report(
                node,
                f"unknown function {node.func!r}",
                "Functions: count(group), qty(group, 'x'), sum(group.attr).",
            )
            return _ANY
        usage = {"count": "count(group)", "qty": "qty(group, 'x')", "sum": "sum(group.attr)"}[
            node.func
        ]
        if len(node.args) != arity[node.func]:
            self.report(
                node, f"{node.func}() takes {arity[node.func]} argument(s)", f"Write {usage}."
            )
            return frozenset({"num"})
        target = node.args[0]
        if node.func == "sum":
            if not isinstance(target, AttrRef):
                self.report(target, "sum() takes an attribute of a many group", f"Write {usage}.")
                return frozenset({"num"})
            group = self.group(target)
            if group is None:
                return frozenset({"num"})
            if group.kind is not GroupKind.MANY:
                self.report(
                    target,
                    f"sum() needs a many group, {group.id!r} is {group.kind.value!r}",
                    f"Use {group.id}.{target.attr} directly.",
                )
                return frozenset({"num"})
            missing = [o.id for o in group.options if not o.has_attr(target.attr)]
            if len(missing) == len(group.options):
                self.report(
                    target,
                    f"group {group.id!r} has no attribute {target.attr!r}",
                    self._attr_hint(group),
                    column=target.attr_start,
                )
            elif missing:
                self.report(
                    target,
                    f"attribute {target.attr!r} is missing on option(s) {', '.join(missing)} "
                    f"of group {group.id!r}",
                    "sum() needs it on every option of the group.",
                    column=target.attr_start,
                )
            wrong = [
                o.id
                for o in group.options
                if o.has_attr(target.attr)
                and _literal_type(attr_value(o.attr(target.attr))) != "num"
            ]
            if wrong:
                self.report(
                    target,
                    f"attribute {target.attr!r} is not a number on option(s) {', '.join(wrong)}",
                    "sum() adds numbers.",
                    column=target.attr_start,
                )
            return frozenset({"num"})
        if not isinstance(target, GroupRef):
            self.report(target, f"{node.func}() takes a many group", f"Write {usage}.")
            return frozenset({"num"})
        group = self.group(target)
        if group is None:
            return frozenset({"num"})
        if group.kind is not GroupKind.MANY:
            self.report(
                target,
                f"{node.func}() needs a many group, {group.id!r} is {group.kind.value!r}",
                f"Compare {group.id} with an option id instead: {group.id} == 'x'.",
            )
            return frozenset({"num"})
        if node.func == "qty":
            option = node.args[1]
            if isinstance(option, Literal) and isinstance(option.value, str):
                self.option_literal(group, option)
            else:
                self.report(
                    option,
                    "qty() takes an option id in quotes as its second argument",
                    f"Write qty({group.id}, 'x').",
                )
        return frozenset({"num"})

    def binary(self, node: Binary, ctx: Ctx) -> Types:
        left = self.infer(node.left, ctx)
        right = self.infer(node.right, ctx)
        self.need(node.left, left, "num", f"'{node.op}'")
        self.need(node.right, right, "num", f"'{node.op}'")
        if node.op == "*" and _has_many_term(node.left) and _has_many_term(node.right):
            self.report(
                node,
                "two many-group quantities cannot be multiplied",
                "Rules must stay linear in the quantities of many groups.",
            )
        if node.op == "/" and _has_many_term(node.right):
            self.report(
                node.right,
                "cannot divide by a many-group quantity",
                "Multiply the other side instead.",
            )
        return frozenset({"num", "none"})

    def compare(self, node: Compare, ctx: Ctx) -> Types:
        if node.op in ("in", "not in"):
            return self.membership(node, ctx)
        left = self.infer(node.left, ctx)
        right = self.infer(node.right, ctx)
        for side, types in ((node.left, left), (node.right, right)):
            if "many" in types:
                self.many_misuse(side)
                return frozenset({"bool"})
        for side, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(side, GroupRef):
                group = self.groups.get(side.group)
                if group is not None and group.kind is not GroupKind.MANY:
                    self.option_literal(group, other)
                    if node.op in ORDER_OPS:
                        self.report(
                            node,
                            f"option ids of {group.id!r} have no order",
                            "Compare an attribute instead, e.g. group.size > 13.",
                        )
                    return frozenset({"bool"})
        if node.op in ORDER_OPS:
            if not ({"num", "str"} & left & right):
                self.report(
                    node,
                    f"cannot order {_type_name(left)} against {_type_name(right)}",
                    "Both sides must be numbers (or both strings).",
                )
        elif not ((left & right) - {"none"}) and "none" not in left | right:
            self.report(
                node,
                f"comparing {_type_name(left)} with {_type_name(right)} is always "
                + ("false" if node.op == "==" else "true"),
            )
        return frozenset({"bool"})

    def membership(self, node: Compare, ctx: Ctx) -> Types:
        left = self.infer(node.left, ctx)
        right_node = node.right
        if isinstance(right_node, GroupRef):
            group = self.group(right_node)
            if group is None:
                return frozenset({"bool"})
            if group.kind is not GroupKind.MANY:
                self.report(
                    right_node,
                    f"'in' needs a list or a many group, {group.id!r} is {group.kind.value!r}",
                    f"Write {group.id} == 'x' or {group.id} in ['x', 'y'].",
                )
                return frozenset({"bool"})
            if isinstance(node.left, Literal):
                self.option_literal(group, node.left)
            else:
                self.report(
                    node.left,
                    f"'... in {group.id}' takes an option id in quotes on its left",
                    f"Write 'x' in {group.id}.",
                )
            return frozenset({"bool"})
        right = self.infer(right_node, ctx)
        if "list" not in right:
            self.report(
                right_node,
                f"'in' needs a list or a many group on its right, this is {_type_name(right)}",
            )
            return frozenset({"bool"})
        if "many" in left:
            self.many_misuse(node.left)
        elif isinstance(node.left, GroupRef) and isinstance(right_node, ListExpr):
            group = self.groups.get(node.left.group)
            if group is not None:
                for item in right_node.items:
                    self.option_literal(group, item)
        return frozenset({"bool"})

    def boolop(self, node: BoolOp, ctx: Ctx) -> Types:
        local = ctx
        for operand in node.operands:
            types = self.infer(operand, local)
            self.need(operand, types, "bool", f"'{node.op}'")
            local = narrow(local, guard_facts(self.groups, operand, node.op == "and"))
        return frozenset({"bool"})


def check(
    expr: Expr, catalog: Catalog, *, assume: Expr | None = None, condition: bool = True
) -> list[ExpressionProblem]:
    """Every problem of `expr` in `catalog`.

    `assume` is an expression known to hold (a rule's `when` while checking its `require` or
    `forbid`): its guards count. `condition` says the result must be true/false (rules, bom).
    """
    checker = _Checker(catalog)
    ctx: Ctx = guard_facts(checker.groups, assume, True) if assume is not None else {}
    types = checker.infer(expr, ctx)
    if condition and "bool" not in types and not checker.problems:
        checker.report(
            expr,
            f"a condition must be true or false, this is {_type_name(types)}",
            "Compare it, e.g. group == 'x' or group.attr > 3.",
        )
    return checker.problems
