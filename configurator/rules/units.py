"""Picks as an ordered list of units, each one SAT assumption; stale picks are reported, not fatal.

A unit is one group's pick ("one"/"optional") or one option's lower bound in a "many" group
(`qty >= n` is the order-encoding literal `y[g, o][n - 1]`). Order matters: it is the order the
clerk picked in, and repairs keep the earliest picks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from configurator.catalog.model import GroupKind, Picks, PickValue
from configurator.rules.compiler import Compiled
from configurator.rules.state import DroppedPick, PickRef


@dataclass(frozen=True, slots=True)
class PickUnit:
    group: str
    option: str | None
    qty: int
    lit: int
    many: bool = False
    default: bool = False

    @property
    def ref(self) -> PickRef:
        return PickRef(self.group, self.option, self.qty, self.default)


def unit_for(compiled: Compiled, group_id: str, option: str | None, qty: int = 1) -> PickUnit:
    """The unit of a known group/option (KeyError otherwise)."""
    group = compiled.groups[group_id]
    if group.kind is GroupKind.MANY:
        assert option is not None
        return PickUnit(group_id, option, qty, compiled.y[group_id, option][qty - 1], many=True)
    if option is None:
        return PickUnit(group_id, None, 1, compiled.none[group_id])
    return PickUnit(group_id, option, 1, compiled.x[group_id, option])


def _many_items(raw: object) -> list[tuple[object, object]] | None:
    if isinstance(raw, Mapping):
        return list(raw.items())
    if isinstance(raw, str):
        return [(raw, 1)]
    if isinstance(raw, list | tuple):
        counts: dict[object, int] = {}
        for item in raw:
            counts[item] = counts.get(item, 0) + 1
        return list(counts.items())
    return None


def normalize(compiled: Compiled, picks: Picks) -> tuple[list[PickUnit], list[DroppedPick]]:
    """Units for every usable pick, and a `DroppedPick` for each one this catalog cannot take."""
    units: list[PickUnit] = []
    dropped: list[DroppedPick] = []
    catalog_id = compiled.catalog.id
    # Keys typed as anything: a caller's bad key (not a string) is dropped like an unknown
    # group, also when this module runs compiled (which checks declared types at run time).
    entries: Iterable[tuple[object, PickValue]] = picks.items()
    for group_key, raw in entries:
        group = compiled.groups.get(str(group_key))
        if group is None:
            option = raw if isinstance(raw, str) else None
            reason = f"catalog {catalog_id!r} has no group {group_key!r}; the pick was dropped"
            dropped.append(DroppedPick(str(group_key), option, reason))
            continue
        if group.kind is GroupKind.MANY:
            items = _many_items(raw)
            if items is None:
                dropped.append(
                    DroppedPick(group.id, None, f"{group.label} takes option ids with quantities")
                )
                continue
            for option_id, qty in items:
                if not isinstance(option_id, str) or not group.has_option(option_id):
                    reason = f"{group.label} has no option {option_id!r}; the pick was dropped"
                    dropped.append(DroppedPick(group.id, str(option_id), reason))
                    continue
                if isinstance(qty, bool) or not isinstance(qty, int):
                    reason = f"quantity {qty!r} of {option_id!r} is not a whole number"
                    dropped.append(DroppedPick(group.id, option_id, reason))
                    continue
                limit = group.option(option_id).max_qty
                if qty > limit:
                    reason = f"{option_id!r} can be taken at most {limit} times; kept {limit}"
                    dropped.append(DroppedPick(group.id, option_id, reason))
                if qty > 0:
                    units.append(unit_for(compiled, group.id, option_id, min(qty, limit)))
            continue
        if raw is None:
            if group.kind is GroupKind.ONE:
                reason = f"{group.label} needs an option, it cannot be none; the pick was dropped"
                dropped.append(DroppedPick(group.id, None, reason))
            else:
                units.append(unit_for(compiled, group.id, None))
        elif isinstance(raw, str) and group.has_option(raw):
            units.append(unit_for(compiled, group.id, raw))
        else:
            reason = f"{group.label} has no option {raw!r}; the pick was dropped"
            dropped.append(DroppedPick(group.id, raw if isinstance(raw, str) else None, reason))
    return units, dropped


def units_to_picks(units: Sequence[PickUnit]) -> dict[str, PickValue]:
    """Picks in unit order; many groups become multisets."""
    out: dict[str, PickValue] = {}
    for unit in units:
        if unit.many:
            bucket = out.setdefault(unit.group, {})
            assert isinstance(bucket, dict)
            assert unit.option is not None
            bucket[unit.option] = unit.qty
        else:
            out[unit.group] = unit.option
    return out
