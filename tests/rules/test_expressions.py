"""The expression language: parsing (with columns), checking against a catalog, evaluating."""

from __future__ import annotations

from decimal import Decimal

import pytest

from configurator.catalog.model import PickValue
from configurator.errors import UserError
from configurator.rules.ast import (
    AttrRef,
    Binary,
    BoolOp,
    Call,
    Compare,
    GroupRef,
    HasAttr,
    ListExpr,
    Literal,
    Unary,
)
from configurator.rules.expressions import (
    ExpressionError,
    check,
    evaluate,
    parse,
    referenced_groups,
)
from tests.rules.factory import laptop


# -- parsing ---------------------------------------------------------------------------
def test_precedence_or_and_not_comparison_arithmetic() -> None:
    expr = parse("not a == 'x' or b.w + 2 * 3 > 4 and c")
    assert isinstance(expr, BoolOp)
    assert expr.op == "or"
    first, second = expr.operands
    assert isinstance(first, Unary)
    assert isinstance(first.operand, Compare)
    assert isinstance(second, BoolOp)
    assert second.op == "and"
    comparison = second.operands[0]
    assert isinstance(comparison, Compare)
    assert comparison.op == ">"
    left = comparison.left
    assert isinstance(left, Binary)
    assert left.op == "+"
    assert isinstance(left.right, Binary)
    assert left.right.op == "*"


def test_literals() -> None:
    assert parse("12").value == Decimal(12)  # type: ignore[union-attr]
    assert parse("1.5").value == Decimal("1.5")  # type: ignore[union-attr]
    assert parse("-3").value == Decimal(-3)  # type: ignore[union-attr]
    assert parse('"dq"').value == "dq"  # type: ignore[union-attr]
    assert parse(r"'a\'b'").value == "a'b"  # type: ignore[union-attr]
    assert parse("true").value is True  # type: ignore[union-attr]
    assert parse("false").value is False  # type: ignore[union-attr]
    assert parse("none").value is None  # type: ignore[union-attr]
    lst = parse("['a', 'b',]")
    assert isinstance(lst, ListExpr)
    assert [i.value for i in lst.items] == ["a", "b"]  # type: ignore[union-attr]


def test_group_attr_has_and_calls() -> None:
    assert parse("chassis") == GroupRef("chassis", 1, 8)
    attr = parse("chassis.size_in")
    assert isinstance(attr, AttrRef)
    assert (attr.group, attr.attr, attr.start, attr.attr_start) == ("chassis", "size_in", 1, 9)
    has = parse("gpu.has('tdp')")
    assert isinstance(has, HasAttr)
    assert (has.group, has.attr) == ("gpu", "tdp")
    call = parse("qty(ports, 'usbc')")
    assert isinstance(call, Call)
    assert call.func == "qty"
    assert len(call.args) == 2


def test_in_and_not_in() -> None:
    expr = parse("'dock' not in accessories")
    assert isinstance(expr, Compare)
    assert expr.op == "not in"
    expr = parse("gpu in ['a', 'b']")
    assert isinstance(expr, Compare)
    assert expr.op == "in"


def test_spans_cover_parentheses() -> None:
    expr = parse("x and (a or b)")
    assert isinstance(expr, BoolOp)
    assert expr.operands[1].start == 7
    assert expr.operands[1].end == 15


def test_referenced_groups() -> None:
    expr = parse("chassis.max_tdp_w >= processor.tdp_w and 'x' in ports and gpu.has('a')")
    assert referenced_groups(expr) == {"chassis", "processor", "ports", "gpu"}


@pytest.mark.parametrize(
    ("source", "column", "fragment"),
    [
        ("a = b", 3, "unexpected character '='"),
        ("a and", 6, "expected a value"),
        ("(a or b", 8, "expected ')'"),
        ("'abc", 1, "string is not closed"),
        ("a < b < c", 7, "cannot be chained"),
        ("a b", 3, "expected an operator"),
        ("x.has(3)", 7, "has() takes the attribute name"),
        ("", 1, "empty"),
        ("a && b", 3, "unexpected character '&'"),
        ("a.", 3, "expected an attribute name"),
        ("a.size(1)", 7, "is not a method"),
        ("and x", 1, "'and' needs a value"),
        ("count(a", 8, "',' or ')'"),
        ("[1, 2", 6, "',' or ']'"),
    ],
)
def test_syntax_errors_point_at_the_column(source: str, column: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(source)
    assert info.value.column == column
    assert fragment in info.value.reason
    assert isinstance(info.value, UserError)
    if source:
        lines = info.value.message.splitlines()
        assert lines[1].strip() == source.strip()
        assert lines[2].index("^") - 2 == column - 1


def test_error_hints() -> None:
    with pytest.raises(ExpressionError) as info:
        parse("a = 'x'")
    assert info.value.hint is not None
    assert "==" in info.value.hint


# -- checking ------------------------------------------------------------------------------
CAT = laptop()


def problems(source: str, assume: str | None = None) -> list[tuple[str, int, str | None]]:
    found = check(parse(source), CAT, assume=parse(assume) if assume else None)
    return [(p.message, p.column, p.hint) for p in found]


@pytest.mark.parametrize(
    "source",
    [
        "chassis.max_tdp_w >= processor.tdp_w",
        "gpu == 'rtx' and chassis.size_in < 16",
        "gpu == none or gpu.power_w < 100",
        "'usbc' in ports and count(ports) >= 2",
        "qty(ports, 'hdmi') <= 1 or gpu == 'rtx'",
        "sum(ports.w) + 1 <= 7",
        "chassis == 'c16' and chassis.m2_slots > 1",
        "chassis.has('m2_slots') and chassis.m2_slots > 1",
        "not chassis.has('m2_slots') or chassis.m2_slots > 1",
        "chassis in ['c16'] and chassis.m2_slots == 2",
        "chassis.price > 50",
        "chassis.label != 'x'",
    ],
)
def test_clean_expressions(source: str) -> None:
    assert problems(source) == []


@pytest.mark.parametrize(
    ("source", "column", "fragment", "hint"),
    [
        ("chasis == 'c13'", 1, "unknown group 'chasis'", "Did you mean 'chassis'?"),
        ("chassis == 'c15'", 12, "has no option 'c15'", "Did you mean 'c16'?"),
        ("chassis.foo > 1", 9, "has no attribute 'foo'", "Attributes of 'chassis'"),
        ("chassis.size > 1", 9, "has no attribute 'size'", "Did you mean 'size_in'?"),
        ("chassis.m2_slots > 1", 9, "missing on option(s) c13, c14", "chassis.has('m2_slots')"),
        ("ports.w > 1", 1, "many group", "sum(ports.w)"),
        ("ports == 'usbc'", 1, "'ports' is a many group", "'x' in ports"),
        ("count(chassis) > 1", 7, "count() needs a many group", "chassis == 'x'"),
        ("qty(ports, 'vga') > 1", 12, "has no option 'vga'", None),
        ("qty(ports, 1) > 1", 12, "option id in quotes", None),
        ("sum(chassis.size_in) > 1", 5, "sum() needs a many group", None),
        ("'vga' in ports", 1, "has no option 'vga'", None),
        ("'usbc' in chassis", 11, "'in' needs a list or a many group", None),
        ("chassis in 3", 12, "'in' needs a list", None),
        ("chassis.label > 3", 1, "cannot order", None),
        ("chassis > 'c13'", 1, "have no order", None),
        ("chassis == none", 12, "never none", None),
        ("gpu == 'none'", 8, "'none' in quotes", "without quotes"),
        ("chassis == 3", 12, "compared with a number", None),
        ("avg(ports) > 1", 1, "unknown function 'avg'", None),
        ("count(ports, 'x') > 1", 1, "count() takes 1 argument", None),
        ("count(ports) * count(ports) > 1", 1, "cannot be multiplied", None),
        ("1 / count(ports) > 1", 5, "cannot divide", None),
        ("chassis.size_in + 'x' > 1", 19, "'+' needs a number", None),
        ("not chassis.size_in", 5, "'not' needs true/false", None),
        ("chassis.size_in and true", 1, "'and' needs true/false", None),
        ("chassis.size_in", 1, "a condition must be true or false", None),
        ("chassis.has('nothing')", 1, "always false", None),
        ("ports.has('w')", 1, "does not apply to the many group", None),
        ("1 == 'x'", 1, "always false", None),
    ],
)
def test_problems_point_at_the_culprit(
    source: str, column: int, fragment: str, hint: str | None
) -> None:
    found = problems(source)
    assert found, source
    messages = [f"{m} @{c}" for m, c, _ in found]
    match = [p for p in found if fragment in p[0]]
    assert match, messages
    assert match[0][1] == column, messages
    if hint is not None:
        assert match[0][2] is not None
        assert hint in match[0][2]


def test_when_guards_the_body() -> None:
    assert problems("chassis.m2_slots > 1", assume="chassis == 'c16'") == []
    assert problems("chassis.m2_slots > 1", assume="chassis != 'c13'")  # c14 still lacks it


def test_every_problem_is_reported() -> None:
    found = problems("chasis == 'x' and gpu == 'nope' and ports.w > 1")
    assert len(found) == 3


def test_problem_render_has_a_caret() -> None:
    source = "chassis == 'c15'"
    (problem,) = check(parse(source), CAT)
    text = problem.render(source)
    assert "  chassis == 'c15'\n" in text
    assert "           ^^^^^" in text


# -- evaluation ----------------------------------------------------------------------------
FULL: dict[str, PickValue] = {
    "chassis": "c14",
    "processor": "r9",
    "gpu": "rtx",
    "ports": {"usbc": 2, "hdmi": 1},
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("chassis.max_tdp_w >= processor.tdp_w", True),
        ("chassis.size_in < 14", False),
        ("chassis == 'c14' and gpu == 'rtx'", True),
        ("chassis in ['c13', 'c16']", False),
        ("chassis not in ['c13', 'c16']", True),
        ("'usbc' in ports", True),
        ("'sd' in ports", False),
        ("'sd' not in ports", True),
        ("count(ports)", Decimal(3)),
        ("qty(ports, 'usbc')", Decimal(2)),
        ("sum(ports.w)", Decimal(7)),
        ("sum(ports.w) / 2", Decimal("3.5")),
        ("chassis.price + processor.price", Decimal(400)),
        ("-chassis.size_in", Decimal(-14)),
        ("chassis.has('m2_slots')", False),
        ("chassis.m2_slots", None),
        ("chassis.m2_slots > 1", False),
        ("not chassis.m2_slots > 1", True),
        ("1 / 0", None),
        ("chassis.label", "C14"),
        ("'a' < 'b'", True),
        ("1 == true", False),
        ("true == true", True),
        ("[1, 2] == [1, 2]", True),
    ],
)
def test_evaluate(source: str, expected: object) -> None:
    assert evaluate(parse(source), CAT, FULL) == expected


def test_evaluate_optional_none() -> None:
    picks: dict[str, PickValue] = {**FULL, "gpu": None}
    assert evaluate(parse("gpu == none"), CAT, picks) is True
    assert evaluate(parse("gpu.power_w"), CAT, picks) is None
    assert evaluate(parse("gpu.power_w < 10"), CAT, picks) is False
    assert evaluate(parse("gpu.has('power_w')"), CAT, picks) is False


def test_evaluate_unpicked_many_group_is_empty() -> None:
    picks = {"chassis": "c13"}
    assert evaluate(parse("count(ports) == 0"), CAT, picks) is True


def test_evaluate_needs_the_referenced_groups() -> None:
    with pytest.raises(ExpressionError, match="no pick for group 'processor'"):
        evaluate(parse("processor.tdp_w > 1"), CAT, {"chassis": "c13"})
    with pytest.raises(ExpressionError, match="unknown group 'nope'"):
        evaluate(parse("nope == 1"), CAT, {})
    with pytest.raises(ExpressionError, match="has no option"):
        evaluate(parse("chassis == 'x'"), CAT, {"chassis": "zz"})


def test_literal_nodes_are_frozen() -> None:
    node = parse("1")
    assert isinstance(node, Literal)
    with pytest.raises(AttributeError):
        node.value = "2"  # type: ignore[misc]
