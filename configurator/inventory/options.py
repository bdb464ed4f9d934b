"""Per-option stock status ("in stock / low / out, back on 3 Dec") and the alternatives whose
date impact the service measures ("+4 days").

Status looks at the parts the option brings, exploded through `made_of`: its own components,
and, in a catalog whose `[[bom]]` entries depend on the option (a chassis part per colour, a
mainboard per processor and chassis), what it adds to the configuration given the other
picks. The date impact depends on all picks and is measured by re-checking the configuration
with the option swapped in (see `alternatives`).

Low-stock threshold: an option is *low* when, after one laptop took its parts, what is left of
some part would not cover `LOW_STOCK_LAPTOPS` more laptops of the same kind (for a part needed
once: 3 or fewer available). It still counts as in stock for the date.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from configurator.catalog.model import Catalog, Component, GroupKind, Option, Picks
from configurator.inventory.availability import Source, check_availability
from configurator.inventory.calendar import short_date
from configurator.inventory.snapshot import StockSnapshot
from configurator.shop import WorkshopCalendar

LOW_STOCK_LAPTOPS = 3
"""An option is low when its parts would not cover this many further laptops."""


class StockStatus(StrEnum):
    IN_STOCK = "in_stock"
    LOW = "low"
    OUT = "out"
    NO_PARTS = "no_parts"
    """The option brings no parts (now: with a `[[bom]]` entry it may once others are picked)."""


@dataclass(frozen=True, slots=True)
class OptionStatus:
    """How one option's parts stand, in a word and in a short text for the option list."""

    status: StockStatus
    ready: date
    text: str
    """'in stock', 'low: 2 left', 'low: delivery overdue', 'out, back on 3 Dec',
    'out, lead time 12 days', 'out, built in-house by 27 Nov', or '' (no parts)."""
    limiting: tuple[str, ...] = ()
    """Parts that make it low or out."""


def option_parts(option: Option, qty: int = 1) -> dict[str, int]:
    """The option's own parts (merged when a part is listed twice), times `qty`."""
    parts: dict[str, int] = {}
    for entry in option.components:
        parts[entry.part] = parts.get(entry.part, 0) + entry.qty * qty
    return parts


def option_status(
    option: Option,
    *,
    components: Mapping[str, Component],
    snapshot: StockSnapshot,
    calendar: WorkshopCalendar,
    today: date,
    low_stock_laptops: int = LOW_STOCK_LAPTOPS,
) -> OptionStatus:
    """Status of the option's own parts (its `components`) through every `made_of` level."""
    return parts_status(
        option_parts(option),
        components=components,
        snapshot=snapshot,
        calendar=calendar,
        today=today,
        low_stock_laptops=low_stock_laptops,
    )


def parts_status(
    parts: Mapping[str, int],
    *,
    components: Mapping[str, Component],
    snapshot: StockSnapshot,
    calendar: WorkshopCalendar,
    today: date,
    low_stock_laptops: int = LOW_STOCK_LAPTOPS,
) -> OptionStatus:
    """Status of the parts an option brings (its own, or what it adds to a configuration
    through `[[bom]]` entries) through every `made_of` level."""
    if not parts:
        return OptionStatus(StockStatus.NO_PARTS, today, "")
    result = check_availability(
        parts, components=components, snapshot=snapshot, calendar=calendar, today=today
    )
    if result.ready > today:
        limiting = tuple(line.part for line in result.limiting)
        sources = {line.source for line in result.limiting}
        top = all(line.top_level for line in result.limiting)
        if sources == {Source.LEAD_TIME} and top:
            days = (result.ready - today).days
            text = f"out, lead time {days} day{'' if days == 1 else 's'}"
        elif sources == {Source.BUILD}:
            text = f"out, built in-house by {short_date(result.ready, today)}"
        else:
            text = f"out, back on {short_date(result.ready, today)}"
        return OptionStatus(StockStatus.OUT, result.ready, text, limiting)
    overdue = [line.part for line in result.parts if line.source is Source.RECEIPT]
    if overdue:  # counted as arriving today, but nobody knows: flag the risk
        return OptionStatus(StockStatus.LOW, today, "low: delivery overdue", tuple(overdue))
    low = [
        line
        for line in result.parts
        if line.source is Source.STOCK and line.remaining < low_stock_laptops * line.needed
    ]
    if low:
        left = min(line.available for line in low)
        return OptionStatus(
            StockStatus.LOW, today, f"low: {left} left", tuple(line.part for line in low)
        )
    return OptionStatus(StockStatus.IN_STOCK, today, "in stock")


@dataclass(frozen=True, slots=True)
class Alternative:
    """The picks with one option swapped in (or, for a "many" group, one more of it)."""

    group: str
    option: str
    picks: Picks
    current: bool
    """True when these are the picks as they are (the option is already picked)."""


def alternatives(catalog: Catalog, picks: Picks) -> Iterator[Alternative]:
    """Every option of every group as a change of `picks`, in display order.

    "one"/"optional" groups: the option replaces the group's pick. "many" groups: one more of
    the option is added when its `max_qty` allows, else it is the current picks."""
    for group in catalog.groups:
        current_pick = picks.get(group.id)
        for option in group.options:
            if group.kind is GroupKind.MANY:
                multiset = current_pick if isinstance(current_pick, Mapping) else {}
                have = multiset.get(option.id, 0)
                if have >= option.max_qty:
                    yield Alternative(group.id, option.id, picks, current=True)
                    continue
                changed: Picks = {**picks, group.id: {**multiset, option.id: have + 1}}
                yield Alternative(group.id, option.id, changed, current=False)
            elif current_pick == option.id:
                yield Alternative(group.id, option.id, picks, current=True)
            else:
                yield Alternative(group.id, option.id, {**picks, group.id: option.id}, False)


def impact_text(delta_days: int) -> str:
    """'+4 days', '+1 day', '-2 days', or '' for no change."""
    if delta_days == 0:
        return ""
    unit = "day" if abs(delta_days) == 1 else "days"
    return f"{delta_days:+d} {unit}"
