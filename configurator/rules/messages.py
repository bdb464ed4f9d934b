"""Filling `{group.attr}` placeholders of rule messages with the picks at hand.

A placeholder whose group is not decided (or whose option lacks the attribute) stays as written,
so a message never lies about a value it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from configurator.catalog.model import Catalog, Option
from configurator.rules.evaluate import NONE_PICK, Env, attr_value

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\}")


def _show(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def render_message(template: str, catalog: Catalog, env: Env) -> str:
    """`template` with every placeholder that `env` can answer filled in."""
    groups = {g.id: g for g in catalog.groups}

    def fill(match: re.Match[str]) -> str:
        group_id, attr = match.group(1), match.group(2)
        value = env.get(group_id)
        group = groups.get(group_id)
        if value is None or group is None:
            return match.group(0)
        if value is NONE_PICK:
            return "none"
        if isinstance(value, Option):
            if attr is None:
                return value.label
            return _show(attr_value(value.attr(attr))) if value.has_attr(attr) else match.group(0)
        if isinstance(value, Mapping):
            if attr is None:
                parts = []
                for option_id, qty in value.items():
                    label = (
                        group.option(option_id).label if group.has_option(option_id) else option_id
                    )
                    parts.append(label if qty == 1 else f"{qty} x {label}")
                return ", ".join(parts) or "none"
            total = Decimal(0)
            for option_id, qty in value.items():
                if group.has_option(option_id) and group.option(option_id).has_attr(attr):
                    number = attr_value(group.option(option_id).attr(attr))
                    if isinstance(number, Decimal):
                        total += number * qty
            return _show(total)
        return match.group(0)

    return _PLACEHOLDER.sub(fill, template)
