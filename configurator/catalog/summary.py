"""A plain-data overview of a catalog: what `configurator catalog show` prints.

Kept apart from the CLI so that the GUI (an "about this catalog" view) and tools can use the same
JSON-ready structure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from configurator.catalog.model import Catalog, Group, GroupKind, Option, PartQty, Rule


def _parts(parts: tuple[PartQty, ...]) -> list[dict[str, Any]]:
    return [{"part": p.part, "qty": p.qty} for p in parts]


def _option(group: Group, option: Option) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": option.id,
        "label": option.label,
        "price": str(option.price),
        "default": option.default,
        "components": _parts(option.components),
        "attrs": dict(option.attrs),
    }
    if group.kind is GroupKind.MANY:
        data["max_qty"] = option.max_qty
    return data


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "kind": rule.kind.value,
        "when": rule.when,
        "forbid" if rule.forbid else "require": rule.expression,
        "message": rule.message,
        "line": rule.line,
    }


def catalog_summary(
    catalog: Catalog, configurations: int | None = None, *, exact: bool = True
) -> dict[str, Any]:
    """Groups, options, rules and counts; `configurations` is the engine's count, if known
    (a lower bound when not `exact`: huge catalogs are not counted to the end)."""
    return {
        "id": catalog.id,
        "name": catalog.name,
        "currency": catalog.currency,
        "base_price": str(catalog.base_price),
        "assembly_minutes": catalog.assembly_minutes,
        "version": catalog.version_hash,
        "source": str(catalog.source) if catalog.source else None,
        "counts": {
            "groups": len(catalog.groups),
            "options": sum(len(g.options) for g in catalog.groups),
            "rules": sum(1 for r in catalog.rules if r.is_hard),
            "recommendations": sum(1 for r in catalog.rules if not r.is_hard),
            "bom_entries": len(catalog.bom),
            "components": len(catalog.components),
            "slots": len(catalog.slots),
            "tests": len(catalog.tests),
            "configurations": configurations,
            "configurations_exact": exact,
        },
        "groups": [
            {
                "id": g.id,
                "label": g.label,
                "kind": g.kind.value,
                "min": g.min,
                "max": g.max,
                "options": [_option(g, o) for o in g.options],
            }
            for g in catalog.groups
        ],
        "rules": [_rule(r) for r in catalog.rules],
        "bom": [{"when": b.when, "add": _parts(b.add)} for b in catalog.bom],
        "slots": sorted(catalog.slots),
    }


def _cents(amount: str) -> str:
    """'300' as '300.00', so a price column lines up; finer amounts are shown as written."""
    value = Decimal(amount)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return str(value)


def format_summary(summary: dict[str, Any]) -> str:
    """The summary as text for a terminal: one block per group, then rules and counts."""
    counts = summary["counts"]
    lines = [
        f"{summary['name']} ({summary['id']}), {summary['currency']}, base price "
        f"{_cents(summary['base_price'])}, version {summary['version'][:12]}",
        "",
    ]
    for group in summary["groups"]:
        bounds = f", {group['min']}..{group['max']}" if group["kind"] == "many" else ""
        lines.append(f"{group['label']} [{group['id']}, {group['kind']}{bounds}]")
        width = max(len(o["id"]) for o in group["options"]) if group["options"] else 0
        for option in group["options"]:
            mark = "*" if option["default"] else " "
            qty = f"  (up to {option['max_qty']})" if option.get("max_qty", 1) > 1 else ""
            price = _cents(option["price"])
            lines.append(f"  {mark} {option['id']:<{width}}  {price:>9}  {option['label']}{qty}")
    lines.append("")
    lines.append("Rules:")
    for rule in summary["rules"]:
        condition = f"when {rule['when']}: " if rule["when"] else ""
        body = f"forbid {rule['forbid']}" if "forbid" in rule else f"require {rule['require']}"
        kind = " (recommend)" if rule["kind"] == "recommend" else ""
        lines.append(f"  {rule['id']}{kind}: {condition}{body}")
    if summary["bom"]:
        lines.append("")
        lines.append("Parts added by combination ([[bom]]):")
        for entry in summary["bom"]:
            parts = ", ".join(
                p["part"] if p["qty"] == 1 else f"{p['qty']} x {p['part']}" for p in entry["add"]
            )
            lines.append(f"  {parts}" + (f"  when {entry['when']}" if entry["when"] else ""))
    if summary["slots"]:
        lines.append("")
        lines.append("Slots (one part each): " + ", ".join(summary["slots"]))
    lines.append("")
    configurations = counts["configurations"]
    lines.append(
        f"{counts['groups']} groups, {counts['options']} options, {counts['rules']} rules, "
        f"{counts['recommendations']} recommendations, {counts['bom_entries']} bom entries, "
        f"{counts['components']} components, {counts['slots']} slots, {counts['tests']} tests"
    )
    if configurations is not None:
        bound = "" if counts["configurations_exact"] else "at least "
        lines.append(f"valid configurations: {bound}{configurations}")
    lines.append("(* = default)")
    return "\n".join(lines)
