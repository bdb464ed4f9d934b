"""The meaning checks of a catalog: references, expressions, and (via the engine) logic.

Runs after the structure was read. Cheap checks (components, `made_of` cycles, expressions,
message placeholders) always run; the solver-backed checks (`linter_logic`) run only when
those found no error, because an engine over a half-broken catalog would only produce noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from configurator.catalog.diagnostics import Diagnostic
from configurator.catalog.model import Catalog, GroupKind, PartQty, Rule
from configurator.catalog.reader import Reader, did_you_mean
from configurator.catalog.sourcemap import Location

if TYPE_CHECKING:
    from configurator.rules.ast import Expr

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_REFERENCE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?")


def lint_catalog(
    catalog: Catalog, reader: Reader | None = None, *, warnings: bool = True
) -> list[Diagnostic]:
    """Every contract check on a structurally read catalog; returns the new diagnostics.

    `reader` carries the source positions (from the loader); without it (a catalog built in
    code) the model's own `line` fields are used. `warnings=False` skips the solver-backed
    warnings (dead/forced options, rules that never fire or are implied), which cost one solver
    call each; cheap warnings are always reported.
    """
    if reader is None:
        reader = Reader(str(catalog.source or catalog.id), "")
    start = len(reader.diagnostics)
    check_components(catalog, reader)
    check_expressions(catalog, reader)
    if not reader.has_errors:
        from configurator.catalog.linter_logic import check_logic

        check_logic(catalog, reader, warnings=warnings)
    return reader.diagnostics[start:]


def where_is(
    reader: Reader, obj: tuple[str, ...], line: int | None, key: str | None = None
) -> Location | None:
    """Best location of a catalog object (or of one of its keys)."""
    found = reader.place(obj, key)
    if found is not None:
        return found
    return Location(line) if line is not None else None


# -- components -----------------------------------------------------------------------------


def _users(catalog: Catalog) -> Iterable[tuple[tuple[str, ...], int | None, str, str, PartQty]]:
    """(object, line, key, subject, part) for every part reference in the catalog."""
    for group in catalog.groups:
        for option in group.options:
            for part in option.components:
                yield (
                    ("option", group.id, option.id),
                    option.line,
                    "components",
                    f"option {group.id}.{option.id}",
                    part,
                )
    for index, entry in enumerate(catalog.bom):
        for part in entry.add:
            yield (("bom", str(index)), entry.line, "add", f"bom entry #{index + 1}", part)
    for component in catalog.components.values():
        for part in component.made_of:
            yield (
                ("component", component.id),
                component.line,
                "made_of",
                f"component {component.id}",
                part,
            )


def check_components(catalog: Catalog, reader: Reader) -> None:
    """Undefined parts, `made_of` cycles, and parts defined but never used."""
    defined = catalog.components
    used: set[str] = set()
    for obj, line, key, subject, part in _users(catalog):
        used.add(part.part)
        if part.part in defined:
            continue
        guess = did_you_mean(part.part, defined)
        reader.error(
            "undefined-component",
            f"component {part.part} is used in '{key}' but not defined",
            at=where_is(reader, obj, line, key),
            subject=subject,
            hint=(f"did you mean {guess}? Otherwise add" if guess else "add")
            + f" a [components.{part.part}] table with name, bin and lead_time_days",
        )
    _check_cycles(catalog, reader)
    for component in defined.values():
        if component.id not in used:
            reader.warning(
                "unused-component",
                "defined but no option, [[bom]] entry or made_of uses this component",
                at=where_is(reader, ("component", component.id), component.line),
                subject=f"component {component.id}",
                hint="remove it, or add it to the option or [[bom]] entry that should take it",
            )


def _check_cycles(catalog: Catalog, reader: Reader) -> None:
    """A part made of itself (through any chain) can never be built: name each cycle once."""
    graph = {
        c.id: [p.part for p in c.made_of if p.part in catalog.components]
        for c in catalog.components.values()
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for child in graph.get(node, []):
            if state.get(child) == 1:
                cycle = [*path[path.index(child) :], child]
                members = frozenset(cycle)
                if members not in reported:
                    reported.add(members)
                    first = catalog.components[child]
                    reader.error(
                        "made-of-cycle",
                        "made_of forms a cycle: " + " -> ".join(cycle),
                        at=where_is(reader, ("component", child), first.line, "made_of"),
                        subject=f"component {child}",
                        hint="a part cannot contain itself: remove one link of the cycle",
                    )
            elif child not in state:
                visit(child, path)
        path.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


# -- expressions ----------------------------------------------------------------------------


def _column(reader: Reader, where: Location | None, column: int) -> Location | None:
    """Map a column inside an expression string to a column in the file, when it is simple."""
    if where is None or where.column is None or where.line > len(reader.map.lines):
        return where
    text = reader.map.lines[where.line - 1]
    start = where.column - 1
    quote = text[start : start + 1]
    if quote in ("'", '"') and not text.startswith(quote * 3, start):
        return Location(where.line, where.column + column)
    return Location(where.line)


class _ExpressionChecker:
    """Parses and checks expressions, reporting each problem at its line and column."""

    def __init__(self, catalog: Catalog, reader: Reader) -> None:
        self.catalog = catalog
        self.reader = reader

    def run(
        self,
        obj: tuple[str, ...],
        line: int | None,
        key: str,
        *,
        subject: str,
        source: str,
        assume: Expr | None = None,
    ) -> Expr | None:
        from configurator.rules.expressions import ExpressionError, check, parse

        where = where_is(self.reader, obj, line, key)
        try:
            expr = parse(source)
            problems = check(expr, self.catalog, assume=assume)
        except RecursionError:
            self.reader.error(
                "expression-syntax",
                f"{key} is nested too deeply or too long to check ({len(source)} characters)",
                at=where,
                subject=subject,
                hint="split it into several rules, or use lists: group in ['a', 'b']",
            )
            return None
        except ExpressionError as exc:
            self.reader.error(
                "expression-syntax",
                f"{key} = {source!r} does not parse: {exc.reason} (column {exc.column})",
                at=_column(self.reader, where, exc.column),
                subject=subject,
                hint=exc.hint or "see the expression language in the catalog format",
            )
            return None
        for problem in problems:
            self.reader.error(
                "expression-reference",
                f"{key} = {source!r}: {problem.message} (column {problem.column})",
                at=_column(self.reader, where, problem.column),
                subject=subject,
                hint=problem.hint
                or "use group ids, option ids and attribute names from this catalog",
            )
        return None if problems else expr


def check_expressions(catalog: Catalog, reader: Reader) -> None:
    """Every expression parses and names only groups, options and attributes that exist."""
    checker = _ExpressionChecker(catalog, reader)
    for rule in catalog.rules:
        obj = ("rule", rule.id)
        subject = f"rule {rule.id}"
        when = None
        if rule.when is not None:
            when = checker.run(obj, rule.line, "when", subject=subject, source=rule.when)
        key = "forbid" if rule.forbid else "require"
        body = checker.run(
            obj, rule.line, key, subject=subject, source=rule.expression, assume=when
        )
        if body is not None and (rule.when is None or when is not None):
            _check_message(catalog, reader, rule, _shown_when(when, body, rule.forbid))
    for index, entry in enumerate(catalog.bom):
        if entry.when is not None:
            checker.run(
                ("bom", str(index)),
                entry.line,
                "when",
                subject=f"bom entry #{index + 1}",
                source=entry.when,
            )


def _shown_when(when: Expr | None, body: Expr, forbid: bool) -> Expr:
    """What holds while a rule's message is shown: its `when`, and its body broken."""
    from configurator.rules.ast import BoolOp, Unary

    broken: Expr = body if forbid else Unary("not", body, body.start, body.end)
    if when is None:
        return broken
    return BoolOp("and", (when, broken), when.start, body.end)


def _check_message(catalog: Catalog, reader: Reader, rule: Rule, shown: Expr) -> None:
    """Placeholders must name a group and an attribute that exists on some of its options;
    one that exists only on options that cannot be picked while the message shows is a warning
    (the engine then leaves it as written)."""
    from configurator.rules.expressions import check, parse

    where = where_is(reader, ("rule", rule.id), rule.line, "message")
    subject = f"rule {rule.id}"
    for match in _PLACEHOLDER.finditer(rule.message):
        inner = match.group(1).strip()
        found = _REFERENCE.fullmatch(inner)
        place = _column(reader, where, match.start() + 1)
        hint = (
            "placeholders name a group or an attribute of its pick, e.g. {processor.tdp_w} "
            "or {chassis.label}"
        )
        if found is None or not catalog.has_group(found.group(1)):
            guess = did_you_mean(inner.split(".")[0], [g.id for g in catalog.groups])
            reader.error(
                "bad-placeholder",
                f"message placeholder {match.group(0)} names no group of this catalog",
                at=place,
                subject=subject,
                hint=f"did you mean {{{guess}...}}? " + hint if guess else hint,
            )
            continue
        group = catalog.group(found.group(1))
        attr = found.group(2)
        if attr is not None and not any(o.has_attr(attr) for o in group.options):
            names = sorted({a for o in group.options for a in o.attrs} | {"label", "price"})
            guess = did_you_mean(attr, names)
            reader.error(
                "bad-placeholder",
                f"message placeholder {match.group(0)}: no option of group {group.id} has the "
                f"attribute '{attr}'",
                at=place,
                subject=subject,
                hint=f"did you mean {{{group.id}.{guess}}}?"
                if guess
                else "attributes: " + ", ".join(names),
            )
            continue
        if attr is None or group.kind is GroupKind.MANY:
            continue
        problems = check(parse(inner), catalog, assume=shown, condition=False)
        if problems:
            reader.warning(
                "placeholder-may-be-missing",
                f"message placeholder {match.group(0)}: {problems[0].message}; the clerk would "
                "see the placeholder as written",
                at=place,
                subject=subject,
                hint=f"guard the rule with {group.id}.has('{attr}') in its when, or give every "
                "option the attribute",
            )
