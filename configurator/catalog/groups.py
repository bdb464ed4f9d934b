"""Reading `[groups.X]` and their options (structure only; rules are checked by the linter)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from configurator.catalog.model import AttrValue, Group, GroupKind, Option
from configurator.catalog.reader import (
    CODE_SAFE_ID,
    IDENTIFIER,
    RESERVED_WORDS,
    Reader,
    Table,
    did_you_mean,
    type_name,
)
from configurator.catalog.sourcemap import PathKey

GROUP_KEYS = ("label", "kind", "min", "max", "options")
OPTION_KEYS = ("id", "label", "price", "default", "components", "attrs", "max_qty")
MAX_QTY_LIMIT = 100
"""Quantities are encoded one solver variable per unit: a laptop never needs more."""
GROUP_CAPACITY_LIMIT = 500
"""The sum of a "many" group's max_qty (the engine encodes the group's count over all units)."""
BUILTIN_ATTRS = frozenset({"price", "label", "has"})
"""`group.price` and `group.label` always exist and `group.has('x')` is a test: not attributes."""


def read_groups(reader: Reader, value: object) -> tuple[Group, ...] | None:
    if value is None:
        reader.error(
            "missing-key",
            "the catalog has no option groups",
            subject="catalog",
            hint='add at least one [groups.NAME] table with label = "..." and '
            "[[groups.NAME.options]] blocks",
        )
        return None
    table = reader.table(value, ("groups",), None, "[groups]")
    if table is None:
        return None
    groups: list[Group] = []
    for group_id, raw in table.items():
        group = _read_group(reader, group_id, raw)
        if group is not None:
            groups.append(group)
    if not groups and table:
        return None
    if not table:
        reader.error(
            "missing-key",
            "the catalog has no option groups",
            path=("groups",),
            subject="catalog",
            hint="add at least one [groups.NAME] table",
        )
        return None
    return tuple(groups)


def _read_group(reader: Reader, group_id: str, raw: object) -> Group | None:
    path: PathKey = ("groups", group_id)
    subject = f"group {group_id}"
    reader.paths[("group", group_id)] = path
    table = reader.table(raw, path, subject, f"group {group_id}")
    if table is None:
        return None
    if not IDENTIFIER.match(group_id) or group_id in RESERVED_WORDS:
        fixed = re.sub(r"\W", "_", group_id)
        reader.error(
            "bad-id",
            f"group id '{group_id}' cannot be used in rule expressions",
            path=path,
            subject=subject,
            hint=f"use letters, digits and underscores (not first), e.g. [groups.{fixed}]"
            if group_id not in RESERVED_WORDS
            else f"'{group_id}' is a word of the rule language; choose another id",
        )
    reader.check_keys(table, GROUP_KEYS, path, subject)
    label = reader.string(table, "label", path, subject, example=f'"{group_id.title()}"')
    kind = _read_kind(reader, table, path, subject)
    raw_options = table.get("options")
    options: list[Option] = []
    if raw_options is None:
        reader.error(
            "missing-key",
            "the group has no options",
            path=path,
            subject=subject,
            hint=f"add [[groups.{group_id}.options]] blocks with id, label and price",
        )
    else:
        items = reader.tables(raw_options, (*path, "options"), subject, "options") or []
        if not items:
            reader.error(
                "missing-key",
                "the group has no options",
                path=path,
                subject=subject,
                hint=f"add [[groups.{group_id}.options]] blocks with id, label and price",
            )
        seen: dict[str, int | None] = {}
        for index, item in enumerate(items):
            option = _read_option(reader, group_id, kind, index=index, table=item, seen=seen)
            if option is not None:
                options.append(option)
    minimum, maximum = _read_bounds(
        reader, table, kind, options=options, path=path, subject=subject
    )
    _check_defaults(reader, group_id, kind, options)
    _check_attr_types(reader, group_id, options)
    location = reader.location(path)
    return Group(
        id=group_id,
        label=label or group_id,
        kind=kind,
        options=tuple(options),
        min=minimum,
        max=maximum,
        line=location.line if location else None,
    )


def _read_kind(reader: Reader, table: Table, path: PathKey, subject: str) -> GroupKind:
    raw = table.get("kind", GroupKind.ONE.value)
    values = [k.value for k in GroupKind]
    if isinstance(raw, str) and raw in values:
        return GroupKind(raw)
    guess = did_you_mean(str(raw), values)
    reader.error(
        "bad-kind",
        f"kind {raw!r} is not a group kind",
        path=(*path, "kind"),
        subject=subject,
        hint=(f'did you mean kind = "{guess}"? ' if guess else "")
        + 'kind is "one" (exactly one), "optional" (zero or one) or "many" (a set)',
    )
    return GroupKind.ONE


def _read_option(
    reader: Reader,
    group_id: str,
    kind: GroupKind,
    *,
    index: int,
    table: Table,
    seen: dict[str, int | None],
) -> Option | None:
    path: PathKey = ("groups", group_id, "options", index)
    option_id = table.get("id")
    if not isinstance(option_id, str) or not option_id:
        reader.error(
            "missing-key",
            f"option #{index + 1} has no id"
            if option_id is None
            else f"option #{index + 1} has an id that is not a non-empty string ({option_id!r})",
            path=path,
            subject=f"group {group_id}",
            hint='add id = "..." (unique within the group)',
        )
        return None
    subject = f"option {group_id}.{option_id}"
    obj = ("option", group_id, option_id)
    here = reader.map.exact(path)
    if here is None:
        hits = reader.map.search_all(
            r"\bid\s*=\s*[\"']" + re.escape(option_id) + r"[\"']", ("groups", group_id)
        )
        nth = 1 if option_id in seen else 0
        here = hits[min(nth, len(hits) - 1)] if hits else reader.location(path)
    id_at = reader.map.exact((*path, "id")) or here
    if option_id in seen:
        first = seen[option_id]
        reader.error(
            "duplicate-id",
            f"option id '{option_id}' is used twice in group {group_id}"
            + (f" (first at line {first})" if first else ""),
            at=id_at,
            subject=subject,
            hint="option ids must be unique within their group: rename one of them",
        )
        return None
    if reader.map.exact(path) is None and here is not None:
        reader.anchors[obj] = here
    reader.paths[obj] = path
    seen[option_id] = id_at.line if id_at else None
    if option_id == "none":
        reader.error(
            "reserved-id",
            "'none' cannot be an option id: it means \"explicitly no pick\"",
            at=id_at,
            subject=subject,
            hint='choose another id such as "no_' + group_id + '" or make the group '
            'kind = "optional"',
        )
    elif not CODE_SAFE_ID.match(option_id):
        reader.error(
            "bad-id",
            f"option id '{option_id}' contains a space or one of : ; = * + "
            "(they separate the parts of configuration codes)",
            at=id_at,
            subject=subject,
            hint="use letters, digits, '-', '_' or '.', e.g. "
            + re.sub(r"[:;=*+\s]+", "-", option_id.strip()),
        )
    reader.check_keys(table, OPTION_KEYS, path, subject)
    label = reader.string(table, "label", path, subject)
    price = reader.money(table, "price", path, subject)
    default = reader.boolean(table, "default", path, subject)
    components = reader.parts(table, "components", path, subject)
    attrs = _read_attrs(reader, table, path, subject)
    max_qty = 1
    if "max_qty" in table:
        if kind is not GroupKind.MANY:
            reader.error(
                "bad-min-max",
                f'max_qty only applies to options of kind = "many" groups ({group_id} is '
                f"{kind.value!r})",
                path=(*path, "max_qty"),
                subject=subject,
                hint='remove max_qty or make the group kind = "many"',
            )
        else:
            max_qty = (
                reader.integer(table, "max_qty", path, subject, minimum=1, code="bad-min-max") or 1
            )
            if max_qty > MAX_QTY_LIMIT:
                reader.error(
                    "bad-min-max",
                    f"max_qty is {max_qty}; an option can be taken at most {MAX_QTY_LIMIT} times",
                    path=(*path, "max_qty"),
                    subject=subject,
                    hint=f"write max_qty = {MAX_QTY_LIMIT} or less (a laptop has few slots)",
                )
                max_qty = 1
    return Option(
        id=option_id,
        label=label or option_id,
        price=price if price is not None else Decimal(0),
        default=default,
        components=components,
        attrs=MappingProxyType(dict(attrs)),
        max_qty=max_qty,
        line=here.line if here else None,
    )


def _read_attrs(
    reader: Reader, table: Table, path: PathKey, subject: str
) -> Mapping[str, AttrValue]:
    raw = table.get("attrs", {})
    attrs_table = reader.table(raw, (*path, "attrs"), subject, "attrs")
    if attrs_table is None:
        return {}
    result: dict[str, AttrValue] = {}
    for name, value in attrs_table.items():
        where = (*path, "attrs")
        if not IDENTIFIER.match(name) or name in RESERVED_WORDS or name in BUILTIN_ATTRS:
            reason = (
                "is built in (group.price, group.label, group.has('x'))"
                if name in BUILTIN_ATTRS
                else "is a word of the rule language"
                if name in RESERVED_WORDS
                else "cannot be used in rule expressions"
            )
            reader.error(
                "bad-id",
                f"attribute name '{name}' {reason}",
                path=where,
                subject=subject,
                hint="rename it using letters, digits and underscores, e.g. "
                + re.sub(r"\W", "_", f"{name}_value" if name in BUILTIN_ATTRS else name),
            )
            continue
        if not isinstance(value, bool | int | float | str):
            reader.error(
                "wrong-type",
                f"attribute '{name}' is {type_name(value)}; attributes are numbers, strings "
                "or booleans",
                path=where,
                subject=subject,
                hint=f'write {name} = 1, {name} = "text" or {name} = true',
            )
            continue
        if isinstance(value, float) and not math.isfinite(value):
            reader.error(
                "bad-value",
                f"attribute '{name}' is {value}; rules can only compare finite numbers",
                path=where,
                subject=subject,
                hint=f"write a number such as {name} = 0, or leave the attribute out",
            )
            continue
        result[name] = value
    return result


def _read_bounds(
    reader: Reader,
    table: Table,
    kind: GroupKind,
    *,
    options: list[Option],
    path: PathKey,
    subject: str,
) -> tuple[int, int]:
    if kind is not GroupKind.MANY:
        for key in ("min", "max"):
            if key in table:
                reader.error(
                    "bad-min-max",
                    f"'{key}' only applies to kind = \"many\" groups",
                    path=(*path, key),
                    subject=subject,
                    hint=f'remove {key}: a "{kind.value}" group takes '
                    + ("exactly one option" if kind is GroupKind.ONE else "zero or one option"),
                )
        return (1, 1) if kind is GroupKind.ONE else (0, 1)
    minimum = reader.integer(table, "min", path, subject, code="bad-min-max")
    maximum = reader.integer(table, "max", path, subject, minimum=1, code="bad-min-max")
    low = 0 if minimum is None else minimum
    high = len(options) if maximum is None else maximum
    capacity = sum(o.max_qty for o in options)
    if capacity > GROUP_CAPACITY_LIMIT:
        reader.error(
            "bad-min-max",
            f"the options' max_qty add up to {capacity}; a group can hold at most "
            f"{GROUP_CAPACITY_LIMIT} units",
            path=path,
            subject=subject,
            hint="lower the options' max_qty (each unit is a solver variable)",
        )
    if low > high:
        reader.error(
            "bad-min-max",
            f"min ({low}) is larger than max ({high})",
            path=(*path, "min"),
            subject=subject,
            hint="make min at most max",
        )
    elif options and low > capacity:
        reader.error(
            "bad-min-max",
            f"min ({low}) can never be reached: the options allow at most {capacity} picks "
            "in total",
            path=(*path, "min"),
            subject=subject,
            hint="lower min, add options, or raise their max_qty",
        )
    elif options and maximum is not None and high > capacity:
        reader.warning(
            "max-unreachable",
            f"max ({high}) can never be reached: the options allow at most {capacity} picks",
            path=(*path, "max"),
            subject=subject,
            hint=f"write max = {capacity}, or raise the options' max_qty",
        )
    return low, high


def _check_defaults(reader: Reader, group_id: str, kind: GroupKind, options: list[Option]) -> None:
    if kind is GroupKind.MANY:
        return
    defaults = [o for o in options if o.default]
    if len(defaults) <= 1:
        return
    lines = ", ".join(f"{o.id} (line {o.line})" if o.line else o.id for o in defaults)
    second = defaults[1]
    reader.error(
        "many-defaults",
        f'group {group_id} has {len(defaults)} defaults: {lines}; a "{kind.value}" group '
        "can have at most one",
        at=reader.place(("option", group_id, second.id), "default"),
        subject=f"group {group_id}",
        hint="keep default = true on one option only",
    )


def _check_attr_types(reader: Reader, group_id: str, options: list[Option]) -> None:
    """An attribute that is a number in one option and text in another breaks comparisons."""
    first_kind: dict[str, tuple[str, str]] = {}
    for option in options:
        for name, value in option.attrs.items():
            kind = (
                "text"
                if isinstance(value, str)
                else ("true/false" if isinstance(value, bool) else "a number")
            )
            if name not in first_kind:
                first_kind[name] = (kind, option.id)
                continue
            expected, where = first_kind[name]
            if kind != expected:
                reader.warning(
                    "attr-type-mismatch",
                    f"attribute '{name}' is {kind} here but {expected} in option {where}",
                    at=reader.place(("option", group_id, option.id), "attrs"),
                    subject=f"option {group_id}.{option.id}",
                    hint="use the same type for an attribute in every option of a group",
                )
