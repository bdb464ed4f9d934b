"""Freezing a configuration for a quote or an order: checked picks, price lines, parts.

The rule engine decides validity and the bill of material; this module adds the readable
lines (group, option, quantity, price) that documents print, and refuses anything the clerk
must fix first (unknown groups or options, an incomplete or invalid configuration).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from configurator.catalog.model import Catalog, Group, GroupKind, Option, Picks
from configurator.orders.errors import InvalidConfigurationError


@dataclass(frozen=True, slots=True)
class Line:
    group_id: str
    group_label: str
    option_id: str | None
    option_label: str
    qty: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.qty


@dataclass(frozen=True, slots=True)
class FrozenConfiguration:
    catalog_id: str
    catalog_version: str
    picks: dict[str, Any]
    """JSON-ready picks: option id, None, or {option id: qty} per group."""
    lines: tuple[Line, ...]
    base_price: Decimal
    bom: Mapping[str, int]
    config_code: str

    @property
    def list_price(self) -> Decimal:
        return self.base_price + sum((ln.amount for ln in self.lines), Decimal("0"))


_LINES: dict[tuple[int, int, int], tuple[Group, Option, Line]] = {}
"""(id of the group, id of the option, quantity) -> (group, option, its line): every order
makes a line per group, and a frozen dataclass costs far more than the lookup. Keyed by the
objects' identity, not their values (two catalogs may price an option id differently); an
entry holds both objects, so their ids stay theirs while it lives."""
MAX_LINES = 4096


def _line(group: Group, opt: Option, qty: int) -> Line:
    """The line of `qty` x `opt` in `group` (an immutable value: orders share it)."""
    key = (id(group), id(opt), qty)
    found = _LINES.get(key)
    if found is not None:  # the entry keeps both objects, so the ids are still theirs
        return found[2]
    if len(_LINES) >= MAX_LINES:
        _LINES.clear()
    line = Line(group.id, group.label, opt.id, opt.label, qty, opt.price)
    _LINES[key] = (group, opt, line)
    return line


def _normalize(catalog: Catalog, picks: Picks) -> tuple[dict[str, Any], list[Line]]:
    problems: list[str] = []
    normalized: dict[str, Any] = {}
    lines: list[Line] = []
    for group_id in picks:
        if not catalog.has_group(group_id):
            problems.append(f"there is no group {group_id!r}")
    for group in catalog.groups:
        if group.id not in picks:
            if group.kind is GroupKind.ONE or (group.kind is GroupKind.MANY and group.min > 0):
                problems.append(f"{group.label} ({group.id}) is not chosen yet")
            elif group.kind is GroupKind.OPTIONAL:
                normalized[group.id] = None
            else:
                normalized[group.id] = {}
            continue
        value = picks[group.id]
        if group.kind is GroupKind.MANY:
            if not isinstance(value, Mapping):
                problems.append(f"{group.id} takes a set of options with quantities")
                continue
            chosen: dict[str, int] = {}
            for option_id, qty in value.items():
                if not group.has_option(option_id):
                    problems.append(f"{group.label} has no option {option_id!r}")
                elif isinstance(qty, bool) or not isinstance(qty, int) or qty < 0:
                    problems.append(f"{group.id}.{option_id}: quantity {qty!r} is not >= 0")
                elif qty:
                    opt = group.option(option_id)
                    chosen[option_id] = qty
                    lines.append(_line(group, opt, qty))
            normalized[group.id] = chosen
        elif value is None:
            if group.kind is not GroupKind.OPTIONAL:
                problems.append(f"{group.label} ({group.id}) cannot be none")
            normalized[group.id] = None
        elif isinstance(value, str) and group.has_option(value):
            opt = group.option(value)
            normalized[group.id] = value
            lines.append(_line(group, opt, 1))
        else:
            problems.append(f"{group.label} has no option {value!r}")
    if problems:
        raise InvalidConfigurationError(
            "The configuration cannot be ordered: " + "; ".join(problems) + ".",
            hint="Complete or correct the picks (configurator configure shows the options).",
        )
    return normalized, lines


def freeze(catalog: Catalog, picks: Picks) -> FrozenConfiguration:
    """Check `picks` with the rule engine and freeze picks, lines, price and parts."""
    from configurator.rules.bom import bill_of_materials, validate
    from configurator.rules.code import encode_code

    normalized, lines = _normalize(catalog, picks)
    violations = validate(catalog, normalized)
    if violations:
        texts = "; ".join(str(getattr(v, "message", v)).rstrip(". ") for v in violations)
        raise InvalidConfigurationError(
            f"The rule engine refuses this configuration: {texts}.",
            hint="Change the picks the rules name (the configure view proposes a repair).",
        )
    bom = dict(bill_of_materials(catalog, normalized))
    unknown = sorted(p for p in bom if p not in catalog.components)
    if unknown:  # the catalog loader forbids this; a stale catalog object could still do it
        raise InvalidConfigurationError(f"Unknown parts in the bill of material: {unknown}.")
    return FrozenConfiguration(
        catalog_id=catalog.id,
        catalog_version=catalog.version_hash,
        picks=normalized,
        lines=tuple(lines),
        base_price=catalog.base_price,
        bom=bom,
        config_code=encode_code(catalog, normalized),
    )
