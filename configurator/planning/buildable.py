""" "Buildable now": how many of the most common configurations the stock allows today.

The count goes through every level of `made_of`: a display assembly that is out still counts
when its panel and bezel are in the bins, because the workshop can build it. Parts are netted
in low-level-code order (parents before children, from the inventory's BOM structure), so a
part shared by two sub-assemblies is never counted twice. The largest buildable count is found
by doubling and then bisection over a monotone feasibility test, so a configuration with
thousands of units in stock costs a few dozen passes, not thousands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from configurator.catalog.model import Component
from configurator.inventory.structure import structure_of

MAX_COUNT = 1_000_000
"""No shop builds more of one configuration from stock; stops the doubling on odd data."""


@dataclass(frozen=True, slots=True)
class TopConfiguration:
    """A configuration that was ordered, how often, and its top-level bill of material."""

    code: str
    units: int
    bom: Mapping[str, int]
    label: str = ""


@dataclass(frozen=True, slots=True)
class Buildable:
    """How many of one configuration can be built from stock now, and what stops one more."""

    code: str
    label: str
    units_ordered: int
    count: int
    limiting: tuple[str, ...] = ()
    """Parts that are short for one more unit (none when the BOM is empty)."""
    built_in_house: Mapping[str, int] = field(default_factory=dict)
    """Sub-assemblies the workshop would have to build to reach `count`."""


def _short_parts(
    bom: Mapping[str, int],
    units: int,
    available: Mapping[str, int],
    components: Mapping[str, Component],
    order: Sequence[str],
) -> tuple[list[str], dict[str, int]]:
    """Parts that cannot be covered for `units` laptops, and how many of each must be built."""
    need: dict[str, int] = {part: qty * units for part, qty in bom.items()}
    short: list[str] = []
    built: dict[str, int] = {}
    for part in order:
        wanted = need.get(part, 0)
        if wanted <= 0:
            continue
        missing = wanted - max(0, available.get(part, 0))
        if missing <= 0:
            continue
        comp = components.get(part)
        if comp is None or not comp.made_of:
            short.append(part)
            continue
        built[part] = missing
        for entry in comp.made_of:
            need[entry.part] = need.get(entry.part, 0) + entry.qty * missing
    return short, built


def _order(bom: Mapping[str, int], components: Mapping[str, Component]) -> list[str]:
    """Parents before children; parts unknown to the catalog are leaves at the top."""
    levels = structure_of(components).low_level
    parts = set(bom) | set(levels)
    return sorted(parts, key=lambda p: (levels.get(p, 0), p))


def max_buildable(
    bom: Mapping[str, int],
    available: Mapping[str, int],
    components: Mapping[str, Component],
) -> tuple[int, tuple[str, ...], dict[str, int]]:
    """(count, parts short for one more, sub-assemblies to build for `count`)."""
    if not bom or all(qty <= 0 for qty in bom.values()):
        return 0, (), {}
    order = _order(bom, components)

    def feasible(units: int) -> bool:
        return not _short_parts(bom, units, available, components, order)[0]

    low, high = 0, 1
    while high <= MAX_COUNT and feasible(high):
        low, high = high, high * 2
    high = min(high, MAX_COUNT + 1)
    while high - low > 1:
        middle = (low + high) // 2
        if feasible(middle):
            low = middle
        else:
            high = middle
    short, _ = _short_parts(bom, low + 1, available, components, order)
    _, built = _short_parts(bom, low, available, components, order)
    return low, tuple(sorted(short)), built


def buildable_now(
    configurations: Sequence[TopConfiguration],
    available: Mapping[str, int],
    components: Mapping[str, Component],
) -> list[Buildable]:
    """Buildable counts, one per configuration, in the order given (most ordered first)."""
    result: list[Buildable] = []
    for config in configurations:
        count, limiting, built = max_buildable(config.bom, available, components)
        result.append(
            Buildable(
                code=config.code,
                label=config.label or config.code,
                units_ordered=config.units,
                count=count,
                limiting=limiting,
                built_in_house=built,
            )
        )
    return result
