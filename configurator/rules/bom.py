"""Bill of material, price and validity of one configuration, without the solver.

Orders freeze these figures, so they are computed straight from the catalog: each option's
components times its quantity, plus every `[[bom]]` entry whose `when` holds, merged by part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from configurator.catalog.model import Catalog, GroupKind, Option, Picks, Rule
from configurator.errors import UserError
from configurator.rules.ast import Expr, Literal
from configurator.rules.evaluate import NONE_PICK, Env, EnvValue, specialize, truth
from configurator.rules.messages import render_message
from configurator.rules.parser import parse


class PicksError(UserError):
    """Picks name a group or option this catalog does not have, or do not fit a group."""


@lru_cache(maxsize=512)
def parse_cached(source: str) -> Expr:
    """Catalog expressions are parsed once per process (they are immutable strings).

    A laptop catalog's expressions all stay; a catalog of thousands of rules keeps only the
    most recent ones, since its hard rules are compiled once and every syntax tree kept
    alive is walked by each full garbage collection (tens of thousands of nodes)."""
    return parse(source)


def picks_env(catalog: Catalog, picks: Picks) -> Env:
    """The evaluation environment of `picks`; `PicksError` names what does not fit."""
    env: dict[str, EnvValue] = {}
    for group_id, pick in picks.items():
        if not catalog.has_group(group_id):
            raise PicksError(
                f"catalog {catalog.id!r} has no group {group_id!r}",
                hint=f"Groups: {', '.join(g.id for g in catalog.groups)}.",
            )
        group = catalog.group(group_id)
        if group.kind is GroupKind.MANY:
            if not isinstance(pick, Mapping):
                raise PicksError(f"group {group_id!r} takes option ids with quantities")
            multiset: dict[str, int] = {}
            for option_id, qty in pick.items():
                if not group.has_option(option_id):
                    raise PicksError(f"group {group_id!r} has no option {option_id!r}")
                if int(qty) > 0:
                    multiset[option_id] = int(qty)
            env[group_id] = multiset
        elif pick is None:
            if group.kind is GroupKind.ONE:
                raise PicksError(f"group {group_id!r} needs an option, it cannot be none")
            env[group_id] = NONE_PICK
        elif isinstance(pick, str) and group.has_option(pick):
            env[group_id] = group.option(pick)
        else:
            raise PicksError(f"group {group_id!r} has no option {pick!r}")
    for group in catalog.groups:
        if group.kind is GroupKind.MANY and group.id not in env:
            env[group.id] = {}
    return env


def _holds(source: str | None, catalog: Catalog, env: Env) -> bool | None:
    """True/False, or None when the groups it needs are not decided."""
    if source is None:
        return True
    groups = {g.id: g for g in catalog.groups}
    result = specialize(parse_cached(source), groups, env)
    if not isinstance(result, Literal):
        return None
    return truth(result.value)


def _picked(catalog: Catalog, env: Env) -> list[tuple[Option, int]]:
    out: list[tuple[Option, int]] = []
    for group in catalog.groups:
        value = env.get(group.id)
        if isinstance(value, Option):
            out.append((value, 1))
        elif isinstance(value, Mapping):
            out.extend((group.option(o), q) for o, q in value.items() if q > 0)
    return out


def bill_of_materials(catalog: Catalog, picks: Picks) -> dict[str, int]:
    """Part id -> quantity for `picks` (options' components x quantity + `[[bom]]` additions).

    `[[bom]]` entries whose `when` depends on an undecided group are left out.
    """
    env = picks_env(catalog, picks)
    parts: dict[str, int] = {}
    for option, qty in _picked(catalog, env):
        for component in option.components:
            parts[component.part] = parts.get(component.part, 0) + component.qty * qty
    for entry in catalog.bom:
        if _holds(entry.when, catalog, env):
            for component in entry.add:
                parts[component.part] = parts.get(component.part, 0) + component.qty
    return parts


def price(catalog: Catalog, picks: Picks) -> Decimal:
    """Base price plus each picked option's price times its quantity."""
    env = picks_env(catalog, picks)
    return catalog.base_price + sum(
        (option.price * qty for option, qty in _picked(catalog, env)), Decimal(0)
    )


@dataclass(frozen=True, slots=True)
class Violation:
    """Why a configuration is not a valid complete laptop."""

    kind: str
    """"undecided", "count" (a group's min/max or an option's max_qty) or "rule"."""
    subject: str
    """The group id or the rule id."""
    message: str


def rule_holds(rule: Rule, catalog: Catalog, env: Env) -> bool | None:
    """Whether `rule` holds (None: it depends on undecided groups)."""
    when = _holds(rule.when, catalog, env)
    if when is False:
        return True
    body = _holds(rule.expression, catalog, env)
    if body is None or when is None:
        return None
    return not body if rule.forbid else body


def validate(catalog: Catalog, picks: Picks) -> list[Violation]:
    """Everything that keeps `picks` from being a valid complete configuration (empty: valid).

    Unknown groups or options raise `PicksError` (they are bad input, not a violation).
    """
    env = picks_env(catalog, picks)
    out: list[Violation] = []
    for group in catalog.groups:
        value = env.get(group.id)
        if group.kind is GroupKind.MANY:
            assert isinstance(value, Mapping)
            total = sum(value.values())
            if not group.min <= total <= group.max:
                out.append(
                    Violation(
                        "count",
                        group.id,
                        f"{group.label} takes {group.min} to {group.max}, not {total}.",
                    )
                )
            for option_id, qty in value.items():
                option = group.option(option_id)
                if qty > option.max_qty:
                    out.append(
                        Violation(
                            "count",
                            group.id,
                            f"{option.label} can be taken at most {option.max_qty} times.",
                        )
                    )
        elif value is None:
            out.append(Violation("undecided", group.id, f"{group.label} is not decided."))
    if out:
        return out
    for rule in catalog.rules:
        if rule.is_hard and rule_holds(rule, catalog, env) is False:
            out.append(Violation("rule", rule.id, render_message(rule.message, catalog, env)))
    return out
